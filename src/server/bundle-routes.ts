/**
 * The API of sneakernet bundles (docs/adr/0062). A bundle moves between the node and a file the person chooses (a
 * USB stick) in chunks of JSON (base64), so the app in a browser tab, the desktop app and the CLI all use the same
 * routes, and each step can show progress:
 *
 *   POST /api/v1/bundles/export                 write a bundle (blocks from a height, or the pending transactions)
 *   GET  /api/v1/bundles/files/:id?offset=N     read it back, a chunk at a time
 *   POST /api/v1/bundles/uploads                start an upload (its size)
 *   POST /api/v1/bundles/uploads/:id/chunk      one chunk, at its offset
 *   POST /api/v1/bundles/uploads/:id/preview    verify everything, apply nothing: what it would apply
 *   POST /api/v1/bundles/uploads/:id/apply      verify again, then apply
 *   GET  /api/v1/bundles/jobs/:id               progress of the work on a file (export, verify, apply)
 *
 * Files live in the node's home (bundles/), at most MAX_FILES at a time (the oldest is removed), and an upload is
 * removed once applied, or at once when the node refuses it (and the refusal is in the activity log).
 */
import { randomBytes } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { DaejangError, toDaejangError } from '../shared/errors'
import { loadSigner } from '../ledger/crypto/keystore'
import { exportBlocks, exportPending } from '../ledger/bundle/export'
import { importBundle, previewBundle } from '../ledger/bundle/import'
import { MAX_BUNDLE_BYTES, bundleError } from '../ledger/bundle/format'
import type { Home } from '../ledger/node/home'
import type { LedgerNode } from '../ledger/node/node'
import type { Route } from './route-types'

/** bytes of one chunk, both ways */
export const BUNDLE_CHUNK_BYTES = 1 << 20
const MAX_FILES = 8

interface Staged {
  id: string
  path: string
  kind: 'export' | 'upload'
  bytes: number
  received: number
  job: { phase: 'export' | 'upload' | 'verify' | 'apply' | 'done'; done: number; total: number }
  busy: boolean
}

const staged = new Map<string, Staged>()

const id = z.object({ id: z.string().regex(/^[0-9a-f]{32}$/, 'a bundle file id') })
const offset = z
  .string()
  .regex(/^[0-9]{1,16}$/)
  .transform(Number)

/** the folders already cleared of an earlier run's files (the list of staged files lives in this process only) */
const cleared = new Set<string>()

function dirOf(home: Home | null): string {
  if (!home) throw new DaejangError('NOT_LOCAL', 'bundles need a node that runs from its home')
  const d = join(home.dir, 'bundles')
  if (!cleared.has(d)) {
    rmSync(d, { recursive: true, force: true })
    cleared.add(d)
  }
  mkdirSync(d, { recursive: true, mode: 0o700 })
  return d
}

function stage(home: Home | null, kind: Staged['kind'], bytes: number): Staged {
  const dir = dirOf(home)
  while (staged.size >= MAX_FILES) {
    const oldest = [...staged.values()].find((s) => !s.busy)
    if (!oldest) throw new DaejangError('STATE_READS_BUSY', 'too many bundles are being worked on; try again shortly')
    drop(oldest)
  }
  const s: Staged = {
    id: randomBytes(16).toString('hex'),
    path: '',
    kind,
    bytes,
    received: 0,
    job: { phase: kind, done: 0, total: bytes },
    busy: false,
  }
  s.path = join(dir, `${s.id}.djb`)
  staged.set(s.id, s)
  return s
}

function drop(s: Staged): void {
  staged.delete(s.id)
  rmSync(s.path, { force: true })
}

function get(idv: string, kind?: Staged['kind']): Staged {
  const s = staged.get(idv)
  if (!s || (kind && s.kind !== kind)) throw new DaejangError('NOT_FOUND', 'no such bundle file on this node (it may have been removed)')
  return s
}

async function busy<T>(s: Staged, fn: () => Promise<T>): Promise<T> {
  if (s.busy) throw new DaejangError('STATE_READS_BUSY', 'this bundle is already being worked on')
  s.busy = true
  try {
    return await fn()
  } finally {
    s.busy = false
  }
}

const ExportBody = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('blocks'),
      from: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
      to: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('pending') }).strict(),
])

export const BUNDLE_ROUTES: Route[] = [
  {
    method: 'POST',
    path: '/api/v1/bundles/export',
    summary: 'Write a signed bundle: the blocks from a height with their commits, or this node\'s pending transactions',
    body: ExportBody,
    handler: async ({ node, home, body }) => {
      const b = body as z.infer<typeof ExportBody>
      const s = stage(home, 'export', 0)
      const signer = loadSigner(home!.keyPath('node'))
      const progress = (done: number, total: number): void => {
        s.job = { phase: 'export', done, total }
      }
      try {
        const r = await busy(s, () =>
          b.kind === 'blocks' ? exportBlocks(node, { from: b.from, ...(b.to ? { to: b.to } : {}) }, s.path, signer, progress) : exportPending(node, s.path, signer, progress),
        )
        s.bytes = r.bytes
        s.job = { phase: 'done', done: 1, total: 1 }
        return { body: { id: s.id, bytes: r.bytes, header: r.header } }
      } catch (e) {
        drop(s)
        throw e
      }
    },
  },
  {
    method: 'GET',
    path: '/api/v1/bundles/files/:id',
    summary: 'A chunk of an exported bundle (base64url), from an offset',
    params: id,
    query: z.object({ offset }).strict(),
    handler: async ({ params, query }) => {
      const s = get(params.id!, 'export')
      const at = query.offset as number
      if (at > s.bytes) throw new DaejangError('SCHEMA_INVALID', 'the offset is past the end of the bundle')
      const n = Math.min(BUNDLE_CHUNK_BYTES, s.bytes - at)
      const buf = Buffer.alloc(n)
      const fd = openSync(s.path, 'r')
      try {
        readSync(fd, buf, 0, n, at)
      } finally {
        closeSync(fd)
      }
      return { body: { offset: at, bytes: s.bytes, data: buf.toString('base64url'), done: at + n >= s.bytes } }
    },
  },
  {
    method: 'POST',
    path: '/api/v1/bundles/uploads',
    summary: 'Start the upload of a bundle file (its size in bytes)',
    body: z.object({ bytes: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }).strict(),
    handler: async ({ home, body }) => {
      const { bytes } = body as { bytes: number }
      if (bytes > MAX_BUNDLE_BYTES) throw bundleError('BUNDLE_TOO_LARGE', `the bundle is ${bytes} bytes, more than the ${MAX_BUNDLE_BYTES} allowed`)
      const s = stage(home, 'upload', bytes)
      closeSync(openSync(s.path, 'w', 0o600))
      return { status: 201, body: { id: s.id, chunkBytes: BUNDLE_CHUNK_BYTES } }
    },
  },
  {
    method: 'POST',
    path: '/api/v1/bundles/uploads/:id/chunk',
    summary: 'One chunk of an upload (base64url), at the offset where the last one ended',
    params: id,
    body: z.object({ offset: z.number().int().min(0), data: z.string().max(Math.ceil((BUNDLE_CHUNK_BYTES * 4) / 3) + 4).regex(/^[A-Za-z0-9_-]*$/) }).strict(),
    maxBodyBytes: 2 << 20,
    handler: async ({ params, body }) => {
      const s = get(params.id!, 'upload')
      const b = body as { offset: number; data: string }
      if (b.offset !== s.received) throw new DaejangError('SCHEMA_INVALID', `the next chunk starts at ${s.received}`)
      const data = Buffer.from(b.data, 'base64url')
      if (s.received + data.length > s.bytes) throw bundleError('BUNDLE_TOO_LARGE', 'the upload is longer than announced')
      const fd = openSync(s.path, 'r+')
      try {
        writeSync(fd, data, 0, data.length, s.received)
      } finally {
        closeSync(fd)
      }
      s.received += data.length
      s.job = { phase: 'upload', done: s.received, total: s.bytes }
      return { body: { received: s.received, bytes: s.bytes } }
    },
  },
  {
    method: 'POST',
    path: '/api/v1/bundles/uploads/:id/preview',
    summary: 'Verify an uploaded bundle, applying nothing: what it would apply',
    params: id,
    handler: async ({ node, params }) => {
      const s = whole(get(params.id!, 'upload'))
      return { body: await busy(s, () => refusedGoes(s, () => previewBundle(node, s.path, { progress: tracker(s) }), node)) }
    },
  },
  {
    method: 'POST',
    path: '/api/v1/bundles/uploads/:id/apply',
    summary: 'Verify an uploaded bundle again, then apply it (blocks committed, pending transactions admitted)',
    params: id,
    handler: async ({ node, params }) => {
      const s = whole(get(params.id!, 'upload'))
      // importBundle writes its refusal in the activity log itself
      const r = await busy(s, () => refusedGoes(s, () => importBundle(node, s.path, { progress: tracker(s) })))
      s.job = { phase: 'done', done: 1, total: 1 }
      drop(s)
      return { body: r }
    },
  },
  {
    method: 'GET',
    path: '/api/v1/bundles/jobs/:id',
    summary: 'Progress of the work on a bundle file',
    params: id,
    handler: async ({ params }) => {
      const s = staged.get(params.id!)
      return { body: s ? s.job : { phase: 'done', done: 1, total: 1 } }
    },
  },
]

/**
 * A bundle the node refused (a forged commit, another chain, a gap, a cut-short or corrupt file…) is removed from
 * disk at once, not left among the staged files; a refused preview goes in the activity log (`node`: an apply's
 * refusal is logged by importBundle). An upload refused before verification (a chunk out of order, a preview before
 * the whole file arrived) stays, to be continued.
 */
async function refusedGoes<T>(s: Staged, fn: () => Promise<T>, node?: LedgerNode): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    drop(s)
    if (node) {
      const err = toDaejangError(e)
      node.activity.record('bundle', 'bundle.refused', { message: err.message }, err.code)
    }
    throw e
  }
}

/** The progress of a verify or apply pass, kept for GET /api/v1/bundles/jobs/:id. */
function tracker(s: Staged): (phase: 'verify' | 'apply', done: number, total: number) => void {
  return (phase, done, total) => {
    s.job = { phase, done, total }
  }
}

/** An upload is verified only once all of it arrived (else it is refused as truncated, as a short file is). */
function whole(s: Staged): Staged {
  if (s.received < s.bytes || statSync(s.path).size !== s.bytes) {
    throw bundleError('BUNDLE_TRUNCATED', `${s.received} of the announced ${s.bytes} bytes arrived`)
  }
  return s
}
