/** An in-memory TreeDb, for tests and benches: node keys (m/…) in a hash map, the rest (roots, stale lists) sorted. */
import { NODE_PREFIX } from './nodes'
import type { TreeDb, TreeOp } from './tree'

export function memoryTreeDb(): TreeDb & { apply(ops: TreeOp[]): void; size(): number } {
  const map = new Map<string, Uint8Array>()
  const sorted: string[] = [] // keys not under m/
  const find = (k: string): number => {
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (sorted[mid]! < k) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  return {
    async getMany(keys) {
      return keys.map((k) => map.get(k))
    },
    getSync(key) {
      return map.get(key)
    },
    async *iterate({ gte, lt, reverse, limit }) {
      let keys: string[]
      if (gte < NODE_PREFIX + '\uffff' && lt > NODE_PREFIX) {
        keys = [...map.keys()].filter((k) => k >= gte && k < lt).sort()
      } else {
        keys = sorted.slice(find(gte), find(lt))
      }
      if (reverse) keys.reverse()
      if (limit !== undefined && limit >= 0) keys = keys.slice(0, limit)
      for (const k of keys) {
        const v = map.get(k)
        if (v !== undefined) yield [k, v] as [string, Uint8Array]
      }
    },
    apply(ops) {
      for (const op of ops) {
        const indexed = !op.key.startsWith(NODE_PREFIX)
        if (op.type === 'put') {
          if (indexed && !map.has(op.key)) sorted.splice(find(op.key), 0, op.key)
          map.set(op.key, op.value)
        } else if (map.delete(op.key) && indexed) {
          sorted.splice(find(op.key), 1)
        }
      }
    },
    size() {
      return map.size
    },
  }
}
