/**
 * How the notary registry's transactions read in words. Minimal (transaction type names only) so that the registry's
 * portable barrel compiles; stream B-ui replaces it with the full content (fields, values, describe).
 */
import type { RegistryWords } from '../../portable-types'

export const words: RegistryWords = {
  txTypes: {
    'notary.register': { ko: '문서 등록', en: 'Document registration' },
    'notary.batch.register': { ko: '문서 일괄 등록', en: 'Batch registration of documents' },
    'notary.status': { ko: '등록 기록 상태 변경', en: 'Change of a record’s status' },
  },
}
