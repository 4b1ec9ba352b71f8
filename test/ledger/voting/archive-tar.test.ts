import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildArchive, eventText, readArchive, sha256Hex, type ElectionRecord } from '../../../src/ledger/registries/voting/portable/archive/archive'
import { BLOCK, readTar, writeTar } from '../../../src/ledger/registries/voting/portable/archive/tar'

const enc = new TextEncoder()
const dec = new TextDecoder()

/** texts only: the tar and the chain do not look inside them */
const record: ElectionRecord = {
  timestamp: 1764745200,
  election: '{"version":1,"description":"d","name":"n"}',
  trustees: '[]',
  publicCredentials: '["a","b"]',
  ballots: ['{"b":1}', '{"b":2}', '{"b":"대장 — 한글"}'],
  closed: true,
  tally: { encryptedTally: '[[]]', numTallied: 3, totalWeight: 3 },
  partialDecryptions: [
    { owner: 1, text: '{"pd":1}' },
    { owner: 3, text: '{"pd":3}' },
  ],
  result: '{"result":[[1,2]]}',
}

function codeOf(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    return (e as { code?: string }).code ?? `not a DaejangError: ${String(e)}`
  }
  return 'no error'
}

describe('the Belenios archive tar', () => {
  it('writes the same bytes for the same record, and reads back every text in order', () => {
    const a = buildArchive(record)
    const b = buildArchive({ ...record, ballots: [...record.ballots] })
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
    expect(a.length % BLOCK).toBe(0)
    const read = readArchive(a)
    expect(read.header).toEqual({ text: '{"version":1,"timestamp":"1764745200"}', version: 1, timestamp: 1764745200 })
    const kinds = read.files.map((f) => f.kind).join(' ')
    // election, trustees, credentials, setup_data, Setup; each ballot and its event; EndBallots; tally, sized, event; 2 × (pd, owned, event); result, event
    expect(kinds).toBe(
      'data data data data event data event data event data event event data data event data data event data data event data event',
    )
    for (const f of read.files) expect(f.name).toBe(sha256Hex(f.bytes))
    const events = read.files.filter((f) => f.kind === 'event').map((f) => JSON.parse(f.text) as { type: string; height: number; parent?: string })
    expect(events.map((e) => e.type)).toEqual(['Setup', 'Ballot', 'Ballot', 'Ballot', 'EndBallots', 'EncryptedTally', 'PartialDecryption', 'PartialDecryption', 'Result'])
    expect(events.map((e) => e.height)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
    expect(events[0]!.parent).toBeUndefined()
    expect(read.files.find((f) => f.text === '{"b":"대장 — 한글"}')).toBeDefined()
    // the event text is Belenios's: compact, fields in order, optional ones left out
    expect(eventText({ height: 4, type: 'EndBallots', parent: 'ab' })).toBe('{"parent":"ab","height":4,"type":"EndBallots"}')
  })

  it('is a tar GNU tar lists, with the names, sizes and time Belenios writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bel-'))
    try {
      const file = join(dir, 'e.bel')
      writeFileSync(file, buildArchive(record))
      const list = execFileSync('tar', ['--list', '--verbose', '--numeric-owner', '--utc', '-f', file], { encoding: 'utf8' }).trim().split('\n')
      expect(list[0]).toMatch(/^-rw-r--r-- 0\/0 +38 2025-12-03 07:00 BELENIOS$/)
      expect(list.length).toBe(1 + readArchive(buildArchive(record)).files.length)
      const out = execFileSync('tar', ['-xOf', file, 'BELENIOS'], { encoding: 'utf8' })
      expect(out).toBe('{"version":1,"timestamp":"1764745200"}')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reads what it writes, for any files of the archive (property)', () => {
    const name = fc.stringMatching(/^[0-9a-f]{64}$/).chain((h) => fc.constantFrom(`${h}.data.json`, `${h}.event.json`))
    fc.assert(
      fc.property(fc.array(fc.record({ name, body: fc.uint8Array({ maxLength: 1500 }) }), { maxLength: 6 }), fc.nat(2 ** 33 - 1), (files, t) => {
        const all = [{ name: 'BELENIOS', body: enc.encode('{}') }, ...files]
        const back = readTar(writeTar(all, t))
        expect(back.map((f) => [f.name, Buffer.from(f.body).toString('hex')])).toEqual(all.map((f) => [f.name, Buffer.from(f.body).toString('hex')]))
      }),
      { numRuns: 60 },
    )
  })

  it('accepts zero blocks at the end (a tar with its end marker)', () => {
    const a = buildArchive(record)
    const withEnd = new Uint8Array(a.length + 2 * BLOCK)
    withEnd.set(a)
    expect(readArchive(withEnd).files.length).toBe(readArchive(a).files.length)
  })

  it('refuses a cut-short archive at every length with VOTING_ARCHIVE_TRUNCATED or MALFORMED, never a crash', () => {
    const a = buildArchive(record)
    const seen = new Set<string>()
    for (let n = 0; n < a.length; n += 37) {
      const cut = a.subarray(0, n)
      const code = codeOf(() => readArchive(cut))
      // cut exactly between two files, the archive is a shorter, well-formed one
      if (code === 'no error') {
        expect(n % BLOCK).toBe(0)
        continue
      }
      seen.add(code)
      expect(['VOTING_ARCHIVE_TRUNCATED', 'VOTING_ARCHIVE_MALFORMED']).toContain(code)
    }
    expect(seen.has('VOTING_ARCHIVE_TRUNCATED')).toBe(true)
    expect(codeOf(() => readArchive(a.subarray(0, a.length - 1)))).toBe('VOTING_ARCHIVE_TRUNCATED')
  })

  it('refuses hostile tars with a stable code: path tricks, links, bad checksums, huge sizes, garbage after the end', () => {
    const a = buildArchive(record)
    const headerAt = BLOCK * 2 // the first data file's header (the BELENIOS body takes one block)
    const patch = (at: number, s: string, fixSum = true): Uint8Array => {
      const b = new Uint8Array(a)
      for (let i = 0; i < s.length; i++) b[at + i] = s.charCodeAt(i)
      if (fixSum) {
        const h = b.subarray(at - (at % BLOCK), at - (at % BLOCK) + BLOCK)
        let sum = 0
        for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!
        const t = `${sum.toString(8).padStart(6, '0')}\0 `
        for (let i = 0; i < 8; i++) h[148 + i] = t.charCodeAt(i)
      }
      return b
    }
    const name = (s: string): Uint8Array => patch(headerAt, s.padEnd(100, '\0'))
    expect(codeOf(() => readArchive(name('../../etc/passwd')))).toBe('VOTING_ARCHIVE_MALFORMED')
    expect(codeOf(() => readArchive(name(`/${'a'.repeat(64)}.data.json`)))).toBe('VOTING_ARCHIVE_MALFORMED')
    expect(codeOf(() => readArchive(name(`${'A'.repeat(64)}.data.json`)))).toBe('VOTING_ARCHIVE_MALFORMED')
    expect(codeOf(() => readArchive(name('BELENIOS')))).toBe('VOTING_ARCHIVE_MALFORMED')
    expect(codeOf(() => readArchive(patch(headerAt + 156, '2')))).toBe('VOTING_ARCHIVE_MALFORMED') // a symlink
    expect(codeOf(() => readArchive(patch(headerAt + 156, 'L')))).toBe('VOTING_ARCHIVE_MALFORMED') // a GNU long name
    expect(codeOf(() => readArchive(patch(headerAt + 156, 'x')))).toBe('VOTING_ARCHIVE_MALFORMED') // a pax header
    expect(codeOf(() => readArchive(patch(headerAt + 257, 'ustar\0' + '00').slice()))).toBe('no error')
    expect(codeOf(() => readArchive(patch(headerAt + 345, 'dir')))).toBe('no error') // no ustar magic: the field means nothing
    expect(codeOf(() => readArchive(patch(headerAt + 257, 'ustar\0' + '00' + '\0'.repeat(80) + 'dir')))).toBe('VOTING_ARCHIVE_MALFORMED')
    expect(codeOf(() => readArchive(patch(headerAt + 1, 'z', false)))).toBe('VOTING_ARCHIVE_MALFORMED') // checksum
    expect(codeOf(() => readArchive(patch(headerAt + 124, '77777777777')))).toBe('VOTING_ARCHIVE_TOO_LARGE')
    expect(codeOf(() => readArchive(patch(headerAt + 124, '00000002000')))).toBe('VOTING_ARCHIVE_MALFORMED') // the next header is read from a body
    expect(codeOf(() => readArchive(patch(headerAt + 124, '0000000x000')))).toBe('VOTING_ARCHIVE_MALFORMED')
    expect(codeOf(() => readTar(a, { maxArchiveBytes: a.length, maxFileBytes: 1 << 20, maxFiles: 3 }))).toBe('VOTING_ARCHIVE_TOO_LARGE')
    expect(codeOf(() => readTar(a, { maxArchiveBytes: a.length - 1, maxFileBytes: 1 << 20, maxFiles: 100 }))).toBe('VOTING_ARCHIVE_TOO_LARGE')
    expect(codeOf(() => readTar(a, { maxArchiveBytes: a.length, maxFileBytes: 10, maxFiles: 100 }))).toBe('VOTING_ARCHIVE_TOO_LARGE')
    const garbage = new Uint8Array(a.length + 2 * BLOCK)
    garbage.set(a)
    garbage[a.length + BLOCK + 7] = 1
    expect(codeOf(() => readArchive(garbage))).toBe('VOTING_ARCHIVE_MALFORMED')
    expect(codeOf(() => readArchive(new Uint8Array(0)))).toBe('VOTING_ARCHIVE_MALFORMED')
    expect(codeOf(() => readArchive(enc.encode('not a tar at all'.repeat(100))))).toBe('VOTING_ARCHIVE_MALFORMED')
    // the header must come first, be JSON of version 1, and the texts UTF-8
    const noHeader = writeTar([{ name: `${'a'.repeat(64)}.data.json`, body: enc.encode('{}') }], 0)
    expect(codeOf(() => readArchive(noHeader))).toBe('VOTING_ARCHIVE_MALFORMED')
    const v2 = writeTar([{ name: 'BELENIOS', body: enc.encode('{"version":2,"timestamp":"1"}') }], 0)
    expect(codeOf(() => readArchive(v2))).toBe('VOTING_ARCHIVE_MALFORMED')
    const badUtf8 = writeTar([{ name: 'BELENIOS', body: enc.encode('{"version":1,"timestamp":"1"}') }, { name: `${'b'.repeat(64)}.data.json`, body: new Uint8Array([0xff, 0xfe]) }], 0)
    expect(codeOf(() => readArchive(badUtf8))).toBe('VOTING_ARCHIVE_MALFORMED')
    expect(dec.decode(readArchive(a).files[0]!.bytes)).toBe(record.election)
  })

  it('random bytes never crash the reader (property)', () => {
    const a = buildArchive(record)
    fc.assert(
      fc.property(fc.nat(a.length - 1), fc.uint8Array({ minLength: 1, maxLength: 8 }), (at, junk) => {
        const b = new Uint8Array(a)
        b.set(junk.subarray(0, Math.min(junk.length, b.length - at)), at)
        const code = codeOf(() => readArchive(b))
        expect(['no error', 'VOTING_ARCHIVE_TRUNCATED', 'VOTING_ARCHIVE_MALFORMED', 'VOTING_ARCHIVE_TOO_LARGE']).toContain(code)
      }),
      { numRuns: 300 },
    )
  })
})
