/**
 * A point read or proof that reads nodes synchronously (TreeDb.getSync, docs/adr/0035) and is overtaken by a prune
 * between finding its root and descending is refused as pruned (UNKNOWN_HEIGHT), as an asynchronous one is — never
 * reported as a corrupt store, never answered from half the nodes.
 */
import { describe, expect, it } from 'vitest'
import '../../src/ledger/crypto/sha256-node'
import { StateTree, type TreeDb, memoryTreeDb } from '../../src/ledger/state/tree'

describe('state tree: a synchronous read overtaken by a prune', () => {
  it.each([['get'], ['prove']])('%s of a version pruned while its root was being found is UNKNOWN_HEIGHT', async (op) => {
    const mem = memoryTreeDb()
    let gate: Promise<void> | undefined
    let entered: () => void = () => {}
    const inGate = new Promise<void>((r) => (entered = r))
    const db: TreeDb = {
      getMany: (k) => mem.getMany(k),
      getSync: (k) => mem.getSync!(k),
      async *iterate(o) {
        const g = gate
        gate = undefined
        // the root records as they were when the lookup began; the prune happens while it waits
        const found: Array<[string, Uint8Array]> = []
        for await (const e of mem.iterate(o)) found.push(e)
        if (g !== undefined) {
          entered()
          await g
        }
        yield* found
      },
    }
    const writer = new StateTree(mem)
    await writer.load()
    const keys = Array.from({ length: 40 }, (_, i) => 'g/k' + i)
    for (let v = 0; v < 4; v++) {
      const p = await writer.prepare(v, new Map(keys.map((k) => [k, v * 100 + keys.indexOf(k)])))
      mem.apply(p.ops)
      writer.committed(p)
    }
    // a tree opened afresh: no root of an old version known yet, no node cached
    const tree = new StateTree(db, { cacheNodes: 0 })
    await tree.load()
    let release: () => void = () => {}
    gate = new Promise<void>((r) => (release = r))
    // the read of version 1 waits in its root lookup; version 1 is pruned and its nodes deleted meanwhile
    const read = op === 'get' ? tree.get('g/k5', 1) : tree.prove('g/k5', 1)
    const outcome = read.then(
      () => 'answered',
      (e: { code?: string }) => e.code,
    )
    await inGate
    const ops = await tree.prune(3)
    expect(ops.length).toBeGreaterThan(0)
    mem.apply(ops)
    release()
    expect(await outcome).toBe('UNKNOWN_HEIGHT')
    expect(await tree.get('g/k5', 3)).toBe(305)
  })
})
