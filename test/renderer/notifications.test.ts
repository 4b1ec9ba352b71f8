/** Calm transaction notifications: own transactions first, rejections summed up, other commits only counted. */
import { describe, expect, it } from 'vitest'
import { noticeDuration, outboxTracks, TxDigest, type TxEvent } from '../../src/renderer/lib/tx-digest'

const committed = (hash: string, height = 3): TxEvent => ({ type: 'tx.committed', hash, height, index: 0, txType: 'identity.role.grant' })
const rejected = (hash: string, code = 'RULE_VIOLATION' as const): TxEvent => ({ type: 'tx.rejected', hash, code, message: `no ${hash}` })

describe('TxDigest', () => {
  it('announces own commits one by one, and only counts the others', () => {
    const d = new TxDigest()
    d.push(committed('mine'), true)
    for (let i = 0; i < 1000; i++) d.push(committed(`other${i}`), false)
    expect(d.committed).toBe(1001)
    expect(d.drain()).toEqual([{ kind: 'committed', hash: 'mine', height: 3, txType: 'identity.role.grant' }])
    expect(d.drain()).toEqual([])
  })

  it('sums up a flood of rejections into one notice with the latest reason', () => {
    const d = new TxDigest()
    for (let i = 0; i < 500; i++) d.push(rejected(`r${i}`), false)
    expect(d.drain()).toEqual([{ kind: 'rejected-many', count: 500, code: 'RULE_VIOLATION', message: 'no r499' }])
    expect(d.rejected).toBe(500)
  })

  it('shows a few rejections singly, own ones first, and never more than the maximum', () => {
    const d = new TxDigest({ singles: 2, max: 3 })
    d.push(rejected('o1'), false)
    d.push(rejected('m1'), true)
    d.push(committed('m2'), true)
    d.push(committed('m3'), true)
    d.push(committed('m4'), true)
    const out = d.drain()
    expect(out.map((n) => n.kind)).toEqual(['rejected', 'committed-many', 'rejected'])
    expect(out[0]).toMatchObject({ hash: 'm1', mine: true })
    expect(out[1]).toEqual({ kind: 'committed-many', count: 3 })
    expect(out[2]).toMatchObject({ hash: 'o1', mine: false })
  })
})

describe('outboxTracks', () => {
  it("asks the outbox's tracks(), else looks in its pending hashes or entries", () => {
    expect(outboxTracks({ tracks: (h: string) => h === 'a' }, 'a')).toBe(true)
    expect(outboxTracks({ tracks: () => false, pending: ['a'] }, 'a')).toBe(false)
    expect(outboxTracks({ pending: ['a', 'b'] }, 'b')).toBe(true)
    expect(outboxTracks({ pending: [{ hash: 'c' }] }, 'c')).toBe(true)
    expect(outboxTracks({ pending: new Set(['d']) }, 'd')).toBe(true)
    expect(outboxTracks({}, 'a')).toBe(false)
  })
})

describe('how long a notice stays', () => {
  it('dismisses every notice by itself within two minutes, an error of ours included (it stayed forever)', () => {
    const digest = new TxDigest({ singles: 1 })
    digest.push({ type: 'tx.rejected', hash: 'a'.repeat(64), code: 'NUMBER_TAKEN', message: 'taken' }, true)
    digest.push({ type: 'tx.committed', hash: 'b'.repeat(64), height: 3, index: 0, txType: 'notary.register' }, true)
    digest.push({ type: 'tx.rejected', hash: 'c'.repeat(64), code: 'RULE_VIOLATION', message: 'no' }, false)
    const notices = digest.drain()
    expect(notices.map((n) => n.kind)).toEqual(['rejected', 'committed', 'rejected'])
    for (const n of [...notices, { kind: 'committed-many', count: 9 } as const, { kind: 'rejected-many', count: 9, code: 'INTERNAL', message: 'x' } as const]) {
      expect(noticeDuration(n)).toBeGreaterThan(0)
      expect(noticeDuration(n)).toBeLessThanOrEqual(120_000)
    }
    // ours stays longer than others'
    expect(noticeDuration(notices[0]!)).toBeGreaterThan(noticeDuration(notices[2]!))
  })
})
