/**
 * How the consensus registry's transactions read in words. Minimal (transaction type names only) so that the registry's
 * portable barrel compiles; stream B-ui replaces it with the full content (fields, values, describe).
 */
import type { RegistryWords } from '../../portable-types'

export const words: RegistryWords = {
  txTypes: {
    'consensus.evidence.submit': { ko: '검증자 이중 서명 증거 제출', en: 'Evidence of a validator signing twice' },
  },
}
