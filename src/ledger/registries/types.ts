/**
 * The shape of a registry domain: the whole vertical slice on the node's side (docs/adr/0022). A registry declares
 * its portable face (words, error codes, roles: portable-types.ts, from its `portable/` barrel), its transaction
 * types (a payload schema, who may send each, a deterministic rule that changes state), its API routes (given a
 * narrow `RegistryHost`, not the node) and its CLI commands (given a `CliHost`). Adding a registry never touches
 * consensus, storage, networking, the server or the CLI: list it in registries/index.ts (docs/adding-a-registry.md).
 */
import type { Command } from 'commander'
import type { z } from 'zod'
import type { Role } from '../../shared/roles'
import type { ActJson, JsonValue, Tx } from '../types/tx'
import type { Genesis } from '../types/genesis'
import type { InclusionProof } from '../proofs/proof'
import type { CertifiedState } from '../proofs/certified-state'
import type { AgencyValidator, ValidatorHistory } from '../types/validator-sets'
import type { StateReader, StateView } from '../state/view'
import type { Canonical } from '../codec/canonical'
import type { Catalogue } from './catalogue'
import type { RegistryPortable } from './portable-types'

export interface TxContext<P> {
  tx: Tx
  payload: P
  /** lowercase hex of tx.signer */
  signer: string
  /** lowercase hex of the transaction hash */
  hash: string
  /** the block being executed */
  height: number
  time: number
  /** position of the transaction in its block */
  index: number
  state: StateView
  genesis: Genesis
  /** agencies whose administrator key signed this transaction */
  adminOf: readonly string[]
  /** agencies that issued the signer an active credential for one of the type's roles */
  actingFor: readonly string[]
  /** the co-signers of a co-signed transaction (docs/adr/0020), in order; empty for a transaction with one signer */
  cosigners: readonly CosignerContext[]
}

/** A co-signer as execution saw it: its key and who it acts as (checked against the type's `cosigners` rule). */
export interface CosignerContext {
  /** lowercase hex of the co-signer's key */
  key: string
  adminOf: readonly string[]
  actingFor: readonly string[]
}

/**
 * Who may, or must, co-sign a transaction type (docs/adr/0020). Each co-signer is named in the signed transaction
 * and checked against `permission` on its own, as the signer is against the type's permission.
 */
export interface CosignRule {
  permission: Permission
  /** co-signatures the type needs (0: co-signing is allowed, not required) */
  min: number
  /** co-signatures the type accepts */
  max: number
}

/**
 * Who may send a transaction type:
 * - `anyone`: any key (for example a voter's credential key; the rule then checks eligibility itself),
 * - `admin`: an administrator key of some agency (the rule checks which),
 * - a list of roles: the signer must hold an active credential for at least one of them at the block's time
 *   (role ids: the core's, shared/roles.ts, or a registry's, its portable/roles.ts).
 */
export type Permission = 'anyone' | 'admin' | readonly (Role | (string & {}))[]

/** What an admission check sees: the latest committed state, at the time of admission. */
export interface AdmissionContext<P> {
  payload: P
  /** lowercase hex of the signer key */
  signer: string
  state: StateReader
  genesis: Genesis
  time: number
  /** agencies the signer administers */
  adminOf: readonly string[]
  /** lowercase hex of the co-signers' keys of a co-signed transaction (docs/adr/0020), in order; absent or empty otherwise */
  cosigners?: readonly string[]
}

export interface TxTypeDef<P = unknown> {
  schema: z.ZodType<P>
  permission: Permission
  /** Who may or must co-sign it; a type without this rule takes no co-signatures. */
  cosigners?: CosignRule
  /** Apply the transaction. Throw a DaejangError (RULE_VIOLATION, UNAUTHORIZED_ROLE, …) to reject it. */
  apply(ctx: TxContext<P>): Promise<void>
  /**
   * A check at admission (mempool), against the latest committed state, before the transaction is acknowledged:
   * throw a DaejangError (UNAUTHORIZED_ROLE) to refuse it. Every type open to `anyone` has one, so that a key with no
   * standing at all cannot fill the mempool with transactions that only execution would turn away. Execution does
   * not run it (apply decides, deterministically, as of the block).
   */
  admit?(ctx: AdmissionContext<P>): Promise<void>
  /** State keys apply() will read, if known from the payload: loaded in one batch before the block executes. */
  keys?(payload: P, signer: string): string[]
  /**
   * A claim that at most one pending transaction may hold (docs/adr/0061): while one holding it is pending, the mempool
   * refuses another with the same key, with `refuse()`'s error, before the type's admission check runs (so a copy costs
   * no verification). Two types may claim the same key (a ballot cast and the same ballot audited). Execution does not
   * use it (apply decides, as of the block); it only keeps copies out of the mempool.
   */
  pendingClaim?(payload: P): { key: string; refuse: () => Error } | undefined
  // (how a transaction reads in words is the registry's `words`, portable: portable/words.ts)
}

/**
 * Committed state as a route reads it: values by key, a scan by prefix, the head — and the node's local data beside
 * the chain (not state, not replicated: the notary's batch document lists), read only. Nothing here writes.
 * The node's Store satisfies it, so queries taking it run on the store too.
 */
export interface CommittedReader extends StateReader {
  scanState(prefix: string, limit?: number): AsyncIterable<[string, Canonical]>
  /** the last committed block, or null before genesis */
  head(): { readonly height: number } | null
  /** node-local data by key */
  getAux(key: string): Promise<Uint8Array | undefined>
  /** node-local keys below a prefix */
  auxKeys(prefix: string, limit?: number): Promise<string[]>
}

/**
 * What a registry's API routes may use of the node: a reader of committed state, the genesis, the chain's head and
 * validator sets, inclusion and certified state proofs, and the one write a route needs (keeping node-local data: the notary's batch
 * document lists). The server builds this object from the node (server/registry-host.ts) and hands a route only it:
 * no store, no submission, no block commits.
 */
export interface RegistryHost {
  readonly state: CommittedReader
  readonly genesis: Genesis
  readonly chain: {
    head(): { height: number }
    readonly validatorHistory: ValidatorHistory
    readonly validators: readonly AgencyValidator[]
  }
  getProof(txHash: string): Promise<InclusionProof>
  /** the value of a state key as of a height (UNKNOWN_HEIGHT past the head, HEIGHT_PRUNED before the oldest kept) */
  stateAsOf(key: string, height: number): Promise<Canonical | undefined>
  /**
   * many keys as of a height, in order, each what `stateAsOf` answers, read together (one batch of the state tree;
   * each key counts toward its bound on waiting reads, STATE_READS_BUSY). Optional: without it, key by key.
   */
  stateAsOfMany?(keys: readonly string[], height: number): Promise<Array<Canonical | undefined>>
  /**
   * a certified state proof of a key (value or absence) as of a block (default: the head): the proof, that block's
   * header (whose app hash is the proof's root) and its commit (docs/adr/0026); with `trustFrom` (the height a
   * verifier's trust list was taken at), also the validator-set changes since then
   */
  proveState(key: string, height?: number, trustFrom?: number): Promise<CertifiedState>
  /** a certified proof of every entry of a state group (keys up to their last '/'), proven complete */
  proveRange(group: string, height?: number, trustFrom?: number): Promise<CertifiedState>
  /**
   * Keep node-local data beside the chain (one synced batch): never consensus state, never replicated. The notary
   * keeps the document list of a committed batch with it, after checking the list against the batch's root.
   */
  keepLocal(entries: ReadonlyArray<readonly [string, Uint8Array]>): Promise<void>
  /**
   * The committed blocks, for node-local indexes rebuilt from them (never consensus): a block's height, time and
   * transactions decoded (every transaction in a committed block was applied), null when this node does not hold it
   * (a light workstation); and a listener told the height of each block this node commits.
   */
  readonly blocks: {
    read(height: number): Promise<LocalBlock | null>
    onCommit(listener: (height: number) => void): () => void
  }
  /**
   * A file the operator put in the node's home beside the chain, by plain name (no path and no dot: `[a-z0-9-]`, so
   * never the home's own files — config.json, api.json with the session token, keys/), at most 4 KiB, e.g. a secret
   * given outside the ledger (land-pepper); null when the node runs without a home or has no such file.
   */
  localFile(name: string): Uint8Array | null
}

/** A committed block as a node-local index reads it (RegistryHost.blocks). */
export interface LocalBlock {
  height: number
  /** the block's time, ms since the epoch */
  time: number
  txs: ReadonlyArray<{ hash: string; type: string; signer: string; payload: JsonValue }>
}

type Shape = z.ZodObject

/** A route's request, parsed by its schemas: the handler gets the schemas' output types. */
export interface RouteRequest<P extends Shape, Q extends Shape, B extends z.ZodType> {
  host: RegistryHost
  params: z.output<P>
  query: z.output<Q>
  body: z.output<B>
}

export interface RouteReply {
  /** 200 unless said */
  status?: number
  body: unknown
}

/**
 * An API route of a registry, below `/api/v1/<registry name>/`. The server checks the token, parses the path
 * parameters, query and JSON body with the schemas (a failure is SCHEMA_INVALID) and describes the route in its
 * OpenAPI document from the same schemas.
 */
export interface RegistryRoute<P extends Shape = Shape, Q extends Shape = Shape, B extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST'
  path: string
  summary: string
  params?: P
  query?: Q
  body?: B
  /** a larger body cap than the default 1 MiB (batch manifests) */
  maxBodyBytes?: number
  handler(req: RouteRequest<P, Q, B>): Promise<RouteReply>
}

/** Define a route with its handler typed by its schemas (the table holds them erased). */
export function route<P extends Shape = z.ZodObject<Record<string, never>>, Q extends Shape = z.ZodObject<Record<string, never>>, B extends z.ZodType = z.ZodUnknown>(
  r: RegistryRoute<P, Q, B>,
): RegistryRoute {
  return r as unknown as RegistryRoute
}

/** The options of a command as commander parses them (by option name, camel-cased). */
export type CliOptions = Record<string, unknown> & { json?: boolean }

/**
 * What a registry's CLI commands may use (server/cli builds it): the command tree to add to, and the CLI's shared
 * ways to talk to the node, sign, read files and print. A registry's module loads at every command: keep heavy
 * imports inside actions (`await import(…)`).
 */
export interface CliHost {
  program: Command
  /** words, error codes and roles of the build's registries */
  catalogue: Catalogue
  /** wrap an action: errors become one line in words, in the CLI's language, and a non-zero exit (or JSON with --json) */
  act(fn: (o: CliOptions) => Promise<void>): (o: CliOptions) => Promise<void>
  /** the options every command acting as an agency administrator shares (--home, --agency, --key, …) */
  adminOptions(cmd: Command): Command
  /** sign with the administrator key of the options, submit and wait until committed or rejected */
  signAndCommit(o: CliOptions, type: string, payload: JsonValue): Promise<SubmitReply>
  /**
   * The reply of a transaction sent and waited on, when committed; otherwise TX_PENDING, with its hash, in the CLI's
   * language: it may still be committed, so it must be checked before it is sent again.
   */
  committed(r: SubmitReply): SubmitReply
  /** the running node of the home in the options (--home) */
  client(o: CliOptions): { get<T>(path: string): Promise<T>; post<T>(path: string, body: unknown): Promise<T> }
  /** human output, or `value` as JSON with --json */
  print(o: CliOptions, value: unknown, human: () => string): void
  /**
   * The administrator context of the options (--home, --key, --agency): the agency acted for (default: the first the
   * key administers) and a way to sign with the key, submit and wait until committed or rejected.
   */
  admin(o: CliOptions): Promise<{ agency: string; signAndCommit(type: string, payload: JsonValue): Promise<SubmitReply> }>
  /**
   * The key of the options (--home, --key, --passphrase-file), whatever it holds (a notary's, not only an
   * administrator's): its public key, and a way to sign with it, submit and wait until committed or rejected.
   */
  key(o: CliOptions): {
    publicKey: string
    signAndCommit(type: string, payload: JsonValue): Promise<SubmitReply>
    /**
     * make an act naming `cosigners` (docs/adr/0020), signed by this key as its signer, for the parties to co-sign
     * (`daejang tx cosign`) and submit (`daejang tx submit`); its JSON form, missing signatures null
     */
    signAct(type: string, payload: JsonValue, cosigners: readonly string[]): Promise<ActJson>
    /**
     * an Ed25519 signature over `message` with this key, for a registry's own domain-separated documents (a land
     * mandate: portable/mandate.ts); never a transaction's sign bytes (those carry their own tag)
     */
    sign(message: Uint8Array): Uint8Array
  }
  /** a JSON file given on the command line (size-capped) */
  readJsonFile(path: string, what: string): unknown
  /** files given on the command line: read whole under a cap, hashed as a stream (SHA-256, hex), written */
  files: {
    read(path: string, what: string, maxBytes: number): Uint8Array
    sha256(path: string): Promise<string>
    write(path: string, bytes: Uint8Array): void
  }
  /** plain-text layouts of the CLI's human output */
  format: {
    table(rows: Array<Record<string, unknown>>, cols: string[]): string
    kv(pairs: Array<[string, unknown]>): string
    /** an instant as ISO 8601 */
    time(ms: number): string
  }
  /** the language the CLI speaks (--lang, else the locale environment): human output in it; --json is the same in both */
  lang(): 'ko' | 'en'
}

/** The node's answer to a submission waited on. */
export interface SubmitReply {
  hash: string
  status: string
  height?: number
}

/** A registry's commands: adds them to the tree. */
export type RegistryCli = (host: CliHost) => void

export interface Registry extends RegistryPortable {
  /** also the prefix of its transaction types ("identity" → "identity.role.grant") and of its routes */
  name: string
  txTypes: Record<string, TxTypeDef<never>>
  /** its API routes, below /api/v1/<name>/ */
  routes?: readonly RegistryRoute[]
  /** its CLI commands */
  cli?: RegistryCli
  /**
   * Node-local work beside the chain (indexes rebuilt from blocks): started by the API server with the node's host,
   * stopped with it by the function returned. Never consensus, never state.
   */
  startLocal?(host: RegistryHost): () => void
}

/** Helper that keeps the payload type of each definition while erasing it for the table. */
export function txType<P>(def: TxTypeDef<P>): TxTypeDef<never> {
  return def as unknown as TxTypeDef<never>
}
