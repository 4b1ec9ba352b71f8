/**
 * The `daejang` command tree: the core's commands (node, chain, transactions, proofs, keys, verify) and every
 * registry's, assembled from the registry list (`verify` takes the verifiers the registries declare). Built by a
 * function so that a test can build it from another list.
 */
import { Command } from 'commander'
import { REGISTRIES } from '../../ledger/registries'
import type { Registry } from '../../ledger/registries/types'
import { addChainCommands } from './chain-commands'
import { addKeyCommands } from './key-commands'
import { addLightCommands } from './light-commands'
import { addNodeCommands } from './node-commands'
import { addProofCommands } from './proof-commands'
import { addRegistryCommands } from './registry-commands'
import { addStateCommands } from './state-commands'
import { addTxCommands } from './tx-commands'
import { addTrustCommands } from './trust-commands'
import { addVerifyCommand } from './verify-command'
import { verifiersOf } from '../../ledger/verify/verifiers'

export function buildProgram(registries: readonly Registry[] = REGISTRIES): Command {
  const program = new Command()
  program.name('daejang').description('Daejang (대장): registers kept by a consortium of agencies').version('0.1.0')
  addNodeCommands(program)
  addChainCommands(program)
  addTxCommands(program, registries)
  addProofCommands(program)
  addStateCommands(program)
  addTrustCommands(program)
  addKeyCommands(program)
  addVerifyCommand(program, verifiersOf(registries))
  addLightCommands(program)
  addRegistryCommands(program, registries)
  return program
}
