/**
 * The dry run of a file longer than one request (docs/adr/0047): its parts are checked on one dry run kept by the node
 * (a session), so a tag in part 2 sees its birth in part 1 — the screen's and the CLI's way through the real route —
 * bounded (sessions per node, events per session, idle time, one signer), with progress, and nothing written.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { ApiClient } from '../../src/renderer/api/client'
import { REGISTRIES } from '../../src/ledger/registries'
import { DryRunSessions, DRY_RUN_SESSION_MAX_EVENTS, MAX_SESSIONS, SESSION_IDLE_MS } from '../../src/ledger/registries/livestock/dry-run-sessions'
import { animalKey } from '../../src/ledger/registries/livestock/portable/keys'
import { type DryRunProgress, dryRunFile } from '../../src/renderer/features/livestock/batch/api-batch'
import { type ApiServer, startApiServer } from '../../src/server/api-server'
import { FARM_A, TODAY, animal, cleanup, daysAgo, pk, root, setUp, tagger, vet } from './livestock-harness'

let server: ApiServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
  await cleanup.run()
})

const birthEv = (a: string) => ({ type: 'livestock.birth', payload: { animal: a, farm: FARM_A, date: daysAgo(2), breed: 'hanwoo', sex: 'male' } })
const tagEv = (a: string) => ({ type: 'livestock.tag', payload: { animal: a, date: TODAY } })

/** the screen's API client, over HTTP to the node's server */
const clientOf = (s: ApiServer): ApiClient =>
  ({
    request: async (method: 'GET' | 'POST', path: string, body?: unknown) => {
      const r = await fetch(`${s.url}/api/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      const json = (await r.json()) as { error?: { code: string } }
      if (!r.ok) throw Object.assign(new Error(json.error?.code ?? String(r.status)), { code: json.error?.code })
      return json
    },
  }) as unknown as ApiClient

describe('the dry run of a long file', () => {
  it('checks its parts as one: the tags of part 2 see the births of part 1; refusals by their index in the file; nothing written', { timeout: 180_000 }, async () => {
    const node = await setUp()
    server = await startApiServer({ node, uiDir: null, registries: REGISTRIES })
    const n = 5_001
    const born = Array.from({ length: n }, (_, i) => animal(100_000 + i))
    // 5,001 births, then their 5,001 tags, then a birth twice: three parts of at most 5,000
    const events = [...born.map(birthEv), ...born.map(tagEv), birthEv(born[7]!)]
    const before = root(node)
    const seen: DryRunProgress[] = []
    const r = await dryRunFile(clientOf(server), pk(tagger), events, (p) => seen.push(p))
    expect(r.refused.map((x) => [x.index, x.code])).toEqual([[2 * n, 'LIVESTOCK_ANIMAL_EXISTS']])
    expect(r.accepted).toBe(2 * n)
    expect(seen.map((p) => p.part)).toEqual([1, 2, 3, 3])
    expect(seen.at(-1)).toEqual({ done: events.length, total: events.length, part: 3, parts: 3 })
    expect(root(node)).toBe(before)
    expect(await node.store.get(animalKey(born[0]!))).toBeUndefined()
    // a second dry run starts afresh: it does not see the first one's births
    const again = await dryRunFile(clientOf(server), pk(tagger), [tagEv(born[0]!)])
    expect(again.refused.map((x) => x.code)).toEqual(['LIVESTOCK_UNKNOWN_ANIMAL'])
  })

  it('continues only a kept session of the same signer', { timeout: 60_000 }, async () => {
    const node = await setUp()
    server = await startApiServer({ node, uiDir: null, registries: REGISTRIES })
    const c = clientOf(server)
    const a = animal(200_001)
    const first = (await c.request('POST', '/livestock/batch/check', { signer: pk(tagger), events: [birthEv(a)] })) as { session: string; checked: number }
    expect(first.checked).toBe(1)
    // another key cannot continue (or learn from) a tagger's dry run
    await expect(c.request('POST', '/livestock/batch/check', { signer: pk(vet), events: [tagEv(a)], session: first.session })).rejects.toMatchObject({ code: 'LIVESTOCK_DRY_RUN_EXPIRED' })
    await expect(c.request('POST', '/livestock/batch/check', { signer: pk(tagger), events: [tagEv(a)], session: 'ab'.repeat(16) })).rejects.toMatchObject({ code: 'LIVESTOCK_DRY_RUN_EXPIRED' })
    const second = (await c.request('POST', '/livestock/batch/check', { signer: pk(tagger), events: [tagEv(a)], session: first.session })) as { refused: unknown[]; checked: number }
    expect(second).toMatchObject({ refused: [], checked: 2 })
  })
})

describe('dry-run sessions', () => {
  const store = { get: () => Promise.resolve(undefined) } as never

  it('keeps at most MAX_SESSIONS, the oldest dropped; each for SESSION_IDLE_MS after its last part', () => {
    let now = 0
    const s = new DryRunSessions(() => now)
    const ids = Array.from({ length: MAX_SESSIONS + 1 }, () => {
      const x = s.take(undefined, 'k', 1, store)
      s.keep(x)
      return x.id
    })
    expect(s.size).toBe(MAX_SESSIONS)
    expect(() => s.take(ids[0], 'k', 1, store)).toThrow(expect.objectContaining({ code: 'LIVESTOCK_DRY_RUN_EXPIRED' }))
    const last = s.take(ids.at(-1), 'k', 1, store)
    // taken out while its part runs: the same session sent twice at once is refused the second time
    expect(() => s.take(ids.at(-1), 'k', 1, store)).toThrow(expect.objectContaining({ code: 'LIVESTOCK_DRY_RUN_EXPIRED' }))
    s.keep(last)
    now += SESSION_IDLE_MS + 1
    expect(() => s.take(last.id, 'k', 1, store)).toThrow(expect.objectContaining({ code: 'LIVESTOCK_DRY_RUN_EXPIRED' }))
    expect(s.size).toBe(0)
  })

  it('checks at most DRY_RUN_SESSION_MAX_EVENTS events of one file', () => {
    const s = new DryRunSessions()
    const x = s.take(undefined, 'k', 5_000, store)
    x.events = DRY_RUN_SESSION_MAX_EVENTS - 10
    s.keep(x)
    expect(() => s.take(x.id, 'k', 11, store)).toThrow(expect.objectContaining({ code: 'LIVESTOCK_DRY_RUN_TOO_LONG' }))
    expect(() => s.take(undefined, 'k', DRY_RUN_SESSION_MAX_EVENTS + 1, store)).toThrow(expect.objectContaining({ code: 'LIVESTOCK_DRY_RUN_TOO_LONG' }))
  })

  // review rv-lv: one signer's new dry runs must not drop another signer's kept one
  it("a signer's new dry runs drop its own older ones first, never another signer's while it keeps one", () => {
    const s = new DryRunSessions()
    const b = s.take(undefined, 'signer-b', 1, store)
    s.keep(b)
    for (let i = 0; i < MAX_SESSIONS + 2; i++) s.keep(s.take(undefined, 'signer-a', 1, store))
    expect(s.size).toBe(MAX_SESSIONS)
    expect(s.take(b.id, 'signer-b', 1, store).id).toBe(b.id)
  })

  it('a part refused as too long leaves its dry run kept, to continue with a shorter part', () => {
    const s = new DryRunSessions()
    const x = s.take(undefined, 'k', 5_000, store)
    x.events = DRY_RUN_SESSION_MAX_EVENTS - 10
    s.keep(x)
    expect(() => s.take(x.id, 'k', 11, store)).toThrow(expect.objectContaining({ code: 'LIVESTOCK_DRY_RUN_TOO_LONG' }))
    expect(s.size).toBe(1)
    expect(s.take(x.id, 'k', 10, store).id).toBe(x.id)
  })
})
