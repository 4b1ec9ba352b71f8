/**
 * WebCrypto Ed25519 for the portable verifier, where the platform has it (Chromium, recent Firefox and Safari, Node ≥ 20):
 * a signature check there is native code, ~25× the pure-JS @noble one on this machine (bench/proof-verify.ts). WebCrypto
 * is asynchronous and the verifiers are not, so a caller first has the signatures of what it will verify checked in
 * one batch — `prepareSignatures(proofSignatures(…))`, which returns a verifying function of its own — and then
 * verifies as always with that function: it answers from the batch's results, and with the portable code for any
 * signature the batch did not hold.
 *
 * It accepts exactly what the node (OpenSSL) accepts: keys are first held to the same rule as everywhere
 * (acceptablePublicKey: canonical, prime-order subgroup), and the platform is used only if its start-up check shows
 * it verifies as OpenSSL does: an RFC 8032 signature accepted, and refused when its message is altered, when its s is
 * malleated (s + L) and when its R has a small-order part (checked with the cofactor, @noble alone would accept that
 * one; verifyPortable refuses it as OpenSSL does). Each batch's verifying function is a fresh one, so what the commit
 * cache (commit-cache.ts, one cache per function) learned with it lives and dies with that batch.
 * Portable: uses globalThis.crypto only.
 */
import { toHex } from '../codec/bytes'
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, type VerifyFn, acceptablePublicKey, verifyPortable } from '../crypto/ed25519'
import { sha256Parts } from '../crypto/sha256'
import { type Commit, VoteType, voteSignBytes } from '../types/block'
import type { TrustStep } from './trust-chain'

/** signatures one batch checks at most (the rest are answered by the portable code) */
export const PREPARE_MAX = 4096
/** signatures checked at once (a batch runs in chunks of this) */
const PREPARE_CHUNK = 64

type Item = readonly [Uint8Array, Uint8Array, Uint8Array]

/** the whole (signature, message, key), lengths included (4 bytes each), so one result answers only its own triple */
function keyOf(sig: Uint8Array, msg: Uint8Array, pk: Uint8Array): string {
  const lens = new Uint8Array(12)
  const dv = new DataView(lens.buffer)
  dv.setUint32(0, sig.length)
  dv.setUint32(4, pk.length)
  dv.setUint32(8, msg.length)
  return toHex(sha256Parts(lens, sig, pk, msg))
}

type Subtle = {
  importKey(format: 'raw', key: Uint8Array, alg: { name: 'Ed25519' }, extractable: boolean, usages: ['verify']): Promise<unknown>
  verify(alg: { name: 'Ed25519' }, key: unknown, sig: Uint8Array, msg: Uint8Array): Promise<boolean>
}
const subtle = (): Subtle | null => (globalThis as { crypto?: { subtle?: Subtle } }).crypto?.subtle ?? null

let available: Promise<boolean> | null = null

// RFC 8032 section 7.1, test 1 (the empty message), and three signatures under its key that OpenSSL refuses
const PROBE_KEY = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'
const PROBE_SIG = 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'
/** the same signature with s + L (malleated) */
export const PROBE_MALLEATED = 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901554c8c7872aa064e049dbb3013fbf29380d25bf5f0595bbe24655141438e7a101b'
/** a signature of the empty message whose R is rB + T, T of order 2: valid with the cofactor only */
export const PROBE_TORSION = 'a283914d9ff3b883cf4de65514494e7c07a479781aa013c4d9ac195b4151149e2dd9f2c3119b71ee48c980da83dfd32a6cc3a11dbc2958459414a83d8c868101'

/**
 * Whether this WebCrypto verifies Ed25519 as OpenSSL does: the RFC 8032 vector accepted; refused with another message,
 * with s + L, and with a torsion R. (Exported for tests, with a stand-in; webCryptoEd25519 runs it on the platform's.)
 */
export async function probeWebCrypto(s: Subtle): Promise<boolean> {
  try {
    const key = await s.importKey('raw', hex(PROBE_KEY), { name: 'Ed25519' }, false, ['verify'])
    const v = (sig: string, msg: Uint8Array) => s.verify({ name: 'Ed25519' }, key, hex(sig), msg).catch(() => false)
    const empty = new Uint8Array(0)
    const [good, otherMsg, malleated, torsion] = await Promise.all([
      v(PROBE_SIG, empty),
      v(PROBE_SIG, new Uint8Array([1])),
      v(PROBE_MALLEATED, empty),
      v(PROBE_TORSION, empty),
    ])
    return good === true && !otherMsg && !malleated && !torsion
  } catch {
    return false
  }
}

/** Whether this platform's WebCrypto verifies Ed25519 as the node does (probeWebCrypto, checked once). */
export function webCryptoEd25519(): Promise<boolean> {
  available ??= (async () => {
    const s = subtle()
    return s ? probeWebCrypto(s) : false
  })()
  return available
}

function hex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g)!, (b) => parseInt(b, 16))
}

/** The signatures a commit carries, with the message each signs (the precommit of its block); a validator's first entry only. */
export function commitSignatures(chainId: string, c: Commit, members?: ReadonlySet<string>): Item[] {
  const msg = voteSignBytes(chainId, VoteType.precommit, c.height, c.round, c.blockHash)
  const seen = new Set<string>()
  const out: Item[] = []
  for (const s of c.sigs) {
    const id = toHex(s.validator)
    if (seen.has(id) || (members && !members.has(id))) continue
    seen.add(id)
    out.push([s.sig, msg, s.validator])
  }
  return out
}

/**
 * The signatures of a proof's commit and of its carried steps worth checking ahead: with `memberKeys` (the keys of the
 * trust list's sets), only entries of keys that are members of some set the proof can be checked against — the trust
 * list's and the sets its steps carry — once each; without, every entry (once per validator and commit).
 */
export function proofSignatures(chainId: string, commit: Commit, steps?: readonly TrustStep[], memberKeys?: Iterable<Uint8Array>): Item[] {
  let members: Set<string> | undefined
  if (memberKeys) {
    members = new Set([...memberKeys].map(toHex))
    for (const s of steps ?? []) for (const v of [...s.nextValidators, ...(s.validators ?? [])]) members.add(toHex(v.publicKey))
  }
  return [...(steps ?? []).flatMap((s) => commitSignatures(chainId, s.commit, members)), ...commitSignatures(chainId, commit, members)]
}

/** A verifying function answering from one prepared batch; `webCrypto` says whether the platform's was used. */
export type PreparedVerify = VerifyFn & { readonly webCrypto: boolean }

/**
 * Check these signatures with WebCrypto and return a verifying function that answers them from the results (and
 * anything else with the portable check). At most PREPARE_MAX distinct signatures are checked, PREPARE_CHUNK at a
 * time; signatures too long or short, or under a key no verifier accepts, are not sent to the platform. Without
 * WebCrypto Ed25519 (or one that fails the start-up check) the function returned is the portable check.
 */
export async function prepareSignatures(items: ReadonlyArray<Item>): Promise<PreparedVerify> {
  if (!(await webCryptoEd25519())) return Object.assign((sig: Uint8Array, msg: Uint8Array, pk: Uint8Array) => verifyPortable(sig, msg, pk), { webCrypto: false })
  const s = subtle()!
  const results = new Map<string, boolean>()
  const todo: Array<[string, Item]> = []
  for (const it of items) {
    if (todo.length >= PREPARE_MAX) break
    const [sig, msg, pk] = it
    if (sig.length !== SIGNATURE_BYTES || pk.length !== PUBLIC_KEY_BYTES) continue
    const k = keyOf(sig, msg, pk)
    if (results.has(k)) continue
    results.set(k, false) // refused unless the platform accepts it below
    if (acceptablePublicKey(pk)) todo.push([k, it])
  }
  const keys = new Map<string, Promise<unknown>>()
  for (let i = 0; i < todo.length; i += PREPARE_CHUNK) {
    await Promise.all(
      todo.slice(i, i + PREPARE_CHUNK).map(async ([k, [sig, msg, pk]]) => {
        const id = toHex(pk)
        let key = keys.get(id)
        if (!key) keys.set(id, (key = s.importKey('raw', pk, { name: 'Ed25519' }, false, ['verify'])))
        try {
          results.set(k, (await s.verify({ name: 'Ed25519' }, await key, sig, msg)) === true)
        } catch {
          results.set(k, false)
        }
      }),
    )
  }
  const verify = (sig: Uint8Array, msg: Uint8Array, pk: Uint8Array): boolean => {
    if (sig.length !== SIGNATURE_BYTES || pk.length !== PUBLIC_KEY_BYTES) return false
    return results.get(keyOf(sig, msg, pk)) ?? verifyPortable(sig, msg, pk)
  }
  return Object.assign(verify, { webCrypto: true })
}
