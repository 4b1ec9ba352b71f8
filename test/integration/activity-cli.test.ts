/**
 * The activity log on a real node, through the API and `daejang activity`: a governance act committed is recorded
 * and said in words (Korean and English); an unknown kind is refused with a stable code; the log is kept across a
 * restart of the node.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type StartedNode, api, cli, startNode, stopAll, stopGracefully, tempHome, waitFor } from './harness'

describe('the activity log of a node', () => {
  let node: StartedNode
  let home: string
  let t: { dir: string; cleanup: () => void }

  beforeAll(async () => {
    t = tempHome()
    home = join(t.dir, 'node')
    expect(cli(['init', '--home', home, '--heartbeat-ms', '300', '--json']).code).toBe(0)
    node = await startNode(home)
    const k = cli(['keys', 'create', '--home', home, '--name', 'other-admin', '--json'])
    const f = join(t.dir, 'agency.json')
    writeFileSync(f, JSON.stringify({ id: 'moj', name: '법무부', admins: [k.json.publicKey], validator: null }))
    const p = cli(['governance', 'propose', '--home', home, '--admit', f, '--in-blocks', '20', '--json'])
    expect(p.code, p.stdout + p.stderr).toBe(0)
  }, 120_000)
  afterAll(async () => {
    await stopAll()
    t?.cleanup()
  })

  it('records a governance act and says it in words', { timeout: 60_000 }, async () => {
    const list = await waitFor(async () => {
      const r = cli(['activity', '--home', home, '--kind', 'governance', '--json'])
      return r.code === 0 && r.json.entries.length > 0 ? r.json : undefined
    }, 30_000, 'a governance entry')
    expect(list.entries[0].event).toBe('governance.committed')
    expect(list.entries[0].kind).toBe('governance')
    const ko = cli(['activity', '--home', home, '--lang', 'ko'])
    expect(ko.code).toBe(0)
    expect(ko.stdout).toContain('거버넌스:')
    expect(ko.stdout).not.toMatch(/governance\.\w/)
    const en = cli(['activity', '--home', home, '--lang', 'en', '--kind', 'governance'])
    expect(en.stdout).toContain('Governance:')
    expect(en.stdout).not.toMatch(/governance\.\w/)
  })

  it('refuses an unknown kind, on the command line and at the API', async () => {
    const r = cli(['activity', '--home', home, '--kind', 'gossip', '--json'])
    expect(r.code).not.toBe(0)
    expect(r.json.error.code).toBe('SCHEMA_INVALID')
    const a = await api(node, 'GET', '/api/v1/activity?kinds=gossip')
    expect(a.status).toBe(400)
    expect(a.body.error.code).toBe('SCHEMA_INVALID')
    expect((await api(node, 'GET', '/api/v1/activity?limit=0')).status).toBe(400)
  })

  it('keeps the log across a restart', { timeout: 120_000 }, async () => {
    const before = cli(['activity', '--home', home, '--json']).json.entries as Array<{ seq: number }>
    expect(before.length).toBeGreaterThan(0)
    expect(await stopGracefully(node)).toBe(0)
    node = await startNode(home)
    const after = (await api(node, 'GET', '/api/v1/activity')).body.entries as Array<{ seq: number }>
    expect(after.map((e) => e.seq).slice(-before.length)).toEqual(before.map((e) => e.seq).slice(-before.length))
  })
})
