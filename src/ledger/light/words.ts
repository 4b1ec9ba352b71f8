/** What a light workstation says to the person reading (docs/adr/0029), in Korean and English. */
import type { UiLocale } from '../../shared/error-text'

type Words = Record<UiLocale, string>

const date = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'

export const lightWords = {
  synced: (head: number, verified: number, time: number | null): Words => ({
    ko: `블록 ${head}${time ? ` (${date(time)})` : ''}까지 서명을 확인했습니다. 이번에 새로 확인한 블록: ${verified}개.`,
    en: `Signatures verified up to block ${head}${time ? ` (${date(time)})` : ''}. Blocks newly verified: ${verified}.`,
  }),
  behind: (head: number, nodeHead: number): Words => ({
    ko: `기관 노드는 블록 ${nodeHead}까지 있습니다. 이 컴퓨터는 블록 ${head}까지 확인했습니다.`,
    en: `The agency's node has blocks up to ${nodeHead}; this computer has verified up to block ${head}.`,
  }),
  setChanges: (n: number): Words => ({
    ko: `검증자 집합이 ${n}번 바뀌었고, 새 집합은 모두 이전 집합이 서명한 블록이 알린 것입니다.`,
    en: `The validator set changed ${n} time(s); each new set was announced by a block the previous set signed.`,
  }),
  record: (number: string, status: string, height: number, time: number): Words => ({
    ko: `공증 기록 ${number}: ${statusWord(status).ko} — 블록 ${height} (${date(time)}) 기준, 증명 확인됨.`,
    en: `Notary record ${number}: ${statusWord(status).en} — proven as of block ${height} (${date(time)}).`,
  }),
  noRecord: (number: string, height: number, time: number): Words => ({
    ko: `블록 ${height} (${date(time)}) 기준으로 번호 ${number}인 공증 기록은 없습니다 (없음이 증명됨).`,
    en: `As of block ${height} (${date(time)}) there is no notary record numbered ${number} (its absence is proven).`,
  }),
}

export function statusWord(status: string): Words {
  switch (status) {
    case 'issued':
      return { ko: '유효', en: 'in force' }
    case 'suspended':
      return { ko: '정지됨', en: 'suspended' }
    case 'revoked':
      return { ko: '취소됨', en: 'revoked' }
    default:
      return { ko: '알 수 없는 상태', en: 'unknown status' }
  }
}

/** Both languages, Korean first, one line each. */
export const bilingual = (w: Words): string => `${w.ko}\n${w.en}`
