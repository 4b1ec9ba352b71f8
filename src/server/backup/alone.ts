/**
 * Whether a node makes blocks alone (docs/adr/0065): the local consortium, or a validator holding more than two thirds
 * of the voting power in its genesis. Such a node's ledger is nowhere else, so a backup of its keys only could never
 * get the ledger back after a restore: the CLI refuses it (unless told --keys-only-anyway) and Settings says so.
 * The genesis set is what a stopped home tells; a set changed later by governance is not read here.
 */
import type { Genesis } from '../../ledger/types/genesis'

export function makesBlocksAlone(genesis: Genesis, nodeKeyHex: string): boolean {
  if (genesis.label === 'local') return true
  let total = 0
  let mine = 0
  for (const a of genesis.agencies) {
    if (!a.validator) continue
    total += a.validator.power
    if (a.validator.publicKey.toLowerCase() === nodeKeyHex.toLowerCase()) mine += a.validator.power
  }
  return total > 0 && mine * 3 > total * 2
}
