/** Shared fixtures for benchmarks: a temp node home and pre-signed transactions. */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toHex } from '../src/ledger/codec/bytes'
import { randomSeed } from '../src/ledger/crypto/ed25519'
import { nodeSigner } from '../src/ledger/crypto/ed25519-node'
import { type TxJson, makeTx, txToJson } from '../src/ledger/types/tx'
import { type Genesis, parseGenesis } from '../src/ledger/types/genesis'
import type { Signer } from '../src/ledger/crypto/ed25519'

export interface Fixture {
  dir: string
  genesis: Genesis
  validator: Signer
  admin: Signer
  cleanup(): void
}

export function fixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'daejang-bench-'))
  const validator = nodeSigner(randomSeed())
  const admin = nodeSigner(randomSeed())
  const genesis = parseGenesis({
    format: 'daejang-genesis/1',
    chainId: 'bench',
    genesisTime: Date.now() - 1000,
    params: { maxBlockTxs: 10_000, maxBlockBytes: 16 << 20 },
    agencies: [{ id: 'a', name: 'A', validator: { publicKey: toHex(validator.publicKey), power: 1 }, admins: [toHex(admin.publicKey)] }],
  })
  return { dir, genesis, validator, admin, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/**
 * n role grants signed by `signers` administrators in turn (each with its own nonce sequence): realistic payloads
 * of ~300 bytes, each touching its own state key.
 */
export function grants(f: Fixture, n: number, startNonce = 1): TxJson[] {
  const subjects = Array.from({ length: 64 }, () => toHex(nodeSigner(randomSeed()).publicKey))
  const out: TxJson[] = []
  for (let i = 0; i < n; i++) {
    out.push(
      txToJson(
        makeTx(f.admin, {
          chainId: f.genesis.chainId,
          type: 'identity.role.grant',
          nonce: startNonce + i,
          payload: { agency: 'a', subject: subjects[i % 64]!, role: 'notary', expiresAt: null, label: `staff ${i}` },
        }),
      ),
    )
  }
  return out
}

export function rate(n: number, ms: number): string {
  return `${Math.round((n * 1000) / ms).toLocaleString('en-US')}/s`
}

/** this process's resident memory now, MB */
export const rssMb = (): number => process.memoryUsage.rss() / 2 ** 20

/**
 * Peak resident memory of this process over a stretch of a run: the kernel's high-water mark (VmHWM), reset at the
 * start by writing 5 to /proc/self/clear_refs (Linux), with RSS sampled every 50 ms as the fallback elsewhere.
 */
export class PeakRss {
  private readonly reset: boolean
  private sampled = rssMb()
  private readonly timer = setInterval(() => (this.sampled = Math.max(this.sampled, rssMb())), 50)
  constructor() {
    try {
      writeFileSync('/proc/self/clear_refs', '5')
      this.reset = true
    } catch {
      this.reset = false
    }
  }
  stop(): { mb: number; how: string } {
    clearInterval(this.timer)
    let hwm = NaN
    try {
      const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))
      if (m) hwm = Number(m[1]) / 1024
    } catch {
      // not Linux
    }
    const mb = Math.max(this.sampled, rssMb(), this.reset && !Number.isNaN(hwm) ? hwm : 0)
    return { mb, how: this.reset ? 'VmHWM, reset at the start' : 'RSS sampled every 50 ms' }
  }
}

// ---- command-line options and small helpers the benches share ----

/** a numeric option (`--keys 1000`), or its default */
export const argOf = (name: string, d: number): number => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : d
}
/** a string option (`--dir /tmp/x`), or undefined */
export const strArg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
export const flag = (name: string): boolean => process.argv.includes(name)

/** A seeded PRNG (mulberry32), so that runs pick the same keys: returns [0, 1) numbers and whole numbers below n. */
export function seededRandom(start = 0x5eed): { rand: () => number; randInt: (n: number) => number } {
  let seed = start
  const rand = (): number => {
    seed = (seed + 0x6d2b79f5) | 0
    let x = seed
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
  return { rand, randInt: (n) => Math.floor(rand() * n) }
}

/** bytes of the files below a directory (a file removed while it is counted — LevelDB's logs and compactions — counts 0) */
export function dirBytes(dir: string): number {
  let n = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    n += e.isDirectory() ? dirBytes(p) : (statSync(p, { throwIfNoEntry: false })?.size ?? 0)
  }
  return n
}
