/** The registries' commands (registries/<domain>/cli.ts), mounted from the registry list with the CLI's host. */
import type { Command } from 'commander'
import { makeCatalogue } from '../../ledger/registries/catalogue'
import type { Registry } from '../../ledger/registries/types'
import { cliHost } from './context'

export function addRegistryCommands(program: Command, registries: readonly Registry[]): void {
  const host = cliHost(program, makeCatalogue(registries))
  for (const r of registries) r.cli?.(host)
}
