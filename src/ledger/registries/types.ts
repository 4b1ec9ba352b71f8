/**
 * The shape of a registry domain. A registry declares its transaction types: a payload schema, who may send each
 * (roles), and a deterministic rule that changes state. Adding a registry never touches consensus, storage or
 * networking: list it in registries/index.ts.
 */
import type { z } from 'zod'
import type { Role } from '../../shared/roles'
import type { Tx } from '../chain/tx'
import type { Genesis } from '../chain/genesis'
import type { StateReader, StateView } from '../state/view'

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
 * - a list of roles: the signer must hold an active credential for at least one of them at the block's time.
 */
export type Permission = 'anyone' | 'admin' | readonly Role[]

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
  /** A one-line human summary used by explorers and notifications. */
  describe?(payload: P): string
}

export interface Registry {
  /** also the prefix of its transaction types ("identity" → "identity.role.grant") */
  name: string
  txTypes: Record<string, TxTypeDef<never>>
}

/** Helper that keeps the payload type of each definition while erasing it for the table. */
export function txType<P>(def: TxTypeDef<P>): TxTypeDef<never> {
  return def as unknown as TxTypeDef<never>
}
