/**
 * State keys of the notary registry (one place, so rules, queries and the verifier agree). Portable: the verifier
 * rebuilds the keys a certificate proves.
 *
 * A record and every status change of its documents are ONE state group (docs/adr/0025: a key's group is the key up
 * to its last `/`): `nt/doc/<number>/rec` and `nt/doc/<number>/st` (a single record's status), `nt/doc/<batch>/st-<i>`
 * (a batch document's, by the digits of its number). A range proof of the group proves the record and its status
 * complete — that no status change is left out — in one proof (docs/adr/0027).
 */
import { parseDocumentNumber } from './schema'

export const RECORD_PREFIX = 'nt/doc/'
/** the state group of a single record or a batch, by its number */
export const recordGroup = (number: string): string => RECORD_PREFIX + number
/** a single record or a batch, by its number */
export const recordKey = (number: string): string => recordGroup(number) + '/rec'
/** whether a key of the notary's documents is a record's (the others of its group are status changes) */
export const isRecordKey = (key: string): boolean => key.startsWith(RECORD_PREFIX) && key.endsWith('/rec')
/** status changes of a document number (a single record's, or B/NNNNN of a batch); in its record's group */
export function statusKey(documentNumber: string): string {
  const p = parseDocumentNumber(documentNumber)
  if (!p) return `nt/bad/${documentNumber}`
  return recordGroup(p.base) + (p.index === null ? '/st' : '/st-' + documentNumber.slice(p.base.length + 1))
}
/** numbers of single records registered for a document hash */
export const hashKey = (documentHash: string): string => `nt/hash/${documentHash}`
/** highest sequence used in numbers of the form PREFIX-YYYY-NNNNNN (for suggesting the next number) */
export const sequenceKey = (agency: string, year: string): string => `nt/seq/${agency}/${year}`
