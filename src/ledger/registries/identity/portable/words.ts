/**
 * How the identity registry's transactions read in words. Minimal (transaction type names only) so that the registry's
 * portable barrel compiles; stream B-ui replaces it with the full content (fields, values, describe).
 */
import type { RegistryWords } from '../../portable-types'

export const words: RegistryWords = {
  txTypes: {
    'identity.role.grant': { ko: '역할 발급', en: 'Role grant' },
    'identity.role.revoke': { ko: '역할 회수', en: 'Role revocation' },
  },
}
