/**
 * The tree's synchronous node reads (TreeDb.getSync, used by point reads and proofs when a node is not in the node
 * cache; docs/adr/0035) answer exactly what the asynchronous reads answer: over a real LevelDB and over a database
 * without getSync, the same values as of every version, the same proofs, the same refusals.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { Level } from 'level'
import { afterAll, describe, expect, it } from 'vitest'
import '../../src/ledger/crypto/sha256-node'
import { toHex } from '../../src/ledger/codec/bytes'
import type { Canonical } from '../../src/ledger/codec/canonical'
import { verifyStateProof } from '../../src/ledger/proofs/state-proof'
import { StateTree, type TreeDb, type TreeOp, levelTreeDb, memoryTreeDb } from '../../src/ledger/state/tree'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const keyArb = fc
  .tuple(fc.constantFrom('', 'n/rec', 'lv/ev/a1', 'land/p/1'), fc.constantFrom('a', 'b', 'c', '0', '1', 'x/y'))
  .map(([g, n]) => (g === '' ? n : g + '/' + n))
const valueArb: fc.Arbitrary<Canonical> = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.string({ maxLength: 6 }))
const blockArb = fc.array(fc.tuple(keyArb, fc.option(valueArb, { freq: 3 })), { minLength: 1, maxLength: 10 })
const KEYS = ['a', 'b', 'c', '0', '1', 'x/y'].flatMap((n) => ['', 'n/rec', 'lv/ev/a1', 'land/p/1'].map((g) => (g === '' ? n : g + '/' + n)))

/** a memory db without getSync: every node read goes through getMany */
function asyncOnly(db: TreeDb): TreeDb {
  return { getMany: (k) => db.getMany(k), iterate: (o) => db.iterate(o) }
}

describe('state tree: synchronous node reads', () => {
  it('a tree reading nodes synchronously from LevelDB gives the same values and proofs as one reading them asynchronously', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(blockArb, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 40 }), async (blocks, cacheNodes) => {
        const dir = mkdtempSync(join(tmpdir(), 'daejang-sync-read-'))
        dirs.push(dir)
        const level = new Level<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' })
        await level.open()
        const mem = memoryTreeDb()
        const writer = new StateTree(mem)
        await writer.load()
        for (let v = 0; v < blocks.length; v++) {
          const p = await writer.prepare(v, new Map(blocks[v]!))
          mem.apply(p.ops)
          await level.batch(p.ops.map((o: TreeOp) => (o.type === 'put' ? { type: 'put' as const, key: o.key, value: o.value } : { type: 'del' as const, key: o.key })))
          writer.committed(p)
        }
        const sync = new StateTree(levelTreeDb(level), { cacheNodes })
        const slow = new StateTree(asyncOnly(mem), { cacheNodes })
        await sync.load()
        await slow.load()
        for (let v = 0; v < blocks.length; v++) {
          const root = await slow.rootAt(v)
          expect(toHex(await sync.rootAt(v))).toBe(toHex(root))
          for (const k of KEYS) {
            expect(await sync.get(k, v)).toEqual(await slow.get(k, v))
            const p = await sync.prove(k, v)
            expect(p).toEqual(await slow.prove(k, v))
            expect(verifyStateProof(p, root)).toEqual({ ok: true })
          }
          expect(await sync.proveRange('n/rec', v)).toEqual(await slow.proveRange('n/rec', v))
        }
        await expect(sync.get('a', blocks.length)).rejects.toMatchObject({ code: 'UNKNOWN_HEIGHT' })
        await level.close()
      }),
      { numRuns: 25 },
    )
  })

  it('a node missing from the database is reported as corrupt data by the synchronous read too', async () => {
    const mem = memoryTreeDb()
    const writer = new StateTree(mem)
    await writer.load()
    const p = await writer.prepare(1, new Map<string, Canonical>(KEYS.map((k, i) => [k, i])))
    // every node but the root record and the root node: the descent meets a missing node below the root
    const rootOp = p.ops[p.ops.length - 2]!
    mem.apply(p.ops.filter((o, i) => i >= p.ops.length - 2 || o.key === rootOp.key))
    writer.committed(p)
    const tree = new StateTree(mem, { cacheNodes: 0 })
    await tree.load()
    await expect(tree.get(KEYS[0]!, 1)).rejects.toMatchObject({ code: 'CORRUPT_DATA' })
    await expect(tree.prove(KEYS[1]!, 1)).rejects.toMatchObject({ code: 'CORRUPT_DATA' })
  })
})
