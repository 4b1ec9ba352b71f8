/**
 * Point reads and proofs served in batches (docs/adr/0043): many in flight at once answer exactly what they answer
 * one at a time, a node wanted by several of them is read once, a queue past its bound is refused with
 * STATE_READS_BUSY (the others still answered, nothing changed), and a node missing from the store is CORRUPT_DATA
 * for the reads that need it only.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import '../../src/ledger/crypto/sha256-node'
import type { Canonical } from '../../src/ledger/codec/canonical'
import { verifyStateProof } from '../../src/ledger/proofs/state-proof'
import { StateTree, type TreeDb, memoryTreeDb } from '../../src/ledger/state/tree'

const GROUPS = ['', 'n/rec', 'lv/ev/a1', 'land/p/1']
const key = (g: string, n: string): string => (g === '' ? n : g + '/' + n)

/** a tree of `versions` versions over a memory db; the db's getMany counts the keys asked */
async function built(versions: Array<Map<string, Canonical | null>>) {
  const mem = memoryTreeDb()
  const writer = new StateTree(mem)
  await writer.load()
  for (let v = 0; v < versions.length; v++) {
    const p = await writer.prepare(v, versions[v]!)
    mem.apply(p.ops)
    writer.committed(p)
  }
  const asked: string[][] = []
  const db: TreeDb = {
    getMany: (k) => {
      asked.push(k)
      return mem.getMany(k)
    },
    iterate: (o) => mem.iterate(o),
  }
  return { mem, db, asked }
}

describe('state tree: reads and proofs in batches', () => {
  it('many reads and proofs in flight answer what each answers alone, and verify', async () => {
    const keyArb = fc.tuple(fc.constantFrom(...GROUPS), fc.constantFrom('a', 'b', 'c', '0', '1', 'x/y')).map(([g, n]) => key(g, n))
    const blockArb = fc.array(fc.tuple(keyArb, fc.option(fc.integer({ min: -9, max: 9 }), { freq: 3 })), { minLength: 1, maxLength: 12 })
    await fc.assert(
      fc.asyncProperty(fc.array(blockArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 30 }), async (blocks, cacheNodes) => {
        const { db } = await built(blocks.map((b) => new Map(b)))
        const keys = GROUPS.flatMap((g) => ['a', 'b', 'c', '0', '1', 'x/y', 'zz'].map((n) => key(g, n)))
        const alone = new StateTree(db, { cacheNodes })
        await alone.load()
        const expected: unknown[] = []
        for (let v = 0; v < blocks.length; v++) for (const k of keys) expected.push([await alone.get(k, v), await alone.prove(k, v)])
        const together = new StateTree(db, { cacheNodes })
        await together.load()
        const asks: Array<Promise<unknown>> = []
        for (let v = 0; v < blocks.length; v++) for (const k of keys) asks.push(Promise.all([together.get(k, v), together.prove(k, v)]))
        const got = await Promise.all(asks)
        expect(got).toEqual(expected)
        for (let v = 0; v < blocks.length; v++) {
          const root = await together.rootAt(v)
          for (const k of keys) expect(verifyStateProof(await together.prove(k, v), root)).toEqual({ ok: true })
        }
      }),
      { numRuns: 15 },
    )
  })

  it('reads a node wanted by many proofs of one batch once', async () => {
    const entries = new Map<string, Canonical>(Array.from({ length: 200 }, (_, i) => [key('g', 'k' + i), i]))
    const { db, asked } = await built([entries])
    const tree = new StateTree(db, { cacheNodes: 0 })
    await tree.load()
    asked.length = 0
    const proofs = await Promise.all([...entries.keys()].map((k) => tree.prove(k, 0)))
    const all = asked.flat()
    expect(new Set(all).size).toBe(all.length) // no node read twice
    // one proof alone reads its whole path; 200 together read each shared node once: far fewer reads than steps
    const steps = proofs.reduce((n, p) => n + p.steps.length + 1, 0)
    expect(all.length).toBeLessThan(steps / 2)
  })

  it('past its bound, the queue refuses more with STATE_READS_BUSY and answers those it took', async () => {
    const entries = new Map<string, Canonical>(Array.from({ length: 50 }, (_, i) => [key('g', 'k' + i), i]))
    const { db } = await built([entries])
    const tree = new StateTree(db, { cacheNodes: 0, maxQueuedReads: 10 })
    await tree.load()
    const outcomes = await Promise.all(
      [...entries.keys()].map((k) =>
        tree.prove(k, 0).then(
          (p) => (p.kind === 'present' && p.key === k ? 'proven' : 'wrong'),
          (e: { code?: string }) => e.code,
        ),
      ),
    )
    expect(outcomes.filter((o) => o === 'proven')).toHaveLength(10)
    expect(outcomes.filter((o) => o === 'STATE_READS_BUSY')).toHaveLength(40)
    // drained: asked again, every one is answered
    const again = await Promise.all([...entries.keys()].slice(0, 10).map((k) => tree.get(k, 0)))
    expect(again).toEqual(Array.from({ length: 10 }, (_, i) => i))
  })

  it('a node missing from the store fails only the reads that need it, as corrupt data', async () => {
    const entries = new Map<string, Canonical>([
      ...Array.from({ length: 20 }, (_, i): [string, Canonical] => [key('g', 'k' + i), i]),
      ['other/x', 1],
    ])
    const { mem, db } = await built([entries])
    const tree = new StateTree(db, { cacheNodes: 0 })
    await tree.load()
    const fine = await tree.prove('other/x', 0)
    // drop the leaf of g/k3 from the store
    const leafKey = [...(await collectKeys(mem))].find((k) => mem.getSync!(k)?.[0] === 0 && new TextDecoder().decode(mem.getSync!(k)!).includes('g/k3'))!
    mem.apply([{ type: 'del', key: leafKey }])
    const [a, b] = await Promise.all([
      tree.prove('g/k3', 0).then(
        () => 'answered',
        (e: { code?: string }) => e.code,
      ),
      tree.prove('other/x', 0),
    ])
    expect(a).toBe('CORRUPT_DATA')
    expect(b).toEqual(fine)
  })
})

async function collectKeys(db: TreeDb): Promise<string[]> {
  const out: string[] = []
  for await (const [k] of db.iterate({ gte: 'm/', lt: 'm/~' })) out.push(k)
  return out
}
