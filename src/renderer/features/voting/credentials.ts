/**
 * The credential authority's work in the app (docs/adr/0048, Belenios "Credentials"): private credentials generated
 * here, their public credentials (points, with the election's uuid) sorted and cut into parts of at most
 * VOTING_LIMITS.credentialsPerPart for `voting.credentials.publish`, and the seal (`voting.credentials.seal`): the
 * count and the SHA-256 of the `public_credentials` text (the JSON list, compact). The private credentials never go
 * to the node: they are saved to a file for the letters. Pure (but for the randomness): tested without a browser.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { portableGroup as G } from '../../../ledger/registries/voting/portable/belenios/group'
import { generateCredential, publicCredential } from '../../../ledger/registries/voting/portable/belenios/credential'
import { VOTING_LIMITS } from '../../../ledger/registries/voting/portable/schema'

export interface Generated {
  /** private credentials, in the order of the voter list (voter 1, 2, …) */
  privates: string[]
  /** their public credentials, sorted (the order of the ledger's list) */
  publics: string[]
}

/**
 * Generates `count` credentials in slices, calling `progress(done)` between them and yielding to the page (the
 * arithmetic is slow for large counts); stops when `cancelled()` says so (null then).
 */
export async function generateCredentials(
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

/** The sorted public list cut into the parts the ledger takes. */
export function parts(publics: readonly string[], size: number = VOTING_LIMITS.credentialsPerPart): string[][] {
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
  return `${JSON.stringify({ format: 'daejang-private-credentials/1', election: uuid, credentials: privates }, null, 1)}\n`
}
