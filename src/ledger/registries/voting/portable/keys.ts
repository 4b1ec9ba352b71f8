/**
 * State keys of the voting registry (docs/adr/0048, "State"): everything of an election under `vt/<uuid>/`, its
 * ballots in one group each (by hash, in commit order, the last per credential) so that a range proof lists a whole
 * board. Portable: the app and the archive's writer name the same keys.
 */

export const VOTING_PREFIX = 'vt/'

/** The list of elections: one key per election (the uuid is Base58, never `index`). */
export const electionIndexKey = (uuid: string): string => `vt/index/${uuid}`
export const ELECTION_INDEX_PREFIX = 'vt/index/'

/** The election's head: its draft, phase, ceremony and credential progress, counters. */
export const electionKey = (uuid: string): string => `vt/${uuid}/head`

/** A trustee agency's ceremony message of a step (`cert`, `polynomial`, `voutput`), as the exact text it sent. */
export const ceremonyKey = (uuid: string, step: string, agency: string): string => `vt/${uuid}/ceremony/${step}-${agency}`

/** A part of the public credential list, by its number (1, 2, …), and each credential alone (the ballot's check). */
export const credentialPartKey = (uuid: string, part: number): string => `vt/${uuid}/cp/${String(part).padStart(6, '0')}`
export const credentialKey = (uuid: string, credential: string): string => `vt/${uuid}/cr/${credential}`

/** The setup texts fixed at opening (`election`, `trustees`, `public_credentials`, `setup_data`) with their hashes. */
export const setupKey = (uuid: string, what: string): string => `vt/${uuid}/setup/${what}`

/** A ballot's text by its hash (the tracker). */
export const ballotKey = (uuid: string, hash: string): string => `vt/${uuid}/b/${hash}`
/** The ballots in commit order: sequence (1, 2, …) → hash. */
export const ballotSeqKey = (uuid: string, seq: number): string => `vt/${uuid}/seq/${String(seq).padStart(12, '0')}`
export const ballotSeqGroup = (uuid: string): string => `vt/${uuid}/seq`
/** The last ballot hash of a credential. */
export const lastBallotKey = (uuid: string, credential: string): string => `vt/${uuid}/last/${credential}`
/** The running encrypted tally, its `num_tallied` and `total_weight`. */
export const tallyKey = (uuid: string): string => `vt/${uuid}/tally`
/** A trustee agency's partial decryption. */
export const partialKey = (uuid: string, agency: string): string => `vt/${uuid}/pd/${agency}`
/** The result text. */
export const resultKey = (uuid: string): string => `vt/${uuid}/result`
/** The partial decryptions in commit order: number (1, 2, …) → the trustee agency that sent it (the archive's order). */
export const partialOrderKey = (uuid: string, n: number): string => `vt/${uuid}/pdo/${String(n).padStart(4, '0')}`
/** A challenged (audited) ballot by its hash: marked seen, never cast (ADR 0056). */
export const auditKey = (uuid: string, hash: string): string => `vt/${uuid}/ab/${hash}`
/** A spoiled ballot by its hash → the credential that spoiled it: it can never be cast, and only it may be opened (ADR 0056). */
export const spoilKey = (uuid: string, hash: string): string => `vt/${uuid}/sp/${hash}`
/** The audited ballots in commit order: sequence (1, 2, …) → hash, tracker, ballot and randomness; and their count. */
export const auditSeqKey = (uuid: string, seq: number): string => `vt/${uuid}/aseq/${String(seq).padStart(12, '0')}`
export const auditCountKey = (uuid: string): string => `vt/${uuid}/audits`
