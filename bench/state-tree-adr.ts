/**
 * The small-scale figures of docs/adr/0025 (state tree): hashes per write, stored bytes per key, proof size by key
 * count, and the time of a block's tree pass, on an in-memory database. Run: npx tsx bench/state-tree-adr.ts
 * [--keys 10000,100000] [--block 3000]. The large-scale figures (1M, 10M keys on LevelDB) are bench/state-tree.ts's.
 */
import { installSha256 } from '../src/ledger/crypto/sha256'
import { createHash, hash } from 'node:crypto'
import { type Canonical } from '../src/ledger/codec/canonical'
import { encodeStateProof, verifyStateProof } from '../src/ledger/proofs/state-proof'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Level } from 'level'
import { StateTree, type TreeDb, type TreeOp, levelTreeDb, memoryTreeDb } from '../src/ledger/state/tree'

let hashes = 0
/** as crypto/sha256-node.ts does (one-shot, digest as a 'binary' string), counting the hashes */
const fromBinary = (d: string): Uint8Array => {
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) out[i] = d.charCodeAt(i)
  return out
}
installSha256((parts) => {
  hashes++
  if (parts.length === 1) return fromBinary(hash('sha256', parts[0]!, 'binary'))
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return fromBinary(h.digest('binary'))
})

const arg = (name: string, def: string): string => {
  const i = process.argv.indexOf('--' + name)
  return i >= 0 ? process.argv[i + 1]! : def
}
const KEY_COUNTS = arg('keys', '1000,10000,100000').split(',').map(Number)
const BLOCK = Number(arg('block', '3000'))
const DB = arg('db', 'level')
/** CPU time of this process (ms): the machine is shared, so wall-clock time says little */
const cpuMs = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

async function openDb(): Promise<{ db: TreeDb; apply(ops: TreeOp[]): Promise<void>; close(): Promise<void> }> {
  if (DB === 'memory') {
    const m = memoryTreeDb()
    return { db: m, apply: async (ops) => m.apply(ops), close: async () => {} }
  }
  const dir = mkdtempSync(join(tmpdir(), 'tree-adr-'))
  const level = new Level<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' })
  await level.open()
  return {
    db: levelTreeDb(level),
    apply: (ops) => level.batch(ops),
    close: async () => {
      await level.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** a registry-like key mix: notary records and statuses (groups of many), animals' events (small groups), nonces */
function keyOf(i: number): string {
  switch (i % 4) {
    case 0:
      return `n/rec/${i}`
    case 1:
      return `n/status/${i}`
    case 2:
      return `lv/ev/${Math.floor(i / 40)}/${i % 40}`
    default:
      return `nonce/${i.toString(36)}`
  }
}
const valueOf = (i: number, round: number): Canonical => ({ by: 'agency-' + (i % 7), n: i, round, s: 'active' })

async function main(): Promise<void> {
  console.log(`node ${process.version}, block of ${BLOCK} writes, ${DB} database, times in CPU time of this process`)
  for (const n of KEY_COUNTS) {
    const { db: tdb, apply, close } = await openDb()
    const db = { apply }
    const tree = new StateTree(tdb)
    await tree.load()
    let version = 0
    let bytes = 0
    for (let i = 0; i < n; i += 50_000) {
      const w = new Map<string, Canonical>()
      for (let j = i; j < Math.min(n, i + 50_000); j++) w.set(keyOf(j), valueOf(j, 0))
      const p = await tree.prepare(version++, w)
      for (const op of p.ops) if (op.type === 'put') bytes += op.key.length + op.value.length
      await db.apply(p.ops)
      tree.committed(p)
    }
    // blocks of updates (2 of 3) and inserts (1 of 3), as transactions do
    let tPrepare = 0
    let writes = 0
    let nodes = 0
    let opBytes = 0
    hashes = 0
    let next = n
    for (let b = 0; b < 5; b++) {
      const w = new Map<string, Canonical>()
      for (let j = 0; j < BLOCK; j++) {
        if (j % 3 === 2) w.set(keyOf(next++), valueOf(next, 1))
        else {
          const i = Math.floor(Math.random() * n)
          w.set(keyOf(i), valueOf(i, b + 1))
        }
      }
      const t0 = cpuMs()
      const p = await tree.prepare(version++, w)
      tPrepare += cpuMs() - t0
      writes += w.size
      for (const op of p.ops) if (op.type === 'put' && op.key.startsWith('m/')) {
        nodes++
        opBytes += op.key.length + op.value.length
      }
      await db.apply(p.ops)
      tree.committed(p)
    }
    const hashesPerWrite = hashes / writes
    const last = version - 1
    let proofBytes = 0
    let steps = 0
    const PROOFS = 2000
    const tp0 = cpuMs()
    const proofs = []
    for (let i = 0; i < PROOFS; i++) proofs.push(await tree.prove(keyOf(Math.floor(Math.random() * n)), last))
    const tProve = cpuMs() - tp0
    const root = await tree.rootAt(last)
    const tv0 = cpuMs()
    for (const p of proofs) {
      if (!verifyStateProof(p, root).ok) throw new Error('proof failed')
      proofBytes += encodeStateProof(p).length
      steps += p.steps.length
    }
    const tVerify = cpuMs() - tv0
    const range = await tree.proveRange('lv/ev/3', last)
    console.log(
      JSON.stringify({
        keys: n,
        storedBytesPerKeyAtLoad: +(bytes / n).toFixed(1),
        blockWrites: BLOCK,
        prepareCpuMsPerBlock: +(tPrepare / 5).toFixed(1),
        cpuUsPerWrite: +((tPrepare * 1000) / writes).toFixed(2),
        hashesPerWrite: +hashesPerWrite.toFixed(2),
        newNodesPerWrite: +(nodes / writes).toFixed(2),
        newNodeBytesPerWrite: +(opBytes / writes).toFixed(1),
        proofStepsAvg: +(steps / PROOFS).toFixed(1),
        proofBytesAvg: +(proofBytes / PROOFS).toFixed(1),
        provePerCpuSec: Math.round(PROOFS / (tProve / 1000)),
        verifyPerCpuSec: Math.round(PROOFS / (tVerify / 1000)),
        range40Bytes: encodeStateProof(range).length,
      }),
    )
    await close()
  }
}

void main()
