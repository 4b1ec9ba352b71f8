/**
 * LAN discovery (mDNS): two validators whose homes list no peers find each other by multicast DNS and agree on
 * blocks (each holds half the power, so no block commits unless they connected). They run in a network namespace
 * made for the test, whose loopback carries multicast, so nothing leaves this machine.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BIN, ROOT, cli, tempHome, waitFor } from './harness'

const NS = `dj-mdns-${process.pid}`
const ip = (...args: string[]): void => {
  const r = spawnSync('ip', args, { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`)
}
const inNs = (args: string[]): { code: number | null; json: any } => {
  const r = spawnSync('ip', ['netns', 'exec', NS, process.execPath, BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 })
  let json: any
  try {
    json = JSON.parse(r.stdout)
  } catch {
    json = undefined
  }
  return { code: r.status, json }
}

describe('LAN discovery by mDNS', () => {
  const t = tempHome()
  const procs: ChildProcess[] = []
  afterAll(async () => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL')
    await new Promise((r) => setTimeout(r, 200))
    spawnSync('ip', ['netns', 'del', NS])
    t.cleanup()
  })

  it('two validators that list no peers find each other and commit blocks', { timeout: 120_000 }, async () => {
    ip('netns', 'add', NS)
    ip('netns', 'exec', NS, 'ip', 'link', 'set', 'lo', 'up')
    ip('netns', 'exec', NS, 'ip', 'link', 'set', 'lo', 'multicast', 'on')
    ip('netns', 'exec', NS, 'ip', 'route', 'add', '224.0.0.0/4', 'dev', 'lo')

    const made = cli(['testnet', '--validators', '2', '--dir', t.dir, '--base-port', '21000', '--heartbeat-ms', '300', '--json'])
    expect(made.code, made.stderr).toBe(0)
    const homes = [0, 1].map((i) => join(t.dir, `node${i}`))
    for (const h of homes) {
      const file = join(h, 'config.json')
      const c = JSON.parse(readFileSync(file, 'utf8'))
      c.p2p.peers = []
      c.p2p.mdns = true
      writeFileSync(file, JSON.stringify(c, null, 2))
    }
    let out = ''
    for (const h of homes) {
      const p = spawn('ip', ['netns', 'exec', NS, process.execPath, BIN, 'start', '--home', h, '--no-ui'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
      p.stdout!.on('data', (d) => (out += d))
      p.stderr!.on('data', (d) => (out += d))
      procs.push(p)
    }
    const status = (h: string) => inNs(['status', '--home', h, '--json']).json
    await waitFor(async () => homes.every((h) => (status(h)?.height ?? 0) >= 3), 90_000, 'blocks committed by both (output: ' + out + ')')
    for (const h of homes) expect(status(h).peers).toBe(1)
    expect(out).toMatch(/found .* on the local network/)
    const a = inNs(['block', '--home', homes[0]!, '--height', '2', '--json']).json
    const b = inNs(['block', '--home', homes[1]!, '--height', '2', '--json']).json
    expect(a.hash).toBe(b.hash)
  })
})
