/**
 * The node's activity log (ledger/node/activity.ts): entries newest first, filtered by kind and paged; kept across a
 * restart (a torn or hostile line skipped); a burst of one event summarised in one entry; bounded in memory and on
 * disk; hostile details trimmed; a log that cannot be written never stops the node.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ActivityLog, MAX_ENTRIES, isConflict } from '../../src/ledger/node/activity'

const dir = mkdtempSync(join(tmpdir(), 'daejang-activity-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** a clock the test moves: a second a step, so no burst limit applies unless a test wants one */
function clock(start = Date.UTC(2026, 11, 3)): { now: () => number; step: (ms?: number) => void } {
  let t = start
  return { now: () => t, step: (ms = 1_000) => void (t += ms) }
}

describe('the activity log', () => {
  it('lists newest first, by kind, paged back', () => {
    const c = clock()
    const log = new ActivityLog(null, c.now)
    for (let i = 0; i < 5; i++) {
      log.record('tx', 'tx.rejected', { hash: `h${i}`, txType: 'notary.register', height: i }, 'RULE_VIOLATION')
      c.step()
      log.record('governance', 'governance.committed', { hash: `g${i}`, txType: 'governance.propose', height: i })
      c.step()
    }
    const all = log.list({ limit: 3 })
    expect(all.entries.map((e) => e.seq)).toEqual([10, 9, 8])
    expect(all.more).toBe(true)
    const gov = log.list({ kinds: ['governance'] })
    expect(gov.entries.map((e) => e.details.hash)).toEqual(['g4', 'g3', 'g2', 'g1', 'g0'])
    expect(gov.more).toBe(false)
    const older = log.list({ kinds: ['tx'], before: 5, limit: 10 })
    expect(older.entries.map((e) => e.details.hash)).toEqual(['h1', 'h0'])
    expect(older.entries[0]!.code).toBe('RULE_VIOLATION')
  })

  it('is kept across a restart; a torn last line and a hostile line are skipped', () => {
    const file = join(dir, 'restart.jsonl')
    const c = clock()
    const a = new ActivityLog(file, c.now)
    a.record('peer', 'peer.dropped', { peer: 'ab'.repeat(32), reason: 'frame too large' })
    c.step()
    a.record('error', 'node.error', { message: 'disk full' }, 'CORRUPT_DATA')
    a.close()
    appendFileSync(file, '{"seq":99,"time":1,"kind":"error","event":"rm -rf","details":{}}\n{"seq":3,"time":1,"ki')
    const b = new ActivityLog(file, c.now)
    expect(b.list().entries.map((e) => e.event)).toEqual(['node.error', 'peer.dropped'])
    // numbering goes on after the kept entries
    c.step()
    expect(b.record('sync', 'sync.ended', { applied: 40 })!.seq).toBe(3)
  })

  it('summarises a burst of one event in one entry', async () => {
    const c = clock()
    const log = new ActivityLog(null, c.now)
    for (let i = 0; i < 500; i++) log.record('tx', 'tx.rejected', { hash: `h${i}` }, 'NONCE_REPLAYED')
    // written: the first 20 of the second; the rest counted once the second is over
    expect(log.list({ limit: 1000 }).entries).toHaveLength(20)
    c.step()
    log.record('tx', 'tx.rejected', { hash: 'next' }, 'NONCE_REPLAYED')
    const entries = log.list({ limit: 1000 }).entries
    expect(entries).toHaveLength(22)
    const summary = entries.find((e) => e.event === 'tx.rejected.many')!
    expect(summary.details.more).toBe(480)
    expect(summary.kind).toBe('tx')
    log.close()
  })

  it('summarises a flood of refused bundles too (each is cheap to ask for again: a refused upload stays)', () => {
    const c = clock()
    const file = join(dir, 'bundle-flood.jsonl')
    const log = new ActivityLog(file, c.now)
    for (let i = 0; i < 5_000; i++) log.record('bundle', 'bundle.refused', { message: 'the exporting node\'s signature over the header does not verify' }, 'BUNDLE_BAD_SIGNATURE')
    // the flood neither pushes the older entries out nor becomes a flood of disk writes
    expect(log.list({ limit: 1000 }).entries).toHaveLength(20)
    expect(readFileSync(file, 'utf8').split('\n').filter((l) => l !== '')).toHaveLength(20)
    c.step()
    log.record('bundle', 'bundle.imported', { from: 1, to: 2, blocks: 2, txs: 0, refused: 0 })
    log.close()
    const entries = log.list({ limit: 1000 }).entries
    expect(entries).toHaveLength(22)
    expect(entries.find((e) => e.event === 'bundle.refused' && e.details.more !== undefined)?.details.more).toBe(4_980)
    expect(entries.find((e) => e.event === 'bundle.imported')).toMatchObject({ details: { from: 1, to: 2 } })
  })

  it('stays bounded, in memory and on disk', () => {
    const file = join(dir, 'bounded.jsonl')
    const c = clock()
    const log = new ActivityLog(file, c.now)
    for (let i = 0; i < 2 * MAX_ENTRIES + 10; i++) {
      log.record('governance', 'governance.committed', { height: i })
      c.step()
    }
    const lines = readFileSync(file, 'utf8').trim().split('\n')
    expect(lines.length).toBeLessThanOrEqual(2 * MAX_ENTRIES)
    expect(new ActivityLog(file, c.now).list({ limit: 1 }).entries[0]!.details.height).toBe(2 * MAX_ENTRIES + 9)
  })

  it('trims hostile details and never throws when it cannot write', () => {
    const c = clock()
    const log = new ActivityLog(join(dir, 'no', 'such', 'dir', 'log.jsonl'), c.now)
    const details: Record<string, string | number> = { reason: 'x'.repeat(100_000), n: Number.NaN }
    for (let i = 0; i < 50; i++) details[`k${i}`] = i
    const e = log.record('peer', 'peer.dropped', details)!
    expect(String(e.details.reason).length).toBeLessThanOrEqual(300)
    expect(e.details.n).toBe(0)
    expect(Object.keys(e.details).length).toBeLessThanOrEqual(12)
    expect(log.list().entries).toHaveLength(1)
  })

  it('tells conflicts from other refusals', () => {
    for (const c of ['NONCE_REPLAYED', 'NONCE_PENDING', 'DUPLICATE_TX', 'VOTING_BALLOT_SEEN', 'LAND_CONFLICT']) expect(isConflict(c)).toBe(true)
    for (const c of ['RULE_VIOLATION', 'BAD_SIGNATURE', 'UNAUTHORIZED_ROLE']) expect(isConflict(c)).toBe(false)
  })

  it('reads a log file written by hand without trusting it', () => {
    const file = join(dir, 'hand.jsonl')
    writeFileSync(file, ['not json', JSON.stringify({ seq: 1, time: 1, kind: 'tx', event: 'tx.rejected', details: { a: { nested: true } } }), JSON.stringify({ seq: 2, time: 2, kind: 'tx', event: 'tx.rejected', details: { a: 'ok' } })].join('\n'))
    const log = new ActivityLog(file)
    expect(log.list().entries.map((e) => e.seq)).toEqual([2])
  })
})
