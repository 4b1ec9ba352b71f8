/**
 * The `daejang` command tree: the core's commands (node, chain, transactions, proofs, keys) and every registry's,
 * assembled from the registry list. Built by a function so that a test can build it from another list.
 */
import { Command } from 'commander'
import { REGISTRIES } from '../../ledger/registries'
import type { Registry } from '../../ledger/registries/types'
import { addChainCommands } from './chain-commands'
import { act, home } from './context'
import { addKeyCommands } from './key-commands'
import { addNodeCommands } from './node-commands'
import { notaryCommands } from './notary'
import { addProofCommands, loadTrust } from './proof-commands'
import { addRegistryCommands } from './registry-commands'
import { addTxCommands } from './tx-commands'

export function buildProgram(registries: readonly Registry[] = REGISTRIES): Command {
  const program = new Command()
  program.name('daejang').description('Daejang (대장): registers kept by a consortium of agencies').version('0.1.0')
  addNodeCommands(program)
  addChainCommands(program)
  addTxCommands(program, registries)
  addProofCommands(program)
  addKeyCommands(program)
  addRegistryCommands(program, registries)
  // (the notary's commands still live in server/cli; they move into registries/notary/cli.ts like the others')
  notaryCommands(program, { act, home, loadTrust })
  return program
}
