/**
 * The voter page's challenge (src/renderer/voter/challenge-flow.ts, ADR 0056 session-5 amendment) against a ballot box
 * answered by a stub of fetch: a spoil answered "pending" is followed on the read-only tracker route, and the opening
 * (POST /audit, the ballot text and its randomness) is never sent until the route says the ballot's own credential
 * spoiled it — not while it says nothing, not when another credential spoiled that hash.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { auditBallot, findTracker, spoilBallot, type BoxAnswer } from '../../src/renderer/voter/ballot-box-client'
import { challengeBallot } from '../../src/renderer/voter/challenge-flow'

const BOX = 'http://box.test'
const MINE = 'credential-of-the-voter'
const THEIRS = 'credential-of-someone-else'
const SPOIL = { election: 'XLE4bDuwvXp4Lk', ballotHash: 'ab'.repeat(32), credential: MINE, proof: { challenge: '1', response: '2' } }
const TRACKER = 'q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s'

/** A box whose spoil answers pending and whose tracker route answers `spoiledBy` in turn; it records every request. */
function stubBox(spoiledBy: Array<string | null>): string[] {
  const seen: string[] = []
  let i = 0
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    const path = new URL(url).pathname
    seen.push(`${init?.method ?? 'GET'} ${path}`)
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
    if (path === '/spoil') return json({ tracker: TRACKER, txHash: 'cd'.repeat(32), election: SPOIL.election, status: 'pending' })
    if (path === '/audit') return json({ tracker: TRACKER, txHash: 'ef'.repeat(32), election: SPOIL.election, status: 'committed', height: 9 })
    const by = spoiledBy[Math.min(i++, spoiledBy.length - 1)] ?? null
    return json({ tracker: TRACKER, found: false, counts: false, spoiledBy: by, height: 8 })
  })
  return seen
}

function flow(stopped = () => false) {
  const opened: Array<BoxAnswer<unknown>> = []
  return {
    opened,
    io: {
      spoil: () => spoilBallot(BOX, SPOIL),
      spoiledBy: async (): Promise<BoxAnswer<string | null>> => {
        const r = await findTracker(BOX, SPOIL.election, TRACKER)
        return r.ok ? { ok: true, value: r.value.spoiledBy } : r
      },
      credential: MINE,
      wait: async () => {},
      stopped,
      open: async () => {
        opened.push(await auditBallot(BOX, { election: SPOIL.election, ballot: '{}', randomness: [['1']] }))
      },
    },
  }
}

afterEach(() => vi.unstubAllGlobals())

describe("the voter page's challenge", () => {
  it('a box answering the spoil pending: no audit is sent while the spoil is not recorded, nor when another credential spoiled the hash', async () => {
    const seen = stubBox([null, THEIRS, null])
    const { io, opened } = flow()
    expect(await challengeBallot(io, 1, 5)).toEqual({ kind: 'pending' })
    expect(opened).toEqual([])
    expect(seen.filter((s) => s === 'POST /audit')).toEqual([])
    expect(seen.filter((s) => s.startsWith('GET /elections/'))).toHaveLength(5)
  })

  it('the page left the step: the polling stops and nothing is published', async () => {
    const seen = stubBox([null])
    let asked = 0
    const { io, opened } = flow(() => asked++ >= 2)
    expect(await challengeBallot(io, 1, 50)).toEqual({ kind: 'pending' })
    expect(opened).toEqual([])
    expect(seen.filter((s) => s === 'POST /audit')).toEqual([])
  })

  it('the opening is sent once, only after the route says her own credential spoiled the ballot', async () => {
    const seen = stubBox([null, THEIRS, MINE])
    const { io, opened } = flow()
    expect(await challengeBallot(io, 1, 10)).toEqual({ kind: 'recorded' })
    expect(opened).toHaveLength(1)
    expect(seen).toEqual(['POST /spoil', ...Array(3).fill(`GET /elections/${SPOIL.election}/trackers/${TRACKER}`), 'POST /audit'])
  })
})
