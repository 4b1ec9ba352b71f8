/**
 * What a light workstation checks before it believes its full node (docs/adr/0029): the next header of the chain it
 * follows (chain, height, previous block, time, validator set, commit of more than 2/3 of that set), a validator set
 * a verified header announced, and a state proof against the app hash of a header it verified itself. Each refusal is
 * a DaejangError with a stable code. No Node built-ins: the same checks can run in the renderer.
 */
import { DaejangError } from '../../shared/errors'
import { equalBytes, toHex } from '../codec/bytes'
import type { Canonical } from '../codec/canonical'
import type { VerifyFn } from '../crypto/ed25519'
import { type StateProof, stateProofRoot } from '../proofs/state-proof'
import { type Commit, type Header, type Validator, blockHash, validatorsHash, verifyCommit } from '../types/block'

export interface HeaderAndCommit {
  header: Header
  commit: Commit
}

/** A verified header, with its hash. */
export interface VerifiedHeader extends HeaderAndCommit {
  hash: Uint8Array
}

/**
 * The hash of the set of the next block, as a header of format 2 names it (D3); null for a header of format 1, which
 * names none.
 */
export function nextValidatorsHashOf(h: Header): Uint8Array | null {
  return h.nextValidatorsHash ?? null
}

/**
 * Accept `next` as the header that follows `prev` (null: `next` is the first block), signed by `set` — the set the
 * workstation expects at that height. Throws LIGHT_CHAIN_BROKEN, LIGHT_SET_UNPROVEN or LIGHT_BAD_COMMIT.
 */
export function checkNextHeader(a: {
  chainId: string
  prev: VerifiedHeader | null
  set: readonly Validator[]
  next: HeaderAndCommit
  verify: VerifyFn
}): VerifiedHeader {
  const { header, commit } = a.next
  const height = a.prev ? a.prev.header.height + 1 : 1
  if (header.chainId !== a.chainId) {
    throw new DaejangError('LIGHT_CHAIN_BROKEN', `the header is of chain "${header.chainId}", not "${a.chainId}"`)
  }
  if (header.height !== height) throw new DaejangError('LIGHT_CHAIN_BROKEN', `expected the header of height ${height}, got ${header.height}`)
  if (a.prev) {
    if (!equalBytes(header.prevHash, a.prev.hash)) {
      throw new DaejangError('LIGHT_CHAIN_BROKEN', `the header of height ${height} does not name the verified block ${height - 1} as its previous block`)
    }
    if (header.time <= a.prev.header.time) throw new DaejangError('LIGHT_CHAIN_BROKEN', `the header of height ${height} is not later than its previous block`)
  }
  if (!equalBytes(header.validatorsHash, validatorsHash(a.set))) {
    throw new DaejangError('LIGHT_SET_UNPROVEN', `the header of height ${height} names a validator set no verified header announced`)
  }
  const hash = blockHash(header)
  const c = verifyCommit(a.chainId, a.set, commit, hash, height, a.verify)
  if (!c.ok) {
    throw new DaejangError(
      'LIGHT_BAD_COMMIT',
      `the commit of height ${height}: ${c.reason ?? 'invalid'} (${c.signedPower} of ${c.totalPower} voting power)`,
    )
  }
  return { header, commit, hash }
}

/** Accept `set` as the set of the block after `h`: its hash must be the one `h` (verified) announced. */
export function checkAnnouncedSet(h: Header, set: readonly Validator[]): void {
  const announced = nextValidatorsHashOf(h)
  if (!announced) {
    throw new DaejangError('LIGHT_SET_UNPROVEN', `the header of height ${h.height} (format ${h.v}) announces no next validator set`)
  }
  if (!equalBytes(announced, validatorsHash(set))) {
    throw new DaejangError(
      'LIGHT_SET_UNPROVEN',
      `the validator set given for height ${h.height + 1} is not the one the header of height ${h.height} announced`,
    )
  }
}

/** What a proven read established: the value of `key` (undefined: absent) as of a verified header. */
export interface ProvenValue {
  key: string
  value: Canonical | undefined
  height: number
  time: number
  appHash: string
}

/**
 * Check a state proof of `key` against `header`, a header the workstation verified: the proof must be about `key`
 * (LIGHT_PROOF_OTHER_KEY), well formed (PROOF_INVALID) and lead to the header's app hash (LIGHT_ROOT_UNKNOWN).
 */
export function checkProvenRead(key: string, proof: StateProof, header: Header): ProvenValue {
  if (proof.kind === 'range') throw new DaejangError('LIGHT_PROOF_OTHER_KEY', `a proof of the group "${proof.group}" was sent for the key "${key}"`)
  if (proof.key !== key) throw new DaejangError('LIGHT_PROOF_OTHER_KEY', `a proof of "${proof.key}" was sent for "${key}"`)
  let root: Uint8Array
  try {
    root = stateProofRoot(proof)
  } catch (e) {
    throw new DaejangError('PROOF_INVALID', `the state proof of "${key}" does not hold: ${(e as Error).message}`)
  }
  if (!equalBytes(root, header.appHash)) {
    throw new DaejangError(
      'LIGHT_ROOT_UNKNOWN',
      `the proof of "${key}" leads to the root ${toHex(root).slice(0, 16)}…, not to the app hash of the verified block ${header.height}`,
    )
  }
  return {
    key,
    value: proof.kind === 'present' ? proof.value : undefined,
    height: header.height,
    time: header.time,
    appHash: toHex(header.appHash),
  }
}
