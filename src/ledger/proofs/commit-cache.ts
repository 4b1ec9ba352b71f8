/**
 * A bounded cache of commit checks, for a verifier that checks many proofs of the same block: the Ed25519 check of
 * each signer dominates a certified proof's cost (a state proof alone is ~30× cheaper than the 3 signatures of a
 * 4-validator commit with the portable code), and a bundle's or a register's proofs mostly share their block.
 *
 * What a hit may answer is exactly what verifyCommit would: the key is a SHA-256 over an injective (canonical CBOR)
 * encoding of everything verifyCommit reads — the chain id, the height and block hash asked for, the commit's height,
 * round, block hash and every signature entry in order, and the validator set with its powers in order — and the cache
 * is per signature-verifying function (a test's or a caller's own function never shares answers with another). A
 * commit that differs in a single byte of anything checked (another signature, an extra entry, another set, another
 * header, which changes the block hash) is another key and is checked in full. Answers are frozen copies.
 * Portable: no Node imports.
 */
import { toHex } from '../codec/bytes'
import { encodeCanonical } from '../codec/canonical'
import type { VerifyFn } from '../crypto/ed25519'
import { sha256 } from '../crypto/sha256'
import { type Commit, type CommitCheck, type Validator, verifyCommit } from '../types/block'

/** entries kept per verifying function (an entry is a 64-character key and a small frozen object) */
export const COMMIT_CACHE_MAX = 1024

let caches = new WeakMap<VerifyFn, Map<string, Readonly<CommitCheck>>>()

function keyOf(chainId: string, vals: readonly Validator[], commit: Commit, hash: Uint8Array, height: number): string | null {
  try {
    return toHex(
      sha256(
        encodeCanonical([
          'daejang-commit-check/1',
          chainId,
          height,
          hash,
          commit.height,
          commit.round,
          commit.blockHash,
          commit.sigs.map((s) => [s.validator, s.sig]),
          vals.map((v) => [v.publicKey, v.power]),
        ]),
      ),
    )
  } catch {
    return null // something canonical CBOR cannot hold: not cached, checked in full
  }
}

/** verifyCommit (types/block.ts), answered from the cache when the very same check was made before with `verify`. */
export function verifyCommitCached(
  chainId: string,
  vals: readonly Validator[],
  commit: Commit,
  hash: Uint8Array,
  height: number,
  verify: VerifyFn,
): CommitCheck {
  const key = keyOf(chainId, vals, commit, hash, height)
  if (key === null) return verifyCommit(chainId, vals, commit, hash, height, verify)
  let cache = caches.get(verify)
  if (!cache) {
    cache = new Map()
    caches.set(verify, cache)
  }
  const hit = cache.get(key)
  if (hit) {
    // most recently used last: the oldest entry is the one dropped
    cache.delete(key)
    cache.set(key, hit)
    return { ...hit }
  }
  const r = verifyCommit(chainId, vals, commit, hash, height, verify)
  if (cache.size >= COMMIT_CACHE_MAX) cache.delete(cache.keys().next().value as string)
  cache.set(key, Object.freeze({ ...r }))
  return r
}

/** Forget every cached check (benchmarks measure the first proof of a block with it; tests start clean). */
export function clearCommitCache(verify?: VerifyFn): void {
  if (verify) caches.delete(verify)
  else caches = new WeakMap()
}
