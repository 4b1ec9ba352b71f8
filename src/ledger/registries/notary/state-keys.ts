/** State keys of the notary registry (one place, so rules and queries agree). */
export const RECORD_PREFIX = 'nt/rec/'
/** a single record or a batch, by its number */
export const recordKey = (number: string): string => RECORD_PREFIX + number
/** status changes of a document number (a single record's, or B/NNNNN of a batch) */
export const statusKey = (documentNumber: string): string => `nt/st/${documentNumber}`
/** numbers of single records registered for a document hash */
export const hashKey = (documentHash: string): string => `nt/hash/${documentHash}`
/** highest sequence used in numbers of the form PREFIX-YYYY-NNNNNN (for suggesting the next number) */
export const sequenceKey = (agency: string, year: string): string => `nt/seq/${agency}/${year}`
