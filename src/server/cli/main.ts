/**
 * The `daejang` command line. Human output by default, --json for scripts; on error a non-zero exit and one line
 * "error: CODE: reason" on stderr (and {"error":{code,message}} on stdout with --json).
 *
 * Start-up cost: this module and what it imports statically load at every command (`--version` too), so the heavy
 * parts (the ledger node and its store, libp2p, the HTTP server, pdf-lib) are imported inside the actions that use
 * them (`await import(…)`): the build (scripts/cli-build.mjs) makes each a chunk loaded only when its command runs.
 * test/integration/cli-build.test.ts fails when a heavy package becomes reachable from here without a dynamic import.
 */
import '../compat'
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { Command } from 'commander'
import type { AgencyDto, BlockDto, BlockSummaryDto, KeyInfoDto, RoleCredentialDto, StatusDto, SubmitResultDto, TxDto } from '../../shared/api'
import { DaejangError } from '../../shared/errors'
import { isRole, ROLES } from '../../shared/roles'
import { type ProofJson, type TrustListJson, proofFromJson, trustFromJson, verifyProof } from '../../ledger/chain/proof'
import { parseGenesis } from '../../ledger/chain/genesis'
import type { JsonValue } from '../../ledger/chain/tx'
import { toHex } from '../../ledger/codec/bytes'
import { parseInstant } from '../../ledger/codec/dates'
import { verifyNode } from '../../ledger/crypto/ed25519-node'
import { Home, initHome } from '../../ledger/node/home'
import { readCappedFile } from '../files'
import { ApiClient } from './client'
import { buildTx, nextNonce, parsePublicKey, readPassphrase, signerFor } from './keys'
import { addActCommands } from './acts'
import { addGovernanceCommands } from './governance'
import { notaryCommands } from './notary'
import { fail, kv, type OutputOptions, print, table } from './output'

type Opts = OutputOptions & Record<string, unknown>

function act(fn: (o: Opts) => Promise<void>): (o: Opts) => Promise<void> {
  return async (o) => {
    try {
      await fn(o)
    } catch (e) {
      fail(o, e)
    }
  }
}

/** JSON files given to the CLI (genesis, trust lists, proofs) are small; anything larger is refused unread. */
const MAX_JSON_FILE_BYTES = 16 << 20

function readJsonFile(path: string, what: string): unknown {
  const text = new TextDecoder().decode(readCappedFile(path, what, MAX_JSON_FILE_BYTES))
  try {
    return JSON.parse(text)
  } catch {
    throw new DaejangError('MALFORMED_JSON', `${what} ${path} is not valid JSON`)
  }
}

const time = (ms: number): string => new Date(ms).toISOString()
const home = (o: Opts): Home => new Home(o.home as string)
const client = (o: Opts): ApiClient => ApiClient.forHome(home(o))

const program = new Command()
program.name('daejang').description('Daejang (대장): registers kept by a consortium of agencies').version('0.1.0')

program
  .command('init')
  .description('create a node home: node key, agency administrator key, single-agency genesis')
  .requiredOption('--home <dir>', 'node home directory')
  .option('--chain-id <id>', 'chain id (default: daejang-<node key prefix>)')
  .option('--agency-id <id>', 'id of the founding agency', 'local-agency')
  .option('--agency-name <name>', 'name of the founding agency', 'Local agency')
  .option('--heartbeat-ms <ms>', 'empty block interval', (v) => Number(v))
  .option('--admin-passphrase-file <file>', 'encrypt the administrator key with this passphrase')
  .option('--json', 'JSON output')
  .action(
    act(async (o) => {
      const pass = o.adminPassphraseFile ? readPassphrase(o.adminPassphraseFile as string) : undefined
      const r = initHome(home(o), {
        ...(o.chainId ? { chainId: o.chainId as string } : {}),
        agencyId: o.agencyId as string,
        agencyName: o.agencyName as string,
        ...(o.heartbeatMs ? { heartbeatMs: o.heartbeatMs as number } : {}),
        ...(pass !== undefined ? { adminPassphrase: pass } : {}),
      })
      const h = home(o)
      print(
        o,
        { home: h.dir, chainId: r.genesis.chainId, nodeKey: r.nodeKey.publicKey, adminKey: r.adminKey.publicKey, agency: o.agencyId },
        () =>
          kv([
            ['home', h.dir],
            ['chain id', r.genesis.chainId],
            ['node key', r.nodeKey.publicKey],
            ['admin key', r.adminKey.publicKey],
          ]) +
          (pass === undefined
            ? '\nwarning: the administrator key is stored unencrypted (mode 0600); use --admin-passphrase-file to encrypt it'
            : '') +
          `\nStart it with: daejang start --home ${h.dir}`,
      )
    }),
  )

program
  .command('join')
  .description("create a home for an agency joining an existing consortium (writes its admission request), or for a member agency's workstation node (--workstation)")
  .requiredOption('--home <dir>', 'node home directory')
  .requiredOption('--genesis <file>', "the consortium's genesis document")
  .option('--agency-id <id>', 'id of the joining agency')
  .option('--agency-name <name>', 'name of the joining agency')
  .option('--workstation', "a workstation node of a member agency (its administrator grants the node key the workstation role)")
  .requiredOption('--listen <multiaddr>', 'where this node listens for peers, e.g. /ip4/0.0.0.0/tcp/26656')
  .option('--peer <publicKey@multiaddr>', "a consortium node to connect to (repeat)", (v: string, acc: string[]) => [...acc, v], [] as string[])
  .option('--power <n>', 'voting power to ask for (0: a member without a validator)', (v) => Number(v), 10)
  .option('--api-port <port>', 'local API port', (v) => Number(v))
  .option('--heartbeat-ms <ms>', 'empty block interval', (v) => Number(v))
  .option('--agency-out <file>', 'write the agency description (for `governance propose --admit`) here')
  .option('--json', 'JSON output')
  .action(
    act(async (o) => {
      if (!Number.isSafeInteger(o.power) || (o.power as number) < 0) throw new DaejangError('SCHEMA_INVALID', '--power: a whole number ≥ 0')
      const { joinConsortium, parsePeer } = await import('../join')
      const r = joinConsortium(home(o), {
        genesis: readJsonFile(o.genesis as string, 'genesis'),
        workstation: o.workstation === true,
        ...(o.agencyId ? { agencyId: o.agencyId as string } : {}),
        ...(o.agencyName ? { agencyName: o.agencyName as string } : {}),
        power: o.power as number,
        listen: o.listen as string,
        peers: (o.peer as string[]).map(parsePeer),
        ...(o.apiPort !== undefined ? { apiPort: o.apiPort as number } : {}),
        ...(o.heartbeatMs !== undefined ? { heartbeatMs: o.heartbeatMs as number } : {}),
      })
      if (o.agencyOut && r.agency) writeFileSync(o.agencyOut as string, JSON.stringify(r.agency, null, 2) + '\n')
      print(o, { home: home(o).dir, chainId: r.genesis.chainId, nodeKey: r.nodeKey, adminKey: r.adminKey, agency: r.agency }, () =>
        kv([
          ['home', home(o).dir],
          ['chain id', r.genesis.chainId],
          ['node key', r.nodeKey],
          ...(r.adminKey ? ([['admin key', r.adminKey]] as Array<[string, unknown]>) : []),
        ]) +
        (r.agency
          ? `\nAsk the consortium's administrators to admit the agency:\n  daejang governance propose --home <their home> --admit ${(o.agencyOut as string | undefined) ?? 'agency.json'}`
          : `\nAsk your agency's administrator to admit this workstation:\n  daejang role grant --home <their home> --subject ${r.nodeKey} --role workstation`) +
        `\nthen start this node: daejang start --home ${home(o).dir}`,
      )
    }),
  )

program
  .command('testnet')
  .description('create N node homes for a consortium on this machine (node0 … nodeN-1), ready to start')
  .requiredOption('--validators <n>', 'how many validators (one agency each, equal power)', (v) => Number(v))
  .requiredOption('--dir <dir>', 'where to create the homes')
  .option('--base-port <port>', 'first port: node i listens on base+2i (peers) and base+2i+1 (API)', (v) => Number(v), 26600)
  .option('--heartbeat-ms <ms>', 'empty block interval', (v) => Number(v), 1000)
  .option('--chain-id <id>', 'chain id')
  .option('--json', 'JSON output')
  .action(
    act(async (o) => {
      const { createTestnet } = await import('../testnet')
      const r = createTestnet({
        validators: o.validators as number,
        dir: o.dir as string,
        basePort: o.basePort as number,
        heartbeatMs: o.heartbeatMs as number,
        ...(o.chainId ? { chainId: o.chainId as string } : {}),
      })
      print(o, { chainId: r.chainId, nodes: r.nodes }, () =>
        [
          `consortium ${r.chainId}: ${r.nodes.length} validators`,
          ...r.nodes.map((n) => `  ${n.home}  api 127.0.0.1:${n.apiPort}  p2p ${n.p2p}`),
          `Start each with: daejang start --home <home>`,
        ].join('\n'),
      )
    }),
  )

program
  .command('start')
  .description('run the node with its API (and the UI) until SIGTERM/SIGINT')
  .requiredOption('--home <dir>', 'node home directory')
  .option('--port <port>', 'API port (default: from config, 0 = any free port)', (v) => Number(v))
  .option('--heartbeat-ms <ms>', 'empty block interval', (v) => Number(v))
  .option('--no-ui', 'do not serve the UI')
  .option('--ui-dir <dir>', 'serve the UI from this folder')
  .option('--allow-origin <origin...>', 'extra origins allowed to call the API')
  .option('--init-if-missing', 'create a local single-agency consortium on first run')
  .option('--open', 'open the UI in the browser')
  .option('--json', 'print the ready line as JSON')
  .action(
    act(async (o) => {
      const h = home(o)
      if (!h.exists() && o.initIfMissing) initHome(h, { label: 'local', agencyName: 'Local agency (this computer)' })
      const { runNode } = await import('../run-node')
      const running = await runNode({
        home: h.dir,
        ...(o.port !== undefined ? { port: o.port as number } : {}),
        ...(o.heartbeatMs ? { heartbeatMs: o.heartbeatMs as number } : {}),
        ...(o.ui === false ? { uiDir: null } : o.uiDir ? { uiDir: o.uiDir as string } : {}),
        ...(o.allowOrigin ? { allowedOrigins: o.allowOrigin as string[] } : {}),
      })
      const uiUrl = running.api.uiLink()
      const st = running.node.status()
      print(o, { url: running.api.url, chainId: st.chainId, height: st.height, pid: process.pid, home: h.dir }, () =>
        [
          `Daejang node running — chain ${st.chainId}, height ${st.height}`,
          `API  ${running.api.url}  (token in ${h.apiPath})`,
          o.ui === false ? '' : `UI   ${uiUrl}  (the link works once; \`daejang open\` makes a new one)`,
          'Stop with Ctrl+C.',
        ]
          .filter(Boolean)
          .join('\n'),
      )
      if (o.open) openBrowser(uiUrl)
      let stopping = false
      const stop = (): void => {
        if (stopping) return
        stopping = true
        running.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        )
      }
      process.on('SIGTERM', stop)
      process.on('SIGINT', stop)
    }),
  )

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open'
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url]
  try {
    const p = spawn(cmd, args, { stdio: 'ignore', detached: true })
    p.on('error', () => undefined)
    p.unref()
  } catch {
    // no browser here: the address is printed above
  }
}

program
  .command('open')
  .description('open the UI of a running node in the browser (a fresh one-time sign-in link)')
  .requiredOption('--home <dir>', 'node home directory')
  .option('--print', 'print the link instead of opening it')
  .option('--json', 'JSON output')
  .action(
    act(async (o) => {
      const c = client(o)
      const { code } = await c.post<{ code: string }>('/api/v1/session/code', {})
      const url = `${c.url}/#code=${code}`
      if (!o.print && !o.json) openBrowser(url)
      print(o, { url }, () => (o.print ? url : `opened ${c.url} in the browser (if there is one): ${url}`))
    }),
  )

program
  .command('status')
  .description("the node's height, last block, app hash, peers and sync state")
  .requiredOption('--home <dir>', 'node home directory')
  .option('--json', 'JSON output')
  .action(
    act(async (o) => {
      const s = await client(o).get<StatusDto>('/api/v1/status')
      print(o, s, () =>
        kv([
          ['chain', s.chainId],
          ['state', s.syncState],
          ['height', s.height],
          ['last block', `${s.lastBlockHash} at ${time(s.lastBlockTime)}`],
          ['app hash', s.appHash],
          ['round', s.round],
          ['validators', s.validators.length],
          ['peers', s.peers],
          ['pending', s.mempool.size],
        ]),
      )
    }),
  )

program
  .command('block')
  .description('a block by height')
  .requiredOption('--home <dir>', 'node home directory')
  .requiredOption('--height <h>', 'block height', (v) => Number(v))
  .option('--json', 'JSON output')
  .action(
    act(async (o) => {
      const h = o.height as number
      if (!Number.isSafeInteger(h) || h < 1) throw new DaejangError('UNKNOWN_HEIGHT', `there is no block at height ${String(o.height)}`)
      const b = await client(o).get<BlockDto>(`/api/v1/blocks/${h}`)
      print(o, b, () =>
        kv([
          ['height', b.height],
          ['hash', b.hash],
          ['time', time(b.time)],
          ['transactions', b.txCount],
          ['previous', b.prevHash],
          ['tx root', b.txRoot],
          ['app hash', b.appHash],
          ['signatures', b.commit?.sigs.length ?? 0],
        ]) + (b.txs.length ? '\n' + b.txs.join('\n') : ''),
      )
    }),
  )

program
  .command('blocks')
  .description('recent blocks')
  .requiredOption('--home <dir>', 'node home directory')
  .option('--limit <n>', 'how many', (v) => Number(v), 20)
  .option('--json', 'JSON output')
  .action(
    act(async (o) => {
      const bs = await client(o).get<BlockSummaryDto[]>(`/api/v1/blocks?limit=${o.limit as number}`)
      print(o, bs, () => table(bs.map((b) => ({ ...b, time: time(b.time) })) as never, ['height', 'hash', 'time', 'txCount']))
    }),
  )

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

/** A kept rejection in one line: the reason, and the block that decided it when the node says. */
function rejectionLine(r: NonNullable<TxDto['rejection']>): string {
  const when = r.height !== undefined && r.time !== undefined ? ` (block ${r.height}, ${new Date(r.time).toISOString()})` : ''
  return `${r.code}: ${r.message}${when}`
}

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
          ...(t.tx ? ([['type', t.tx.type], ['signer', t.tx.signer], ['nonce', t.tx.nonce], ['payload', JSON.stringify(t.tx.payload)]] as Array<[string, unknown]>) : []),
          ...(t.rejection ? ([['rejected', rejectionLine(t.rejection)]] as Array<[string, unknown]>) : []),
        ]),
      )
    }),
  )

addActCommands(tx, { act, home, readJsonFile })

const proof = program.command('proof').description('inclusion proofs')

proof
  .command('get')
  .description('the inclusion proof of a committed transaction')
  .requiredOption('--home <dir>', 'node home directory')
  .requiredOption('--hash <hash>', 'transaction hash')
  .option('--out <file>', 'write the proof here')
  .option('--json', 'JSON output')
  .action(
    act(async (o) => {
      const p = await client(o).get<ProofJson>(`/api/v1/txs/${encodeURIComponent(o.hash as string)}/proof`)
      if (o.out) writeFileSync(o.out as string, JSON.stringify(p, null, 2) + '\n')
      print(o, p, () => (o.out ? `proof of ${p.txHash} (height ${p.header.height}) → ${o.out as string}` : JSON.stringify(p, null, 2)))
    }),
  )

proof
  .command('verify')
  .description('verify a proof offline against a trust list (or the genesis of a home)')
  .requiredOption('--file <file>', 'proof JSON')
  .option('--trust <file>', 'trust list JSON (daejang trust export)')
  .option('--genesis <file>', 'genesis JSON')
  .option('--home <dir>', 'use the genesis of this home')
  .option('--json', 'JSON output')
  .action(
    act(async (o) => {
      const trust = await loadTrust(o)
      let p
      try {
        p = proofFromJson(readJsonFile(o.file as string, 'proof file'))
      } catch (e) {
        if (e instanceof DaejangError) throw e
        throw new DaejangError('PROOF_INVALID', (e as Error).message)
      }
      const r = verifyProof(p, trust, verifyNode)
      print(o, r, () =>
        [
          r.valid ? `VALID: transaction ${r.txHash} is in block ${r.height}` : 'INVALID proof',
          ...r.checks.map((c) => `  ${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`),
        ].join('\n'),
      )
      if (!r.valid) process.exitCode = 1
    }),
  )

function trustFromGenesisJson(g: unknown): unknown {
  const gen = parseGenesis(g)
  return {
    format: 'daejang-trust/1',
    chainId: gen.chainId,
    validators: gen.agencies.filter((a) => a.validator).map((a) => ({ ...a.validator!, agency: a.id })),
  }
}

/** The trust list of a home: from its running node, or else from its stopped node's store. */
async function trustOfHome(o: Opts): Promise<TrustListJson> {
  const h = home(o)
  h.requireExists()
  try {
    return await client(o).get<TrustListJson>('/api/v1/trust')
  } catch (e) {
    if (!(e instanceof DaejangError) || e.code !== 'NODE_NOT_RUNNING') throw e
    const { LedgerNode } = await import('../../ledger/node/node')
    return LedgerNode.trustListOffline(h.dataDir, h.readGenesis())
  }
}

async function loadTrust(o: Opts): Promise<ReturnType<typeof trustFromJson>> {
  try {
    if (o.trust) return trustFromJson(readJsonFile(o.trust as string, 'trust list'))
    // a genesis document alone knows only the first validator set
    if (o.genesis) return trustFromJson(trustFromGenesisJson(readJsonFile(o.genesis as string, 'genesis')))
    if (o.home) return trustFromJson(await trustOfHome(o))
  } catch (e) {
    if (e instanceof DaejangError) throw e
    throw new DaejangError('SCHEMA_INVALID', (e as Error).message)
  }
  throw new DaejangError('SCHEMA_INVALID', 'give --trust, --genesis or --home')
}

program
  .command('trust')
  .description('trust lists for offline verification')
  .command('export')
  .description("write the consortium's trust list (chain id, validator sets by height)")
  .requiredOption('--home <dir>', 'node home directory')
  .requiredOption('--out <file>', 'output file')
  .option('--json', 'JSON output')
  .action(
    act(async (o) => {
      // the sets governance made are in the chain's state, not in the genesis document
      const t = await trustOfHome(o)
      writeFileSync(o.out as string, JSON.stringify(t, null, 2) + '\n')
      print(o, t, () => `trust list → ${o.out as string}`)
    }),
  )

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

const role = program.command('role').description('role credentials (agency administrators)')

async function adminContext(o: Opts): Promise<{ h: Home; c: ApiClient; signer: ReturnType<typeof signerFor>; agency: string; chainId: string }> {
  const h = home(o)
  const c = ApiClient.forHome(h)
  const signer = signerFor(h, o.key as string, o.passphraseFile as string | undefined)
  const pk = toHex(signer.publicKey)
  let agency = o.agency as string | undefined
  if (!agency) {
    const info = await c.get<KeyInfoDto>(`/api/v1/identity/keys/${pk}`)
    agency = info.adminOf[0]
    if (!agency) throw new DaejangError('UNAUTHORIZED_ROLE', `key "${o.key as string}" administers no agency`)
  }
  return { h, c, signer, agency, chainId: h.readGenesis().chainId }
}

/** Sign a transaction with the administrator key of the context and wait until it is committed or rejected. */
async function signAndCommit(ctx: Awaited<ReturnType<typeof adminContext>>, type: string, payload: JsonValue): Promise<SubmitResultDto> {
  const nonce = await nextNonce(ctx.c, toHex(ctx.signer.publicKey))
  return ctx.c.post<SubmitResultDto>('/api/v1/txs?wait=commit', buildTx(ctx.signer, ctx.chainId, type, payload, nonce))
}

/** The options every administrator command shares. */
function adminOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--home <dir>', 'node home directory')
    .option('--agency <id>', 'issuing agency (default: the first the key administers)')
    .option('--key <name>', 'administrator key name', 'admin')
    .option('--passphrase-file <file>', 'passphrase of an encrypted key (or DAEJANG_PASSPHRASE)')
    .option('--json', 'JSON output')
}

function roleOf(o: Opts): string {
  const r = o.role as string
  if (!isRole(r)) throw new DaejangError('SCHEMA_INVALID', `unknown role "${r}"; roles: ${ROLES.join(', ')}`)
  return r
}

adminOptions(
  role
    .command('grant')
    .description('issue a role credential to a staff key')
    .requiredOption('--subject <publicKey>', "the staff key's public key (hex)")
    .requiredOption('--role <role>', `one of: ${ROLES.join(', ')}`)
    .option('--expires <date>', 'expiry (ISO date/time)')
    .option('--label <text>', "staff member's name or post"),
).action(
  act(async (o) => {
    const ctx = await adminContext(o)
    const expiresAt = o.expires ? parseInstant(o.expires as string) : null
    if (o.expires && expiresAt === null) throw new DaejangError('SCHEMA_INVALID', `expires: "${String(o.expires)}" is not a real date`)
    const payload = {
      agency: ctx.agency,
      subject: parsePublicKey(o.subject as string),
      role: roleOf(o),
      expiresAt,
      ...(o.label ? { label: o.label as string } : {}),
    }
    const r = await signAndCommit(ctx, 'identity.role.grant', payload)
    print(o, { ...r, ...payload }, () => `granted ${payload.role} (${ctx.agency}) to ${payload.subject}: ${r.hash} ${r.status}`)
  }),
)

adminOptions(
  role
    .command('revoke')
    .description('revoke a role credential')
    .requiredOption('--subject <publicKey>', "the staff key's public key (hex)")
    .requiredOption('--role <role>', 'role')
    .requiredOption('--reason <text>', 'why'),
).action(
  act(async (o) => {
    const ctx = await adminContext(o)
    const payload = { agency: ctx.agency, subject: parsePublicKey(o.subject as string), role: roleOf(o), reason: o.reason as string }
    const r = await signAndCommit(ctx, 'identity.role.revoke', payload)
    print(o, { ...r, ...payload }, () => `revoked ${payload.role} (${ctx.agency}) of ${payload.subject}: ${r.hash} ${r.status}`)
  }),
)

role
  .command('list')
  .description("role credentials: of one key (--subject) or of an agency")
  .requiredOption('--home <dir>', 'node home directory')
  .option('--subject <publicKey>', 'a key')
  .option('--agency <id>', 'an agency')
  .option('--json', 'JSON output')
  .action(
    act(async (o) => {
      const c = client(o)
      const creds = o.subject
        ? (await c.get<KeyInfoDto>(`/api/v1/identity/keys/${parsePublicKey(o.subject as string)}`)).roles
        : await c.get<RoleCredentialDto[]>(`/api/v1/identity/credentials${o.agency ? '?agency=' + encodeURIComponent(o.agency as string) : ''}`)
      print(o, creds, () =>
        table(
          creds.map((r) => ({ ...r, expires: r.expiresAt ? time(r.expiresAt) : 'never', state: r.active ? 'active' : r.revoked ? 'revoked' : 'expired' })),
          ['role', 'agency', 'subject', 'expires', 'state'],
        ),
      )
    }),
  )

program
  .command('chain')
  .description('the local chain')
  .command('verify')
  .description('replay and check the whole stored chain (stop the node first)')
  .requiredOption('--home <dir>', 'node home directory')
  .option('--json', 'JSON output')
  .action(
    act(async (o) => {
      const h = home(o)
      const { auditChain } = await import('../../ledger/node/audit')
      const r = await auditChain(h.dataDir, h.readGenesis())
      print(o, r, () =>
        r.ok
          ? `chain OK: ${r.height} blocks replayed, app hash ${r.appHash}`
          : `chain INVALID:\n${r.problems.map((p) => '  ' + p).join('\n')}`,
      )
      if (!r.ok) process.exitCode = 1
    }),
  )

program
  .command('agencies')
  .description('agencies of the consortium')
  .requiredOption('--home <dir>', 'node home directory')
  .option('--json', 'JSON output')
  .action(
    act(async (o) => {
      const as = await client(o).get<AgencyDto[]>('/api/v1/identity/agencies')
      print(o, as, () => table(as.map((a) => ({ ...a, power: a.validator?.power ?? 0, admins: a.admins.length })), ['id', 'name', 'power', 'admins']))
    }),
  )

addGovernanceCommands(program, {
  act,
  adminOptions,
  signAndCommit: async (o, type, payload) => signAndCommit(await adminContext(o), type, payload),
  client,
  readJsonFile,
})
notaryCommands(program, { act, home, loadTrust })

program.parseAsync(process.argv).catch((e) => fail({}, e))
