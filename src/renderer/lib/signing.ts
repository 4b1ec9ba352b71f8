/**
 * Signing in the renderer with the node's own transaction code (src/ledger/types/tx.ts, portable): the same canonical
 * sign bytes (`["daejang/tx/v1", v, chainId, type, payload, signer, nonce, time]`) the node verifies, Ed25519 by
 * @noble/curves. The seed is used and not kept.
 */
import type { TxJsonDto } from '../../shared/api'
import { type ActJson, type ActSigningContext, actGuard, encodeTx, makeAct, makeTx, signAct, txFromJson, txToJson, type JsonValue } from '../../ledger/types/tx'
import { toHex } from '../../ledger/codec/bytes'
import { portableSigner } from '../../ledger/crypto/ed25519'
import { sha256 } from '../../ledger/crypto/sha256'

export interface TxFields {
  chainId: string
  type: string
  payload: JsonValue
  nonce: number
  /** ms since the epoch; default now */
  time?: number
}

/**
 * The nonce for a signer's next transaction (docs/adr/0003): only unique per signer, so
 * max(highest committed + 1, now in ms, highest this device used + 1). Works offline (committed unknown).
 */
export function nextNonce(committed: number | null | undefined, lastLocal: number | null | undefined, now: number): number {
  return Math.max((committed ?? 0) + 1, Math.floor(now), (lastLocal ?? 0) + 1)
}

export function signTransaction(seed: Uint8Array, fields: TxFields): TxJsonDto {
  return txToJson(makeTx(portableSigner(seed), fields))
}

/**
 * An act for several parties (docs/adr/0020): made for the key of `seed` with `cosigners` named, and signed by it.
 * The others add their signatures on their own machines (lib/acts.ts carries it there and back).
 */
export function signNewAct(seed: Uint8Array, fields: TxFields, cosigners: readonly string[]): ActJson {
  const signer = portableSigner(seed)
  return signAct(makeAct({ ...fields, signer: toHex(signer.publicKey), cosigners }), signer)
}

/**
 * Add the signature of the key of `seed` to an act that names it, once the act is checked not to harm the key (our
 * chain, its time, the key's nonce when it is the act's signer: actGuard).
 */
export function signActWith(seed: Uint8Array, act: ActJson, ctx: Omit<ActSigningContext, 'key'>): ActJson {
  const signer = portableSigner(seed)
  actGuard(act, { ...ctx, key: toHex(signer.publicKey) })
  return signAct(act, signer)
}

/** The transaction hash the node will report: SHA-256 of the canonical transaction bytes. */
export function txHashHex(tx: TxJsonDto): string {
  return toHex(sha256(encodeTx(txFromJson({ ...tx, payload: tx.payload as JsonValue }))))
}
