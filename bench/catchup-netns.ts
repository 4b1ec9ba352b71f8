/**
 * Catch-up over a real network (issue 15 ## Speed, docs/adr/0053): a node 100,000 transactions behind catches up by
 * block sync from 3 peers, then from 1, as real `daejang start` processes in network namespaces
 * (test/integration/netns.ts), each peer's link shaped with tc (default 20 Mbit/s; a delay too where the kernel has
 * netem) and then unshaped. Prints a table: time, transactions a second, CPU seconds and peak memory of the
 * catching-up process, and how many peers served it (its activity log's catch-up record).
 *
 * The chain is made once, in this process (netns-chain.ts: role grants in blocks of --block, each committed by the
 * validator), into a one-validator testnet's home and copied to two follower homes; the validator runs (heartbeat
 * 1 s: its votes tell the new node how far behind it is), the followers serve blocks as it does. The catching node
 * starts each run with an empty store; the time runs from its API answering to its height reaching the made chain's.
 *
 * Needs root (network namespaces). Usage: npx tsx bench/catchup-netns.ts [--txs 100000 --block 50 --mbit 20
 * --delay-ms 20 --runs shaped,unshaped --peers 3,1]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { NetnsLab, type NsNode, P2P_PORT, hostCli as cli, netemAvailable, probeNetns } from '../test/integration/netns'
import { buildChain, copyStore } from '../test/integration/netns-chain'
import { argOf } from './fixtures'

const TXS = argOf('--txs', 100_000)
const BLOCK = argOf('--block', 50)
const MBIT = argOf('--mbit', 20)
const DELAY_MS = argOf('--delay-ms', 20)
const listArg = (name: string, dflt: string): string[] => {
  const i = process.argv.indexOf(name)
  return (i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : dflt).split(',')
}
const RUNS = listArg('--runs', 'shaped,unshaped')
const PEERS = listArg('--peers', '3,1').map(Number)
const CATCHER = 3

/** CPU seconds (user + system, all threads) and peak resident memory (MB) of a process, from /proc. */
function usage(pid: number): { cpuS: number; peakMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return { cpuS: ticks / 100, peakMb: hwm ? Number(hwm[1]) / 1024 : NaN }
}

async function main(): Promise<void> {
  const probe = probeNetns()
  if (!probe.ok) {
    console.log(`SKIPPED: network namespaces are not available here: ${probe.reason}`)
    return
  }
  const withDelay = netemAvailable()
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  console.log(
    `real processes in network namespaces; shaped: each peer's link ${MBIT} Mbit/s each way` +
      (withDelay ? `, ${DELAY_MS} ms each way (netem)` : ' (tbf; this kernel has no netem: no delay added)') +
      "; the catching node's own link unshaped",
  )
  const t = { dir: mkdtempSync(join(tmpdir(), 'daejang-bench-netns-')), cleanup: () => rmSync(t.dir, { recursive: true, force: true }) }
  const lab = NetnsLab.create(4)
  const started: NsNode[] = []
  try {
    const made = cli(['testnet', '--validators', '1', '--dir', t.dir, '--base-port', String(P2P_PORT), '--heartbeat-ms', '1000', '--json'])
    if (made.code !== 0) throw new Error(made.stderr)
    const v = join(t.dir, 'node0')
    const vKey = made.json.nodes[0].nodeKey as string
    const b0 = performance.now()
    let shown = 0
    const top = await buildChain({
      validatorHomes: [v],
      txs: TXS,
      block: BLOCK,
      progress: (h) => {
        if (h - shown >= 500) {
          shown = h
          process.stdout.write(`  made ${h} blocks\r`)
        }
      },
    })
    console.log(`chain: ${TXS.toLocaleString('en-US')} transactions in ${top} blocks of ${BLOCK}, made in ${((performance.now() - b0) / 1000).toFixed(0)} s`)

    const join1 = (name: string, i: number): { home: string; key: string } => {
      const home = join(t.dir, name)
      const r = cli(['join', '--workstation', '--home', home, '--genesis', join(v, 'genesis.json'), '--listen', lab.p2pAddr(i), '--peer', `${vKey}@${lab.p2pAddr(0)}`, '--json'])
      if (r.code !== 0) throw new Error(r.stderr)
      return { home, key: r.json.nodeKey as string }
    }
    const f1 = join1('peer1', 1)
    const f2 = join1('peer2', 2)
    const c = join1('catcher', CATCHER)
    copyStore(v, f1.home)
    copyStore(v, f2.home)
    const all = [vKey, f1.key, f2.key, c.key]
    const placed = new Map(all.map((k, i) => [k, i]))
    lab.placeHome(v, 0, placed, all)
    lab.placeHome(f1.home, 1, placed, all)
    lab.placeHome(f2.home, 2, placed, all)
    started.push(await lab.start(0, v), await lab.start(1, f1.home), await lab.start(2, f2.home))

    const rows: string[] = []
    for (const run of RUNS) {
      for (let p = 0; p < 3; p++) lab.shape(p, run === 'shaped' ? { rateMbit: MBIT, ...(withDelay ? { delayMs: DELAY_MS } : {}) } : {})
      for (const peers of PEERS) {
        rmSync(join(c.home, 'data'), { recursive: true, force: true })
        lab.placeHome(c.home, CATCHER, placed, all.slice(0, peers))
        const node = await lab.start(CATCHER, c.home)
        const pid = JSON.parse(readFileSync(join(c.home, 'api.json'), 'utf8')).pid as number
        const t0 = performance.now()
        const deadline = Date.now() + 60 * 60_000
        for (;;) {
          const s = (await lab.api(node, 'GET', '/api/v1/status')).body
          if (s.height >= top) break
          if (Date.now() > deadline) throw new Error(`no catch-up after an hour (height ${s.height} of ${top})`)
          await new Promise((r) => setTimeout(r, 200))
        }
        const ms = performance.now() - t0
        const u = usage(pid)
        const load = loadavg()[0]!.toFixed(2)
        // the catch-up's record is written when it ends: once no peer has more (a few seconds after the head)
        let entries: Array<{ event: string; details: Record<string, unknown> }> = []
        let ended: (typeof entries)[number] | undefined
        const recordBy = Date.now() + 60_000
        while (!ended && Date.now() < recordBy) {
          entries = lab.cli(CATCHER, ['activity', '--home', c.home, '--kind', 'sync,peer', '--json']).json?.entries ?? []
          ended = entries.find((e) => e.event === 'sync.ended')
          if (!ended) await new Promise((r) => setTimeout(r, 1_000))
        }
        const dropped = entries.filter((e) => e.event === 'peer.dropped' || e.event === 'sync.badBlock').length
        await lab.kill(node)
        const row =
          `| ${run === 'shaped' ? `${MBIT} Mbit/s${withDelay ? `, ${DELAY_MS} ms` : ''}` : 'unshaped'} | ${peers} | ${(ms / 1000).toFixed(1)} s | ` +
          `${Math.round((TXS * 1000) / ms).toLocaleString('en-US')} | ${u.cpuS.toFixed(1)} s | ${u.peakMb.toFixed(0)} MB | ` +
          `${ended ? `${ended.details.peers}` : '?'} | ${dropped} | ${load} |`
        console.log(row)
        rows.push(row)
      }
    }
    console.log(`\ncatch-up of ${TXS.toLocaleString('en-US')} transactions (${top} blocks of ${BLOCK}), real processes in network namespaces`)
    console.log('| peer links | peers | time | tx/s | CPU of the catching process | its peak RSS | peers that served | peers dropped | load (1 min) |')
    console.log('|---|---|---|---|---|---|---|---|---|')
    for (const r of rows) console.log(r)
  } finally {
    await lab.destroy()
    t.cleanup()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
