/** `daejang init | join | testnet | start | open | status`: making, running and opening a node. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import type { StatusDto } from '../../shared/api'
import { DaejangError } from '../../shared/errors'
import { initHome } from '../../ledger/node/home'
import { act, client, home, openBrowser, readJsonFile, time } from './context'
import { readPassphrase } from './keys'
import { exitOnSignals, startFlags } from './start-options'
import { fillWords, words } from './admission-words'
import { kv, print } from './output'

export function addNodeCommands(program: Command): void {
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
        const w = words()
        const request = join(home(o).dir, 'admission-request.json')
        print(o, { home: home(o).dir, chainId: r.genesis.chainId, nodeKey: r.nodeKey, adminKey: r.adminKey, agency: r.agency, request }, () =>
          kv([
            [w.home, home(o).dir],
            [w.request, fillWords(w.requestWhat, { file: request })],
            [w.chainId, r.genesis.chainId],
            [w.nodeKey, r.nodeKey],
            ...(r.adminKey ? ([[w.adminKey, r.adminKey]] as Array<[string, unknown]>) : []),
          ]) +
          '\n' +
          fillWords(r.agency ? w.joinAgency : w.joinWorkstation, { file: request, key: r.nodeKey }) +
          '\n' +
          fillWords(w.joinStart, { home: home(o).dir }),
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
    .option('--setup', "on an empty home, serve the app's first-run choice (try alone, create, join, workstation) and run the node it makes (docs/adr/0063)")
    .option('--ballot-box <host:port>', 'also serve the ballot box endpoint for voters here (docs/voting-ballot-box.md; off by default)')
    .option('--open', 'open the UI in the browser')
    .option('--json', 'print the ready line as JSON')
    .action(
      act(async (o) => {
        const h = home(o)
        if (!h.exists() && o.setup) {
          const { startSetup } = await import('../setup/start-setup')
          await startSetup(h, o)
          return
        }
        if (!h.exists() && o.initIfMissing) initHome(h, { label: 'local', agencyName: 'Local agency (this computer)' })
        const { runNode } = await import('../run-node')
        const running = await runNode({ home: h.dir, ...startFlags(o) })
        // the signals are taken before the ready line is printed: whoever reads that line may stop the node at once
        exitOnSignals(() => running.stop())
        const uiUrl = running.api.uiLink()
        const st = running.node.status()
        const box = running.ballotBox ? { ballotBox: running.ballotBox.url } : {}
        print(o, { url: running.api.url, chainId: st.chainId, height: st.height, pid: process.pid, home: h.dir, ...box }, () =>
          [
            `Daejang node running — chain ${st.chainId}, height ${st.height}`,
            `API  ${running.api.url}  (token in ${h.apiPath})`,
            o.ui === false ? '' : `UI   ${uiUrl}  (the link works once; \`daejang open\` makes a new one)`,
            running.ballotBox ? `Ballot box  ${running.ballotBox.url}  (for voters: put it behind TLS, docs/voting-ballot-box.md)` : '',
            'Stop with Ctrl+C.',
          ]
            .filter(Boolean)
            .join('\n'),
        )
        if (o.open) openBrowser(uiUrl)
      }),
    )

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
    .description("the node's height, last block, app hash, peers, sync state and state history (pruning)")
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
            [
              'state history',
              s.state.keepRecent === null
                ? `every height kept, provable from block ${s.state.oldestProvableHeight}`
                : `last ${s.state.keepRecent} heights kept, provable from block ${s.state.oldestProvableHeight}`,
            ],
          ]),
        )
      }),
    )
}
