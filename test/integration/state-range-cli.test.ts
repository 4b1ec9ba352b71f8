/**
 * `daejang state range GROUP` (docs/adr/0026): every entry of a state group as of a block, its range proof checked
 * by the CLI against the trust list (proven complete), so a registry author can see "all X of Y" as the verifier does.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, cli, startNode, stopAll, tempHome, waitFor, type StartedNode } from './harness'

describe('daejang state range', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  let node: StartedNode

  beforeAll(async () => {
    expect(cli(['init', '--home', home, '--heartbeat-ms', '200', '--json']).code).toBe(0)
    node = await startNode(home)
    await waitFor(async () => (await api(node, 'GET', '/api/v1/status')).body.height >= 2)
  }, 180_000)

  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('proves every entry of a group, as of a block, and says so in words', () => {
    const r = cli(['state', 'range', 'chain', '--home', home, '--height', '1', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({ group: 'chain', height: 1, proven: true, complete: true })
    expect(r.json.entries.map((e: { key: string }) => e.key)).toEqual(['chain/genesis'])
    const h = cli(['state', 'range', 'chain', '--home', home, '--height', '1'])
    expect(h.code, h.stderr).toBe(0)
    expect(h.stdout).toMatch(/chain\/genesis/)
    expect(h.stdout).toMatch(/1 entry/)
  })

  it('an empty group is proven empty; a height past the head is refused with its code', () => {
    const e = cli(['state', 'range', 'no/such/group', '--home', home, '--json'])
    expect(e.code, e.stderr).toBe(0)
    expect(e.json).toMatchObject({ group: 'no/such/group', proven: true, entries: [] })
    const r = cli(['state', 'range', 'chain', '--home', home, '--height', '99999999', '--json'])
    expect(r.code).toBe(1)
    expect(r.json.error.code).toBe('UNKNOWN_HEIGHT')
  })
})
