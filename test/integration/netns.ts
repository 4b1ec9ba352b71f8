/**
 * Real processes in Linux network namespaces (issue 15 ## Tests): a lab of N namespaces, each joined by a veth pair to
 * a bridge in one hub namespace (nothing touches this machine's own network), addresses 10.77.<lab>.<10 + i>. A
 * link can be shaped with `tc` (netem: rate, delay, loss), cut (its veth set down: the real "network down") and
 * healed. `daejang start` runs in a namespace through `ip netns exec`; its API (127.0.0.1 inside the namespace) is
 * reached from the test through a unix socket that a small forwarder in the namespace serves (the file system is
 * shared by namespaces, the network is not). Every process started here is tracked by its PID and killed, and every
 * namespace deleted, in destroy() — which test files call in afterAll, so a failing test leaves nothing behind.
 *
 * Needs root (CI runs as root). probeNetns() tries a real `ip netns add`; a test file skips, saying why, only when
 * that fails.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

// as in harness.ts, found from this file's URL so that a bench run by tsx (ES modules, no __dirname) can use the lab
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BIN = join(ROOT, 'bin', 'daejang.mjs')
/** how long a node may take to answer after its start, on a loaded machine (harness.ts's ceiling) */
const START_CEILING_MS = 120_000

export interface CliResult {
  code: number
  stdout: string
  stderr: string
  json: any
}

function cliRun(cmd: string, args: string[]): CliResult {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 })
  let json: any = undefined
  try {
    json = JSON.parse(r.stdout)
  } catch {
    json = undefined
  }
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json }
}

/** `daejang …` here, outside the lab's namespaces (making homes, signing offline). */
export function hostCli(args: string[]): CliResult {
  return cliRun(process.execPath, [BIN, ...args])
}

/** The port every node listens on for peers, and its API port, inside its own namespace (no clash across them). */
export const P2P_PORT = 26656
export const API_PORT = 26657

export interface LinkShape {
  /** megabits a second, each direction */
  rateMbit?: number
  /** one-way delay added in each direction, ms */
  delayMs?: number
  /** per cent of packets lost in each direction */
  lossPct?: number
}

function run(cmd: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 })
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` }
}

function must(cmd: string, args: string[]): void {
  const r = run(cmd, args)
  if (!r.ok) throw new Error(`${cmd} ${args.join(' ')}: ${r.out.trim()}`)
}

/**
 * Whether network namespaces can be made here: a real `ip netns add` (and delete) of a throwaway one, and a veth
 * pair inside it. `reason` says what failed.
 */
export function probeNetns(): { ok: true } | { ok: false; reason: string } {
  const name = `djprobe${process.pid}`
  const add = run('ip', ['netns', 'add', name])
  if (!add.ok) return { ok: false, reason: `\`ip netns add\` failed: ${add.out.trim() || 'no output'}` }
  try {
    const veth = run('ip', ['-n', name, 'link', 'add', 'pa', 'type', 'veth', 'peer', 'name', 'pb'])
    if (!veth.ok) return { ok: false, reason: `a veth pair cannot be made: ${veth.out.trim()}` }
    return { ok: true }
  } finally {
    run('ip', ['netns', 'del', name])
  }
}

/** Say, visibly, why a file's tests are skipped (only ever because namespaces cannot be made). */
export function netnsOrSkipReason(file: string): boolean {
  const p = probeNetns()
  if (!p.ok) console.warn(`\n*** ${file}: SKIPPED — network namespaces are not available here: ${p.reason} ***\n`)
  return p.ok
}

let netem: boolean | null = null

/** Whether this kernel has netem (link delay and loss): tried once on a veth in a throwaway namespace. */
export function netemAvailable(): boolean {
  if (netem !== null) return netem
  const name = `djnetem${process.pid}`
  if (!run('ip', ['netns', 'add', name]).ok) return (netem = false)
  try {
    netem =
      run('ip', ['-n', name, 'link', 'add', 'pa', 'type', 'veth', 'peer', 'name', 'pb']).ok &&
      run('ip', ['netns', 'exec', name, 'tc', 'qdisc', 'add', 'dev', 'pa', 'root', 'netem', 'delay', '1ms']).ok
  } finally {
    run('ip', ['netns', 'del', name])
  }
  return netem
}

let labCounter = 0

/** What the nodes' API calls answer. */
export interface ApiAnswer<T = any> {
  status: number
  body: T
}

export interface NsNode {
  /** index of its namespace in the lab */
  ns: number
  home: string
  proc: ChildProcess
  token: string
  output: () => string
}

export class NetnsLab {
  readonly id: string
  readonly hub: string
  /** the lab's third address byte: 10.77.<subnet>.<10 + i> */
  readonly subnet: number
  readonly dir: string
  private readonly names: string[] = []
  private readonly procs = new Set<ChildProcess>()
  private readonly proxies = new Map<string, ChildProcess>()
  private destroyed = false

  private constructor(readonly size: number) {
    labCounter++
    // interface and namespace names stay short: Linux allows 15 characters for an interface
    this.id = `${(process.pid % 100_000).toString(36)}${labCounter.toString(36)}`
    this.hub = `dj${this.id}h`
    this.subnet = (process.pid + labCounter) % 250
    this.dir = mkdtempSync(join(tmpdir(), 'daejang-netns-'))
  }

  /** Make the hub (a bridge) and `size` namespaces, each with a link to it and loopback up. */
  static create(size: number): NetnsLab {
    const lab = new NetnsLab(size)
    try {
      must('ip', ['netns', 'add', lab.hub])
      lab.names.push(lab.hub)
      must('ip', ['-n', lab.hub, 'link', 'add', 'br0', 'type', 'bridge'])
      must('ip', ['-n', lab.hub, 'link', 'set', 'br0', 'up'])
      must('ip', ['-n', lab.hub, 'link', 'set', 'lo', 'up'])
      for (let i = 0; i < size; i++) {
        const ns = lab.nsName(i)
        must('ip', ['netns', 'add', ns])
        lab.names.push(ns)
        must('ip', ['-n', ns, 'link', 'set', 'lo', 'up'])
        // the pair is made inside the node's namespace (no name can clash with anything outside), then one end moved
        must('ip', ['-n', ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', `up${i}`])
        must('ip', ['-n', ns, 'link', 'set', `up${i}`, 'netns', lab.hub])
        must('ip', ['-n', lab.hub, 'link', 'set', `up${i}`, 'master', 'br0'])
        must('ip', ['-n', lab.hub, 'link', 'set', `up${i}`, 'up'])
        must('ip', ['-n', ns, 'addr', 'add', `${lab.addr(i)}/24`, 'dev', 'eth0'])
        must('ip', ['-n', ns, 'link', 'set', 'eth0', 'up'])
      }
    } catch (e) {
      lab.destroySync()
      throw e
    }
    return lab
  }

  nsName(i: number): string {
    return `dj${this.id}n${i}`
  }

  addr(i: number): string {
    return `10.77.${this.subnet}.${10 + i}`
  }

  /** libp2p address of the node in namespace i */
  p2pAddr(i: number): string {
    return `/ip4/${this.addr(i)}/tcp/${P2P_PORT}`
  }

  /**
   * Shape node i's link in both directions (a qdisc on each end of its veth); {} removes the shaping. A rate alone
   * is a token bucket (tbf); a delay or loss needs netem, which not every kernel has (netemAvailable()): asked for
   * without it, this throws rather than shape less than it was asked.
   */
  shape(i: number, s: LinkShape): void {
    const wantsNetem = Boolean(s.delayMs || s.lossPct)
    if (wantsNetem && !netemAvailable()) throw new Error('netem (delay, loss) is not available on this kernel: only a rate can be shaped here')
    let qdisc: string[] = []
    if (wantsNetem) {
      qdisc = ['netem', 'limit', '100000']
      if (s.delayMs) qdisc.push('delay', `${s.delayMs}ms`)
      if (s.rateMbit) qdisc.push('rate', `${s.rateMbit}mbit`)
      if (s.lossPct) qdisc.push('loss', `${s.lossPct}%`)
    } else if (s.rateMbit) {
      // a bucket of 64 KB (a segment veth hands over can be that large), a queue of 200 ms at the rate
      qdisc = ['tbf', 'rate', `${s.rateMbit}mbit`, 'burst', '64kb', 'latency', '200ms']
    }
    for (const [ns, dev] of [
      [this.nsName(i), 'eth0'],
      [this.hub, `up${i}`],
    ] as const) {
      run('ip', ['netns', 'exec', ns, 'tc', 'qdisc', 'del', 'dev', dev, 'root'])
      if (qdisc.length > 0) must('ip', ['netns', 'exec', ns, 'tc', 'qdisc', 'add', 'dev', dev, 'root', ...qdisc])
    }
  }

  /** The qdisc on node i's side of its link, as `tc` shows it (for a test to check the shaping is there). */
  qdisc(i: number): string {
    return run('ip', ['netns', 'exec', this.nsName(i), 'tc', 'qdisc', 'show', 'dev', 'eth0']).out
  }

  /** Cut node i off: both ends of its link down. */
  cut(i: number): void {
    must('ip', ['-n', this.hub, 'link', 'set', `up${i}`, 'down'])
    must('ip', ['-n', this.nsName(i), 'link', 'set', 'eth0', 'down'])
  }

  /** Restore node i's link. */
  heal(i: number): void {
    must('ip', ['-n', this.nsName(i), 'link', 'set', 'eth0', 'up'])
    must('ip', ['-n', this.hub, 'link', 'set', `up${i}`, 'up'])
  }

  /**
   * Whether node i can reach node j: a TCP connection to a port where nothing listens is refused by a reachable
   * host, and times out (or finds no route) otherwise. (No ping on the image.)
   */
  reaches(i: number, j: number): boolean {
    const r = run('ip', ['netns', 'exec', this.nsName(i), 'timeout', '2', 'bash', '-c', `echo > /dev/tcp/${this.addr(j)}/9`])
    return /refused/i.test(r.out)
  }

  /** Start a process in namespace i; tracked, killed in destroy(). */
  spawnIn(i: number, argv: string[], env: Record<string, string> = {}): ChildProcess {
    if (this.destroyed) throw new Error('the lab is destroyed')
    const p = spawn('ip', ['netns', 'exec', this.nsName(i), ...argv], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    })
    this.procs.add(p)
    p.on('exit', () => this.procs.delete(p))
    return p
  }

  /** `daejang …` in namespace i, to completion. */
  cli(i: number, args: string[]): CliResult {
    return cliRun('ip', ['netns', 'exec', this.nsName(i), process.execPath, BIN, ...args])
  }

  /**
   * Point a home at namespace i: it listens on the namespace's address, its API on API_PORT, and its configured
   * peers' addresses become those of the namespaces their keys are placed in (`placed`: node key → namespace).
   */
  placeHome(home: string, i: number, placed: Map<string, number>, peers?: string[]): void {
    const file = join(home, 'config.json')
    const c = JSON.parse(readFileSync(file, 'utf8'))
    c.apiPort = API_PORT
    c.p2p = c.p2p ?? { peers: [] }
    c.p2p.listen = this.p2pAddr(i)
    c.p2p.mdns = false
    const keys: string[] = peers ?? c.p2p.peers.map((p: { publicKey: string }) => p.publicKey)
    c.p2p.peers = keys
      .filter((k) => placed.has(k) && placed.get(k) !== i)
      .map((k) => ({ publicKey: k, addr: this.p2pAddr(placed.get(k)!) }))
    writeFileSync(file, JSON.stringify(c, null, 2))
  }

  /**
   * `daejang start --home HOME --no-ui` in namespace i (or `argv`, a command that runs a node from HOME), waiting
   * until its API answers through the forwarder.
   */
  async start(i: number, home: string, argv?: string[], env: Record<string, string> = {}): Promise<NsNode> {
    const apiPath = join(home, 'api.json')
    rmSync(apiPath, { force: true })
    const proc = this.spawnIn(i, argv ?? [process.execPath, BIN, 'start', '--home', home, '--no-ui'], env)
    let out = ''
    proc.stdout!.on('data', (d) => (out += d))
    proc.stderr!.on('data', (d) => (out += d))
    const node: NsNode = { ns: i, home, proc, token: '', output: () => out }
    const deadline = Date.now() + START_CEILING_MS
    let last = ''
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`node in namespace ${i} exited early: ${out}`)
      if (existsSync(apiPath)) {
        try {
          const info = JSON.parse(readFileSync(apiPath, 'utf8'))
          node.token = info.token
          const r = await this.api(node, 'GET', '/api/v1/health')
          if (r.status === 200) return node
          last = `health answered ${r.status}: ${JSON.stringify(r.body).slice(0, 200)}`
        } catch (e) {
          // not yet
          last = String(e)
        }
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    proc.kill('SIGKILL')
    throw new Error(`node in namespace ${i} did not start (${last}): ${out}`)
  }

  /** The forwarder's socket for namespace i's API port (started on first use). */
  private socketOf(i: number, port: number): string {
    const sock = join(this.dir, `api-${i}-${port}.sock`)
    if (!this.proxies.has(sock) || this.proxies.get(sock)!.exitCode !== null) {
      const script =
        "const net=require('net'),fs=require('fs');const [s,p]=process.argv.slice(1);try{fs.unlinkSync(s)}catch{}" +
        "net.createServer(c=>{const u=net.connect(Number(p),'127.0.0.1');c.pipe(u);u.pipe(c);" +
        'c.on(\'error\',()=>u.destroy());u.on(\'error\',()=>c.destroy())}).listen(s)'
      this.proxies.set(sock, this.spawnIn(i, [process.execPath, '-e', script, sock, String(port)]))
    }
    return sock
  }

  /** Call node's API (in its namespace) from here. Rejects when nothing answers (not up yet, or its forwarder). */
  async api<T = any>(node: Pick<NsNode, 'ns' | 'token' | 'home'>, method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const info = JSON.parse(readFileSync(join(node.home, 'api.json'), 'utf8'))
    const port = Number(new URL(info.url).port)
    const sock = this.socketOf(node.ns, port)
    const deadline = Date.now() + 10_000
    while (!existsSync(sock)) {
      if (Date.now() > deadline) throw new Error('the API forwarder did not start')
      await new Promise((r) => setTimeout(r, 50))
    }
    const data = body === undefined ? undefined : JSON.stringify(body)
    return new Promise((resolve, reject) => {
      const req = request(
        {
          socketPath: sock,
          method,
          path,
          headers: {
            Host: `127.0.0.1:${port}`,
            Authorization: `Bearer ${node.token}`,
            ...(data !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } : {}),
          },
          timeout: 30_000,
        },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (d) => (text += d))
          res.on('end', () => {
            let parsed: any = text
            try {
              parsed = JSON.parse(text)
            } catch {
              // not JSON: the text itself
            }
            resolve({ status: res.statusCode ?? 0, body: parsed as T })
          })
        },
      )
      req.on('timeout', () => req.destroy(new Error('API call timed out')))
      req.on('error', reject)
      if (data !== undefined) req.write(data)
      req.end()
    })
  }

  /** Kill one node (SIGKILL) and wait for it to exit. */
  kill(n: NsNode): Promise<void> {
    return new Promise((r) => {
      if (n.proc.exitCode !== null || n.proc.signalCode !== null) return r()
      n.proc.once('exit', () => r())
      n.proc.kill('SIGKILL')
    })
  }

  /** Kill every process started here (and any left in the lab's namespaces), delete the namespaces and files. */
  async destroy(): Promise<void> {
    const waits = [...this.procs].map(
      (p) =>
        new Promise<void>((r) => {
          if (p.exitCode !== null || p.signalCode !== null) return r()
          const t = setTimeout(r, 5_000)
          p.once('exit', () => {
            clearTimeout(t)
            r()
          })
          p.kill('SIGKILL')
        }),
    )
    await Promise.all(waits)
    this.destroySync()
  }

  private destroySync(): void {
    this.destroyed = true
    for (const p of this.procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL')
    for (const ns of this.names) {
      // a process this lab started that left its tracked parent (none should): found by the namespace, killed by id
      const pids = run('ip', ['netns', 'pids', ns]).out.split(/\s+/).filter((s) => /^\d+$/.test(s))
      for (const pid of pids) {
        try {
          process.kill(Number(pid), 'SIGKILL')
        } catch {
          // gone already
        }
      }
      run('ip', ['netns', 'del', ns])
    }
    this.names.length = 0
    rmSync(this.dir, { recursive: true, force: true })
  }
}

export interface NsConsortium {
  chainId: string
  /** the validators' homes, validator i placed in namespace i */
  vHomes: string[]
  /** their node keys */
  keys: string[]
  /** the workstation node's home and key, placed in the namespace after the validators' */
  ws: { home: string; key: string }
}

/**
 * A consortium for the lab, made through the command line in `dir`: `daejang testnet --validators n` and a
 * workstation node (`daejang join --workstation`, named `wsName`); every node placed in its namespace and listing
 * every other as a peer (so the validators admit the workstation as a configured peer).
 */
export function makeConsortium(lab: NetnsLab, dir: string, o: { validators: number; heartbeatMs: number; wsName: string }): NsConsortium {
  const made = hostCli(['testnet', '--validators', String(o.validators), '--dir', dir, '--base-port', String(P2P_PORT), '--heartbeat-ms', String(o.heartbeatMs), '--json'])
  if (made.code !== 0) throw new Error(`testnet: ${made.stderr}`)
  const vHomes = Array.from({ length: o.validators }, (_, i) => join(dir, `node${i}`))
  const keys = (made.json.nodes as Array<{ nodeKey: string }>).map((n) => n.nodeKey)
  const at = o.validators
  const home = join(dir, o.wsName)
  const joined = hostCli(['join', '--workstation', '--home', home, '--genesis', join(vHomes[0]!, 'genesis.json'), '--listen', lab.p2pAddr(at),
    '--peer', `${keys[0]}@${lab.p2pAddr(0)}`, '--json'])
  if (joined.code !== 0) throw new Error(`join: ${joined.stderr}`)
  const all = [...keys, joined.json.nodeKey as string]
  const placed = new Map(all.map((k, i) => [k, i]))
  vHomes.forEach((h, i) => lab.placeHome(h, i, placed, all))
  lab.placeHome(home, at, placed, all)
  return { chainId: made.json.chainId as string, vHomes, keys, ws: { home, key: joined.json.nodeKey as string } }
}
