/**
 * How the governance registry's transactions read in words. Minimal (transaction type names only) so that the registry's
 * portable barrel compiles; stream B-ui replaces it with the full content (fields, values, describe).
 */
import type { RegistryWords } from '../../portable-types'

export const words: RegistryWords = {
  txTypes: {
    'governance.proposal.submit': { ko: '거버넌스 제안', en: 'Governance proposal' },
    'governance.proposal.approve': { ko: '거버넌스 제안 승인', en: 'Governance approval' },
  },
}
