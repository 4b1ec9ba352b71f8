/**
 * Blocks, headers, votes and commits. A header commits to everything a light verifier needs: the previous block,
 * the Merkle root (RFC 6962) of the block's transactions, the state after executing them, the validator set, and the
 * commit of the previous block. A commit is a set of precommit votes of more than 2/3 of the voting power.
 */
import { DaejangError } from '../../shared/errors'
import { toHex } from '../codec/bytes'
import { type Canonical, decodeCanonical, encodeCanonical } from '../codec/canonical'
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, type Signer, type VerifyFn } from '../crypto/ed25519'
import { sha256 } from '../crypto/sha256'

/** the version of the headers this build makes (2: with nextValidatorsHash, the app hash a state-tree root) */
export const BLOCK_VERSION = 2
/** headers of format 1 (before the state tree, without nextValidatorsHash) still decode, to check old certificates */
export const BLOCK_VERSION_V1 = 1
export const VOTE_SIGN_TAG = 'daejang/vote/v1'
export const ZERO_HASH = new Uint8Array(32)

export interface Header {
  v: number
  chainId: string
  height: number
  /** ms since epoch, strictly increasing from block to block */
  time: number
  prevHash: Uint8Array
  lastCommitHash: Uint8Array
  txRoot: Uint8Array
  txCount: number
  /** state hash after executing this block's transactions */
  appHash: Uint8Array
  validatorsHash: Uint8Array
  /**
   * hash of the validator set of height + 1 (known one block ahead: ACTIVATION_DELAY = 2). Present in version 2
   * headers, absent in version 1: a verifier follows validator-set changes through it (proofs/trust-chain.ts).
   */
  nextValidatorsHash?: Uint8Array
  proposer: Uint8Array
}

export const VoteType = { prevote: 1, precommit: 2 } as const

export interface Vote {
  type: number
  height: number
  round: number
  blockHash: Uint8Array
  validator: Uint8Array
  sig: Uint8Array
}

export interface CommitSig {
  validator: Uint8Array
  sig: Uint8Array
}

export interface Commit {
  height: number
  round: number
  blockHash: Uint8Array
  sigs: CommitSig[]
}

export interface Block {
  header: Header
  txs: Uint8Array[]
  lastCommit: Commit | null
}

export interface Validator {
  publicKey: Uint8Array
  power: number
}

// ---- encoding ----

export function headerToCanonical(h: Header): Canonical {
  const head: Canonical[] = [h.v, h.chainId, h.height, h.time, h.prevHash, h.lastCommitHash, h.txRoot, h.txCount, h.appHash, h.validatorsHash]
  if (h.v === BLOCK_VERSION_V1) return [...head, h.proposer]
  if (!h.nextValidatorsHash) throw new DaejangError('SCHEMA_INVALID', 'a version 2 header names the next validator set')
  return [...head, h.nextValidatorsHash, h.proposer]
}

function isHash(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array && x.length === 32
}
function isNat(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0
}

/** Decode a header of version 2 (12 fields) or of version 1 (11 fields, no nextValidatorsHash). */
export function headerFromCanonical(v: Canonical): Header {
  if (!Array.isArray(v) || v.length < 1) throw new DaejangError('NON_CANONICAL', 'a header is an array')
  const ver = v[0]
  if (ver !== BLOCK_VERSION && ver !== BLOCK_VERSION_V1) throw new DaejangError('UNSUPPORTED_VERSION', `block version ${String(ver)}`)
  const n = ver === BLOCK_VERSION ? 12 : 11
  if (v.length !== n) throw new DaejangError('NON_CANONICAL', `a version ${ver} header is an array of ${n}`)
  const [, chainId, height, time, prevHash, lastCommitHash, txRoot, txCount, appHash, validatorsHash] = v
  const next = ver === BLOCK_VERSION ? v[10] : undefined
  const proposer = v[n - 1]
  if (
    typeof chainId !== 'string' ||
    !isNat(height) ||
    !isNat(time) ||
    !isHash(prevHash) ||
    !isHash(lastCommitHash) ||
    !isHash(txRoot) ||
    !isNat(txCount) ||
    !isHash(appHash) ||
    !isHash(validatorsHash) ||
    (ver === BLOCK_VERSION && !isHash(next)) ||
    !(proposer instanceof Uint8Array && proposer.length === PUBLIC_KEY_BYTES)
  ) {
    throw new DaejangError('SCHEMA_INVALID', 'header fields have the wrong types')
  }
  const h: Header = { v: ver, chainId, height, time, prevHash, lastCommitHash, txRoot, txCount, appHash, validatorsHash, proposer }
  if (ver === BLOCK_VERSION) h.nextValidatorsHash = next as Uint8Array
  return h
}

export function encodeHeader(h: Header): Uint8Array {
  return encodeCanonical(headerToCanonical(h))
}

export function blockHash(h: Header): Uint8Array {
  return sha256(encodeHeader(h))
}

export function commitToCanonical(c: Commit): Canonical {
  return [c.height, c.round, c.blockHash, c.sigs.map((s) => [s.validator, s.sig])]
}

export function commitFromCanonical(v: Canonical): Commit {
  if (!Array.isArray(v) || v.length !== 4) throw new DaejangError('NON_CANONICAL', 'a commit is an array of 4')
  const [height, round, hash, sigs] = v
  if (!isNat(height) || !isNat(round) || !isHash(hash) || !Array.isArray(sigs)) {
    throw new DaejangError('SCHEMA_INVALID', 'commit fields have the wrong types')
  }
  return {
    height,
    round,
    blockHash: hash,
    sigs: sigs.map((s) => {
      if (!Array.isArray(s) || s.length !== 2) throw new DaejangError('SCHEMA_INVALID', 'commit signature')
      const [validator, sig] = s
      if (!(validator instanceof Uint8Array) || validator.length !== PUBLIC_KEY_BYTES) {
        throw new DaejangError('SCHEMA_INVALID', 'commit signature validator')
      }
      if (!(sig instanceof Uint8Array) || sig.length !== SIGNATURE_BYTES) {
        throw new DaejangError('SCHEMA_INVALID', 'commit signature bytes')
      }
      return { validator, sig }
    }),
  }
}

export function commitHash(c: Commit | null): Uint8Array {
  return c ? sha256(encodeCanonical(commitToCanonical(c))) : ZERO_HASH
}

export function encodeBlock(b: Block): Uint8Array {
  return encodeCanonical([headerToCanonical(b.header), b.txs, b.lastCommit ? commitToCanonical(b.lastCommit) : null])
}

export function decodeBlock(bytes: Uint8Array): Block {
  const v = decodeCanonical(bytes)
  if (!Array.isArray(v) || v.length !== 3) throw new DaejangError('NON_CANONICAL', 'a block is an array of 3')
  const [h, txs, lc] = v
  if (!Array.isArray(txs) || !txs.every((t) => t instanceof Uint8Array)) {
    throw new DaejangError('SCHEMA_INVALID', 'block transactions')
  }
  return {
    header: headerFromCanonical(h as Canonical),
    txs: txs as Uint8Array[],
    lastCommit: lc === null ? null : commitFromCanonical(lc as Canonical),
  }
}

// ---- votes ----

export function voteSignBytes(
  chainId: string,
  type: number,
  height: number,
  round: number,
  blockHash: Uint8Array,
): Uint8Array {
  return encodeCanonical([VOTE_SIGN_TAG, chainId, type, height, round, blockHash])
}

export function signVote(
  chainId: string,
  signer: Signer,
  v: { type: number; height: number; round: number; blockHash: Uint8Array },
): Vote {
  const sig = signer.sign(voteSignBytes(chainId, v.type, v.height, v.round, v.blockHash))
  return { ...v, validator: signer.publicKey, sig }
}

// ---- validator sets ----

export function validatorsHash(vals: readonly Validator[]): Uint8Array {
  return sha256(encodeCanonical(vals.map((v) => [v.publicKey, v.power])))
}

export function totalPower(vals: readonly Validator[]): number {
  return vals.reduce((a, v) => a + v.power, 0)
}

export interface CommitCheck {
  ok: boolean
  signedPower: number
  totalPower: number
  reason?: string
}

/**
 * Check that a commit carries valid precommit signatures of more than 2/3 of the power of `vals` for `hash`.
 * Unknown signers, duplicates and bad signatures never count. Shared by the node and the offline verifier.
 */
export function verifyCommit(
  chainId: string,
  vals: readonly Validator[],
  commit: Commit,
  hash: Uint8Array,
  height: number,
  verify: VerifyFn,
): CommitCheck {
  const total = totalPower(vals)
  if (commit.height !== height) return { ok: false, signedPower: 0, totalPower: total, reason: 'commit height' }
  if (toHex(commit.blockHash) !== toHex(hash)) {
    return { ok: false, signedPower: 0, totalPower: total, reason: 'commit is for another block' }
  }
  const byKey = new Map(vals.map((v) => [toHex(v.publicKey), v]))
  const seen = new Set<string>()
  const msg = voteSignBytes(chainId, VoteType.precommit, commit.height, commit.round, commit.blockHash)
  let signed = 0
  for (const s of commit.sigs) {
    const k = toHex(s.validator)
    const val = byKey.get(k)
    if (!val || seen.has(k)) continue
    // a validator counts once, for its first valid signature: a bad entry cannot hide a good one after it
    if (verify(s.sig, msg, s.validator)) {
      seen.add(k)
      signed += val.power
    }
  }
  const ok = signed * 3 > total * 2
  return ok
    ? { ok, signedPower: signed, totalPower: total }
    : { ok, signedPower: signed, totalPower: total, reason: 'signatures of more than 2/3 of the power are missing' }
}
