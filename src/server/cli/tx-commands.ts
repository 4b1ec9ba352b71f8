/** `daejang tx submit | show | sign`: transactions of any registry, signed with a key of the home. */
import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import type { SubmitResultDto, TxDto } from '../../shared/api'
import { DaejangError } from '../../shared/errors'
import { toHex } from '../../ledger/codec/bytes'
import type { JsonValue } from '../../ledger/chain/tx'
import { txTypeTable } from '../../ledger/registries'
import { makeCatalogue } from '../../ledger/registries/catalogue'
import type { Registry } from '../../ledger/registries/types'
import { act, client, home, readJsonFile } from './context'
import { ApiClient } from './client'
import { buildTx, nextNonce, signerFor } from './keys'
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
    .description('submit a signed transaction (the JSON form of the API)')
    .requiredOption('--home <dir>', 'node home directory')
    .requiredOption('--file <file>', 'signed transaction JSON (or an array of them: submitted as one batch)')
    .option('--wait', 'wait until it is committed or rejected')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const body = readJsonFile(o.file as string, 'transaction file')
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
      }),
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

  tx.command('sign')
    .description('sign a transaction with a key of this home (prints or writes its JSON form)')
    .requiredOption('--home <dir>', 'node home directory')
    .requiredOption('--type <type>', `transaction type: ${[...types.keys()].join(', ')}`)
    .option('--key <name>', 'key name in the home', 'admin')
    .option('--payload <json>', 'payload as JSON')
    .option('--payload-file <file>', 'payload JSON file')
    .option('--nonce <n>', 'nonce (default: above the last committed, from the clock)', (v) => Number(v))
    .option('--passphrase-file <file>', 'passphrase of an encrypted key (or DAEJANG_PASSPHRASE)')
    .option('--out <file>', 'write the signed transaction here')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const h = home(o)
        const payload = o.payloadFile
          ? readJsonFile(o.payloadFile as string, 'payload file')
          : o.payload !== undefined
            ? JSON.parse(o.payload as string)
            : {}
        // any registry's type, its payload checked by the type's schema before anything is signed
        const def = types.get(o.type as string)
        if (!def) throw new DaejangError('UNKNOWN_TYPE', `no registry of this build has a transaction type "${o.type as string}"`)
        const parsed = def.schema.safeParse(payload)
        if (!parsed.success) {
          const i = parsed.error.issues[0]
          throw new DaejangError('BAD_PAYLOAD', `${o.type as string}: ${i?.path.join('.') || 'payload'}: ${i?.message ?? 'invalid'}`)
        }
        const signer = signerFor(h, o.key as string, o.passphraseFile as string | undefined)
        let c: ApiClient | null = null
        try {
          c = ApiClient.forHome(h)
        } catch {
          c = null
        }
        const pk = toHex(signer.publicKey)
        const nonce = (o.nonce as number | undefined) ?? (await nextNonce(c, pk).catch(() => Date.now()))
        const t = buildTx(signer, h.readGenesis().chainId, o.type as string, payload as JsonValue, nonce)
        if (o.out) writeFileSync(o.out as string, JSON.stringify(t, null, 2) + '\n')
        print(o, t, () => (o.out ? `signed ${t.type} with nonce ${t.nonce} → ${o.out as string}` : JSON.stringify(t, null, 2)))
      }),
    )
}
