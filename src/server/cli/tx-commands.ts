/** `daejang tx submit | show | sign`: transactions of any registry, signed with a key of the home. */
import type { Command } from 'commander'
import type { SubmitResultDto, TxDto } from '../../shared/api'
import { DaejangError } from '../../shared/errors'
import { txTypeTable } from '../../ledger/registries'
import { makeCatalogue } from '../../ledger/registries/catalogue'
import type { Registry } from '../../ledger/registries/types'
import { act, client, home, type Opts, readJsonFile } from './context'
import { addActCommands } from './acts'
import { kv, print } from './output'

/** A kept rejection in one line: the code and its sentence, the node's reason, and the block that decided it. */
function rejectionLine(r: NonNullable<TxDto['rejection']>, sentence: string): string {
  const when = r.height !== undefined && r.time !== undefined ? ` (block ${r.height}, ${new Date(r.time).toISOString()})` : ''
  return `${r.code}: ${sentence} ${r.message}${when}`
}

export function addTxCommands(program: Command, registries: readonly Registry[]): void {
  const catalogue = makeCatalogue(registries)
  const types = txTypeTable(registries)
  const tx = program.command('tx').description('transactions')

  tx.command('submit')
    .description('submit a signed transaction or a fully signed act (the JSON form of the API)')
    .argument('[file]', 'the transaction or act file (or --file)')
    .requiredOption('--home <dir>', 'node home directory')
    .option('--file <file>', 'signed transaction JSON (or an array of them: submitted as one batch)')
    .option('--wait', 'wait until it is committed or rejected')
    .option('--json', 'JSON output')
    .action((file: string | undefined, opts: Opts) =>
      act(async (o) => {
        const path = (o.file as string | undefined) ?? file
        if (!path) throw new DaejangError('SCHEMA_INVALID', 'give the transaction file (tx submit FILE, or --file FILE)')
        const body = readJsonFile(path, 'transaction file')
        if (Array.isArray(body)) {
          // a file holding an array: one batch request, one result per transaction
          const r = await client(o).post<{ results: Array<{ hash?: string; status?: string; error?: { code: string; message: string } }> }>(
            '/api/v1/txs/batch',
            { txs: body },
          )
          const failed = r.results.filter((x) => x.error).length
          print(o, r, () => r.results.map((x) => (x.error ? `error ${x.error.code}: ${x.error.message}` : `${x.hash} ${x.status}`)).join('\n'))
          if (failed > 0) process.exitCode = 1
          return
        }
        const r = await client(o).post<SubmitResultDto>(`/api/v1/txs${o.wait ? '?wait=commit' : ''}`, body)
        print(o, r, () => `${r.hash} ${r.status}${r.height ? ' at height ' + r.height : ''}`)
      })(opts),
    )

  tx.command('show')
    .description('a transaction by hash')
    .requiredOption('--home <dir>', 'node home directory')
    .requiredOption('--hash <hash>', 'transaction hash')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const t = await client(o).get<TxDto>(`/api/v1/txs/${encodeURIComponent(o.hash as string)}`)
        print(o, t, () =>
          kv([
            ['hash', t.hash],
            ['status', t.status],
            ...(t.height ? ([['height', `${t.height} (index ${t.index})`]] as Array<[string, unknown]>) : []),
            ...(t.tx
              ? ([
                  ['type', `${t.tx.type} (${catalogue.txTypeWords(t.tx.type, 'en')})`],
                  ['what', catalogue.describeTx(t.tx.type, t.tx.payload, 'en')],
                  ['signer', t.tx.signer],
                  ...(t.tx.cosigners ? ([['co-signers', t.tx.cosigners.map((c) => c.key).join(', ')]] as Array<[string, unknown]>) : []),
                  ['nonce', t.tx.nonce],
                  ['payload', JSON.stringify(t.tx.payload)],
                ] as Array<[string, unknown]>)
              : []),
            ...(t.rejection
              ? ([['rejected', rejectionLine(t.rejection, catalogue.errorSentence(t.rejection.code, 'en'))]] as Array<[string, unknown]>)
              : []),
          ]),
        )
      }),
    )

  // `tx sign` (a transaction or an act several parties sign), `tx cosign`: acts.ts, any registry's type checked first
  addActCommands(tx, {
    act,
    home,
    readJsonFile,
    types,
    typeWords: (type) => catalogue.txTypeWords(type, 'en'),
    describe: (type, payload) => catalogue.describeTx(type, payload, 'en'),
  })
}
