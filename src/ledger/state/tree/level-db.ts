/** A TreeDb over a LevelDB (string keys, byte values): what the node's Store gives the tree, and benches use. */
import type { Level } from 'level'
import type { TreeDb } from './tree'

export function levelTreeDb(db: Level<string, Uint8Array>): TreeDb {
  return {
    getMany: (keys) => db.getMany(keys),
    // LevelDB's synchronous get gives a Buffer: seen as a plain Uint8Array, as getMany gives (proofs carry subarrays
    // of a node's bytes, and a Buffer would encode and compare differently)
    getSync: (key) => {
      const b = db.getSync(key)
      return b === undefined ? undefined : new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
    },
    async *iterate({ gte, lt, reverse, limit }) {
      for await (const [k, v] of db.iterator({ gte, lt, reverse: reverse ?? false, limit: limit ?? -1 })) yield [k, v]
    },
  }
}
