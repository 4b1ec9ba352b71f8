/**
 * The encrypted backup file of a node (docs/adr/0065). Layout:
 *
 *   "DJBACKUP"  8 bytes
 *   version     1 byte (1)
 *   headerLen   u32 BE, 2 … MAX_HEADER_BYTES
 *   header      JSON (BackupHeader): in clear, so a restore can say what it will do before any passphrase
 *   frames      each: u32 BE length, then AES-256-GCM ciphertext with its 16-byte tag
 *
 * The key is scrypt(passphrase, salt) (64 bytes: 32 for AES, 32 for a passphrase check in the header). Frame i is
 * sealed with IV = nonce(4) ‖ u64 BE i and additional data = SHA-256(magic ‖ version ‖ headerLen ‖ header) ‖ u64 BE i
 * ‖ last (1 byte): a changed header, a changed byte, frames swapped, dropped or repeated all fail authentication, and a
 * file cut short lacks its last frame. The plaintext of the frames, together, is a sequence of records:
 *
 *   kind u8 · aLen u32 BE · a · bLen u32 BE · b
 *   FILE (1): a = path inside the home, b = its bytes
 *   KV   (2): a = a key of the store, b = its value
 *   END  (3): a = empty, b = JSON { files, entries } — the last record, in the last frame
 *
 * Every length is bounded before anything is allocated, so a hostile file costs at most one frame and one record.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, scrypt as scryptCb } from 'node:crypto'
import { z } from 'zod'
import { DaejangError, type CoreErrorCode } from '../../shared/errors'

export const BACKUP_MAGIC = Buffer.from('DJBACKUP', 'latin1')
export const BACKUP_VERSION = 1
export const MAX_HEADER_BYTES = 16 << 10
/** plaintext bytes of one frame */
export const DEFAULT_CHUNK_BYTES = 1 << 20
export const MAX_CHUNK_BYTES = 8 << 20
/** the least a frame may hold: a file of many tiny frames would cost a cipher, a tag and a length check each */
export const MIN_CHUNK_BYTES = 64 << 10
const TAG_BYTES = 16
/** a record's name (a path, a store key) */
export const MAX_NAME_BYTES = 4096
/** a record's value (a file of the home, a value of the store) */
export const MAX_VALUE_BYTES = 256 << 20
/** scrypt cost of new backups (64 MiB of memory, a few hundred ms) */
export const SCRYPT_DEFAULT = { N: 1 << 16, r: 8, p: 1 }
/**
 * The most a file may ask for: what this build writes (r = 8, p = 1) and N at most 2^17 (128 MiB). A hostile header
 * asking for more is refused (BACKUP_BAD_HEADER) before any key is derived, so it costs no memory and no time.
 */
export const SCRYPT_MAX_N = 1 << 17

export const RECORD_FILE = 1
export const RECORD_KV = 2
export const RECORD_END = 3

export type BackupErrorCode =
  | 'BACKUP_NOT_A_BACKUP'
  | 'BACKUP_BAD_HEADER'
  | 'BACKUP_TRUNCATED'
  | 'BACKUP_CORRUPT'
  | 'BACKUP_WRONG_PASSPHRASE'
  | 'BACKUP_OTHER_CHAIN'
  | 'BACKUP_HOME_NOT_EMPTY'
  | 'BACKUP_NODE_RUNNING'
  | 'BACKUP_NO_PASSPHRASE'
  | 'BACKUP_WEAK_PASSPHRASE'
  | 'BACKUP_LEDGER_NOWHERE_ELSE'

export function backupError(code: BackupErrorCode, message: string): DaejangError {
  return new DaejangError(code as CoreErrorCode, message)
}

const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`))

export const BackupHeaderSchema = z
  .object({
    format: z.literal('daejang-backup/1'),
    chainId: z.string().min(1).max(200),
    /** SHA-256 of genesis.json as backed up */
    genesisHash: hex(32),
    /** the node key's public half */
    nodeKey: hex(32),
    /** the local consortium's label ("local"), if the genesis has one */
    label: z.string().max(100).nullable(),
    /** the store's height in the backup (null: no store) */
    height: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable(),
    createdAt: z.string().max(40),
    withStore: z.boolean(),
    /** what the signing guard had last signed when the backup was made (null: never signed) */
    guard: z
      .object({ height: z.number().int().min(0), round: z.number().int().min(0), step: z.number().int().min(0).max(2) })
      .strict()
      .nullable(),
    kdf: z
      .object({
        name: z.literal('scrypt'),
        N: z.number().int().min(1 << 10).max(SCRYPT_MAX_N).refine((n) => (n & (n - 1)) === 0, 'a power of two'),
        r: z.literal(SCRYPT_DEFAULT.r),
        p: z.literal(SCRYPT_DEFAULT.p),
        salt: hex(16),
      })
      .strict(),
    /** HMAC of the passphrase-derived check key: a wrong passphrase is told apart from a damaged file */
    check: hex(16),
    nonce: hex(4),
    chunkBytes: z.number().int().min(MIN_CHUNK_BYTES).max(MAX_CHUNK_BYTES),
  })
  .strict()

export type BackupHeader = z.infer<typeof BackupHeaderSchema>
export type HeaderClaims = Omit<BackupHeader, 'format' | 'kdf' | 'check' | 'nonce' | 'chunkBytes'>

export interface BackupKeys {
  aes: Buffer
  check: string
}

const scrypt = (pass: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scryptCb(pass.normalize('NFC'), salt, 64, { ...o, maxmem: 256 * o.N * o.r + (16 << 20) }, (e, k) => (e ? reject(e) : resolve(k))),
  )

export async function deriveKeys(passphrase: string, kdf: BackupHeader['kdf']): Promise<BackupKeys> {
  const k = await scrypt(passphrase, Buffer.from(kdf.salt, 'hex'), kdf)
  const check = createHmac('sha256', k.subarray(32)).update('daejang/backup/v1/check').digest().subarray(0, 16).toString('hex')
  return { aes: Buffer.from(k.subarray(0, 32)), check }
}

function prefixOf(headerBytes: Buffer): Buffer {
  const p = Buffer.alloc(BACKUP_MAGIC.length + 5)
  BACKUP_MAGIC.copy(p, 0)
  p[BACKUP_MAGIC.length] = BACKUP_VERSION
  p.writeUInt32BE(headerBytes.length, BACKUP_MAGIC.length + 1)
  return p
}

function frameIv(nonce: Buffer, i: number): Buffer {
  const iv = Buffer.alloc(12)
  nonce.copy(iv, 0)
  iv.writeBigUInt64BE(BigInt(i), 4)
  return iv
}

function frameAad(headerDigest: Buffer, i: number, last: boolean): Buffer {
  const a = Buffer.alloc(32 + 9)
  headerDigest.copy(a, 0)
  a.writeBigUInt64BE(BigInt(i), 32)
  a[40] = last ? 1 : 0
  return a
}

/** Where the writer's bytes go, in order; the promise resolves when the sink can take more. */
export type Sink = (bytes: Buffer) => Promise<void>

/**
 * Writes a backup: the header at once, then records, sealed a frame at a time. A frame is held back until the next
 * one (or the end) is known, so that the last frame carries the "last" flag.
 */
export class BackupWriter {
  private buf: Buffer[] = []
  private bufBytes = 0
  private held: Buffer | null = null
  private frames = 0
  private files = 0
  private entries = 0
  /** plaintext bytes written so far (progress) */
  plainBytes = 0
  /** bytes given to the sink so far */
  outBytes = 0

  private constructor(
    private readonly sink: Sink,
    private readonly keys: BackupKeys,
    private readonly header: BackupHeader,
    private readonly digest: Buffer,
  ) {}

  static async open(sink: Sink, claims: HeaderClaims, passphrase: string, o: { chunkBytes?: number; scrypt?: typeof SCRYPT_DEFAULT } = {}): Promise<BackupWriter> {
    if (passphrase.length === 0) throw backupError('BACKUP_NO_PASSPHRASE', 'a backup needs a passphrase')
    const kdf = { name: 'scrypt' as const, ...(o.scrypt ?? SCRYPT_DEFAULT), salt: randomBytes(16).toString('hex') }
    const keys = await deriveKeys(passphrase, kdf)
    const header: BackupHeader = BackupHeaderSchema.parse({
      format: 'daejang-backup/1',
      ...claims,
      kdf,
      check: keys.check,
      nonce: randomBytes(4).toString('hex'),
      chunkBytes: o.chunkBytes ?? DEFAULT_CHUNK_BYTES,
    })
    const hb = Buffer.from(JSON.stringify(header), 'utf8')
    if (hb.length > MAX_HEADER_BYTES) throw new DaejangError('SCHEMA_INVALID', 'the backup header is too large')
    const prefix = prefixOf(hb)
    const digest = createHash('sha256').update(prefix).update(hb).digest()
    const w = new BackupWriter(sink, keys, header, digest)
    await w.emit(Buffer.concat([prefix, hb]))
    return w
  }

  private async emit(b: Buffer): Promise<void> {
    this.outBytes += b.length
    await this.sink(b)
  }

  private seal(plain: Buffer, last: boolean): Buffer {
    const c = createCipheriv('aes-256-gcm', this.keys.aes, frameIv(Buffer.from(this.header.nonce, 'hex'), this.frames))
    c.setAAD(frameAad(this.digest, this.frames, last))
    const body = Buffer.concat([c.update(plain), c.final(), c.getAuthTag()])
    this.frames++
    const len = Buffer.alloc(4)
    len.writeUInt32BE(body.length)
    return Buffer.concat([len, body])
  }

  private async push(b: Buffer): Promise<void> {
    this.buf.push(b)
    this.bufBytes += b.length
    this.plainBytes += b.length
    const size = this.header.chunkBytes
    if (this.bufBytes < size) return
    // the parts are joined once, and the frames are cut from that one buffer (a large record is not copied per frame)
    const all = this.buf.length === 1 ? this.buf[0]! : Buffer.concat(this.buf, this.bufBytes)
    let at = 0
    while (all.length - at >= size) {
      if (this.held) await this.emit(this.seal(this.held, false))
      this.held = all.subarray(at, at + size)
      at += size
    }
    this.buf = at < all.length ? [Buffer.from(all.subarray(at))] : []
    this.bufBytes = all.length - at
  }

  private async record(kind: number, a: Uint8Array, b: Uint8Array): Promise<void> {
    if (a.length > MAX_NAME_BYTES || b.length > MAX_VALUE_BYTES) throw new DaejangError('SCHEMA_INVALID', 'a backup record is too large')
    const h = Buffer.alloc(5)
    h[0] = kind
    h.writeUInt32BE(a.length, 1)
    const m = Buffer.alloc(4)
    m.writeUInt32BE(b.length)
    await this.push(Buffer.concat([h, a, m, b]))
  }

  async file(path: string, bytes: Uint8Array): Promise<void> {
    checkPath(path)
    this.files++
    await this.record(RECORD_FILE, Buffer.from(path, 'utf8'), bytes)
  }

  async kv(key: Uint8Array, value: Uint8Array): Promise<void> {
    this.entries++
    await this.record(RECORD_KV, key, value)
  }

  /** The END record, then the last frame(s). Returns the totals. */
  async finish(): Promise<{ files: number; entries: number; bytes: number }> {
    await this.record(RECORD_END, new Uint8Array(0), Buffer.from(JSON.stringify({ files: this.files, entries: this.entries })))
    const rest = Buffer.concat(this.buf)
    this.buf = []
    this.bufBytes = 0
    if (this.held) await this.emit(this.seal(this.held, rest.length === 0))
    if (rest.length > 0 || !this.held) await this.emit(this.seal(rest, true))
    this.held = null
    return { files: this.files, entries: this.entries, bytes: this.outBytes }
  }
}

/**
 * The files of a home a backup carries (and a restore writes): nothing else, so a hostile file cannot name a path
 * outside the home or overwrite something else in it.
 */
const PATHS = [/^config\.json$/, /^genesis\.json$/, /^keys\/[a-zA-Z0-9_-]{1,64}\.json$/, /^data\/consensus\/sign-guard$/, /^data\/activity\.jsonl$/]

export function checkPath(path: string): void {
  if (!PATHS.some((p) => p.test(path))) throw backupError('BACKUP_CORRUPT', `the backup names a file it may not hold: ${JSON.stringify(path.slice(0, 80))}`)
}

/** Reads exact byte counts from an async source of chunks. */
export class ByteReader {
  private chunks: Buffer[] = []
  private have = 0
  private done = false
  private readonly it: AsyncIterator<Uint8Array>
  /** bytes consumed so far */
  offset = 0

  constructor(src: AsyncIterable<Uint8Array>) {
    this.it = src[Symbol.asyncIterator]()
  }

  private async fill(n: number): Promise<void> {
    while (this.have < n && !this.done) {
      const r = await this.it.next()
      if (r.done) this.done = true
      else if (r.value.length > 0) {
        const b = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength)
        this.chunks.push(b)
        this.have += b.length
      }
    }
  }

  /** exactly n bytes, or fewer at the end of the source */
  async read(n: number): Promise<Buffer> {
    await this.fill(n)
    const take = Math.min(n, this.have)
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks)
    const out = Buffer.from(all.subarray(0, take))
    const rest = all.subarray(take)
    this.chunks = rest.length > 0 ? [rest] : []
    this.have = rest.length
    this.offset += take
    return out
  }

  async atEnd(): Promise<boolean> {
    await this.fill(1)
    return this.have === 0
  }

  async close(): Promise<void> {
    await this.it.return?.()
  }
}

export interface OpenedHeader {
  header: BackupHeader
  digest: Buffer
}

/** The header in clear, checked for form and bounds (nothing in it is trusted before the first frame authenticates it). */
export async function readHeader(r: ByteReader): Promise<OpenedHeader> {
  const prefix = await r.read(BACKUP_MAGIC.length + 5)
  if (prefix.length < BACKUP_MAGIC.length || !prefix.subarray(0, BACKUP_MAGIC.length).equals(BACKUP_MAGIC)) {
    if (prefix.length === 0) throw backupError('BACKUP_TRUNCATED', 'the file is empty')
    if (BACKUP_MAGIC.subarray(0, prefix.length).equals(prefix)) throw backupError('BACKUP_TRUNCATED', 'the file ends inside its first bytes')
    throw backupError('BACKUP_NOT_A_BACKUP', 'the file is not a Daejang node backup')
  }
  if (prefix.length < BACKUP_MAGIC.length + 5) throw backupError('BACKUP_TRUNCATED', 'the file ends before its header')
  if (prefix[BACKUP_MAGIC.length] !== BACKUP_VERSION) throw backupError('BACKUP_BAD_HEADER', `backup format version ${prefix[BACKUP_MAGIC.length]} is not known to this build`)
  const len = prefix.readUInt32BE(BACKUP_MAGIC.length + 1)
  if (len < 2 || len > MAX_HEADER_BYTES) throw backupError('BACKUP_BAD_HEADER', `the header claims ${len} bytes (at most ${MAX_HEADER_BYTES})`)
  const hb = await r.read(len)
  if (hb.length < len) throw backupError('BACKUP_TRUNCATED', 'the file ends inside its header')
  let raw: unknown
  try {
    raw = JSON.parse(hb.toString('utf8'))
  } catch {
    throw backupError('BACKUP_BAD_HEADER', 'the header is not JSON')
  }
  const p = BackupHeaderSchema.safeParse(raw)
  if (!p.success) throw backupError('BACKUP_BAD_HEADER', `the header is not valid: ${p.error.issues[0]?.path.join('.') ?? ''} ${p.error.issues[0]?.message ?? ''}`.trim())
  if (p.data.withStore !== (p.data.height !== null)) throw backupError('BACKUP_BAD_HEADER', 'the header says a store without a height (or the reverse)')
  return { header: p.data, digest: createHash('sha256').update(prefix).update(hb).digest() }
}

export interface BackupRecord {
  kind: typeof RECORD_FILE | typeof RECORD_KV
  a: Buffer
  b: Buffer
}

/**
 * The records of a backup, each yielded only after the frame that completes it has authenticated. The END record is
 * checked (totals, last frame, nothing after it) and not yielded; the generator returns the totals. Throws
 * BACKUP_WRONG_PASSPHRASE, BACKUP_TRUNCATED, BACKUP_CORRUPT.
 */
export async function* readRecords(
  r: ByteReader,
  opened: OpenedHeader,
  passphrase: string,
): AsyncGenerator<BackupRecord, { files: number; entries: number }> {
  const { header, digest } = opened
  const keys = await deriveKeys(passphrase, header.kdf)
  if (keys.check !== header.check) throw backupError('BACKUP_WRONG_PASSPHRASE', 'the passphrase does not open this backup')
  const nonce = Buffer.from(header.nonce, 'hex')
  const maxFrame = header.chunkBytes + TAG_BYTES
  // the plaintext not yet parsed, as parts: joined once, when they hold the record that is waited for (a record of
  // many frames is not copied again for each frame)
  let parts: Buffer[] = []
  let partsBytes = 0
  let need = 5
  let files = 0
  let entries = 0
  let ended: { files: number; entries: number } | null = null
  for (let i = 0; ; i++) {
    const lenB = await r.read(4)
    if (lenB.length === 0) throw backupError('BACKUP_TRUNCATED', 'the file ends before its last part (an interrupted copy)')
    if (lenB.length < 4) throw backupError('BACKUP_TRUNCATED', 'the file ends inside a part')
    const len = lenB.readUInt32BE(0)
    if (len < TAG_BYTES || len > maxFrame) throw backupError('BACKUP_CORRUPT', `part ${i} claims ${len} bytes`)
    const body = await r.read(len)
    if (body.length < len) throw backupError('BACKUP_TRUNCATED', 'the file ends inside a part')
    let plain: Buffer | null = null as Buffer | null
    let last = false
    for (const flag of [false, true]) {
      try {
        const d = createDecipheriv('aes-256-gcm', keys.aes, frameIv(nonce, i))
        d.setAAD(frameAad(digest, i, flag))
        d.setAuthTag(body.subarray(len - TAG_BYTES))
        plain = Buffer.concat([d.update(body.subarray(0, len - TAG_BYTES)), d.final()])
        last = flag
        break
      } catch {
        // the other flag, then refused
      }
    }
    if (plain === null) throw backupError('BACKUP_CORRUPT', `part ${i} of the backup does not authenticate (changed, moved or from another file)`)
    if (!last && plain.length !== header.chunkBytes) throw backupError('BACKUP_CORRUPT', `part ${i} has an unexpected length`)
    parts.push(plain)
    partsBytes += plain.length
    if (partsBytes < need && !last) continue
    const pending = parts.length === 1 ? parts[0]! : Buffer.concat(parts, partsBytes)
    need = 5
    let at = 0
    while (pending.length - at >= 5) {
      if (ended) throw backupError('BACKUP_CORRUPT', 'records follow the end record')
      const kind = pending[at]!
      const aLen = pending.readUInt32BE(at + 1)
      if (kind !== RECORD_FILE && kind !== RECORD_KV && kind !== RECORD_END) throw backupError('BACKUP_CORRUPT', `unknown record kind ${kind}`)
      if (aLen > MAX_NAME_BYTES) throw backupError('BACKUP_CORRUPT', 'a record name is too long')
      if (pending.length - at < 9 + aLen) {
        need = 9 + aLen
        break
      }
      const bLen = pending.readUInt32BE(at + 5 + aLen)
      if (bLen > MAX_VALUE_BYTES) throw backupError('BACKUP_CORRUPT', 'a record is too large')
      const end = at + 9 + aLen + bLen
      if (pending.length < end) {
        need = 9 + aLen + bLen
        break
      }
      const a = pending.subarray(at + 5, at + 5 + aLen)
      const b = pending.subarray(at + 9 + aLen, end)
      at = end
      if (kind === RECORD_END) {
        let t: unknown
        try {
          t = JSON.parse(b.toString('utf8'))
        } catch {
          t = null
        }
        const totals = z.object({ files: z.number().int(), entries: z.number().int() }).strict().safeParse(t)
        if (!totals.success || totals.data.files !== files || totals.data.entries !== entries) throw backupError('BACKUP_CORRUPT', 'the end record does not match the records')
        ended = totals.data
        continue
      }
      if (kind === RECORD_FILE) {
        checkPath(a.toString('utf8'))
        files++
      } else entries++
      yield { kind, a: Buffer.from(a), b: Buffer.from(b) }
    }
    parts = at === pending.length ? [] : [Buffer.from(pending.subarray(at))]
    partsBytes = pending.length - at
    if (last) {
      if (!ended || partsBytes > 0) throw backupError('BACKUP_CORRUPT', 'the last part does not end with the end record')
      if (!(await r.atEnd())) throw backupError('BACKUP_CORRUPT', 'bytes follow the last part')
      return ended
    }
  }
}

/** An async source of a file's bytes, in chunks (fs streams are async iterables). */
export type ByteSource = AsyncIterable<Uint8Array>
