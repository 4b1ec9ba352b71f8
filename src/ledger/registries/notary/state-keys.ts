/** State keys of the notary registry: in the portable folder, since the verifier rebuilds them (portable/keys.ts). */
export { RECORD_PREFIX, hashKey, isRecordKey, recordGroup, recordKey, sequenceKey, statusKey } from './portable/keys'
