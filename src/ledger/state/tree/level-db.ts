/** A TreeDb over a LevelDB (string keys, byte values): what the node's Store gives the tree, and benches use. */
import type { Level } from 'level'
import type { TreeDb } from './tree'

function plain(b: Uint8Array | undefined): Uint8Array | undefined {
  return b === undefined || b.constructor === Uint8Array ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
}

export function levelTreeDb(db: Level<string, Uint8Array>): TreeDb {
  return {
    // LevelDB may give Buffers: seen as plain Uint8Arrays (proofs carry subarrays of a node's bytes, and a Buffer
    // would encode and compare differently)
    getMany: async (keys) => (await db.getMany(keys)).map(plain),
    getSync: (key) => plain(db.getSync(key)),
    async *iterate({ gte, lt, reverse, limit }) {
      for await (const [k, v] of db.iterator({ gte, lt, reverse: reverse ?? false, limit: limit ?? -1 })) yield [k, v]
    },
  }
}
