/**
 * The notary and apostille registry (docs/adr/0015): documents registered by their SHA-256 by notaries of consortium
 * agencies, one by one or in batches under a Merkle root; revoked, suspended and reinstated by the issuing agency.
 */
import { credentialsKey } from '../identity/state-keys'
import { type Registry, txType } from '../types'
import { notaryCli } from './cli'
import { notaryPortable } from './portable'
import { NOTARY_ROUTES } from './routes'
import { hashKey, recordKey, sequenceKey, statusKey } from './state-keys'
import { admitStatus, applyBatch, applyRegister, applyStatus } from './rules'
import { BatchSchema, NOTARY_ROLE, RegisterSchema, StatusSchema, agencyPrefix, parseDocumentNumber } from './portable/schema'
import type { Role } from '../../../shared/roles'

const notaryOnly: readonly Role[] = [NOTARY_ROLE]

function sequenceKeys(agency: string, number: string): string[] {
  const m = /^(\d{4})-\d{1,12}$/.exec(number.slice(agencyPrefix(agency).length))
  return m ? [sequenceKey(agency, m[1]!)] : []
}

export const notaryRegistry: Registry = {
  ...notaryPortable,
  routes: NOTARY_ROUTES,
  cli: notaryCli,
  txTypes: {
    'notary.register': txType({
      schema: RegisterSchema,
      permission: notaryOnly,
      apply: applyRegister,
      keys: (p) => [recordKey(p.number), hashKey(p.documentHash), ...sequenceKeys(p.agency, p.number)],
    }),
    'notary.batch.register': txType({
      schema: BatchSchema,
      permission: notaryOnly,
      apply: applyBatch,
      keys: (p) => [recordKey(p.number), ...sequenceKeys(p.agency, p.number)],
    }),
    'notary.status': txType({
      schema: StatusSchema,
      // notaries or administrators of the record's agency: the rule checks which, against the record
      permission: 'anyone',
      admit: admitStatus,
      apply: applyStatus,
      keys: (p, signer) => {
        const base = parseDocumentNumber(p.number)?.base
        return [...(base ? [recordKey(base)] : []), statusKey(p.number), credentialsKey(signer)]
      },
    }),
  },
}

export * from './state-keys'
export * from './portable/schema'
