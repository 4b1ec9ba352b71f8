/**
 * The `daejang` command tree: the core's commands (node, chain, transactions, proofs, keys, verify) and every
 * registry's, assembled from the registry list (`verify` takes the verifiers the registries declare). Built by a
 * function so that a test can build it from another list.
 */
import { Command } from 'commander'
import { REGISTRIES } from '../../ledger/registries'
import type { Registry } from '../../ledger/registries/types'
import { addActivityCommand } from './activity-command'
import { addAdmissionCommands } from './admission-commands'
import { addChainCommands } from './chain-commands'
import { addBundleCommands } from './bundle-commands'
import { addBackupCommands } from './backup-commands'
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
import { parseLang, setCliLang } from './lang'
import { type OutputOptions, fail, setErrorCatalogue } from './output'
import { makeCatalogue } from '../../ledger/registries/catalogue'

const LANG_HELP = 'language of messages: ko or en (default: from LC_ALL, LC_MESSAGES or LANG — Korean when it starts with "ko")'

/** Every command that runs something takes --lang (a command with its own --lang, the certificate's language, keeps it: it sets both). */
function addLangOption(cmd: Command): void {
  for (const c of cmd.commands) addLangOption(c)
  if (cmd.commands.length === 0 && !cmd.options.some((o) => o.long === '--lang')) cmd.option('--lang <lang>', LANG_HELP)
}

export function buildProgram(registries: readonly Registry[] = REGISTRIES): Command {
  setCliLang(null)
  const program = new Command()
  program.name('daejang').description('Daejang (대장): registers kept by a consortium of agencies').version('0.1.0')
  addNodeCommands(program)
  addChainCommands(program)
  addBundleCommands(program)
  addBackupCommands(program)
  addTxCommands(program, registries)
  addProofCommands(program)
  addStateCommands(program)
  addTrustCommands(program)
  addKeyCommands(program)
  addVerifyCommand(program, verifiersOf(registries))
  addLightCommands(program)
  addRegistryCommands(program, registries)
  const catalogue = makeCatalogue(registries)
  addActivityCommand(program, catalogue)
  addAdmissionCommands(program)
  addLangOption(program)
  setErrorCatalogue(catalogue)
  program.hook('preAction', (_root, action) => {
    // only a --lang given on the command line: a command's default (the certificate's "ko") is not the user's choice
    // a bad --lang is refused as any error of the command (with --json, as the one JSON error object on stdout)
    try {
      setCliLang(action.getOptionValueSource('lang') === 'cli' ? parseLang(action.opts().lang) : null)
    } catch (e) {
      fail(action.opts() as OutputOptions, e)
    }
  })
  return program
}
