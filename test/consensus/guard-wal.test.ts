import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, appendFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { utf8 } from '../../src/ledger/codec/bytes'
import { type GuardRecord, type GuardStore, MemoryGuardStore, SignGuard } from '../../src/ledger/consensus/guard'
import { FileGuardStore, GUARD_SLOT_BYTES } from '../../src/ledger/consensus/guard-file'
import { encodeCanonical } from '../../src/ledger/codec/canonical'
import { decodeInput, encodeInput } from '../../src/ledger/consensus/messages'
import { Replica, type ReplicaHost } from '../../src/ledger/consensus/replica'
import { MemoryWal, WalCrash, frameRecord, parseRecords } from '../../src/ledger/consensus/wal'
import { FileWal } from '../../src/ledger/consensus/wal-file'
import { CHAIN, Net, T, value, verify } from './helpers'

const dirs: string[] = []
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'daejang-consensus-'))
  dirs.push(d)
  return d
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

const req = (height: number, round: number, step: 0 | 1 | 2, what: string) => ({ height, round, step, signBytes: utf8(what) })

function guardBehaviour(makeStore: () => GuardStore) {
  const net = new Net()
  const g = new SignGuard(net.keys[0]!, makeStore())
  expect(g.sign(req(1, 0, 1, 'a')).ok).toBe(true)
  expect(g.sign(req(1, 0, 1, 'a')).ok).toBe(true) // the same thing again: idempotent rebroadcast
  expect(g.sign(req(1, 0, 1, 'b'))).toMatchObject({ ok: false }) // something else for the same step
  expect(g.sign(req(1, 0, 0, 'a'))).toMatchObject({ ok: false }) // an earlier step
  expect(g.sign(req(1, 0, 2, 'b')).ok).toBe(true)
  expect(g.sign(req(1, 1, 0, 'c')).ok).toBe(true)
  expect(g.sign(req(1, 0, 2, 'b'))).toMatchObject({ ok: false }) // earlier round, even the same bytes
  expect(g.sign(req(2, 0, 0, 'd')).ok).toBe(true)
  // a restarted guard on the same store refuses what it signed before the restart for another value
  const again = new SignGuard(net.keys[0]!, makeStore())
  expect(again.sign(req(2, 0, 0, 'e'))).toMatchObject({ ok: false })
  expect(again.sign(req(2, 0, 0, 'd')).ok).toBe(true)
}

describe('SignGuard', () => {
  it('in memory: signs forward, re-signs the same, refuses the rest', () => {
    const store = new MemoryGuardStore()
    guardBehaviour(() => store)
  })

  it('persists before the signature exists: a failing store means no signature', () => {
    const net = new Net()
    let saved: GuardRecord | null = null
    const store: GuardStore = {
      load: () => saved,
      save: (r) => {
        if (r.height === 2) throw new Error('disk full')
        saved = r
      },
    }
    const g = new SignGuard(net.keys[0]!, store)
    expect(g.sign(req(1, 0, 1, 'a')).ok).toBe(true)
    expect(() => g.sign(req(2, 0, 1, 'a'))).toThrow('disk full')
    expect(g.lastSigned?.height).toBe(1)
  })

  it('file-backed: the same behaviour across restarts; writes through a temp file that does not remain', () => {
    const d = tmp()
    const path = join(d, 'guard')
    guardBehaviour(() => new FileGuardStore(path))
    expect(existsSync(path + '.tmp')).toBe(false)
    expect(new FileGuardStore(path).load()).toMatchObject({ height: 2, round: 0, step: 0 })
    writeFileSync(path, 'garbage')
    expect(() => new FileGuardStore(path).load()).toThrow()
    expect(new FileGuardStore(join(d, 'none')).load()).toBe(null)
  })

  it('file-backed: two slots — a torn write of the newest leaves the previous record; the earlier format is read and replaced', () => {
    const d = tmp()
    const path = join(d, 'guard')
    const store = new FileGuardStore(path)
    const digest = (n: number) => new Uint8Array(32).fill(n)
    store.save({ height: 5, round: 0, step: 1, digest: digest(1) })
    store.save({ height: 5, round: 0, step: 2, digest: digest(2) })
    store.close()
    expect(readFileSync(path).length).toBe(2 * GUARD_SLOT_BYTES)
    expect(new FileGuardStore(path).load()).toMatchObject({ height: 5, step: 2 })
    // tear the newest slot (seq 2 lives in slot 0): the record before it is what counts
    const bytes = readFileSync(path)
    bytes[20] = bytes[20]! ^ 0xff
    writeFileSync(path, bytes)
    const reloaded = new FileGuardStore(path)
    expect(reloaded.load()).toMatchObject({ height: 5, step: 1 })
    // saving goes on after the surviving record, into the torn slot
    reloaded.save({ height: 6, round: 0, step: 0, digest: digest(3) })
    reloaded.close()
    expect(new FileGuardStore(path).load()).toMatchObject({ height: 6, step: 0 })
    // a guard file of the earlier form (one canonical record) is read, then replaced by slots
    const legacy = join(d, 'legacy')
    writeFileSync(legacy, encodeCanonical(['daejang/sign-guard/v1', 9, 1, 2, digest(4)]))
    const old = new FileGuardStore(legacy)
    expect(old.load()).toMatchObject({ height: 9, round: 1, step: 2 })
    old.save({ height: 10, round: 0, step: 0, digest: digest(5) })
    old.close()
    expect(readFileSync(legacy).length).toBe(2 * GUARD_SLOT_BYTES)
    expect(new FileGuardStore(legacy).load()).toMatchObject({ height: 10, step: 0 })
  })
})

describe('WAL', () => {
  const recs = [utf8('one'), utf8('two'), new Uint8Array(300).fill(7)]

  it('frames records with length and checksum; any cut or corrupted tail is detected and ignored (property)', () => {
    const all = new Uint8Array(recs.map(frameRecord).reduce((a, f) => a + f.length, 0))
    let off = 0
    const ends: number[] = []
    for (const f of recs.map(frameRecord)) {
      all.set(f, off)
      off += f.length
      ends.push(off)
    }
    expect(parseRecords(all)).toMatchObject({ torn: false, records: recs })
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length }), fc.option(fc.integer({ min: 0, max: all.length - 1 })), (cut, flip) => {
        const b = all.slice(0, cut)
        if (flip !== null && flip < b.length) b[flip] = b[flip]! ^ 0x40
        const r = parseRecords(b)
        const whole = ends.filter((e) => e <= cut).length
        if (flip === null || flip >= cut) {
          expect(r.records).toEqual(recs.slice(0, whole))
          expect(r.torn).toBe(!ends.includes(cut) && cut !== 0)
        } else {
          // a flipped bit never yields a record that was not written
          r.records.forEach((x, i) => expect(x).toEqual(recs[i]))
          expect(r.records.length).toBeLessThanOrEqual(whole)
        }
      }),
    )
  })

  it('in memory: a torn append crashes, the tail is ignored and cut, later appends follow', () => {
    const wal = new MemoryWal()
    wal.append(recs[0]!)
    wal.tearNextAppend = 5
    expect(() => wal.append(recs[1]!)).toThrow(WalCrash)
    expect(wal.read()).toMatchObject({ torn: true, records: [recs[0]] })
    wal.append(recs[2]!)
    expect(wal.read()).toMatchObject({ torn: false, records: [recs[0], recs[2]] })
    wal.rewrite([recs[1]!])
    expect(wal.read().records).toEqual([recs[1]])
  })

  it('file-backed: append + fsync, reopen, torn tail cut on open, rewrite', () => {
    const path = join(tmp(), 'wal')
    const wal = new FileWal(path)
    for (const r of recs) wal.append(r)
    wal.close()
    const full = readFileSync(path).length
    appendFileSync(path, frameRecord(utf8('four')).subarray(0, 6)) // a torn append
    const w2 = new FileWal(path)
    expect(w2.read()).toMatchObject({ torn: true, records: recs })
    expect(readFileSync(path).length).toBe(full)
    w2.append(utf8('five'))
    expect(w2.read()).toMatchObject({ torn: false, records: [...recs, utf8('five')] })
    w2.rewrite([utf8('six')])
    w2.append(utf8('seven'))
    w2.close()
    expect(new FileWal(path).read().records).toEqual([utf8('six'), utf8('seven')])
    truncateSync(path, 3)
    const w3 = new FileWal(path)
    expect(w3.read()).toMatchObject({ torn: true, records: [] })
    w3.close()
  })
})

describe('Replica restart', () => {
  function host(log: string[]): ReplicaHost {
    return {
      broadcast: (m) => log.push('send ' + m.kind),
      scheduleTimeout: (t) => log.push(`timeout ${t.timeout} ${t.height}/${t.round}`),
      getValue: () => value('x'),
      isValid: () => true,
      decided: (d) => log.push('decided ' + d.height),
      evidence: () => log.push('evidence'),
    }
  }

  it('replays its WAL to resume height, round and lock; the file WAL and guard survive a restart', () => {
    const net = new Net()
    const s = net.nonProposer([1, 0], [1, 1])
    const d = tmp()
    const cfg = { chainId: CHAIN, validators: net.vset, verify, timeouts: T }
    const log: string[] = []
    const wal = new FileWal(join(d, 'wal'))
    const r1 = new Replica(cfg, new SignGuard(net.keys[s]!, new FileGuardStore(join(d, 'guard'))), wal, host(log), 0)
    r1.start()
    const v = value('v')
    const [a, b] = [0, 1, 2, 3].filter((i) => i !== s)
    const prop = net.proposal(1, 0, v)
    if (prop.kind !== 'proposal') throw new Error('a proposal')
    r1.receive({ kind: 'proposal', proposal: prop.proposal })
    for (const i of [a!, b!]) r1.input(net.prevote(i, 1, 0, v))
    for (const i of [a!, b!]) r1.input(net.precommit(i, 1, 0, null))
    r1.timeout('precommit', 1, 0)
    expect(r1.core.round).toBe(1)
    expect(r1.core.locked.round).toBe(0)
    wal.close()
    // every logged record decodes
    const records = new FileWal(join(d, 'wal')).read().records
    records.forEach((r) => expect(new Uint8Array(encodeInput(decodeInput(r)))).toEqual(new Uint8Array(r)))

    const log2: string[] = []
    const wal2 = new FileWal(join(d, 'wal'))
    const r2 = new Replica(cfg, new SignGuard(net.keys[s]!, new FileGuardStore(join(d, 'guard'))), wal2, host(log2), 0)
    expect(r2.boot.replayed).toBe(records.length)
    expect([r2.core.height, r2.core.round, r2.core.stepName]).toEqual([1, 1, 'propose'])
    expect(r2.core.locked).toEqual(r1.core.locked)
    r2.start()
    expect(log2).toEqual(['timeout propose 1/1'])
    wal2.close()
  })
})
