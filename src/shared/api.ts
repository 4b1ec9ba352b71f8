/**
 * The local API contract shared by the node's server, the CLI and the UI. All paths are under /api/v1 and need
 * `Authorization: Bearer <token>` (WebSocket: `?token=`), except GET /api/v1/openapi.json and GET /api/v1/health.
 * Errors are `{ error: { code, message } }` with a stable code from errors.ts.
 */
import type { ErrorCode } from './errors'

export const API_PREFIX = '/api/v1'

export type SyncState = 'synced' | 'syncing' | 'offline' | 'error'

export interface StatusDto {
  chainId: string
  nodeVersion: string
  height: number
  lastBlockHash: string
  lastBlockTime: number
  appHash: string
  peers: number
  syncing: boolean
  syncState: SyncState
  validator: boolean
  /** consensus round of the height being decided (0 without a network) */
  round: number
  /** the highest height peers have shown this node (equal to height when in step): catch-up progress */
  syncTarget: number
  validators: { publicKey: string; power: number; agency: string }[]
  nodeKey: string
  /** pending transactions, and the bounds past which submissions are refused (MEMPOOL_FULL) */
  mempool: { size: number; bytes: number; maxTxs: number; maxBytes: number }
  heartbeatMs: number
  dataDir: string
  /** 'local' for a consortium made on this computer to try things out (every screen works, nothing is shared) */
  label: string | null
}

export interface BlockSummaryDto {
  height: number
  hash: string
  time: number
  txCount: number
  proposer: string
}

export interface BlockDto extends BlockSummaryDto {
  prevHash: string
  txRoot: string
  appHash: string
  validatorsHash: string
  lastCommitHash: string
  chainId: string
  txs: string[]
  commit: CommitDto | null
}

export interface CommitDto {
  height: number
  round: number
  blockHash: string
  sigs: { validator: string; sig: string }[]
}

export interface TxJsonDto {
  v: number
  chainId: string
  type: string
  payload: unknown
  signer: string
  nonce: number
  time: number
  sig: string
  /** a co-signed transaction's further signers (docs/adr/0020) */
  cosigners?: Array<{ key: string; sig: string }>
}

export type TxStatus = 'pending' | 'committed' | 'rejected'

export interface TxDto {
  hash: string
  status: TxStatus
  tx?: TxJsonDto
  height?: number
  index?: number
  blockTime?: number
  /** why it was rejected; `time` and `height` are those of the block that decided it (kept across restarts) */
  rejection?: { code: ErrorCode; message: string; time?: number; height?: number }
}

/** The administrator key of a local consortium, handed to the UI once so that the user can act as administrator. */
export interface LocalAdminKeyDto {
  publicKey: string
  /** 32-byte Ed25519 seed, hex. The UI encrypts it at once and never sends it anywhere. */
  seed: string
  agency: string
}

export interface SubmitResultDto {
  hash: string
  status: TxStatus
  height?: number
}

export interface RoleCredentialDto {
  id: string
  agency: string
  role: string
  subject: string
  /** the staff member's name or post, as the administrator wrote it */
  label: string
  issuedBy: string
  issuedAt: number
  issuedTime: number
  expiresAt: number | null
  revoked: { height: number; time: number; by: string; reason: string } | null
  active: boolean
}

export interface AgencyDto {
  id: string
  name: string
  validator: { publicKey: string; power: number } | null
  admins: string[]
}

/** A change a governance proposal makes (docs/adr/0013). */
export type GovernanceChangeDto =
  | { kind: 'agency.admit'; agency: { id: string; name: string; validator: { publicKey: string; power: number } | null; admins: string[] } }
  | { kind: 'agency.remove'; agency: string }
  | { kind: 'validator.set'; agency: string; validator: { publicKey: string; power: number } | null }

export interface ProposalDto {
  id: string
  change: GovernanceChangeDto
  /** one line in words */
  summary: string
  effectiveHeight: number
  note: string
  proposer: string
  proposedAt: number
  proposedTime: number
  approvals: { agency: string; by: string; height: number }[]
  /** 'expired': still open past its last approval height */
  status: 'open' | 'approved' | 'expired' | 'withdrawn'
  approvedAt: number | null
  /** power of the approving agencies' validators in the current set, and the set's total */
  approvedPower: number
  totalPower: number
  lastApprovalHeight: number
}

export interface ValidatorSetDto {
  /** the height asked about, and the height this set applies from */
  height: number
  fromHeight: number
  totalPower: number
  validators: { publicKey: string; power: number; agency: string }[]
  /** later sets already scheduled (as of the current head) */
  scheduled: { fromHeight: number; totalPower: number; validators: { publicKey: string; power: number; agency: string }[] }[]
}

export interface KeyInfoDto {
  publicKey: string
  nonce: number
  adminOf: string[]
  roles: RoleCredentialDto[]
}

export type NodeEventDto =
  | { type: 'hello'; status: StatusDto }
  | { type: 'block'; height: number; hash: string; time: number; txCount: number }
  | { type: 'tx.committed'; hash: string; height: number; index: number; txType: string }
  | { type: 'tx.rejected'; hash: string; code: ErrorCode; message: string }

/** Evidence that a validator signed two different values for one step, as committed on the chain. */
export interface EvidenceDto {
  validator: string
  height: number
  round: number
  /** 1 prevote, 2 precommit */
  type: number
  blockHashes: [string, string]
  reportedBy: string
  recordedAt: number
  recordedTime: number
}

export interface ApiErrorDto {
  error: { code: ErrorCode; message: string }
}

// ---- notary registry ----

export type NotaryAct = 'apostille' | 'notarization'
export type NotaryStatus = 'issued' | 'suspended' | 'revoked'

export interface NotaryStatusEventDto {
  action: 'register' | 'revoke' | 'suspend' | 'reinstate'
  reason: string
  height: number
  time: number
  /** the key that signed the change */
  by: string
  tx: string
}

/** One registered document: a single record, or a document of a batch (number B/NNNNN). */
export interface NotaryDocumentDto {
  number: string
  kind: 'single' | 'batch'
  /** the batch the document belongs to (null for a single record) */
  batch: { number: string; index: number; count: number; root: string } | null
  agency: string
  act: NotaryAct
  /** date of the act, YYYY-MM-DD */
  date: string
  issuingAuthority: string
  signerName: string
  signerCapacity: string
  /** null for a batch document whose list this node does not hold (the chain holds only the batch root) */
  documentHash: string | null
  documentType: string | null
  holder: string | null
  language: string | null
  /** the notary's public key (the transaction signer) */
  notary: string
  /** the registering transaction */
  tx: string
  height: number
  time: number
  status: NotaryStatus
  /** reason and time of the last change of status (null while never changed) */
  statusReason: string | null
  statusTime: number | null
  history: NotaryStatusEventDto[]
}

/** A batch as registered: its number, root and count; `documents` when this node holds the list. */
export interface NotaryBatchDto {
  number: string
  agency: string
  count: number
  root: string
  tx: string
  height: number
  /** whether this node holds the batch's document list (needed for its certificates) */
  documentsHeld: boolean
}

export interface NotaryNextNumberDto {
  agency: string
  number: string
}
