/**
 * The local API contract shared by the node's server, the CLI and the UI. All paths are under /api/v1 and need
 * `Authorization: Bearer <token>` (WebSocket: `?token=`), except GET /api/v1/openapi.json and GET /api/v1/health.
 * Errors are `{ error: { code, message } }` with a stable code from errors.ts.
 *
 * Each answer is a zod schema here and its type is inferred from it: the server builds the types, the UI parses every
 * answer with the schemas (src/renderer/api/parse.ts), so the two cannot drift apart unseen.
 */
import { z } from 'zod'
import type { ErrorCode } from './errors'

export { API_PREFIX } from './api-prefix'
export * from './admission-api'
import { AdmissionStatusSchema } from './admission-api'

/** an error code as the node sends it (errors.ts; registries add theirs) */
const errorCode = z.custom<ErrorCode>((v) => typeof v === 'string' && v !== '')
const validatorEntry = z.object({ publicKey: z.string(), power: z.number(), agency: z.string() })
const nullableValidator = z.object({ publicKey: z.string(), power: z.number() }).nullable()

export const SyncStateSchema = z.enum(['synced', 'syncing', 'offline', 'error'])
export type SyncState = z.infer<typeof SyncStateSchema>

export const StatusSchema = z.object({
  chainId: z.string(),
  nodeVersion: z.string(),
  height: z.number(),
  lastBlockHash: z.string(),
  lastBlockTime: z.number(),
  appHash: z.string(),
  peers: z.number(),
  /** since when (ms) this networked node has had no peer; null when it has one or runs without a network */
  noPeersSince: z.number().nullable().optional(),
  syncing: z.boolean(),
  syncState: SyncStateSchema,
  validator: z.boolean(),
  /** consensus round of the height being decided (0 without a network) */
  round: z.number(),
  /** the highest height peers have shown this node (equal to height when in step): catch-up progress */
  syncTarget: z.number(),
  validators: z.array(validatorEntry),
  nodeKey: z.string(),
  /** pending transactions, and the bounds past which submissions are refused (MEMPOOL_FULL) */
  mempool: z.object({ size: z.number(), bytes: z.number(), maxTxs: z.number(), maxBytes: z.number() }),
  heartbeatMs: z.number(),
  dataDir: z.string(),
  /** 'local' for a consortium made on this computer to try things out (every screen works, nothing is shared) */
  label: z.string().nullable(),
  /**
   * the state tree (docs/adr/0026): how many recent heights stay provable (null: every height, the default) and the
   * oldest height whose state this node can still read and prove
   */
  state: z.object({ keepRecent: z.number().nullable(), oldestProvableHeight: z.number() }),
  /** a node made by joining: where its admission stands (docs/adr/0064); null or absent for any other node */
  admission: AdmissionStatusSchema.nullable().optional(),
})
export type StatusDto = z.infer<typeof StatusSchema>

/** A state entry as of a height (GET /api/v1/state): byte strings inside the value are `{ hex }` */
export const StateValueSchema = z.object({
  key: z.string(),
  height: z.number(),
  present: z.boolean(),
  value: z.unknown(),
})
export type StateValueDto = z.infer<typeof StateValueSchema>

export const BlockSummarySchema = z.object({
  height: z.number(),
  hash: z.string(),
  time: z.number(),
  txCount: z.number(),
  proposer: z.string(),
})
export type BlockSummaryDto = z.infer<typeof BlockSummarySchema>

export const CommitSchema = z.object({
  height: z.number(),
  round: z.number(),
  blockHash: z.string(),
  sigs: z.array(z.object({ validator: z.string(), sig: z.string() })),
})
export type CommitDto = z.infer<typeof CommitSchema>

export const BlockSchema = BlockSummarySchema.extend({
  prevHash: z.string(),
  txRoot: z.string(),
  appHash: z.string(),
  validatorsHash: z.string(),
  lastCommitHash: z.string(),
  chainId: z.string(),
  txs: z.array(z.string()),
  commit: CommitSchema.nullable(),
})
export type BlockDto = z.infer<typeof BlockSchema>

export const TxJsonSchema = z.object({
  v: z.number(),
  chainId: z.string(),
  type: z.string(),
  payload: z.unknown(),
  signer: z.string(),
  nonce: z.number(),
  time: z.number(),
  sig: z.string(),
  /** a co-signed transaction's further signers (docs/adr/0020) */
  cosigners: z.array(z.object({ key: z.string(), sig: z.string() })).optional(),
})
export type TxJsonDto = z.infer<typeof TxJsonSchema>

export const TxStatusSchema = z.enum(['pending', 'committed', 'rejected'])
export type TxStatus = z.infer<typeof TxStatusSchema>

export const TxSchema = z.object({
  hash: z.string(),
  status: TxStatusSchema,
  tx: TxJsonSchema.optional(),
  height: z.number().optional(),
  index: z.number().optional(),
  blockTime: z.number().optional(),
  /** why it was rejected; `time` and `height` are those of the block that decided it (kept across restarts) */
  rejection: z
    .object({ code: errorCode, message: z.string(), time: z.number().optional(), height: z.number().optional() })
    .optional(),
})
export type TxDto = z.infer<typeof TxSchema>

/** The administrator key of a local consortium, handed to the UI once so that the user can act as administrator. */
export const LocalAdminKeySchema = z.object({
  publicKey: z.string().regex(/^[0-9a-f]{64}$/),
  /** 32-byte Ed25519 seed, hex. The UI encrypts it at once and never sends it anywhere. */
  seed: z.string().regex(/^[0-9a-f]{64}$/),
  agency: z.string(),
})
export type LocalAdminKeyDto = z.infer<typeof LocalAdminKeySchema>

export const SubmitResultSchema = z.object({
  hash: z.string(),
  status: TxStatusSchema,
  height: z.number().optional(),
})
export type SubmitResultDto = z.infer<typeof SubmitResultSchema>

export const RoleCredentialSchema = z.object({
  id: z.string(),
  agency: z.string(),
  role: z.string(),
  subject: z.string(),
  /** the staff member's name or post, as the administrator wrote it */
  label: z.string(),
  issuedBy: z.string(),
  issuedAt: z.number(),
  issuedTime: z.number(),
  expiresAt: z.number().nullable(),
  revoked: z.object({ height: z.number(), time: z.number(), by: z.string(), reason: z.string() }).nullable(),
  active: z.boolean(),
})
export type RoleCredentialDto = z.infer<typeof RoleCredentialSchema>

export const AgencySchema = z.object({
  id: z.string(),
  name: z.string(),
  validator: nullableValidator,
  admins: z.array(z.string()),
})
export type AgencyDto = z.infer<typeof AgencySchema>

/** A change a governance proposal makes (docs/adr/0013). */
export const GovernanceChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agency.admit'), agency: AgencySchema }),
  z.object({ kind: z.literal('agency.remove'), agency: z.string() }),
  z.object({ kind: z.literal('validator.set'), agency: z.string(), validator: nullableValidator }),
])
export type GovernanceChangeDto = z.infer<typeof GovernanceChangeSchema>

export const ProposalSchema = z.object({
  id: z.string(),
  change: GovernanceChangeSchema,
  /** one line in words */
  summary: z.string(),
  effectiveHeight: z.number(),
  note: z.string(),
  proposer: z.string(),
  proposedAt: z.number(),
  proposedTime: z.number(),
  approvals: z.array(z.object({ agency: z.string(), by: z.string(), height: z.number() })),
  /** 'expired': still open past its last approval height */
  status: z.enum(['open', 'approved', 'expired', 'withdrawn']),
  approvedAt: z.number().nullable(),
  /** power of the approving agencies' validators in the current set, and the set's total */
  approvedPower: z.number(),
  totalPower: z.number(),
  lastApprovalHeight: z.number(),
})
export type ProposalDto = z.infer<typeof ProposalSchema>

export const ValidatorSetSchema = z.object({
  /** the height asked about, and the height this set applies from */
  height: z.number(),
  fromHeight: z.number(),
  totalPower: z.number(),
  validators: z.array(validatorEntry),
  /** later sets already scheduled (as of the current head) */
  scheduled: z.array(z.object({ fromHeight: z.number(), totalPower: z.number(), validators: z.array(validatorEntry) })),
})
export type ValidatorSetDto = z.infer<typeof ValidatorSetSchema>

export const KeyInfoSchema = z.object({
  publicKey: z.string(),
  nonce: z.number(),
  adminOf: z.array(z.string()),
  roles: z.array(RoleCredentialSchema),
})
export type KeyInfoDto = z.infer<typeof KeyInfoSchema>

export const NodeEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), status: StatusSchema }),
  z.object({ type: z.literal('block'), height: z.number(), hash: z.string(), time: z.number(), txCount: z.number() }),
  z.object({ type: z.literal('tx.committed'), hash: z.string(), height: z.number(), index: z.number(), txType: z.string() }),
  z.object({ type: z.literal('tx.rejected'), hash: z.string(), code: errorCode, message: z.string() }),
])
export type NodeEventDto = z.infer<typeof NodeEventSchema>

/** Evidence that a validator signed two different values for one step, as committed on the chain. */
export const EvidenceSchema = z.object({
  validator: z.string().regex(/^[0-9a-f]{64}$/),
  height: z.number(),
  round: z.number(),
  /** 1 prevote, 2 precommit */
  type: z.number(),
  blockHashes: z.tuple([z.string(), z.string()]),
  reportedBy: z.string(),
  recordedAt: z.number(),
  recordedTime: z.number(),
})
export type EvidenceDto = z.infer<typeof EvidenceSchema>

export const ApiErrorSchema = z.object({ error: z.object({ code: errorCode, message: z.string() }) })
export type ApiErrorDto = z.infer<typeof ApiErrorSchema>

/** What GET /search answers: a block, a transaction or a signer. */
export const SearchResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('block'), height: z.number(), hash: z.string() }),
  z.object({ kind: z.literal('tx'), tx: TxSchema }),
  z.object({ kind: z.literal('signer'), key: KeyInfoSchema, txs: z.array(z.string()) }),
])
export type SearchResultDto = z.infer<typeof SearchResultSchema>

// ---- notary registry ----

export const NotaryActSchema = z.enum(['apostille', 'notarization'])
export type NotaryAct = z.infer<typeof NotaryActSchema>
export const NotaryStatusSchema = z.enum(['issued', 'suspended', 'revoked'])
export type NotaryStatus = z.infer<typeof NotaryStatusSchema>

export const NotaryStatusEventSchema = z.object({
  action: z.enum(['register', 'revoke', 'suspend', 'reinstate']),
  reason: z.string(),
  height: z.number(),
  time: z.number(),
  /** the key that signed the change */
  by: z.string(),
  tx: z.string(),
})
export type NotaryStatusEventDto = z.infer<typeof NotaryStatusEventSchema>

/** One registered document: a single record, or a document of a batch (number B/NNNNN). */
export const NotaryDocumentSchema = z.object({
  number: z.string(),
  kind: z.enum(['single', 'batch']),
  /** the batch the document belongs to (null for a single record) */
  batch: z.object({ number: z.string(), index: z.number(), count: z.number(), root: z.string() }).nullable(),
  agency: z.string(),
  act: NotaryActSchema,
  /** date of the act, YYYY-MM-DD */
  date: z.string(),
  issuingAuthority: z.string(),
  signerName: z.string(),
  signerCapacity: z.string(),
  /** null for a batch document whose list this node does not hold (the chain holds only the batch root) */
  documentHash: z.string().nullable(),
  documentType: z.string().nullable(),
  holder: z.string().nullable(),
  language: z.string().nullable(),
  /** the notary's public key (the transaction signer) */
  notary: z.string(),
  /** the registering transaction */
  tx: z.string(),
  height: z.number(),
  time: z.number(),
  status: NotaryStatusSchema,
  /** reason and time of the last change of status (null while never changed) */
  statusReason: z.string().nullable(),
  statusTime: z.number().nullable(),
  history: z.array(NotaryStatusEventSchema),
})
export type NotaryDocumentDto = z.infer<typeof NotaryDocumentSchema>

/** A batch as registered: its number, root and count; `documents` when this node holds the list. */
export const NotaryBatchSchema = z.object({
  number: z.string(),
  agency: z.string(),
  count: z.number(),
  root: z.string(),
  tx: z.string(),
  height: z.number(),
  /** whether this node holds the batch's document list (needed for its certificates) */
  documentsHeld: z.boolean(),
})
export type NotaryBatchDto = z.infer<typeof NotaryBatchSchema>

export const NotaryNextNumberSchema = z.object({ agency: z.string(), number: z.string() })
export type NotaryNextNumberDto = z.infer<typeof NotaryNextNumberSchema>

/** A certificate as the node makes it: the PDF (base64) and the QR text's fields. */
export const CertificateSchema = z.object({
  name: z.string(),
  mediaType: z.string(),
  /** the PDF, base64 */
  data: z.string(),
  qr: z.record(z.string(), z.union([z.string(), z.number()])),
})
export type CertificateDto = z.infer<typeof CertificateSchema>

// ---- the node's activity log (ledger/node/activity.ts) ----

export const ActivityEntrySchema = z.object({
  seq: z.number(),
  time: z.number(),
  kind: z.string(),
  event: z.string(),
  code: z.string().optional(),
  details: z.record(z.string(), z.union([z.string(), z.number()])),
})
export type ActivityEntryDto = z.infer<typeof ActivityEntrySchema>
export const ActivityListSchema = z.object({ entries: z.array(ActivityEntrySchema), more: z.boolean() })
export type ActivityListDto = z.infer<typeof ActivityListSchema>
