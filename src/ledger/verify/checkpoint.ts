/**
 * A checkpoint — a block header and its commit — in the fewest bytes, for QR codes (docs/adr/0027). Whoever checks it
 * holds the trust list, which gives the chain id and the validator set of the block's height; so the compact form
 * leaves the chain id out, sends the validators' hash (and the next set's) only when it is not the hash of that set,
 * names the proposer and the signers by their index in the set (ordered by public key, as trust lists hold it), and
 * sends neither the commit's height nor its block hash (the header gives both). The commit is trimmed to the fewest
 * signatures exceeding 2/3 of the power. Reading it back needs the trust list; a list that does not know the block's
 * set gives another header, and the signatures then do not verify (the verifier says the set may be newer).
 * The header is taken as its canonical array, so a header version with more fields reads the same way. Portable.
 */
import { DaejangError } from '../../shared/errors'
import { compareBytes, concatBytes, equalBytes, toHex } from '../codec/bytes'
import type { Canonical } from '../codec/canonical'
import { SIGNATURE_BYTES } from '../crypto/ed25519'
import { type TrustList, trustSetAt } from '../proofs/proof'
import { type Commit, type Header, type Validator, blockHash, headerFromCanonical, headerToCanonical, validatorsHash } from '../types/block'

/** index of the validators' hash in a header's canonical array; the next set's hash (version 2) follows it */
const VALIDATORS_AT = 9

const byKey = (vals: readonly Validator[]): Validator[] => [...vals].sort((a, b) => compareBytes(a.publicKey, b.publicKey))

function invalid(why: string): DaejangError {
  return new DaejangError('PROOF_INVALID', 'checkpoint: ' + why)
}

/**
 * The commit with signatures of just over 2/3 of the power (largest power first), in their original order: enough
 * for a verifier, fewer bytes in a QR code. Signatures of keys outside `validators` are dropped.
 */
export function quorumCommit(commit: Commit, validators: readonly Validator[]): Commit {
  const power = new Map(validators.map((v) => [toHex(v.publicKey), v.power]))
  const total = validators.reduce((a, v) => a + v.power, 0)
  const byPower = commit.sigs
    .map((s, i) => ({ i, p: power.get(toHex(s.validator)) ?? 0 }))
    .filter((x) => x.p > 0)
    .sort((a, b) => b.p - a.p || a.i - b.i)
  const keep = new Set<number>()
  let signed = 0
  for (const x of byPower) {
    if (signed * 3 > total * 2) break
    keep.add(x.i)
    signed += x.p
  }
  return { ...commit, sigs: commit.sigs.filter((_, i) => keep.has(i)) }
}

/**
 * The compact form: `[header array with the chain id, the set hashes and the proposer compacted, round, signers, sigs]`
 * where `signers` is a bitmap (bit i of byte i>>3, LSB first: validator i of the set by key) and `sigs` their
 * signatures, 64 bytes each, in index order. `set` is the block's validator set as the chain has it.
 */
export function compactCheckpoint(header: Header, commit: Commit, set: readonly Validator[]): Canonical {
  const vals = byKey(set)
  const index = new Map(vals.map((v, i) => [toHex(v.publicKey), i]))
  const h = [...(headerToCanonical(header) as Canonical[])]
  h[1] = null
  const vh = h[VALIDATORS_AT] as Uint8Array
  const setHash = validatorsHash(vals)
  if (equalBytes(vh, setHash)) h[VALIDATORS_AT] = null
  for (let i = VALIDATORS_AT + 1; i < h.length - 1; i++) if (h[i] instanceof Uint8Array && equalBytes(h[i] as Uint8Array, vh)) h[i] = null
  const proposer = index.get(toHex(header.proposer))
  if (proposer !== undefined) h[h.length - 1] = proposer
  const trimmed = quorumCommit(commit, vals)
  const bitmap = new Uint8Array(Math.ceil(vals.length / 8))
  const sigs: Array<[number, Uint8Array]> = []
  for (const s of trimmed.sigs) {
    const i = index.get(toHex(s.validator))
    if (i === undefined || bitmap[i >> 3]! & (1 << (i & 7))) continue
    bitmap[i >> 3]! |= 1 << (i & 7)
    sigs.push([i, s.sig])
  }
  sigs.sort((a, b) => a[0] - b[0])
  return [h, commit.round, bitmap, concatBytes(...sigs.map((s) => s[1]))]
}

/** The header and commit of a compact checkpoint, completed from the trust list (the set of the block's height). */
export function expandCheckpoint(c: Canonical, trust: TrustList): { header: Header; commit: Commit } {
  if (!Array.isArray(c) || c.length !== 4) throw invalid('not a compact checkpoint')
  const [hc, round, bitmap, sigBytes] = c
  if (!Array.isArray(hc) || hc.length < VALIDATORS_AT + 2) throw invalid('header')
  if (typeof round !== 'number' || !(bitmap instanceof Uint8Array) || !(sigBytes instanceof Uint8Array)) throw invalid('commit')
  const height = hc[2]
  if (typeof height !== 'number' || !Number.isSafeInteger(height) || height < 0) throw invalid('height')
  const vals = byKey(trustSetAt(trust, height).validators)
  if (bitmap.length !== Math.ceil(vals.length / 8)) throw invalid(`the signers' bitmap is not that of a set of ${vals.length}`)
  const h = [...hc]
  if (h[1] !== null) throw invalid('chain id')
  h[1] = trust.chainId
  if (h[VALIDATORS_AT] === null) h[VALIDATORS_AT] = validatorsHash(vals)
  for (let i = VALIDATORS_AT + 1; i < h.length - 1; i++) if (h[i] === null) h[i] = h[VALIDATORS_AT]!
  const p = h[h.length - 1]
  if (typeof p === 'number') {
    if (!Number.isSafeInteger(p) || p < 0 || p >= vals.length) throw invalid('proposer')
    h[h.length - 1] = vals[p]!.publicKey
  }
  let header: Header
  try {
    header = headerFromCanonical(h)
  } catch (e) {
    throw invalid((e as Error).message)
  }
  const sigs: Commit['sigs'] = []
  for (let i = 0; i < vals.length; i++) {
    if (!(bitmap[i >> 3]! & (1 << (i & 7)))) continue
    const at = sigs.length * SIGNATURE_BYTES
    if (at + SIGNATURE_BYTES > sigBytes.length) throw invalid('fewer signatures than signers')
    sigs.push({ validator: vals[i]!.publicKey, sig: sigBytes.slice(at, at + SIGNATURE_BYTES) })
  }
  if (sigs.length * SIGNATURE_BYTES !== sigBytes.length) throw invalid('more signatures than signers')
  for (let i = vals.length; i < bitmap.length * 8; i++) if (bitmap[i >> 3]! & (1 << (i & 7))) throw invalid('a signer outside the set')
  return { header, commit: { height: header.height, round, blockHash: blockHash(header), sigs } }
}
