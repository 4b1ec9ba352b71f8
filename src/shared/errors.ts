/**
 * Stable error codes of the core (requests, transactions, reads, access, node, proofs, files). A code, once
 * published, keeps its meaning: clients, the CLI's --json output and tests rely on them. Add new codes; never rename
 * or reuse one. A registry declares its own codes in `registries/<domain>/portable/errors.ts` (with their sentences
 * and HTTP status); the catalogue (registries/catalogue.ts) is these plus every registry's.
 */
export const ErrorCodes = {
  // Request and encoding
  MALFORMED_JSON: 'The request body is not valid JSON.',
  SCHEMA_INVALID: 'The request does not match the expected schema.',
  NON_CANONICAL: 'The bytes are not the canonical encoding of the value.',
  UNSUPPORTED_VERSION: 'The encoding version is not supported.',
  PAYLOAD_TOO_LARGE: 'The request body is larger than allowed.',
  // Transactions
  TX_TOO_LARGE: 'The transaction is larger than the consortium allows.',
  WRONG_CHAIN: 'The transaction was signed for another chain.',
  UNKNOWN_TYPE: 'The transaction type is not known to any registry.',
  BAD_PAYLOAD: 'The transaction payload does not match its type.',
  BAD_SIGNATURE: 'The signature does not verify against the signer key.',
  MISSING_SIGNATURE: 'A signature the transaction needs is missing (a party named by the act has not signed it yet).',
  NONCE_REPLAYED: 'The nonce was already used by this signer (a replay or a stale transaction).',
  NONCE_PENDING: 'A pending transaction from this signer already uses this nonce.',
  DUPLICATE_TX: 'This transaction is already pending or committed.',
  TX_FROM_FUTURE: 'The transaction time is too far in the future.',
  NONCE_AHEAD: 'The act gives the signer a nonce far ahead of the clock; signing it would use up the key\'s later nonces.',
  ACT_EXPIRED: 'The co-signed transaction is older than allowed (an act must be completed and sent within 7 days of its time).',
  UNAUTHORIZED_ROLE: 'The signer does not hold the role this transaction requires.',
  RULE_VIOLATION: 'The transaction breaks a rule of its registry.',
  DATE_IN_FUTURE: 'A date in the transaction is later than the day of the block that records it.',
  MEMPOOL_FULL: 'The node has too many pending transactions; try again later.',
  // Reads
  NOT_FOUND: 'Nothing was found for this query.',
  UNKNOWN_HEIGHT: 'There is no block at this height.',
  HEIGHT_PRUNED: 'This node no longer keeps the state of that height (pruned); ask a node that keeps every height.',
  RANGE_TOO_LARGE: 'The state group holds more entries than one range proof may carry; ask for its keys one by one.',
  TRUST_STEPS_TOO_MANY: 'More validator-set changes lie in the heights asked for than one answer carries; ask for a shorter range of heights.',
  // API access
  UNAUTHENTICATED: 'The API token is missing or wrong.',
  FORBIDDEN_HOST: 'The Host header is not this node.',
  FORBIDDEN_ORIGIN: 'The request comes from an origin that is not allowed.',
  METHOD_NOT_ALLOWED: 'This method is not allowed on this path.',
  // Node and CLI
  NODE_NOT_RUNNING: 'The node is not running (no API address in its home, or it does not answer).',
  NODE_STOPPING: 'The node is shutting down.',
  STATE_READS_BUSY: 'The node has too many state reads and proofs waiting; try again shortly.',
  TX_PENDING: 'The transaction was sent but is not committed yet; it may still be committed (check it with daejang tx show before sending it again).',
  HOME_EXISTS: 'The home directory already holds a node.',
  HOME_MISSING: 'The home directory holds no node; run `daejang init` first.',
  BAD_KEY: 'The key file is missing, unreadable or the passphrase is wrong.',
  CORRUPT_DATA: 'Stored data is corrupt.',
  CHAIN_FORMAT_OLD: 'The stored chain was made by an earlier build (blocks of format 1, no state tree); it cannot be used. Start a new chain.',
  // Proofs
  PROOF_INVALID: 'The proof does not verify.',
  NEEDS_CONSENSUS: 'This node alone does not hold more than 2/3 of the validator power; it needs its consortium network.',
  NOT_LOCAL: 'Only a local consortium (one computer, for trying things out) allows this.',
  // Files given to the CLI, the node or the app
  FILE_UNREADABLE: 'The file exists but cannot be read (the reason is given: permission, a directory, an I/O error).',
  FILE_TOO_LARGE: 'The file is larger than allowed for what it is (a certificate has at most 16 MiB).',
  PDF_TOO_COMPLEX: 'The PDF is too complex to read safely (it would take too much memory or time); it is not a certificate of ours.',
  // Light workstations (docs/adr/0029): answers of a full node that do not verify
  LIGHT_BAD_COMMIT: 'The full node sent a header whose commit does not carry valid signatures of more than 2/3 of the validator set this workstation tracks.',
  LIGHT_CHAIN_BROKEN: 'The full node sent a header that does not follow the last verified one (another chain, height, previous block or time).',
  LIGHT_SET_UNPROVEN: 'The full node named a validator set that no verified header names.',
  LIGHT_PROOF_OTHER_KEY: 'The full node sent a state proof about another key, or as of another block, than the one asked for.',
  LIGHT_ROOT_UNKNOWN: 'The state proof leads to a root that is not the app hash of the verified header at its height.',
  LIGHT_BAD_ANSWER: 'The full node sent an answer that cannot be used: too large, not whole in time, or not in the expected form.',
  LIGHT_NOT_SYNCED: 'This light workstation has no verified header for this yet; run `daejang light sync`.',
  // Sneakernet bundles (docs/adr/0062)
  BUNDLE_CORRUPT: 'The bundle file is damaged or not a bundle: its content is not what its signed header describes.',
  BUNDLE_TRUNCATED: 'The bundle file ends before its content does (an interrupted copy).',
  BUNDLE_TOO_LARGE: 'The bundle file is larger than this node accepts.',
  BUNDLE_BAD_HEADER: 'The bundle header is not valid or does not agree with the bundle (heights, counts).',
  BUNDLE_BAD_SIGNATURE: "The exporting node's signature over the bundle header does not verify.",
  BUNDLE_OTHER_CHAIN: 'The bundle belongs to another chain (another genesis).',
  BUNDLE_GAP: "The bundle leaves heights missing between this node's head and its blocks, or within them.",
  BUNDLE_FORGED_COMMIT: 'A block of the bundle is not signed by more than 2/3 of its validator set.',
  BUNDLE_BLOCK_ALTERED: 'A block of the bundle does not match its own header (transactions or links changed).',
  BUNDLE_CONFLICT: "The bundle's blocks differ from blocks this node already has (another branch).",
  // First-run setup of the app's node (docs/adr/0063)
  SETUP_REQUIRED: 'This node holds no ledger yet: it waits for the first-run choice (try alone, create, join, or a workstation).',
  SETUP_DONE: 'The first-run choice was already made on this node; it is not made twice.',
  GENESIS_INVALID: "The file is not a consortium's genesis document (or it is damaged).",
  AGENCY_ID_TAKEN: 'This agency id is already used in the consortium.',
  // Admission requests (docs/adr/0064)
  ADMISSION_TOO_LARGE: 'The admission request is larger than any admission request can be.',
  ADMISSION_MALFORMED: 'The admission request is not one: not JSON, another format, or fields that do not match its schema.',
  ADMISSION_BAD_SIGNATURE: 'A signature of the admission request is missing or does not verify: it was altered after it was signed.',
  ADMISSION_WRONG_CHAIN: 'The admission request asks to join another chain (another consortium).',
  ADMISSION_AGENCY_TAKEN: 'The agency id the admission request asks for is already taken in this consortium.',
  ADMISSION_KEY_TAKEN: 'The validator key the admission request names already validates in this consortium.',
  ADMISSION_UNKNOWN_AGENCY: 'The workstation asks to work for an agency that is not a member of this consortium.',
  ADMISSION_ADMIN_KEY_TWICE: "An agency's administrator key is given twice in its own list of administrators.",
  // Node backups (docs/adr/0065)
  BACKUP_NOT_A_BACKUP: 'The file is not a Daejang node backup.',
  BACKUP_BAD_HEADER: 'The backup header is not valid (or of a format version this build does not know).',
  BACKUP_TRUNCATED: 'The backup file ends before its last part (an interrupted copy).',
  BACKUP_CORRUPT: 'The backup file is damaged: a part does not authenticate, or its content is not what a backup holds.',
  BACKUP_WRONG_PASSPHRASE: 'The passphrase does not open this backup.',
  BACKUP_OTHER_CHAIN: 'The backup is of a node of another chain than the one expected here.',
  BACKUP_HOME_NOT_EMPTY: 'A backup is restored only into an empty home; this one already holds files (perhaps a node).',
  BACKUP_NODE_RUNNING: 'The node of this home is running: its store is backed up through the running node, not opened twice.',
  BACKUP_NO_PASSPHRASE: 'No backup passphrase was given (--passphrase-file, or DAEJANG_PASSPHRASE).',
  BACKUP_WEAK_PASSPHRASE: 'A backup passphrase has at least 12 characters.',
  BACKUP_LEDGER_NOWHERE_ELSE: 'This node makes blocks alone: a backup without its ledger could not get the ledger back from any other node.',
  INTERNAL: 'An internal error occurred.',
} as const

/** a code of the core */
export type CoreErrorCode = keyof typeof ErrorCodes

/** a code of the core or of a registry (registries/<domain>/portable/errors.ts): codes are unique across both */
export type ErrorCode = CoreErrorCode | (string & {})

export function isCoreErrorCode(code: string): code is CoreErrorCode {
  return Object.hasOwn(ErrorCodes, code)
}

/** What an error code looks like (core and registry codes alike): upper-case words joined by underscores. */
export const ERROR_CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/

export class DaejangError extends Error {
  readonly code: ErrorCode
  readonly details?: unknown
  /** A core code may leave the message out (its default is used); a registry's code gives its message. */
  constructor(code: CoreErrorCode, message?: string, details?: unknown)
  constructor(code: ErrorCode, message: string, details?: unknown)
  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? (isCoreErrorCode(code) ? ErrorCodes[code] : code))
    this.name = 'DaejangError'
    this.code = code
    this.details = details
  }
  toJSON(): { code: ErrorCode; message: string; details?: unknown } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }
}

export function isDaejangError(e: unknown): e is DaejangError {
  return e instanceof DaejangError
}

/** Wrap anything thrown into a DaejangError, keeping the code of ours. */
export function toDaejangError(e: unknown): DaejangError {
  if (e instanceof DaejangError) return e
  return new DaejangError('INTERNAL', e instanceof Error ? e.message : String(e))
}
