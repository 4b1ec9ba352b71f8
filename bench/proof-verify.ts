/**
 * Certified-state verification per second, portable (@noble SHA-256 and Ed25519, as the browser and the standalone
 * page run it) and OpenSSL (node, CLI), on a 4-validator chain (3 signatures per commit), issue 11's "≥ 500/s
 * portable" — beside bench/state-tree.ts (stream A's), which builds a far larger tree.
 * Rows:
 *  - first proof of a block: the commit cache cleared before each proof (every proof checks 3 signatures);
 *  - many proofs of one block (a register's entries, a bundle's proofs): the commit checked once (proofs/commit-cache.ts);
 *  - proofs spread over --heights blocks, in random order (the cache holds them all);
 *  - the state proof alone; and WebCrypto Ed25519 (crypto.subtle, as Chromium has it) per signature, beside @noble.
 * Usage: nice -n 10 npx tsx bench/proof-verify.ts [--keys 20000] [--proofs 2000] [--heights 20] [--runs 3]
 */
import { loadavg } from 'node:os'
import { webcrypto } from 'node:crypto'
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'
import type { Canonical } from '../src/ledger/codec/canonical'
import { type VerifyFn, randomSeed, verifyPortable } from '../src/ledger/crypto/ed25519'
import { nodeSigner, verifyNode } from '../src/ledger/crypto/ed25519-node'
import { installSha256 } from '../src/ledger/crypto/sha256'
import { installNodeSha256 } from '../src/ledger/crypto/sha256-node'
import { type CertifiedState, verifyCertifiedState } from '../src/ledger/proofs/certified-state'
import type { TrustList } from '../src/ledger/proofs/proof'
import { type StateProof, verifyStateProof } from '../src/ledger/proofs/state-proof'
import { StateTree, memoryTreeDb } from '../src/ledger/state/tree'
import { BLOCK_VERSION, type Commit, type Header, VoteType, ZERO_HASH, blockHash, signVote, validatorsHash, voteSignBytes } from '../src/ledger/types/block'

const argOf = (name: string, d: number): number => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : d
}
const KEYS = argOf('--keys', 20_000)
const PROOFS = argOf('--proofs', 2_000)
const HEIGHTS = argOf('--heights', 20)
const RUNS = argOf('--runs', 3)

// the cache exists only on the branch that adds it: A/B against a build without it runs the same script
type CacheModule = { clearCommitCache?: (f?: VerifyFn) => void }
let clear: (f?: VerifyFn) => void = () => {}

const portableSha = (parts: readonly Uint8Array[]): Uint8Array => {
  if (parts.length === 1) return nobleSha256(parts[0]!)
  const h = nobleSha256.create()
  for (const p of parts) h.update(p)
  return h.digest()
}

const signers = Array.from({ length: 4 }, () => nodeSigner(randomSeed()))
const validators = signers.map((x) => ({ publicKey: x.publicKey, power: 1 })).sort((a, b) => Buffer.compare(a.publicKey, b.publicKey))
const trust: TrustList = { chainId: 'bench', height: 0, sets: [{ fromHeight: 1, validators }] }

function certified(height: number, root: Uint8Array): { header: Header; commit: Commit } {
  const vh = validatorsHash(validators)
  const header: Header = {
    v: BLOCK_VERSION,
    chainId: 'bench',
    height,
    time: 1_780_000_000_000 + height * 1000,
    prevHash: ZERO_HASH,
    lastCommitHash: ZERO_HASH,
    txRoot: ZERO_HASH,
    txCount: 0,
    appHash: root,
    validatorsHash: vh,
    nextValidatorsHash: vh,
    proposer: validators[0]!.publicKey,
  }
  const hash = blockHash(header)
  const sigs = signers.slice(0, 3).map((x) => signVote('bench', x, { type: VoteType.precommit, height, round: 0, blockHash: hash })).map((v) => ({ validator: v.validator, sig: v.sig }))
  return { header, commit: { height, round: 0, blockHash: hash, sigs } }
}

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US')
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

function rate(list: readonly CertifiedState[], verify: VerifyFn, each?: () => void): number {
  const a = performance.now()
  for (const cs of list) {
    each?.()
    if (!verifyCertifiedState(cs, trust, verify).ok) throw new Error('refused')
  }
  return (list.length * 1000) / (performance.now() - a)
}

async function main(): Promise<void> {
  try {
    const m = (await import('../src/ledger/proofs/' + 'commit-cache')) as CacheModule
    if (m.clearCommitCache) clear = m.clearCommitCache
  } catch {
    /* a build without the cache */
  }
  installNodeSha256()
  console.log(`load ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${fmt(KEYS)} keys, ${fmt(PROOFS)} proofs, 4 validators (3 signatures)`)
  const db = memoryTreeDb()
  const tree = new StateTree(db)
  await tree.load()
  const roots: Uint8Array[] = []
  const per = Math.ceil(KEYS / HEIGHTS)
  for (let v = 1; v <= HEIGHTS; v++) {
    const w = new Map<string, Canonical | null>()
    for (let i = (v - 1) * per; i < Math.min(KEYS, v * per); i++) w.set(`reg/rec/${i.toString().padStart(9, '0')}`, { n: i, v })
    const p = await tree.prepare(v, w)
    db.apply(p.ops)
    tree.committed(p)
    roots.push(p.root)
  }
  const top = HEIGHTS
  const at = certified(top, roots[top - 1]!)
  const proofs: StateProof[] = []
  for (let i = 0; i < PROOFS; i++) proofs.push(await tree.prove(`reg/rec/${Math.floor(Math.random() * KEYS).toString().padStart(9, '0')}`, top))
  const oneBlock = proofs.map((proof) => ({ proof, ...at }))
  const byHeight = roots.map((r, i) => certified(i + 1, r))
  const spread: CertifiedState[] = []
  for (let i = 0; i < PROOFS; i++) {
    const h = 1 + Math.floor(Math.random() * HEIGHTS)
    spread.push({ proof: await tree.prove(`reg/rec/${Math.floor(Math.random() * KEYS).toString().padStart(9, '0')}`, h), ...byHeight[h - 1]! })
  }
  const few = (l: readonly CertifiedState[]) => l.slice(0, Math.min(l.length, 500))

  // WebCrypto (where the branch has proofs/webcrypto.ts): each proof's signatures checked in one async batch first
  type Wc = {
    prepareSignatures(items: ReadonlyArray<readonly [Uint8Array, Uint8Array, Uint8Array]>): Promise<VerifyFn>
    proofSignatures(chainId: string, commit: Commit): Array<[Uint8Array, Uint8Array, Uint8Array]>
  }
  let wc: Wc | null = null
  try {
    wc = (await import('../src/ledger/proofs/' + 'webcrypto')) as Wc
  } catch {
    wc = null
  }
  /** cold: every proof's signatures prepared in a batch of its own; warm: one batch for the block, reused */
  async function wcRate(list: readonly CertifiedState[], cold: boolean): Promise<number> {
    const a = performance.now()
    let verify: VerifyFn | null = null
    for (const cs of list) {
      if (cold) clear()
      if (cold || !verify) verify = await wc!.prepareSignatures(wc!.proofSignatures(trust.chainId, cs.commit))
      if (!verifyCertifiedState(cs, trust, verify).ok) throw new Error('refused')
    }
    return (list.length * 1000) / (performance.now() - a)
  }

  const rows: Record<string, number[]> = {}
  const add = (k: string, v: number) => (rows[k] ??= []).push(v)
  for (let r = 0; r < RUNS; r++) {
    installSha256(portableSha)
    clear()
    add('portable: first proof of a block', rate(few(oneBlock), verifyPortable, () => clear()))
    clear()
    add('portable: many proofs of one block', rate(oneBlock, verifyPortable))
    clear()
    add(`portable: proofs over ${HEIGHTS} blocks`, rate(spread, verifyPortable))
    const a = performance.now()
    for (const p of proofs) if (!verifyStateProof(p, at.header.appHash).ok) throw new Error('proof')
    add('portable: the state proof alone', (proofs.length * 1000) / (performance.now() - a))
    if (wc) {
      add('portable + WebCrypto: first proof of a block', await wcRate(few(oneBlock), true))
      clear()
      add('portable + WebCrypto: many proofs of one block', await wcRate(oneBlock, false))
    }
    installNodeSha256()
    clear()
    add('OpenSSL: first proof of a block', rate(few(oneBlock), verifyNode, () => clear()))
    clear()
    add('OpenSSL: many proofs of one block', rate(oneBlock, verifyNode))
  }
  for (const [k, v] of Object.entries(rows)) console.log(`${k.padEnd(40)} ${fmt(median(v)).padStart(8)}/s   (runs ${v.map(fmt).join(', ')})`)

  // one Ed25519 signature: @noble against WebCrypto (async), as Chromium and Node have it
  const msg = voteSignBytes('bench', VoteType.precommit, top, 0, at.commit.blockHash)
  const s0 = at.commit.sigs[0]!
  const N = 500
  let a = performance.now()
  for (let i = 0; i < N; i++) if (!verifyPortable(s0.sig, msg, s0.validator)) throw new Error('sig')
  const noble = (N * 1000) / (performance.now() - a)
  try {
    const key = await webcrypto.subtle.importKey('raw', s0.validator, { name: 'Ed25519' }, false, ['verify'])
    a = performance.now()
    for (let i = 0; i < N; i++) if (!(await webcrypto.subtle.verify({ name: 'Ed25519' }, key, s0.sig, msg))) throw new Error('sig')
    const wc = (N * 1000) / (performance.now() - a)
    console.log(`one Ed25519 signature: @noble ${fmt(noble)}/s, WebCrypto (Node's, one at a time, awaited) ${fmt(wc)}/s`)
  } catch (e) {
    console.log(`one Ed25519 signature: @noble ${fmt(noble)}/s; WebCrypto Ed25519 unavailable here (${(e as Error).message})`)
  }
  console.log(`load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
