/** A store on a temporary directory with blocks of state committed by hand, and a memory tree of versions (tests). */
import { join } from 'node:path'
import { utf8 } from '../../src/ledger/codec/bytes'
import type { Canonical } from '../../src/ledger/codec/canonical'
import { sha256 } from '../../src/ledger/crypto/sha256'
import { StateTree, memoryTreeDb } from '../../src/ledger/state/tree'
import { type Head, Store } from '../../src/ledger/store/store'
import { type Cleanup, tempDir } from './helpers'

const h = (s: string): Uint8Array => sha256(utf8(s))

/** A store with an empty genesis (height 0), closed by `cleanup`. */
export async function openTestStore(cleanup: Cleanup): Promise<Store> {
  const s = new Store(join(tempDir(cleanup), 'db'))
  await s.open()
  cleanup.add(() => s.close())
  const genesisHead: Head = { height: 0, hash: new Uint8Array(32), appHash: h('app0'), time: 1000 }
  await s.initGenesis(utf8('{}'), [], genesisHead, await s.tree.prepare(0, new Map()))
  return s
}

/** Commit block `height` writing `state` (null: delete), with no transactions. */
export async function commitState(s: Store, height: number, state: Map<string, Canonical | null>): Promise<void> {
  await s.commitBlock({
    height,
    hash: h('block' + height),
    blockBytes: utf8('block ' + height),
    commitBytes: utf8('commit ' + height),
    appHash: h('app' + height),
    time: 1000 + height,
    txs: [],
    state,
    tree: await s.tree.prepare(height, state),
  })
}

/** A memory tree db holding versions 0… of the given writes. */
export async function memoryTreeOf(versions: ReadonlyArray<ReadonlyMap<string, Canonical | null>>): Promise<ReturnType<typeof memoryTreeDb>> {
  const mem = memoryTreeDb()
  const writer = new StateTree(mem)
  await writer.load()
  for (let v = 0; v < versions.length; v++) {
    const p = await writer.prepare(v, new Map(versions[v]!))
    mem.apply(p.ops)
    writer.committed(p)
  }
  return mem
}
