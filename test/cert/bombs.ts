/**
 * Hostile "certificates", generated on the fly (never committed): PDFs built to make a reader inflate, parse or walk
 * far more than their size. Used by test/cert/bombs.test.ts and bench/pdf-bombs.ts. Each file says which stable code
 * a bounded reader answers with.
 *
 *   objstm-zeros      an object stream inflating to 256 MiB of zeros, holding the catalog's /Names
 *   objstm-numbers    an object stream inflating to 256 MiB of numeric tokens (and claiming 50,000 objects)
 *   xref-bomb         a cross-reference stream inflating to 256 MiB (the file's only cross-reference)
 *   double-flate      the attached proof-bundle.json deflated twice: ~1 KiB that inflates to 256 MiB
 *   nametree-loop     an EmbeddedFiles name tree whose Kids point back at itself, twice per node
 *   nametree-deep     a name tree 5,000 levels deep
 *   tokens-15mib      one array of 7.5 million numbers, just under the 16 MiB certificate cap
 *   tokens-200mb      200 MB of numeric tokens (over the cap: refused before it is read)
 *   strings-open      1 MiB of object headers each opening a string that never closes: each runs to the end of the
 *                     file, so a reader that starts again after each is quadratic (a 45 KB one took 24 s)
 *   string-15mib      one literal string of 15 MiB (a reader collecting it byte by byte in a JS array used 467 MB)
 */
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import { createDeflate, deflateSync } from 'node:zlib'
import type { ErrorCode } from '../../src/shared/errors'

const MIB = 1 << 20
const BOMB_BYTES = 256 * MIB

export interface Bomb {
  name: string
  path: string
  /** what reading it must answer */
  code: ErrorCode
  /** whether the file is small enough to be given to the library in memory (the 200 MB one is for the CLI only) */
  inMemory: boolean
}

/** zlib data of `unit` repeated `times` times, streamed (the inflated size is never in memory). */
async function deflateRepeated(unit: Uint8Array, times: number): Promise<Buffer> {
  const z = createDeflate({ level: 9 })
  const out: Buffer[] = []
  z.on('data', (c: Buffer) => out.push(c))
  const ended = once(z, 'end')
  for (let i = 0; i < times; i++) if (!z.write(unit)) await once(z, 'drain')
  z.end()
  await ended
  return Buffer.concat(out)
}

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1')

type Obj = string | { dict: string; data: Uint8Array }

/** A PDF of these objects (numbered from 1) with a classic cross-reference table, or none (`xref: false`). */
function pdf(objects: Obj[], trailer: string, xref = true): Buffer {
  const parts: Buffer[] = [latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')]
  let size = parts[0]!.length
  const offsets: number[] = []
  const push = (b: Buffer): void => {
    parts.push(b)
    size += b.length
  }
  objects.forEach((o, i) => {
    offsets.push(size)
    if (typeof o === 'string') push(latin1(`${i + 1} 0 obj\n${o}\nendobj\n`))
    else {
      push(latin1(`${i + 1} 0 obj\n${o.dict.replace(/>>\s*$/, `/Length ${o.data.length} >>`)}\nstream\n`))
      push(Buffer.from(o.data))
      push(latin1('\nendstream\nendobj\n'))
    }
  })
  if (xref) {
    const at = size
    const rows = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')
    push(latin1(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${rows}trailer\n<< /Size ${objects.length + 1} ${trailer} >>\nstartxref\n${at}\n%%EOF\n`))
  } else push(latin1(`startxref\n${size}\n%%EOF\n`))
  return Buffer.concat(parts)
}

const CATALOG = '<< /Type /Catalog /Pages 2 0 R /Names 3 0 R >>'
/** a catalog whose /Names is object 5, which only an object stream holds */
const PACKED_CATALOG = '<< /Type /Catalog /Pages 2 0 R /Names 5 0 R >>'
const PAGES = '<< /Type /Pages /Kids [] /Count 0 >>'
/** a file specification of proof-bundle.json whose data is object `stream` */
const spec = (stream: number): string => `<< /Type /Filespec /F (proof-bundle.json) /UF (proof-bundle.json) /EF << /F ${stream} 0 R >> >>`

async function objstmZeros(): Promise<Buffer> {
  // object 5 (the catalog's /Names) is only in the object stream, after 256 MiB of zeros
  const data = await deflateRepeated(new Uint8Array(MIB), BOMB_BYTES / MIB)
  return pdf([PACKED_CATALOG, PAGES, { dict: '<< /Type /ObjStm /N 1 /First 268435456 /Filter /FlateDecode >>', data }], '/Root 1 0 R')
}

async function objstmNumbers(): Promise<Buffer> {
  const unit = latin1('1 2 3 4 5 6 7 8 9 10 '.repeat(MIB / 32)).subarray(0, MIB)
  const data = await deflateRepeated(unit, BOMB_BYTES / MIB)
  return pdf([PACKED_CATALOG, PAGES, { dict: '<< /Type /ObjStm /N 50000 /First 16 /Filter /FlateDecode >>', data }], '/Root 1 0 R')
}

async function xrefBomb(): Promise<Buffer> {
  const data = await deflateRepeated(new Uint8Array(MIB), BOMB_BYTES / MIB)
  return pdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      PAGES,
      { dict: '<< /Type /XRef /Size 44739243 /W [1 4 1] /Root 1 0 R /Filter /FlateDecode >>', data },
    ],
    '',
    false,
  )
}

async function doubleFlate(): Promise<Buffer> {
  const once = await deflateRepeated(new Uint8Array(MIB), BOMB_BYTES / MIB)
  const data = deflateSync(once, { level: 9 })
  return pdf(
    [
      CATALOG,
      PAGES,
      '<< /EmbeddedFiles << /Names [(proof-bundle.json) 5 0 R] >> >>',
      { dict: '<< /Type /EmbeddedFile /Subtype /application#2Fjson /Filter [/FlateDecode /FlateDecode] >>', data },
      spec(4),
    ],
    '/Root 1 0 R',
  )
}

function nametreeLoop(): Buffer {
  return pdf([CATALOG, PAGES, '<< /EmbeddedFiles 4 0 R >>', '<< /Kids [4 0 R 4 0 R 5 0 R] >>', '<< /Kids [4 0 R 5 0 R 5 0 R] >>'], '/Root 1 0 R')
}

function nametreeDeep(): Buffer {
  const depth = 5000
  const nodes = Array.from({ length: depth }, (_, i) => `<< /Kids [${i + 5} 0 R] >>`)
  return pdf([CATALOG, PAGES, '<< /EmbeddedFiles 4 0 R >>', ...nodes, '<< /Names [] >>'], '/Root 1 0 R')
}

function tokens15(): Buffer {
  const n = (15 * MIB) / 2 - 64
  return pdf([`<< /Type /Catalog /Pages 2 0 R /Names 3 0 R /Junk [${'1 '.repeat(n)}] >>`, PAGES, '<< >>'], '/Root 1 0 R')
}

/** 200 MB of numeric tokens, written a mebibyte at a time. */
async function tokens200(path: string): Promise<void> {
  const w = createWriteStream(path)
  w.write('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Junk [')
  const unit = latin1('1 '.repeat(MIB / 2))
  for (let i = 0; i < 200_000_000 / MIB; i++) if (!w.write(unit)) await once(w, 'drain')
  w.end('] >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
  await once(w, 'finish')
}

function stringsOpen(): Buffer {
  return Buffer.concat([latin1('%PDF-1.7\n'), latin1('1 0 obj (\n'.repeat(MIB / 10))])
}

function string15(): Buffer {
  return pdf([`<< /Type /Catalog /Pages 2 0 R /Names 3 0 R /Junk (${'a'.repeat(15 * MIB)}) >>`, PAGES, '<< >>'], '/Root 1 0 R')
}

/** Writes every bomb into `dir` (about 205 MB on disk, most of it the 200 MB token stream). */
export async function makeBombs(dir: string): Promise<Bomb[]> {
  const { writeFileSync } = await import('node:fs')
  const out: Bomb[] = []
  const put = (name: string, bytes: Buffer, code: ErrorCode): void => {
    const path = join(dir, name + '.pdf')
    writeFileSync(path, bytes)
    out.push({ name, path, code, inMemory: true })
  }
  put('objstm-zeros', await objstmZeros(), 'PDF_TOO_COMPLEX')
  put('objstm-numbers', await objstmNumbers(), 'PDF_TOO_COMPLEX')
  put('xref-bomb', await xrefBomb(), 'PROOF_INVALID')
  put('double-flate', await doubleFlate(), 'PDF_TOO_COMPLEX')
  put('nametree-loop', nametreeLoop(), 'PROOF_INVALID')
  put('nametree-deep', nametreeDeep(), 'PDF_TOO_COMPLEX')
  put('tokens-15mib', tokens15(), 'PDF_TOO_COMPLEX')
  const big = join(dir, 'tokens-200mb.pdf')
  await tokens200(big)
  out.push({ name: 'tokens-200mb', path: big, code: 'FILE_TOO_LARGE', inMemory: false })
  put('strings-open', stringsOpen(), 'PDF_TOO_COMPLEX')
  put('string-15mib', string15(), 'PROOF_INVALID')
  return out
}
