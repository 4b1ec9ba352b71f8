/**
 * `daejang light sync | notary-record`: a light workstation (docs/adr/0029) keeps the headers and commits of its
 * agency's full node, each checked against the validator sets it tracks, and reads records with state proofs checked
 * against them. Its home holds its own LevelDB (`light/`) and the full node's API token (`node-token`).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { DaejangError } from '../../shared/errors'
import { verifyNode } from '../../ledger/crypto/ed25519-node'
import type { LightClient } from '../../ledger/light/client'
import { lightWords } from '../../ledger/light/words'
import { act, type Opts } from './context'
import { loadTrust } from './proof-commands'
import { print } from './output'
import { cliLang } from './lang'

/** Light words in the CLI's language. */
const inLang = (w: Record<'ko' | 'en', string>): string => w[cliLang()]

const tokenPath = (dir: string): string => join(dir, 'node-token')

/**
 * The full node's API token from --token-file: the token itself, or the node home's `api.json` (where a running node
 * writes it). Anything else is refused here, so a wrong file is never reported as "the node is not running".
 */
export function readNodeToken(file: string): string {
  const text = readFileSync(file, 'utf8').trim()
  let token: unknown = text
  if (text.startsWith('{')) {
    try {
      token = (JSON.parse(text) as { token?: unknown }).token
    } catch {
      token = undefined
    }
  }
  if (typeof token !== 'string' || !/^[\x21-\x7e]{1,512}$/.test(token)) {
    throw new DaejangError('SCHEMA_INVALID', `${file} holds no API token: give the token itself, or the full node's api.json (in its home while it runs)`)
  }
  return token
}

/** Open the light home: its store, its anchor (a trust list on first use) and a source for its full node. */
async function openLight(o: Opts, firstUse: boolean): Promise<LightClient> {
  const dir = o.home as string
  if (!firstUse && !existsSync(join(dir, 'light'))) {
    throw new DaejangError('LIGHT_NOT_SYNCED', `${dir} is not a light workstation's home yet; run \`daejang light sync --node URL --trust FILE --home ${dir}\``)
  }
  mkdirSync(dir, { recursive: true })
  if (o.tokenFile) {
    writeFileSync(tokenPath(dir), readNodeToken(o.tokenFile as string), { mode: 0o600 })
    chmodSync(tokenPath(dir), 0o600)
  }
  const token = process.env.DAEJANG_NODE_TOKEN ?? (existsSync(tokenPath(dir)) ? readFileSync(tokenPath(dir), 'utf8').trim() : '')
  // LevelDB and the light client load with the command that uses them, not at every CLI start
  const [{ LightStore }, { LightClient }, { HttpLightSource }] = await Promise.all([
    import('../../ledger/light/store'),
    import('../../ledger/light/client'),
    import('../light-source'),
  ])
  const store = new LightStore(join(dir, 'light'))
  await store.open()
  try {
    let meta = await store.meta()
    const node = (o.node as string | undefined) ?? meta?.node
    if (!node) throw new DaejangError('SCHEMA_INVALID', 'give the full node to follow with --node URL')
    if (!meta) {
      if (!o.trust && !o.genesis) {
        throw new DaejangError('SCHEMA_INVALID', "a new light workstation starts from the consortium's trust list: give --trust FILE (or --genesis FILE)")
      }
      meta = await LightClient.anchor(store, await loadTrust({ trust: o.trust, genesis: o.genesis }), node)
    } else if (node !== meta.node) {
      meta = { ...meta, node }
      await store.setNode(meta)
    }
    return new LightClient(store, new HttpLightSource(node, token), meta, verifyNode)
  } catch (e) {
    await store.close()
    throw e
  }
}

export function addLightCommands(program: Command): void {
  const light = program
    .command('light')
    .description("a light workstation: headers and commits of the agency's full node, records read with proofs (adr/0029)")

  light
    .command('sync')
    .description("verify and keep the headers and commits of the full node, up to its head")
    .requiredOption('--home <dir>', "the light workstation's home")
    .option('--node <url>', "the full node's API address (kept in the home)")
    .option('--token-file <file>', "the full node's API token, or its home's api.json (kept in the home; or DAEJANG_NODE_TOKEN)")
    .option('--trust <file>', "the consortium's trust list, to start from (first sync)")
    .option('--genesis <file>', 'the genesis document, to start from (first sync; knows only the first validator set)')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const c = await openLight(o, true)
        try {
          const r = await c.sync()
          print(o, { chainId: c.meta.chainId, node: c.meta.node, ...r, sets: c.store.knownSets().length }, () =>
            [
              inLang(lightWords.synced(r.head, r.verified, r.headTime)),
              ...(r.setChanges > 0 ? [inLang(lightWords.setChanges(r.setChanges))] : []),
              ...(r.nodeHead > r.head ? [inLang(lightWords.behind(r.head, r.nodeHead))] : []),
            ].join('\n'),
          )
        } finally {
          await c.store.close()
        }
      }),
    )

  light
    .command('notary-record')
    .description('a notary record and its status as of the latest block: headers synced, then read with state proofs checked against a verified header')
    .argument('<number>', 'the record number')
    .requiredOption('--home <dir>', "the light workstation's home")
    .option('--json', 'JSON output')
    .action((number: string, o: Opts) =>
      act(async (opts) => {
        const c = await openLight(opts, false)
        try {
          // as of the latest block the full node has: its new headers are verified first
          await c.sync()
          const { provenNotaryRecord } = await import('../../ledger/light/notary')
          const r = await provenNotaryRecord(c, number)
          print(opts, { ...r, proven: true }, () =>
            inLang(
              r.record
                ? lightWords.record(number, r.status ?? 'issued', r.asOf.height, r.asOf.time)
                : lightWords.noRecord(number, r.asOf.height, r.asOf.time),
            ),
          )
        } finally {
          await c.store.close()
        }
      })(o),
    )
}
