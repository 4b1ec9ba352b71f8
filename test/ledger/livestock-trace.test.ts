/**
 * Outbreak tracing (docs/adr/0046) against a brute-force trace on small generated herds (fast-check): the same animals
 * at the same depths, the same sites, carcasses, packs, bundles and sales; and the in-memory index's entries put
 * again, grown, or shrunk answering as the entry says.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type AnimalEntry, LivestockIndexStore, dayNumber, dayString } from '../../src/ledger/registries/livestock/local-index-store'
import { trace } from '../../src/ledger/registries/livestock/trace'

const BASE = dayNumber('2026-01-01')
const day = (n: number): string => dayString(BASE + n)
const animalNo = (i: number): string => String(410_000_000_000 + i)
const siteNo = (i: number): string => String(100_000 + i)

interface Herd {
  entries: AnimalEntry[]
}

/** A small herd: each animal moves between a few farms, maybe slaughtered, packed (maybe in a shared bundle), sold. */
const herdArb = fc
  .record({
    sites: fc.integer({ min: 1, max: 6 }),
    animals: fc.array(
      fc.record({
        start: fc.integer({ min: 0, max: 40 }),
        legs: fc.array(fc.record({ site: fc.nat(), days: fc.integer({ min: 0, max: 15 }) }), { minLength: 1, maxLength: 4 }),
        open: fc.boolean(),
        slaughter: fc.boolean(),
        bundle: fc.integer({ min: -1, max: 2 }),
        shop: fc.integer({ min: -1, max: 2 }),
      }),
      { minLength: 1, maxLength: 12 },
    ),
  })
  .map(({ sites, animals }): Herd => {
    const entries = animals.map((g, i): AnimalEntry => {
      let d = g.start
      const stays: AnimalEntry['stays'] = g.legs.map((l) => {
        const from = d
        d += l.days
        return { site: siteNo(l.site % sites), from: day(from), to: day(d) }
      })
      const slaughtered = !g.open && g.slaughter
      if (g.open) stays[stays.length - 1]!.to = null
      const down: AnimalEntry['down'] = []
      if (slaughtered) {
        down.push({ kind: 'slaughter', site: '900001', date: day(d), bundle: null })
        const bundle = g.bundle === -1 ? null : `L${String(12_612_030_000_000 + g.bundle)}`
        down.push({ kind: 'pack', site: '900002', date: day(d + 1), bundle })
        if (g.shop !== -1) down.push({ kind: 'sale', site: `90001${g.shop}`, date: day(d + 2), bundle })
      }
      return {
        animal: animalNo(i),
        birth: day(g.start),
        tagged: day(g.start),
        status: g.open ? 'alive' : slaughtered ? 'slaughtered' : 'dead',
        site: stays[stays.length - 1]!.site,
        stays,
        down,
        late: [],
        last: day(d),
      }
    })
    return { entries }
  })

const indexOf = (h: Herd): LivestockIndexStore => {
  const ix = new LivestockIndexStore()
  for (const e of h.entries) ix.putAnimal(e)
  return ix
}

const num = (s: string | null): number => (s === null ? Infinity : dayNumber(s))

/** The trace by brute force: every pair of stays, level by level. */
function bruteForce(h: Herd, start: { animal: string } | { site: string }, from: string, to: string, depth: number) {
  const wf = dayNumber(from)
  const wt = dayNumber(to)
  const meet = (a: { from: string; to: string | null }, b: { from: string; to: string | null }): boolean =>
    Math.max(dayNumber(a.from), dayNumber(b.from), wf) <= Math.min(num(a.to), num(b.to), wt)
  const depthOf = new Map<string, number>()
  let level = 1
  if ('animal' in start) depthOf.set(start.animal, 0)
  else {
    for (const e of h.entries) if (e.stays.some((s) => s.site === start.site && meet(s, { from, to }))) depthOf.set(e.animal, 1)
    level = 2
  }
  for (; level <= depth; level++) {
    const prev = h.entries.filter((e) => depthOf.get(e.animal) === level - 1)
    for (const e of h.entries) {
      if (depthOf.has(e.animal)) continue
      if (prev.some((p) => p.stays.some((ps) => e.stays.some((es) => es.site === ps.site && meet(es, ps))))) depthOf.set(e.animal, level)
    }
  }
  const reached = h.entries.filter((e) => depthOf.has(e.animal))
  const sites = new Map<string, number>()
  if ('site' in start) sites.set(start.site, 0)
  for (const e of reached)
    for (const s of e.stays)
      if (dayNumber(s.from) <= wt && num(s.to) >= wf) sites.set(s.site, Math.min(sites.get(s.site) ?? Infinity, depthOf.get(e.animal)!))
  const down = reached.flatMap((e) => e.down.filter((d) => dayNumber(d.date) >= wf).map((d) => ({ ...d, animal: e.animal })))
  const bundles = new Map<string, Set<string>>()
  for (const d of down) if (d.kind === 'pack' && d.bundle !== null) bundles.set(d.bundle, (bundles.get(d.bundle) ?? new Set()).add(d.animal))
  return {
    animals: [...depthOf].map(([animal, d]) => `${animal}@${d}`).sort(),
    sites: [...sites].map(([s, d]) => `${s}@${d}`).sort(),
    carcasses: down.filter((d) => d.kind === 'slaughter').map((d) => d.animal).sort(),
    packs: down.filter((d) => d.kind === 'pack').map((d) => `${d.animal}/${d.bundle}`).sort(),
    bundles: [...bundles].map(([b, as]) => `${b}:${[...as].sort().join(',')}`).sort(),
    shops: [...new Set(down.filter((d) => d.kind === 'sale').map((d) => d.site))].sort(),
  }
}

describe('outbreak trace against a brute-force trace', () => {
  it('reaches the same animals at the same depths, the same sites, carcasses, packs, bundles and shops', () => {
    fc.assert(
      fc.property(
        herdArb,
        fc.nat(),
        fc.boolean(),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 3 }),
        (h, pick, fromSite, wStart, wLen, depth) => {
          // the index first holds each animal's first stay, still open, and is traced (its per-site order is built);
          // then the animals' whole entries arrive (stays closed, new stays): what it answers is the whole herd's
          const ix = indexOf({ entries: h.entries.map((e) => ({ ...e, stays: [{ ...e.stays[0]!, to: null }], down: [] })) })
          for (const e of h.entries) trace(ix, { animal: e.animal, from: day(0), to: day(100), depth: 1 })
          for (const e of h.entries) ix.putAnimal(e)
          const e = h.entries[pick % h.entries.length]!
          const start = fromSite ? { site: e.stays[0]!.site } : { animal: e.animal }
          const from = day(wStart)
          const to = day(wStart + wLen)
          const r = trace(ix, { ...start, from, to, depth })
          const b = bruteForce(h, start, from, to, depth)
          expect(r.animals.map((a) => `${a.animal}@${a.depth}`).sort()).toEqual(b.animals)
          expect(r.sites.map((s) => `${s.site}@${s.depth}`).sort()).toEqual(b.sites)
          expect(r.carcasses.map((c) => c.animal).sort()).toEqual(b.carcasses)
          expect(r.packs.map((p) => `${p.animal}/${p.bundle}`).sort()).toEqual(b.packs)
          expect(r.bundles.map((x) => `${x.bundle}:${x.animals.join(',')}`).sort()).toEqual(b.bundles)
          expect(r.shops).toEqual(b.shops)
          expect(r.truncated).toBe(false)
          expect(r.counts).toEqual({ animals: r.animals.length, stays: r.stays.length, carcasses: r.carcasses.length, packs: r.packs.length, sales: r.sales.length })
          // a limited listing: the first rows of the whole lists, with the same counts
          const cut = trace(ix, { ...start, from, to, depth, rows: 2 })
          expect(cut.counts).toEqual(r.counts)
          expect(cut.animals).toEqual(r.animals.slice(0, 2))
          expect(cut.stays).toEqual(r.stays.slice(0, 2))
          expect(cut.sales).toEqual(r.sales.slice(0, 2))
          expect(cut.sites).toEqual(r.sites)
          expect(cut.shops).toEqual(r.shops)
          // every animal but the start was reached through a site where it met the window
          for (const a of r.animals) if (a.depth > 0) expect(a.via).not.toBeNull()
        },
      ),
      { numRuns: 400 },
    )
  })

  it('an entry put again changes nothing; a grown entry updates in place; a shrunk one retires its rows', () => {
    fc.assert(
      fc.property(herdArb, fc.nat(), (h, pick) => {
        const ix = indexOf(h)
        for (const e of h.entries) ix.putAnimal(e)
        for (const e of h.entries) expect(ix.entryOf(e.animal)).toEqual(e)
        const e = h.entries[pick % h.entries.length]!
        // the open stay closes and a new one opens (a move), then the history is cut back to one stay
        const grown: AnimalEntry = { ...e, stays: [...e.stays.map((s) => ({ ...s, to: s.to ?? e.last })), { site: '100099', from: e.last, to: null }] }
        ix.putAnimal(grown)
        expect(ix.entryOf(e.animal)).toEqual(grown)
        const shrunk: AnimalEntry = { ...grown, stays: grown.stays.slice(0, 1) }
        ix.putAnimal(shrunk)
        expect(ix.entryOf(e.animal)).toEqual(shrunk)
        // the retired stays are no longer at their sites
        let at99 = 0
        ix.staysAtSiteSince(ix.siteOf('100099'), -Infinity, (a) => (at99 += ix.animalNumber(a) === e.animal ? 1 : 0))
        expect(at99).toBe(0)
      }),
      { numRuns: 200 },
    )
  })

  it('refuses an unknown start, a window that ends before it starts or is too long, and a depth out of range', () => {
    const ix = indexOf({ entries: [{ animal: animalNo(1), birth: day(0), tagged: null, status: 'alive', site: siteNo(1), stays: [{ site: siteNo(1), from: day(0), to: null }], down: [], late: [], last: day(0) }] })
    expect(() => trace(ix, { animal: animalNo(2), from: day(0), to: day(5), depth: 1 })).toThrow(expect.objectContaining({ code: 'LIVESTOCK_UNKNOWN_ANIMAL' }))
    expect(() => trace(ix, { site: siteNo(7), from: day(0), to: day(5), depth: 1 })).toThrow(expect.objectContaining({ code: 'LIVESTOCK_UNKNOWN_SITE' }))
    expect(() => trace(ix, { animal: animalNo(1), from: day(5), to: day(0), depth: 1 })).toThrow(expect.objectContaining({ code: 'SCHEMA_INVALID' }))
    expect(() => trace(ix, { animal: animalNo(1), from: day(0), to: day(400), depth: 1 })).toThrow(expect.objectContaining({ code: 'SCHEMA_INVALID' }))
    expect(() => trace(ix, { animal: animalNo(1), from: day(0), to: day(5), depth: 5 })).toThrow(expect.objectContaining({ code: 'SCHEMA_INVALID' }))
    expect(trace(ix, { animal: animalNo(1), from: day(0), to: day(5), depth: 1 }).history).toEqual([{ site: siteNo(1), from: day(0), to: null }])
  })

  it('stops at the cap and says so', () => {
    const entries: AnimalEntry[] = Array.from({ length: 30 }, (_, i) => ({
      animal: animalNo(i),
      birth: day(0),
      tagged: day(0),
      status: 'alive',
      site: siteNo(1),
      stays: [{ site: siteNo(1), from: day(0), to: null }],
      down: [],
      late: [],
      last: day(0),
    }))
    const r = trace(indexOf({ entries }), { animal: animalNo(0), from: day(0), to: day(3), depth: 2, maxAnimals: 10 })
    expect(r.truncated).toBe(true)
    expect(r.animals).toHaveLength(10)
  })
})
