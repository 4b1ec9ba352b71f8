/**
 * The credential authority's work (docs/adr/0048, Belenios "Credentials"), for the app and the CLI alike: private
 * credentials generated, their public credentials (points, with the election's uuid) sorted and cut into parts of at
 * most VOTING_LIMITS.credentialsPerPart for `voting.credentials.publish`, and the seal (`voting.credentials.seal`): the
 * count and the SHA-256 of the `public_credentials` text (the JSON list, compact). The private credentials never go
 * to the node: they are saved to a file (`daejang-private-credentials/1`) for the letters. Any group backend.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import type { Group } from './belenios/group'
import { generateCredential, parseCredential, publicCredential } from './belenios/credential'
import { VOTING_LIMITS } from './schema'

export const PRIVATE_CREDENTIALS_FORMAT = 'daejang-private-credentials/1'

export interface Generated {
  /** private credentials, in the order of the voter list (voter 1, 2, …) */
  privates: string[]
  /** their public credentials, sorted (the order of the ledger's list) */
  publics: string[]
}

/**
 * Generates `count` credentials in slices, calling `progress(done)` between them and yielding to the event loop
 * (the portable arithmetic is slow for large counts); stops when `cancelled()` says so (null then).
 */
export async function generateCredentialsWith<P>(
  G: Group<P>,
  uuid: string,
  count: number,
  progress: (done: number) => void,
  cancelled: () => boolean = () => false,
  slice = 50,
): Promise<Generated | null> {
  const privates: string[] = []
  const publics: string[] = []
  const seen = new Set<string>()
  while (privates.length < count) {
    if (cancelled()) return null
    const end = Math.min(count, privates.length + slice)
    while (privates.length < end) {
      const c = generateCredential()
      const p = publicCredential(G, uuid, c)
      // a repeated public credential is astronomically unlikely; drawn again rather than published twice
      if (seen.has(p)) continue
      seen.add(p)
      privates.push(c)
      publics.push(p)
    }
    progress(privates.length)
    await new Promise((r) => setTimeout(r, 0))
  }
  return { privates, publics: [...publics].sort() }
}

/**
 * Public credentials a part holds under the consortium's largest transaction (genesis `maxTxBytes`): at most
 * VOTING_LIMITS.credentialsPerPart, and as many as fit with room for the rest of the transaction (a credential is
 * 64 hexadecimal characters and its encoding's few bytes: 70 counted; 2 KiB for the signer, signature and fields).
 * 64 KiB (the default) gives 906 a part; the same genesis always cuts the same parts (publication is resumable).
 */
export function partSize(maxTxBytes: number): number {
  return Math.max(1, Math.min(VOTING_LIMITS.credentialsPerPart, Math.floor((maxTxBytes - 2048) / 70)))
}

/** the largest transaction of a consortium whose genesis does not say (ledger/types/genesis.ts's default) */
export const DEFAULT_MAX_TX_BYTES = 64 * 1024

/** The sorted public list cut into the parts the ledger takes (by default, parts that fit the default consortium's transactions). */
export function parts(publics: readonly string[], size: number = partSize(DEFAULT_MAX_TX_BYTES)): string[][] {
  const out: string[][] = []
  for (let i = 0; i < publics.length; i += size) out.push(publics.slice(i, i + size))
  return out
}

/** The seal: the count and the SHA-256 of the `public_credentials` text. */
export function seal(publics: readonly string[]): { count: number; hash: string } {
  return { count: publics.length, hash: bytesToHex(sha256(utf8ToBytes(`[${publics.map((p) => `"${p}"`).join(',')}]`))) }
}

/** The private credentials' file for the letters (JSON): voter 1's credential first. Never sent to the node. */
export function privateFileText(uuid: string, privates: readonly string[]): string {
  return `${JSON.stringify({ format: PRIVATE_CREDENTIALS_FORMAT, election: uuid, credentials: privates }, null, 1)}\n`
}

/** A private credentials file read back: its election and credentials, or null when it is not one (or a credential is malformed). */
export function readPrivateFile(text: string): { election: string; credentials: string[] } | null {
  let j: unknown
  try {
    j = JSON.parse(text)
  } catch {
    return null
  }
  if (j === null || typeof j !== 'object') return null
  const o = j as Record<string, unknown>
  if (o.format !== PRIVATE_CREDENTIALS_FORMAT || typeof o.election !== 'string' || !Array.isArray(o.credentials) || o.credentials.length === 0) return null
  if (o.credentials.length > VOTING_LIMITS.voters) return null
  const credentials: string[] = []
  for (const c of o.credentials) {
    const p = parseCredential(c)
    if (p === null || p !== c) return null
    credentials.push(p)
  }
  return { election: o.election, credentials }
}
