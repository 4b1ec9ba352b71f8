/** How the consensus registry's transactions read, in Korean and English (registries/portable-types.ts). */
import type { RegistryWords } from '../../portable-types'
import { num, record, shortKey, str } from '../../words-util'

export const words: RegistryWords = {
  txTypes: {
    'consensus.evidence.submit': { ko: '검증자 이중 서명 증거 제출', en: 'Evidence of a validator signing twice' },
  },
  fields: {
    voteA: { ko: '첫 번째 투표', en: 'First vote' },
    voteB: { ko: '두 번째 투표', en: 'Second vote' },
    type: { ko: '투표 종류', en: 'Vote type' },
    height: { ko: '블록 높이', en: 'Block height' },
    round: { ko: '라운드', en: 'Round' },
    blockHash: { ko: '블록 해시', en: 'Block hash' },
    validator: { ko: '검증자', en: 'Validator' },
    sig: { ko: '서명', en: 'Signature' },
  },
  describe(type, payload, locale) {
    if (type !== 'consensus.evidence.submit') return null
    const vote = record(record(payload)?.['voteA'])
    const validator = str(vote, 'validator')
    const height = num(vote, 'height')
    const round = num(vote, 'round')
    if (!validator || height === null || round === null) return null
    return locale === 'ko'
      ? `검증자 ${shortKey(validator)}의 이중 서명 증거: 블록 높이 ${height}, 라운드 ${round}`
      : `Evidence that validator ${shortKey(validator)} signed twice at block ${height}, round ${round}`
  },
}
