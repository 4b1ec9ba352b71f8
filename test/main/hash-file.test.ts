/** The main-process hash (src/main/hash-file.ts): node:crypto over the file streamed from disk, as main runs it. */
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FileChangedError, HASH_READ_BYTES, sha256File } from '../../src/main/hash-file'

const dir = mkdtempSync(join(tmpdir(), 'daejang-hash-file-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return path
}

describe('sha256File', () => {
  it('gives the SHA-256 of a file over several reads, with progress up to its size', async () => {
    const bytes = randomBytes(HASH_READ_BYTES * 2 + 12_345)
    const path = file('big.bin', bytes)
    const seen: [number, number][] = []
    const hex = await sha256File(path, (done, total) => seen.push([done, total]), bytes.byteLength)
    expect(hex).toBe(createHash('sha256').update(bytes).digest('hex'))
    expect(seen[0]).toEqual([0, bytes.byteLength])
    expect(seen.at(-1)).toEqual([bytes.byteLength, bytes.byteLength])
    expect(seen.every(([d], i) => i === 0 || d >= seen[i - 1]![0])).toBe(true)
  })

  it('hashes an empty file', async () => {
    await expect(sha256File(file('empty.bin', new Uint8Array(0)))).resolves.toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    )
  })

  it('refuses a file of another size than the one picked, and what is not a regular file', async () => {
    const path = file('small.bin', new Uint8Array([1, 2, 3]))
    await expect(sha256File(path, undefined, 4)).rejects.toBeInstanceOf(FileChangedError)
    await expect(sha256File(dir)).rejects.toBeInstanceOf(FileChangedError)
    await expect(sha256File(join(dir, 'missing.bin'))).rejects.toThrow()
  })
})
