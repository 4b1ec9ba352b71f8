/** `daejang keys create | list`: keys kept in the home. */
import type { Command } from 'commander'
import { act, home } from './context'
import { readPassphrase } from './keys'
import { print, table } from './output'

export function addKeyCommands(program: Command): void {
  const keys = program.command('keys').description('keys of this home')

  keys
    .command('create')
    .description('create a key (encrypted when a passphrase is given)')
    .requiredOption('--home <dir>', 'node home directory')
    .requiredOption('--name <name>', 'key name')
    .option('--passphrase-file <file>', 'passphrase file (or DAEJANG_PASSPHRASE)')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const h = home(o)
        h.requireExists()
        const k = h.createKey(o.name as string, readPassphrase(o.passphraseFile as string | undefined))
        const out = { name: k.name, publicKey: k.publicKey, encrypted: k.secret.kind !== 'plain' }
        print(o, out, () => `${k.name}  ${k.publicKey}${out.encrypted ? '  (encrypted)' : ''}`)
      }),
    )

  keys
    .command('list')
    .description('keys in this home')
    .requiredOption('--home <dir>', 'node home directory')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const ks = home(o)
          .listKeys()
          .map((k) => ({ name: k.name, publicKey: k.publicKey, encrypted: k.secret.kind !== 'plain', createdAt: k.createdAt }))
        print(o, ks, () => table(ks, ['name', 'publicKey', 'encrypted']))
      }),
    )
}
