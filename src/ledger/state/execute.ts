/**
 * Deterministic execution of transactions on state. The same block on the same state gives the same writes on every
 * node, hence the same state root, the app hash (chain.ts, state/tree). Every check that depends on state happens here, as of the block being executed:
 * nonce (replay protection: each (signer, nonce) pair is used once), time bound, the signer's roles and each
 * co-signer's (a co-signature covers the signer's nonce, so it cannot be replayed apart from its transaction).
 */
import { DaejangError, toDaejangError } from '../../shared/errors'
import { adminAgencies, adminKey, agenciesForRoles, credentialsKey, nonceKey, usedNonceKey } from '../registries/identity'
import type { CosignerContext, Permission } from '../registries/types'
import { toHex } from '../codec/bytes'
import { Overlay, type StateReader } from './view'
import type { CheckedTx } from '../mempool/checker'
import type { Genesis } from '../types/genesis'
import { MAX_ACT_AGE_MS } from '../types/tx'

export interface BlockContext {
  height: number
  time: number
}

/** Who the signer acts as, or an UNAUTHORIZED_ROLE error. */
export async function authorize(
  state: StateReader,
  signer: string,
  permission: Permission,
  time: number,
  type: string,
): Promise<{ adminOf: string[]; actingFor: string[] }> {
  const adminOf = await adminAgencies(state, signer)
  if (permission === 'anyone') return { adminOf, actingFor: [] }
  if (permission === 'admin') {
    if (adminOf.length === 0) {
      throw new DaejangError('UNAUTHORIZED_ROLE', `${type} needs an agency administrator key`)
    }
    return { adminOf, actingFor: [] }
  }
  const actingFor = await agenciesForRoles(state, signer, permission, time)
  if (actingFor.length === 0) {
    throw new DaejangError(
      'UNAUTHORIZED_ROLE',
      `${type} needs an active credential for the role ${permission.join(' or ')}`,
    )
  }
  return { adminOf, actingFor }
}

/**
 * Who each co-signer acts as, checked against the type's co-sign rule (docs/adr/0020): a co-signer without the
 * standing the rule asks for is refused with UNAUTHORIZED_ROLE naming it.
 */
export async function authorizeCosigners(state: StateReader, c: CheckedTx, time: number): Promise<CosignerContext[]> {
  const rule = c.def.cosigners
  const out: CosignerContext[] = []
  for (const co of c.tx.cosigners ?? []) {
    const key = toHex(co.key)
    if (!rule) throw new DaejangError('RULE_VIOLATION', `${c.tx.type} takes no co-signatures`)
    try {
      out.push({ key, ...(await authorize(state, key, rule.permission, time, c.tx.type)) })
    } catch (e) {
      const err = toDaejangError(e)
      throw new DaejangError(err.code, `co-signer ${key.slice(0, 12)}…: ${err.message}`)
    }
  }
  return out
}

/** Refuse a co-signed transaction dated more than MAX_ACT_AGE_MS before `time` (docs/adr/0020). */
export function checkActAge(c: CheckedTx, time: number): void {
  if (c.tx.cosigners !== undefined && c.tx.time < time - MAX_ACT_AGE_MS) {
    throw new DaejangError('ACT_EXPIRED', `the act is dated ${new Date(c.tx.time).toISOString()}, more than ${MAX_ACT_AGE_MS / 86_400_000} days before ${new Date(time).toISOString()}`)
  }
}

/** The highest nonce the signer has used (0 if none). */
export async function lastNonce(state: StateReader, signer: string): Promise<number> {
  const v = await state.get(nonceKey(signer))
  return typeof v === 'number' ? v : 0
}

/** Throws NONCE_REPLAYED when the signer already used this nonce. */
export async function checkNonceUnused(state: StateReader, signer: string, nonce: number): Promise<void> {
  const used = await state.get(usedNonceKey(signer, nonce))
  if (used !== undefined) {
    throw new DaejangError('NONCE_REPLAYED', `nonce ${nonce} was already used by this signer (at height ${String(used)})`)
  }
}

/**
 * Execute one checked transaction on `block` (an overlay). On success its writes are merged into `block`; on
 * failure nothing is, and the error (with a stable code) is thrown.
 */
export async function executeTx(
  genesis: Genesis,
  block: Overlay,
  c: CheckedTx,
  ctx: BlockContext,
  index: number,
): Promise<void> {
  // the same checks as checkNonceUnused, authorize and authorizeCosigners, in the same order, with fewer async frames
  // (a block runs thousands of these: each async call is a promise and a frame for the collector)
  const used = await block.get(usedNonceKey(c.signerHex, c.tx.nonce))
  if (used !== undefined) {
    throw new DaejangError('NONCE_REPLAYED', `nonce ${c.tx.nonce} was already used by this signer (at height ${String(used)})`)
  }
  if (c.tx.time > ctx.time + genesis.params.maxFutureMs) {
    throw new DaejangError('TX_FROM_FUTURE', 'the transaction is dated too far after the block')
  }
  checkActAge(c, ctx.time)
  const who = await authorize(block, c.signerHex, c.def.permission, ctx.time, c.tx.type)
  const cosigners = c.tx.cosigners === undefined ? [] : await authorizeCosigners(block, c, ctx.time)
  const txState = new Overlay(block)
  try {
    await c.def.apply({
      tx: c.tx,
      payload: c.payload as never,
      signer: c.signerHex,
      hash: c.hashHex,
      height: ctx.height,
      time: ctx.time,
      index,
      state: txState,
      genesis,
      adminOf: who.adminOf,
      actingFor: who.actingFor,
      cosigners,
    })
  } catch (e) {
    const err = toDaejangError(e)
    if (err.code === 'INTERNAL') throw new DaejangError('RULE_VIOLATION', err.message)
    throw err
  }
  txState.put(usedNonceKey(c.signerHex, c.tx.nonce), ctx.height)
  const last = await block.get(nonceKey(c.signerHex))
  if (c.tx.nonce > (typeof last === 'number' ? last : 0)) txState.put(nonceKey(c.signerHex), c.tx.nonce)
  txState.mergeInto(block)
}

/** The state keys executing these transactions will read: nonces, the signer's authority, the registry's own. */
export function keysToPrefetch(cs: readonly CheckedTx[]): string[] {
  const keys: string[] = []
  for (const c of cs) {
    keys.push(usedNonceKey(c.signerHex, c.tx.nonce), nonceKey(c.signerHex), adminKey(c.signerHex))
    if (Array.isArray(c.def.permission)) keys.push(credentialsKey(c.signerHex))
    for (const co of c.tx.cosigners ?? []) {
      const k = toHex(co.key)
      keys.push(adminKey(k))
      if (Array.isArray(c.def.cosigners?.permission)) keys.push(credentialsKey(k))
    }
    if (c.def.keys) keys.push(...c.def.keys(c.payload as never, c.signerHex))
  }
  return keys
}
