/**
 * WebCrypto Ed25519 for the portable verifier, where the platform has it (Chromium, recent Firefox and Safari, Node ≥ 20):
 * a signature check there is native code, ~25× the pure-JS @noble one on this machine (bench/proof-verify.ts). WebCrypto
 * is asynchronous and the verifiers are not, so a caller first has the signatures of what it will verify checked in
 * one batch (`prepareSignatures`: every commit's and every carried step's), then verifies as always with
 * `webCryptoVerify`, which answers from those results — and, for any signature not prepared, with the portable code.
 *
 * It accepts exactly what the node (OpenSSL) accepts: keys are first held to the same rule as everywhere
 * (acceptablePublicKey: canonical, prime-order subgroup), and WebCrypto's Ed25519 is the platform's (BoringSSL in
 * Chromium, OpenSSL in Node), RFC 8032 without the cofactor, as the node's. Results are kept keyed by the whole
 * signature, message and key (SHA-256 of them), bounded. Portable: uses globalThis.crypto only.
 */
import { toHex } from '../codec/bytes'
import { type VerifyFn, acceptablePublicKey, verifyPortable } from '../crypto/ed25519'
import { sha256Parts } from '../crypto/sha256'
import { type Commit, VoteType, voteSignBytes } from '../types/block'
import type { TrustStep } from './trust-chain'

const RESULTS_MAX = 8192
const results = new Map<string, boolean>()

const keyOf = (sig: Uint8Array, msg: Uint8Array, pk: Uint8Array): string =>
  toHex(sha256Parts(new Uint8Array([sig.length, pk.length]), sig, pk, msg))

type Subtle = {
  importKey(format: 'raw', key: Uint8Array, alg: { name: 'Ed25519' }, extractable: boolean, usages: ['verify']): Promise<unknown>
  verify(alg: { name: 'Ed25519' }, key: unknown, sig: Uint8Array, msg: Uint8Array): Promise<boolean>
}
const subtle = (): Subtle | null => (globalThis as { crypto?: { subtle?: Subtle } }).crypto?.subtle ?? null

let available: Promise<boolean> | null = null

/** Whether this platform's WebCrypto verifies Ed25519 (checked once, with a known-answer signature of RFC 8032). */
export function webCryptoEd25519(): Promise<boolean> {
  available ??= (async () => {
    const s = subtle()
    if (!s) return false
    try {
      // RFC 8032 section 7.1, test 1: the empty message
      const pk = hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')
      const sig = hex('e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b')
      const key = await s.importKey('raw', pk, { name: 'Ed25519' }, false, ['verify'])
      const good = await s.verify({ name: 'Ed25519' }, key, sig, new Uint8Array(0))
      const bad = await s.verify({ name: 'Ed25519' }, key, sig, new Uint8Array([1]))
      return good && !bad
    } catch {
      return false
    }
  })()
  return available
}

function hex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g)!, (b) => parseInt(b, 16))
}

/** The signatures a commit carries, with the message each signs (the precommit of its block). */
export function commitSignatures(chainId: string, c: Commit): Array<[Uint8Array, Uint8Array, Uint8Array]> {
  const msg = voteSignBytes(chainId, VoteType.precommit, c.height, c.round, c.blockHash)
  return c.sigs.map((s) => [s.sig, msg, s.validator])
}

/** Every signature of a proof's commit and of its carried steps. */
export function proofSignatures(chainId: string, commit: Commit, steps?: readonly TrustStep[]): Array<[Uint8Array, Uint8Array, Uint8Array]> {
  return [...commitSignatures(chainId, commit), ...(steps ?? []).flatMap((s) => commitSignatures(chainId, s.commit))]
}

/**
 * Check these signatures with WebCrypto, all at once, so that webCryptoVerify answers them. Without WebCrypto Ed25519
 * it does nothing (webCryptoVerify then is the portable check). Returns whether WebCrypto was used.
 */
export async function prepareSignatures(items: ReadonlyArray<readonly [Uint8Array, Uint8Array, Uint8Array]>): Promise<boolean> {
  if (!(await webCryptoEd25519())) return false
  const s = subtle()!
  const keys = new Map<string, Promise<unknown>>()
  await Promise.all(
    items.map(async ([sig, msg, pk]) => {
      const k = keyOf(sig, msg, pk)
      if (results.has(k)) return
      let ok = false
      if (sig.length === 64 && acceptablePublicKey(pk)) {
        const id = toHex(pk)
        let key = keys.get(id)
        if (!key) keys.set(id, (key = s.importKey('raw', pk, { name: 'Ed25519' }, false, ['verify'])))
        try {
          ok = await s.verify({ name: 'Ed25519' }, await key, sig, msg)
        } catch {
          ok = false
        }
      }
      if (results.size >= RESULTS_MAX) results.delete(results.keys().next().value as string)
      results.set(k, ok)
    }),
  )
  return true
}

/** Forget the prepared results (benchmarks measure a first proof with it). */
export function clearSignatureResults(): void {
  results.clear()
}

/** A VerifyFn answering from prepareSignatures' results, and with the portable check for anything not prepared. */
export const webCryptoVerify: VerifyFn = (sig, msg, pk) => {
  const r = results.get(keyOf(sig, msg, pk))
  return r ?? verifyPortable(sig, msg, pk)
}
