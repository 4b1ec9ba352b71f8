/**
 * The credential authority's work in the app (docs/adr/0048): the portable module shared with the CLI
 * (registries/voting/portable/credential-list.ts), with the portable group. Pure (but for the randomness).
 */
import { portableGroup as G } from '../../../ledger/registries/voting/portable/belenios/group'
import { generateCredentialsWith, type Generated } from '../../../ledger/registries/voting/portable/credential-list'

export { parts, seal, privateFileText, type Generated } from '../../../ledger/registries/voting/portable/credential-list'

/** `count` credentials for election `uuid` in slices, with progress and cancellation (credential-list.ts). */
export function generateCredentials(uuid: string, count: number, progress: (done: number) => void, cancelled: () => boolean = () => false, slice = 50): Promise<Generated | null> {
  return generateCredentialsWith(G, uuid, count, progress, cancelled, slice)
}
