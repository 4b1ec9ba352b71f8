/**
 * The generated Korea-shaped herd (bench/livestock-data.ts) the livestock benches load: every payload parses with
 * its type's schema (ADR 0041), animal numbers carry their check digit, and each animal's history is in an order the
 * rules can take (born, then tagged, tagged before it moves, moved only from where it is, slaughtered before it is
 * graded and packed, packed before it is sold, nothing after a death). Deterministic by seed.
 */
import { describe, expect, it } from 'vitest'
import { AREAS, type HerdStats, type HerdTx, animalNumberOf, herdStream } from '../../bench/livestock-data'
import { animalNumberProblem } from '../../src/ledger/registries/livestock/portable/identifiers'
import {
  BirthSchema,
  DeathSchema,
  DnaSchema,
  GradeSchema,
  MoveSchema,
  PackSchema,
  SaleSchema,
  SiteRegisterSchema,
  SlaughterSchema,
  TagSchema,
  VetSchema,
} from '../../src/ledger/registries/livestock/portable/schema'

const SCHEMAS: Record<string, { parse: (x: unknown) => unknown }> = {
  'livestock.site.register': SiteRegisterSchema,
  'livestock.birth': BirthSchema,
  'livestock.tag': TagSchema,
  'livestock.move': MoveSchema,
  'livestock.vet': VetSchema,
  'livestock.death': DeathSchema,
  'livestock.slaughter': SlaughterSchema,
  'livestock.grade': GradeSchema,
  'livestock.pack': PackSchema,
  'livestock.sale': SaleSchema,
  'livestock.dna': DnaSchema,
}

interface Life {
  born: boolean
  tagged: boolean
  site: string
  end: 'alive' | 'dead' | 'slaughtered' | 'failed'
  graded: boolean
  packed: boolean
}

describe('the generated herd', () => {
  it('is schema-valid, ordered as the rules need, Korea-shaped and deterministic', { timeout: 120_000 }, () => {
    const stats = {} as HerdStats
    const txs: HerdTx[] = [...herdStream({ scale: 0.0005, seed: 3, keyOf: () => 'ab'.repeat(32) }, stats)]
    const lives = new Map<string, Life>()
    const sites = new Set<string>()
    const bundles = new Set<string>()
    let lastDay = ''
    for (const t of txs) {
      const schema = SCHEMAS[t.type]
      if (!schema) throw new Error(`unexpected type ${t.type}`)
      schema.parse(t.payload)
      expect(t.day >= lastDay).toBe(true)
      lastDay = t.day
      const p = t.payload as Record<string, unknown>
      const life = (a: string): Life => {
        const l = lives.get(a)
        if (!l) throw new Error(`${t.type} of an unknown animal ${a}`)
        return l
      }
      switch (t.type) {
        case 'livestock.site.register':
          sites.add(p.site as string)
          break
        case 'livestock.birth':
          expect(animalNumberProblem(p.animal as string)).toBeNull()
          expect(lives.has(p.animal as string)).toBe(false)
          expect(sites.has(p.farm as string)).toBe(true)
          expect((p.date as string) <= t.day).toBe(true)
          lives.set(p.animal as string, { born: true, tagged: false, site: p.farm as string, end: 'alive', graded: false, packed: false })
          break
        case 'livestock.tag': {
          const l = life(p.animal as string)
          expect(l.tagged).toBe(false)
          l.tagged = true
          break
        }
        case 'livestock.move':
          expect(t.signer).toBe(`site:${p.from as string}`)
          expect(t.cosigner).toBe(`site:${p.to as string}`)
          for (const a of p.animals as string[]) {
            const l = life(a)
            expect(l.tagged && l.end === 'alive' && l.site === p.from).toBe(true)
            l.site = p.to as string
          }
          break
        case 'livestock.vet':
          for (const a of p.animals as string[]) expect(life(a).end).toBe('alive')
          break
        case 'livestock.death': {
          const l = life(p.animal as string)
          expect(l.end).toBe('alive')
          expect(t.signer).toBe(`site:${l.site}`)
          l.end = 'dead'
          break
        }
        case 'livestock.slaughter': {
          const l = life(p.animal as string)
          expect(l.tagged && l.end === 'alive').toBe(true)
          l.end = p.inspection === 'pass' ? 'slaughtered' : 'failed'
          break
        }
        case 'livestock.grade': {
          const l = life(p.animal as string)
          expect(l.end === 'slaughtered' && !l.graded).toBe(true)
          l.graded = true
          break
        }
        case 'livestock.pack':
          for (const a of p.animals as string[]) {
            expect(life(a).end).toBe('slaughtered')
            life(a).packed = true
          }
          if (p.bundle) {
            expect(bundles.has(p.bundle as string)).toBe(false)
            bundles.add(p.bundle as string)
          } else expect((p.animals as string[]).length).toBe(1)
          break
        case 'livestock.sale':
          if ((p.number as string).startsWith('L')) expect(bundles.has(p.number as string)).toBe(true)
          else expect(life(p.number as string).packed).toBe(true)
          break
      }
    }
    // Korea-shaped: 17 시도, ~250 시군구, ~3,500 읍면동; most farms small; the year's slaughters and births about a
    // quarter of the herd each
    expect(new Set(AREAS.map((a) => a.sidoCode)).size).toBe(17)
    expect(new Set(AREAS.map((a) => a.sigunguCode)).size).toBeGreaterThanOrEqual(240)
    expect(new Set(AREAS.map((a) => a.code)).size).toBeGreaterThanOrEqual(3_400)
    expect(stats.aliveAtStart).toBeGreaterThan(1_500)
    expect(stats.farmSizes['≤20']!).toBeGreaterThan(stats.farmSizes['101–500']! + stats.farmSizes['>500']!)
    const year = txs.filter((t) => t.phase === 'year')
    const n = (type: string): number => year.filter((t) => t.type === type).length
    expect(n('livestock.slaughter') / stats.aliveAtStart).toBeGreaterThan(0.2)
    expect(n('livestock.slaughter') / stats.aliveAtStart).toBeLessThan(0.35)
    expect(n('livestock.birth') / stats.aliveAtStart).toBeGreaterThan(0.2)
    for (const type of ['livestock.move', 'livestock.vet', 'livestock.grade', 'livestock.pack', 'livestock.sale']) expect(n(type)).toBeGreaterThan(0)
    expect(year.some((t) => t.type === 'livestock.pack' && (t.payload as { bundle?: string }).bundle)).toBe(true)
    // deterministic, and the seed matters
    const again = [...herdStream({ scale: 0.0005, seed: 3, phases: ['year'], keyOf: () => 'ab'.repeat(32) })]
    expect(again.map((t) => JSON.stringify(t))).toEqual(year.map((t) => JSON.stringify(t)))
    expect(animalNumberOf(5, 1)).not.toBe(animalNumberOf(5, 2))
    expect(animalNumberProblem(animalNumberOf(123_456, 1))).toBeNull()
  })
})
