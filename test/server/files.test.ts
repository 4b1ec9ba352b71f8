/**
 * Files named on the command line are read whole only under a cap, and the cap holds for what is read, not for what
 * stat said: a file that grows after stat, or one that says it is empty (as /proc's do), is never read past it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readCappedFile } from '../../src/server/files'
import { isDaejangError } from '../../src/shared/errors'

const dir = mkdtempSync(join(tmpdir(), 'daejang-files-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const codeOf = (f: () => unknown): string | null => {
  try {
    f()
    return null
  } catch (e) {
    return isDaejangError(e) ? e.code : String(e)
  }
}

describe('readCappedFile', () => {
  it('reads a file of up to the cap whole, and refuses one byte more', () => {
    const path = join(dir, 'a.bin')
    const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7) & 0xff)
    writeFileSync(path, bytes)
    expect(Buffer.compare(readCappedFile(path, 'file', 200_000), bytes)).toBe(0)
    expect(codeOf(() => readCappedFile(path, 'file', 199_999))).toBe('FILE_TOO_LARGE')
  })

  it.skipIf(!existsSync('/proc/self/status'))('a file whose stat says 0 bytes is still held to the cap by what it yields', () => {
    const real = readFileSync('/proc/self/status')
    expect(real.length).toBeGreaterThan(100)
    expect(codeOf(() => readCappedFile('/proc/self/status', 'file', 100))).toBe('FILE_TOO_LARGE')
    expect(readCappedFile('/proc/self/status', 'file', 1 << 20).length).toBeGreaterThan(100)
  })

  it('says why a file cannot be read', () => {
    expect(codeOf(() => readCappedFile(join(dir, 'missing'), 'file', 100))).toBe('NOT_FOUND')
    expect(codeOf(() => readCappedFile(dir, 'file', 100))).toBe('FILE_UNREADABLE')
  })
})
