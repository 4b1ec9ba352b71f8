/**
 * A light workstation (docs/adr/0029) against a real node process on 127.0.0.1: `daejang light sync` verifies and
 * keeps the node's headers and commits and resumes from its head; a notary record is read with state proofs checked
 * against a synced header; answers made hostile on the way (a header with a bad commit, a proof for another key, a
 * proof against a root no synced header has) are refused with stable codes. The node is stopped by its PID.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import { LightClient } from '../../src/ledger/light/client'
import type { LightSource } from '../../src/ledger/light/source'
import { LightStore } from '../../src/ledger/light/store'
import { trustFromJson } from '../../src/ledger/proofs/proof'
import { HttpLightSource } from '../../src/server/light-source'
import { type StartedNode, api, cli, startNode, tempHome, waitFor } from './harness'
import { codeOf } from '../ledger/helpers'
import { recordKey, statusKey } from '../../src/ledger/registries/notary/portable/keys'

const bind = (s: LightSource): LightSource => ({
  url: s.url,
  headers: (from, limit) => s.headers(from, limit),
  validators: (h) => s.validators(h),
  stateProof: (k, h) => s.stateProof(k, h),
})

describe('daejang light', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const light = join(t.dir, 'light')
  const f = (name: string): string => join(t.dir, name)
  let node: StartedNode
  let number = ''

  beforeAll(async () => {
    expect(cli(['init', '--home', home, '--heartbeat-ms', '200', '--agency-id', 'mofa', '--agency-name', '외교부 MOFA', '--json']).code).toBe(0)
    node = await startNode(home)
    writeFileSync(f('token'), node.token)
    expect(cli(['trust', 'export', '--home', home, '--out', f('trust.json')]).code).toBe(0)
    await waitFor(async () => (await api(node, 'GET', '/api/v1/status')).body.height >= 3, 60_000, 'three blocks')
  }, 3 * 60_000)

  afterAll(async () => {
    // stopped by its PID, and awaited
    if (node && node.proc.exitCode === null && node.proc.signalCode === null) {
      const exited = new Promise((r) => node.proc.once('exit', r))
      process.kill(node.proc.pid!, 'SIGKILL')
      await exited
    }
    t.cleanup()
  })

  it('refuses to start without a trust list, in Korean or English (--lang)', () => {
    const r = cli(['light', 'sync', '--home', f('untrusted'), '--node', node.url, '--token-file', f('token'), '--json', '--lang', 'ko'])
    expect(r.code).toBe(1)
    expect(r.json.error.code).toBe('SCHEMA_INVALID')
    expect(r.stderr).toMatch(/^오류: [\uAC00-\uD7A3]/)
    const en = cli(['light', 'sync', '--home', f('untrusted'), '--node', node.url, '--token-file', f('token'), '--lang', 'en'])
    expect(en.stderr).toMatch(/^error: Some of what was entered/)
  })

  it('syncs the headers and commits of the node, verified, and resumes from its head', async () => {
    const first = cli(['light', 'sync', '--home', light, '--node', node.url, '--token-file', f('token'), '--trust', f('trust.json'), '--json'])
    expect(first.code, first.stderr).toBe(0)
    expect(first.json.from).toBe(0)
    expect(first.json.head).toBeGreaterThanOrEqual(3)
    expect(first.json.verified).toBe(first.json.head)
    await waitFor(async () => (await api(node, 'GET', '/api/v1/status')).body.height > first.json.head, 60_000, 'a later block')
    const again = cli(['light', 'sync', '--home', light, '--json'])
    expect(again.code, again.stderr).toBe(0)
    expect(again.json.from).toBe(first.json.head)
    expect(again.json.head).toBeGreaterThan(first.json.head)
    expect(cli(['light', 'sync', '--home', light, '--lang', 'ko']).stdout).toMatch(/블록 \d+.*까지 서명을 확인했습니다/)
    expect(cli(['light', 'sync', '--home', light, '--lang', 'en']).stdout).toMatch(/Signatures verified up to block \d+/)
    // the header kept is the node's, byte for byte
    const store = new LightStore(join(light, 'light'))
    await store.open()
    try {
      const h = store.head()
      const mine = await store.header(h)
      const theirs = (await api(node, 'GET', `/api/v1/blocks/${h}`)).body
      expect(Buffer.from(mine!.hash).toString('hex')).toBe(theirs.hash)
    } finally {
      await store.close()
    }
  }, 3 * 60_000)

  it('refuses a header whose commit was tampered with (LIGHT_BAD_COMMIT), keeping nothing of it', async () => {
    const real = new HttpLightSource(node.url, node.token)
    const tampered: LightSource = {
      url: real.url,
      headers: async (from, limit) => {
        const a = await real.headers(from, limit)
        return {
          head: a.head,
          items: a.items.map((i, k) => {
            if (k !== 1) return i
            const sig = new Uint8Array(i.commit.sigs[0]!.sig)
            sig[0] = sig[0]! ^ 1
            return { ...i, commit: { ...i.commit, sigs: [{ ...i.commit.sigs[0]!, sig }] } }
          }),
        }
      },
      validators: (h) => real.validators(h),
      stateProof: (k, h) => real.stateProof(k, h),
    }
    const store = new LightStore(f('hostile'))
    await store.open()
    try {
      const trust = trustFromJson(JSON.parse(readFileSync(f('trust.json'), 'utf8')))
      const meta = await LightClient.anchor(store, trust, real.url)
      const c = new LightClient(store, tampered, meta, verifyNode)
      expect(await codeOf(() => c.sync())).toBe('LIGHT_BAD_COMMIT')
      expect(store.head()).toBe(1)
      expect(await store.header(2)).toBeNull()
    } finally {
      await store.close()
    }
  }, 60_000)

  it('reads a notary record with state proofs checked against a synced header: issued, then revoked', async () => {
    const k = cli(['keys', 'create', '--home', home, '--name', 'notary', '--json'])
    const g = cli(['role', 'grant', '--home', home, '--subject', k.json.publicKey, '--role', 'notary', '--label', '공증인 김영희', '--json'])
    expect(g.code, g.stderr).toBe(0)
    writeFileSync(f('diploma.pdf'), '%PDF-1.4 diploma of 홍길동\n')
    const reg = cli(['notary', 'register', '--home', home, '--key', 'notary', '--file', f('diploma.pdf'), '--type', '졸업증명서', '--holder', '홍길동', '--json'])
    expect(reg.code, reg.stderr).toBe(0)
    number = reg.json.number
    const r = cli(['light', 'notary-record', number, '--home', light, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({ number, status: 'issued', proven: true, record: { number, holder: '홍길동' } })
    expect(r.json.asOf.height).toBeGreaterThanOrEqual(reg.json.height ?? 1)
    const rev = cli(['notary', 'revoke', '--home', home, '--number', number, '--reason', '발급 착오 / issued in error', '--json'])
    expect(rev.code, rev.stderr).toBe(0)
    expect(cli(['light', 'sync', '--home', light, '--json']).code).toBe(0)
    const after = cli(['light', 'notary-record', number, '--home', light, '--lang', 'ko'])
    expect(after.code, after.stderr).toBe(0)
    expect(after.stdout).toMatch(/취소됨/)
    expect(cli(['light', 'notary-record', number, '--home', light, '--lang', 'en']).stdout).toMatch(/revoked — proven as of block \d+/)
    const none = cli(['light', 'notary-record', 'MOFA-2026-999999', '--home', light, '--json'])
    expect(none.json).toMatchObject({ record: null, status: null, proven: true })
  }, 5 * 60_000)

  it('refuses a proof for another key and a proof against a root no synced header has', async () => {
    const real = new HttpLightSource(node.url, node.token)
    const store = new LightStore(join(light, 'light'))
    await store.open()
    try {
      const meta = (await store.meta())!
      const otherKey: LightSource = { ...bind(real), stateProof: (_k, h) => real.stateProof(recordKey(number), h) }
      const c = new LightClient(store, otherKey, meta, verifyNode)
      await c.sync()
      expect(await codeOf(() => c.provenRead(statusKey(number)))).toBe('LIGHT_PROOF_OTHER_KEY')
      // the record's proof as of the block before it was registered, presented as of the head: another root
      const head = store.head()
      const stale: LightSource = {
        ...bind(real),
        stateProof: async (k, h) => {
          const old = await real.stateProof(k, 1)
          const now = await real.stateProof(k, h)
          return { ...now, proof: old.proof }
        },
      }
      const d = new LightClient(store, stale, meta, verifyNode)
      expect(await codeOf(() => d.provenRead(recordKey(number), head))).toBe('LIGHT_ROOT_UNKNOWN')
    } finally {
      await store.close()
    }
  }, 60_000)

  it('refuses a notary record from a home that never synced, with a code', () => {
    const r = cli(['light', 'notary-record', 'MOFA-2026-000001', '--home', f('nowhere'), '--json'])
    expect(r.code).toBe(1)
    expect(r.json.error.code).toBe('LIGHT_NOT_SYNCED')
  })
})
