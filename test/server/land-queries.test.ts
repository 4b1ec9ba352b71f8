/**
 * The register's read model (registries/land/queries.ts) on a register built by hand: rank order with a 본등기 in
 * its 가등기's rank, "cancelled by" derived from the current state, a 가등기 completed (not struck), a 부기 after
 * its main entry, and what 현재 유효사항 keeps.
 */
import { describe, expect, it } from 'vitest'
import type { Canonical } from '../../src/ledger/codec/canonical'
import type { CommittedReader } from '../../src/ledger/registries/types'
import { currentKey, entryKey, headKey } from '../../src/ledger/registries/land/portable/keys'
import type { CurrentState, Holder, StoredEntry } from '../../src/ledger/registries/land/portable/schema'
import { annotate, getRegister, searchRegisters } from '../../src/ledger/registries/land/queries'
import type { RegisterState } from '../../src/ledger/registries/land/rules'
import { annotateEntries } from '../../src/ledger/registries/land/portable/verify-model'

const N = '1101-2024-000007'
const holder = (name: string, key: string): Holder => ({ kind: 'person', name, id: null, idHash: null, address: '', key: key.repeat(64), agency: null, share: null })
let seq = 0
const entry = (section: 'A' | 'B', rank: string, purpose: StoredEntry['purpose'], o: Partial<StoredEntry> = {}): StoredEntry => ({
  seq: ++seq,
  section,
  rank,
  purpose,
  receipt: { office: '1101', on: '2024-03-01', number: seq },
  cause: 'sale',
  causeOn: '2024-02-28',
  holders: [],
  of: null,
  portion: null,
  amount: null,
  debtor: null,
  target: null,
  caseNo: null,
  provisional: null,
  tx: String(seq).repeat(64).slice(0, 64),
  height: seq,
  ...o,
})

const entries: StoredEntry[] = [
  entry('A', '1', 'ownership.preservation', { holders: [holder('박서준', 'a')] }),
  entry('A', '2', 'provisional.transfer', { holders: [holder('김민지', 'b')] }),
  entry('A', '3', 'restriction.seizure'),
  entry('B', '1', 'right.mortgage', { amount: '600000000' }),
  entry('A', '2', 'provisional.main', { holders: [holder('김민지', 'b')], provisional: { rank: '2', receivedOn: '2024-03-01', receipt: 2 } }),
  entry('A', '4', 'cancellation', { cause: 'ex-officio', target: { section: 'A', rank: '3' } }),
  entry('B', '1-1', 'holder.alteration', { target: { section: 'B', rank: '1' } }),
]
const cur: CurrentState = {
  owners: [{ rank: '2', holder: holder('김민지', 'b'), share: '1/1' }],
  live: [{ section: 'B', rank: '1', purpose: 'right.mortgage', of: null, holders: [] }],
  cancelled: { 'A:3': '4', 'A:2': '2' },
  entries: entries.length,
}
const state = new Map<string, unknown>([
  [headKey(N), { kind: 'land', location: { sido: '경기도', sigungu: '성남시 분당구', dong: '정자동', ri: null, mountain: true, main: 7, sub: 0 }, road: null, category: 'forest', area: '1200.00', office: '1101', agency: 'a' }],
  [currentKey(N), cur],
  ...entries.map((e) => [entryKey(N, e.seq), e] as [string, unknown]),
])
const reader: CommittedReader = {
  get: async (k) => state.get(k) as Canonical | undefined,
  async *scanState(prefix) {
    for (const k of [...state.keys()].sort()) if (k.startsWith(prefix)) yield [k, state.get(k) as Canonical]
  },
  head: () => ({ height: 9 }),
  getAux: async () => undefined,
  auxKeys: async () => [],
}

describe('land register read model', () => {
  it('orders each section by rank, derives what cancelled what, and keeps a completed 가등기 unstruck', async () => {
    const r = await getRegister(reader, null, N)
    expect(r.address).toBe('경기도 성남시 분당구 정자동 산7')
    expect(r.sections.A.map((e) => [e.seq, e.rank, e.purpose, e.cancelledBy, e.completedBy, e.struck])).toEqual([
      [1, '1', 'ownership.preservation', null, null, false],
      [2, '2', 'provisional.transfer', null, 5, false],
      [5, '2', 'provisional.main', null, null, false],
      [3, '3', 'restriction.seizure', '4', null, true],
      [6, '4', 'cancellation', null, null, false],
    ])
    expect(r.sections.B.map((e) => [e.rank, e.purpose])).toEqual([
      ['1', 'right.mortgage'],
      ['1-1', 'holder.alteration'],
    ])
  })

  it('keeps in 현재 유효사항 the current owner’s entries, the live rights and their supplements only', async () => {
    const r = await getRegister(reader, null, N, { view: 'current' })
    expect(r.sections.A.map((e) => e.seq)).toEqual([2, 5])
    expect(r.sections.B.map((e) => e.seq)).toEqual([4, 7])
    expect(r.entries).toBe(7)
  })

  it('finds the register by a mountain lot written in the usual ways', async () => {
    for (const q of ['경기 성남시 분당구 정자동 산7', '정자동 산 7번지', '분당구 정자동']) {
      expect((await searchRegisters(reader, { address: q })).map((s) => s.number)).toEqual([N])
    }
    expect(await searchRegisters(reader, { address: '정자동 7' })).toEqual([])
  })
})

describe('a later 가등기 completed, then cancelled ex officio by an earlier 가등기’s 본등기', () => {
  it('strikes the later 가등기 and its 본등기, each cancelled by the 직권말소; the earlier stays completed', () => {
    seq = 100
    const later = [
      entry('A', '1', 'ownership.preservation', { holders: [holder('박서준', 'a')] }),
      entry('A', '2', 'provisional.transfer', { holders: [holder('김민지', 'b')] }),
      entry('A', '3', 'provisional.transfer', { holders: [holder('최하은', 'c')] }),
      entry('A', '3', 'provisional.main', { holders: [holder('최하은', 'c')], provisional: { rank: '3', receivedOn: '2024-03-01', receipt: 103 } }),
      entry('A', '2', 'provisional.main', { holders: [holder('김민지', 'b')], provisional: { rank: '2', receivedOn: '2024-03-01', receipt: 102 } }),
      entry('A', '4', 'cancellation', { cause: 'ex-officio', target: { section: 'A', rank: '3' } }),
    ]
    const reg = {
      number: N,
      head: {} as RegisterState['head'],
      cur: { owners: [{ rank: '2', holder: holder('김민지', 'b'), share: '1/1' }], live: [], cancelled: { 'A:3': '4', 'A:2': '2' }, entries: later.length },
      entries: later,
    } as RegisterState
    expect(annotate(reg).map((e) => [e.seq, e.rank, e.purpose, e.cancelledBy, e.completedBy, e.struck])).toEqual([
      [101, '1', 'ownership.preservation', null, null, false],
      [102, '2', 'provisional.transfer', null, 105, false],
      [103, '3', 'provisional.transfer', '4', 104, true],
      [104, '3', 'provisional.main', '4', null, true],
      [105, '2', 'provisional.main', null, null, false],
      [106, '4', 'cancellation', null, null, false],
    ])
    // the extract's verifier derives the same (what it prints struck through)
    expect(annotateEntries(reg as never).map((e) => [e.seq, e.cancelledBy, e.completedBy, e.struck])).toEqual(
      annotate(reg).map((e) => [e.seq, e.cancelledBy, e.completedBy, e.struck]),
    )
  })
})

describe('search and queue bounds', () => {
  it('refuse, with LAND_SEARCH_TOO_WIDE, a request that would walk more than MAX_SCANNED entries', async () => {
    const { MAX_SCANNED, listApplications } = await import('../../src/ledger/registries/land/queries')
    let walked = 0
    const wide: CommittedReader = {
      get: async () => undefined,
      scanState: async function* (_prefix: string, limit = Infinity) {
        // a hostile or merely huge state: entries that never match, more than the bound
        for (let i = 0; i < Math.min(limit, MAX_SCANNED + 10); i++) {
          walked++
          yield [`ld/r/1101-2024-${String(i).padStart(6, '0')}/e-000001`, {} as Canonical]
        }
      },
      head: () => ({ height: 1 }),
      getAux: async () => undefined,
      auxKeys: async () => [],
    }
    await expect(searchRegisters(wide, { address: '어디에도 없는 주소' })).rejects.toMatchObject({ code: 'LAND_SEARCH_TOO_WIDE' })
    expect(walked).toBe(MAX_SCANNED + 1)
    walked = 0
    await expect(listApplications(wide, { office: '1101', status: 'received' }, 0)).rejects.toMatchObject({ code: 'LAND_SEARCH_TOO_WIDE' })
    expect(walked).toBe(MAX_SCANNED + 1)
  })
})
