/**
 * A sneakernet bundle (docs/adr/0062): one file carried by hand between a connected node and an air-gapped one.
 *
 *   magic      8 bytes  "DJBUNDLE"
 *   length     4 bytes  big-endian length of the header (at most MAX_HEADER_BYTES)
 *   header     JSON     BundleHeader, utf-8
 *   signature  64 bytes the exporting node's Ed25519 signature over SIGN_DOMAIN ‖ header bytes
 *   content    records, each: kind (1 byte) ‖ length (4 bytes, big-endian) ‖ bytes
 *
 * The header names the content's length, record counts and SHA-256 digest, so the signature covers the content too.
 * The content is written and read as a stream: a bundle of 100,000 transactions is never held in memory whole.
 */
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, openSync, readSync, closeSync, fstatSync, renameSync, rmSync, type WriteStream } from 'node:fs'
import { once } from 'node:events'
import { z } from 'zod'
import { DaejangError } from '../../shared/errors'
import { concatBytes, fromHex, toHex, utf8 } from '../codec/bytes'
import type { Signer, VerifyFn } from '../crypto/ed25519'

export const MAGIC = utf8('DJBUNDLE')
export const FORMAT = 'daejang-bundle/1'
export const MAX_HEADER_BYTES = 16 * 1024
export const SIGN_DOMAIN = utf8('daejang-bundle/1 header\n')
const PREFIX_BYTES = MAGIC.length + 4
const SIG_BYTES = 64
const RECORD_HEAD = 5
/** the largest record a bundle may carry (a block is at most the consortium's maxBlockBytes, far below) */
export const MAX_RECORD_BYTES = 64 << 20
/** the largest bundle file the node reads (default; a caller may give a smaller bound) */
export const MAX_BUNDLE_BYTES = 4 * 2 ** 30

export const RecordKind = {
  /** the exporting node's validator-set history (canonical entries): which sets later blocks may name */
  validatorSets: 1,
  /** a block, canonical bytes */
  block: 2,
  /** the commit of the block just before, canonical bytes */
  commit: 3,
  /** a signed pending transaction, canonical bytes */
  tx: 4,
} as const
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind]

const hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n * 2}}$`))
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)

export const BundleHeaderSchema = z
  .object({
    format: z.literal(FORMAT),
    kind: z.enum(['blocks', 'pending']),
    chainId: z.string().min(1).max(128),
    genesisHash: hex(32),
    /** first and last block height carried (blocks), or the exporting node's head (pending: from = to = head) */
    from: count,
    to: count,
    blocks: count,
    txs: count,
    records: count,
    contentBytes: count,
    contentDigest: hex(32),
    exporter: hex(32),
    createdAt: count,
  })
  .strict()
export type BundleHeader = z.infer<typeof BundleHeaderSchema>

export function bundleError(code: BundleErrorCode, message: string, details?: unknown): DaejangError {
  return new DaejangError(code, message, details)
}
export type BundleErrorCode =
  | 'BUNDLE_CORRUPT'
  | 'BUNDLE_TRUNCATED'
  | 'BUNDLE_TOO_LARGE'
  | 'BUNDLE_BAD_HEADER'
  | 'BUNDLE_BAD_SIGNATURE'
  | 'BUNDLE_OTHER_CHAIN'
  | 'BUNDLE_GAP'
  | 'BUNDLE_FORGED_COMMIT'
  | 'BUNDLE_BLOCK_ALTERED'
  | 'BUNDLE_CONFLICT'

// ---- writing ----

/**
 * Writes a bundle: records are streamed to a side file (`<out>.part`) while their digest is computed; `finish` then
 * writes the signed header and copies the content after it into `<out>.tmp`, renamed to `out` at the end, so a
 * crash never leaves a file that looks whole.
 */
export class BundleWriter {
  private readonly hash = createHash('sha256')
  private readonly part: WriteStream
  private bytes = 0
  private records = 0
  private closed = false

  constructor(private readonly out: string) {
    this.part = createWriteStream(out + '.part', { flags: 'w', mode: 0o600 })
  }

  async write(kind: RecordKind, data: Uint8Array): Promise<void> {
    if (data.length > MAX_RECORD_BYTES) throw new DaejangError('INTERNAL', 'a bundle record is larger than allowed')
    const head = new Uint8Array(RECORD_HEAD)
    head[0] = kind
    new DataView(head.buffer).setUint32(1, data.length)
    this.hash.update(head)
    this.hash.update(data)
    this.bytes += RECORD_HEAD + data.length
    this.records++
    const ok1 = this.part.write(head)
    const ok2 = this.part.write(data)
    if (!ok1 || !ok2) await once(this.part, 'drain')
  }

  /** Sign and write the header; `fields` are what the caller knows (kind, chain, heights, counts). */
  async finish(
    fields: Omit<BundleHeader, 'format' | 'records' | 'contentBytes' | 'contentDigest' | 'exporter' | 'createdAt'>,
    signer: Signer,
    now = Date.now(),
  ): Promise<{ header: BundleHeader; bytes: number }> {
    await this.endPart()
    const header: BundleHeader = {
      format: FORMAT,
      ...fields,
      records: this.records,
      contentBytes: this.bytes,
      contentDigest: this.hash.digest('hex'),
      exporter: toHex(signer.publicKey),
      createdAt: now,
    }
    const hb = utf8(JSON.stringify(header))
    const len = new Uint8Array(4)
    new DataView(len.buffer).setUint32(0, hb.length)
    const sig = signer.sign(concatBytes(SIGN_DOMAIN, hb))
    const tmp = this.out + '.tmp'
    const w = createWriteStream(tmp, { flags: 'w', mode: 0o600 })
    w.write(concatBytes(MAGIC, len, hb, sig))
    for await (const chunk of createReadStream(this.out + '.part')) {
      if (!w.write(chunk as Buffer)) await once(w, 'drain')
    }
    w.end()
    await once(w, 'finish')
    renameSync(tmp, this.out)
    rmSync(this.out + '.part', { force: true })
    return { header, bytes: PREFIX_BYTES + hb.length + SIG_BYTES + this.bytes }
  }

  /** Give up: the side files are removed, nothing is left at `out`. */
  async abort(): Promise<void> {
    await this.endPart().catch(() => undefined)
    rmSync(this.out + '.part', { force: true })
    rmSync(this.out + '.tmp', { force: true })
  }

  private async endPart(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.part.end()
    await once(this.part, 'finish')
  }
}

// ---- reading ----

export interface OpenedBundle {
  path: string
  header: BundleHeader
  /** where the content starts in the file */
  contentOffset: number
  fileBytes: number
}

/**
 * Read and check a bundle's header: magic, bounded length, schema, the counts agreeing with each other, the file's
 * size agreeing with the header (a truncated or padded file is refused here), and the exporter's signature.
 */
export function openBundle(path: string, verify: VerifyFn, maxBytes = MAX_BUNDLE_BYTES): OpenedBundle {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (e) {
    throw new DaejangError('FILE_UNREADABLE', `the bundle ${path} cannot be read: ${(e as Error).message}`)
  }
  try {
    const size = fstatSync(fd).size
    if (size > maxBytes) throw bundleError('BUNDLE_TOO_LARGE', `the bundle is ${size} bytes, more than the ${maxBytes} allowed`)
    const prefix = readExactly(fd, 0, PREFIX_BYTES)
    if (prefix.length < PREFIX_BYTES) throw bundleError('BUNDLE_TRUNCATED', 'the bundle ends before its header')
    if (toHex(prefix.subarray(0, MAGIC.length)) !== toHex(MAGIC)) throw bundleError('BUNDLE_CORRUPT', 'this file is not a Daejang bundle')
    const hl = new DataView(prefix.buffer, prefix.byteOffset).getUint32(MAGIC.length)
    if (hl === 0 || hl > MAX_HEADER_BYTES) throw bundleError('BUNDLE_BAD_HEADER', `the header claims ${hl} bytes (at most ${MAX_HEADER_BYTES})`)
    const hb = readExactly(fd, PREFIX_BYTES, hl)
    const sig = readExactly(fd, PREFIX_BYTES + hl, SIG_BYTES)
    if (hb.length < hl || sig.length < SIG_BYTES) throw bundleError('BUNDLE_TRUNCATED', 'the bundle ends inside its header')
    let json: unknown
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(hb))
    } catch {
      throw bundleError('BUNDLE_BAD_HEADER', 'the header is not valid JSON')
    }
    const parsed = BundleHeaderSchema.safeParse(json)
    if (!parsed.success) throw bundleError('BUNDLE_BAD_HEADER', `the header is not a bundle header: ${parsed.error.issues[0]?.message ?? ''}`)
    const header = parsed.data
    if (!verify(sig, concatBytes(SIGN_DOMAIN, hb), fromHex(header.exporter))) {
      throw bundleError('BUNDLE_BAD_SIGNATURE', 'the exporting node\'s signature over the header does not verify')
    }
    checkHeaderCounts(header)
    const contentOffset = PREFIX_BYTES + hl + SIG_BYTES
    if (size < contentOffset + header.contentBytes) {
      throw bundleError('BUNDLE_TRUNCATED', `the bundle is ${size} bytes; its header promises ${contentOffset + header.contentBytes}`)
    }
    if (size > contentOffset + header.contentBytes) throw bundleError('BUNDLE_CORRUPT', 'the bundle has bytes after its content')
    return { path, header, contentOffset, fileBytes: size }
  } finally {
    closeSync(fd)
  }
}

/** The header's numbers must agree with each other before anything is read on their word. */
function checkHeaderCounts(h: BundleHeader): void {
  const bad = (why: string): never => {
    throw bundleError('BUNDLE_BAD_HEADER', `the header does not hold together: ${why}`)
  }
  if (h.kind === 'blocks') {
    if (h.from < 1 || h.to < h.from) bad('heights')
    if (h.blocks !== h.to - h.from + 1) bad('block count')
    // the validator sets, then a block and its commit each
    if (h.records !== 1 + 2 * h.blocks) bad('record count')
  } else {
    if (h.blocks !== 0 || h.from !== h.to) bad('a bundle of pending transactions carries no blocks')
    if (h.records !== h.txs) bad('record count')
  }
  if (h.contentBytes < h.records * RECORD_HEAD) bad('content length')
}

function readExactly(fd: number, position: number, length: number): Uint8Array {
  const buf = new Uint8Array(length)
  let got = 0
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got)
    if (n === 0) break
    got += n
  }
  return buf.subarray(0, got)
}

/** The content's digest checked first, in one streamed pass: a damaged file is refused as such before it is parsed. */
export async function checkContent(b: OpenedBundle): Promise<void> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(b.path, { start: b.contentOffset, highWaterMark: 1 << 20 })) hash.update(chunk as Buffer)
  if (hash.digest('hex') !== b.header.contentDigest) throw bundleError('BUNDLE_CORRUPT', 'the content\'s digest is not the one its header was signed with')
}

export interface BundleRecord {
  kind: RecordKind
  data: Uint8Array
  index: number
}

/**
 * The content's records, streamed. Every record's kind and length are checked before its bytes are gathered; the
 * content's length, record count and digest are checked against the header at the end (a record past the promised
 * length is refused as soon as it is seen). The caller must consume to the end to learn that the content is whole.
 */
export async function* readRecords(b: OpenedBundle): AsyncGenerator<BundleRecord> {
  const { header } = b
  const hash = createHash('sha256')
  const stream = createReadStream(b.path, { start: b.contentOffset, highWaterMark: 1 << 20 })
  let pending: Buffer[] = []
  let pendingBytes = 0
  let consumed = 0
  let index = 0
  const take = (n: number): Buffer => {
    const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes)
    const out = all.subarray(0, n)
    const rest = all.subarray(n)
    pending = rest.length > 0 ? [rest] : []
    pendingBytes = rest.length
    return out
  }
  let need: { kind: RecordKind; len: number } | null = null
  try {
    for await (const chunk of stream) {
      pending.push(chunk as Buffer)
      pendingBytes += (chunk as Buffer).length
      for (;;) {
        if (!need) {
          if (pendingBytes < RECORD_HEAD) break
          const head = take(RECORD_HEAD)
          const kind = head[0]!
          const len = head.readUInt32BE(1)
          if (kind < 1 || kind > 4) throw bundleError('BUNDLE_CORRUPT', `record ${index} is of no known kind`)
          if (len > MAX_RECORD_BYTES) throw bundleError('BUNDLE_CORRUPT', `record ${index} claims ${len} bytes`)
          if (index >= header.records || consumed + RECORD_HEAD + len > header.contentBytes) {
            throw bundleError('BUNDLE_CORRUPT', 'the content holds more than its header says')
          }
          hash.update(head)
          need = { kind: kind as RecordKind, len }
        }
        if (pendingBytes < need.len) break
        const data = new Uint8Array(take(need.len))
        hash.update(data)
        consumed += RECORD_HEAD + need.len
        yield { kind: need.kind, data, index: index++ }
        need = null
      }
    }
  } finally {
    stream.destroy()
  }
  if (need || pendingBytes > 0 || consumed !== header.contentBytes) throw bundleError('BUNDLE_TRUNCATED', 'the content ends inside a record')
  if (index !== header.records) throw bundleError('BUNDLE_CORRUPT', `the content holds ${index} records; its header says ${header.records}`)
  if (hash.digest('hex') !== header.contentDigest) throw bundleError('BUNDLE_CORRUPT', 'the content\'s digest is not the one its header was signed with')
}
