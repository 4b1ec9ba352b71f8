/**
 * Ed25519 verification spread over worker threads (OpenSSL in each), with micro-batching: verify() calls made in
 * the same tick travel to the workers together. On this project's 2-core machines verification is the largest
 * cost of admission and execution; this is how it uses both cores. Node only.
 *
 * The worker is inline CommonJS source so that it runs the same under tsx, in a bundle and in Electron.
 */
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { VerifyFn } from './ed25519'
import { acceptsPublicKey } from './ed25519-node'

export interface BatchVerifier {
  verifyMany(items: ReadonlyArray<VerifyItem>): Promise<boolean[]>
  close(): Promise<void>
}

export interface VerifyItem {
  sig: Uint8Array
  msg: Uint8Array
  pub: Uint8Array
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { createPublicKey, verify } = require('node:crypto')
// libsodium (docs/adr/0042): about twice as fast as OpenSSL's Ed25519 here, and stricter in one way only (it also
// refuses a signature whose R is of small order). So its "valid" is taken as it is and its "invalid" is asked of
// OpenSSL again: every verdict is OpenSSL's, as before. Without it (not installed, not loadable), OpenSSL alone.
let sodium = null
if (workerData && workerData.sodium) {
  try {
    const s = require(workerData.sodium)
    if (typeof s.crypto_sign_verify_detached === 'function') sodium = s
  } catch { sodium = null }
}
const keys = new Map()
function keyOf(pub) {
  const id = pub.toString('hex')
  let k = keys.get(id)
  if (k === undefined) {
    try { k = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: pub.toString('base64url') }, format: 'jwk' }) }
    catch { k = null }
    if (keys.size > 10000) keys.clear()
    keys.set(id, k)
  }
  return k
}
parentPort.on('message', ({ id, buf, n, probe }) => {
  if (probe) { parentPort.postMessage({ id, engine: sodium !== null ? 'libsodium' : 'openssl' }); return }
  const b = Buffer.from(buf)
  const out = new Uint8Array(n)
  let o = 0
  for (let i = 0; i < n; i++) {
    const pub = b.subarray(o, o + 32); o += 32
    const sig = b.subarray(o, o + 64); o += 64
    const len = b.readUInt32LE(o); o += 4
    const msg = b.subarray(o, o + len); o += len
    let ok = false
    if (sodium !== null) { try { ok = sodium.crypto_sign_verify_detached(sig, msg, pub) === true } catch { ok = false } }
    if (!ok) {
      const k = keyOf(pub)
      if (k) { try { ok = verify(null, msg, k, sig) } catch { ok = false } }
    }
    out[i] = ok ? 1 : 0
  }
  parentPort.postMessage({ id, res: out }, [out.buffer])
})
`

/**
 * Where libsodium's binding (sodium-native) is, for the workers to load; null when it is not installed. Resolved
 * here, not in the worker: an inline worker resolves packages from the process's working directory, which in the
 * packaged app is anywhere. `DAEJANG_VERIFY_OPENSSL=1` leaves it out (OpenSSL alone), for comparisons.
 */
let sodiumPath: string | null | undefined
export function sodiumBindingPath(): string | null {
  if (sodiumPath === undefined) {
    try {
      sodiumPath = process.env.DAEJANG_VERIFY_OPENSSL === '1' ? null : createRequire(import.meta.url).resolve('sodium-native')
    } catch {
      sodiumPath = null
    }
  }
  return sodiumPath
}

/** Verifies on the calling thread: for tests, tiny tools and the browser-free fallback. */
export function inlineVerifier(verify: VerifyFn): BatchVerifier {
  return {
    verifyMany: async (items) => items.map((i) => verify(i.sig, i.msg, i.pub)),
    close: async () => undefined,
  }
}

/** keys found acceptable (acceptsPublicKey), by their first four bytes; checked whole on a hit */
const ACCEPTED_MAX = 4096
const accepted = new Map<number, Uint8Array>()

/**
 * acceptsPublicKey without its hex key for the common case, a key seen before (a block's signers repeat): its
 * lookup names the key in hex, ~5 µs a signature on this thread. Only keys accepted are remembered, as copies.
 */
function acceptable(pub: Uint8Array): boolean {
  if (pub.length !== 32) return false
  const tag = (pub[0]! | (pub[1]! << 8) | (pub[2]! << 16) | (pub[3]! << 24)) >>> 0
  const seen = accepted.get(tag)
  if (seen !== undefined) {
    let same = true
    for (let i = 4; i < 32; i++) {
      if (seen[i] !== pub[i]) {
        same = false
        break
      }
    }
    if (same) return true
  }
  if (!acceptsPublicKey(pub)) return false
  if (accepted.size >= ACCEPTED_MAX) accepted.clear()
  accepted.set(tag, pub.slice())
  return true
}

/** queued items that are sent at once rather than at the end of the tick (16 a worker at least, see flush) */
const SEND_NOW = 128

interface Pending {
  items: VerifyItem[]
  resolve: (r: boolean[]) => void
  reject: (e: unknown) => void
}

export class VerifyPool implements BatchVerifier {
  private readonly workers: Worker[] = []
  private readonly inflight = new Map<number, { resolve: (r: Uint8Array) => void; reject: (e: unknown) => void }>()
  /** ids in flight on each worker */
  private readonly owned = new Map<Worker, Set<number>>()
  private nextId = 1
  private rr = 0
  private queue: Pending[] = []
  private scheduled = false
  /** items waiting in `queue` */
  private queued = 0
  private closed = false

  /** `sodium`: the path of libsodium's binding for the workers, or null for OpenSSL alone (tests compare the two) */
  constructor(
    size = Math.max(1, Math.min(4, availableParallelism())),
    private readonly sodium: string | null = sodiumBindingPath(),
  ) {
    for (let i = 0; i < size; i++) this.workers.push(this.spawn())
  }

  /** A worker; if it dies, what it had in flight fails and a fresh one takes its place. */
  private spawn(): Worker {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { sodium: this.sodium } })
    w.unref()
    const mine = new Set<number>()
    this.owned.set(w, mine)
    w.on('message', ({ id, res }: { id: number; res: Uint8Array }) => {
      const p = this.inflight.get(id)
      this.inflight.delete(id)
      mine.delete(id)
      p?.resolve(res)
    })
    const fail = (e: unknown): void => {
      for (const id of mine) {
        this.inflight.get(id)?.reject(e)
        this.inflight.delete(id)
      }
      mine.clear()
      const at = this.workers.indexOf(w)
      if (at >= 0 && !this.closed) this.workers[at] = this.spawn()
    }
    w.on('error', fail)
    w.on('exit', (code) => {
      if (!this.closed) fail(new Error(`verification worker exited (${code})`))
    })
    return w
  }

  verifyMany(items: ReadonlyArray<VerifyItem>): Promise<boolean[]> {
    if (this.closed) return Promise.reject(new Error('verifier pool is closed'))
    if (items.length === 0) return Promise.resolve([])
    return new Promise((resolve, reject) => {
      this.queue.push({ items: items.slice(), resolve, reject })
      this.queued += items.length
      if (this.queued >= SEND_NOW) {
        // enough for every worker: sent now, so that the workers start while this thread goes on (a block's
        // chunks are queued by a synchronous loop that would otherwise hold them all until it yields)
        this.flush()
      } else if (!this.scheduled) {
        this.scheduled = true
        setImmediate(() => {
          this.scheduled = false
          this.flush()
        })
      }
    })
  }

  private flush(): void {
    const batch = this.queue
    if (batch.length === 0) return
    this.queue = []
    this.queued = 0
    const all = batch.flatMap((p) => p.items)
    // split across workers in contiguous chunks
    const parts = Math.min(this.workers.length, Math.max(1, Math.ceil(all.length / 16)))
    const size = Math.ceil(all.length / parts)
    const chunks: Promise<Uint8Array>[] = []
    try {
      for (let s = 0; s < all.length; s += size) chunks.push(this.send(all.slice(s, s + size)))
    } catch (e) {
      // a chunk could not be built (flush may run inside a caller's verifyMany): every waiter hears of it, and the
      // chunks already sent get a handler (a worker that dies later rejects them: that must not go unhandled)
      void Promise.allSettled(chunks)
      for (const p of batch) p.reject(e)
      return
    }
    Promise.all(chunks).then(
      (results) => {
        const flat: boolean[] = []
        for (const r of results) for (const x of r) flat.push(x === 1)
        let o = 0
        for (const p of batch) {
          p.resolve(flat.slice(o, o + p.items.length))
          o += p.items.length
        }
      },
      (e) => {
        for (const p of batch) p.reject(e)
      },
    )
  }

  private send(items: VerifyItem[]): Promise<Uint8Array> {
    let len = 0
    for (const i of items) len += 100 + i.msg.length
    const buf = new Uint8Array(len)
    const dv = new DataView(buf.buffer)
    let o = 0
    for (const i of items) {
      if (i.sig.length !== 64 || !acceptable(i.pub)) {
        // impossible to verify, or a small-order key (for which OpenSSL accepts forgeries): give the worker a
        // signature whose S is out of range, which it always rejects (all zeros would be such a key and R)
        buf.fill(0, o, o + 32)
        buf.fill(0xff, o + 32, o + 96)
      } else {
        buf.set(i.pub, o)
        buf.set(i.sig, o + 32)
      }
      o += 96
      dv.setUint32(o, i.msg.length, true)
      o += 4
      buf.set(i.msg, o)
      o += i.msg.length
    }
    const id = this.nextId++
    const w = this.workers[this.rr++ % this.workers.length]!
    return new Promise((resolve, reject) => {
      this.inflight.set(id, { resolve, reject })
      this.owned.get(w)?.add(id)
      try {
        w.postMessage({ id, buf: buf.buffer, n: items.length }, [buf.buffer])
      } catch (e) {
        // refused (the promise rejects): nothing of it stays in flight
        this.inflight.delete(id)
        this.owned.get(w)?.delete(id)
        reject(e)
      }
    })
  }

  /** Which library the first worker verifies with (libsodium, OpenSSL behind it; or OpenSSL alone). */
  engine(): Promise<'libsodium' | 'openssl'> {
    const w = this.workers[0]!
    return new Promise((resolve) => {
      const on = (m: { engine?: 'libsodium' | 'openssl' }): void => {
        if (m.engine === undefined) return
        w.off('message', on)
        resolve(m.engine)
      }
      w.on('message', on)
      w.postMessage({ id: 0, probe: true })
    })
  }

  async close(): Promise<void> {
    this.closed = true
    await Promise.all(this.workers.map((w) => w.terminate()))
    for (const p of this.inflight.values()) p.reject(new Error('verifier pool closed'))
    this.inflight.clear()
  }
}
