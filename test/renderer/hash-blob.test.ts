/**
 * Where the page hashes a file (lib/hash-blob.ts): in Electron a File from the disk goes to main through the bridge;
 * a Blob made in the page, a file main cannot hash, or no bridge at all is hashed in the page.
 */
import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { hashBlob } from '../../src/renderer/lib/hash-blob'
import type { DaejangBridge } from '../../src/shared/bridge'

const bytes = new TextEncoder().encode('a document')
const digest = createHash('sha256').update(bytes).digest('hex')

function withBridge(hashFile: DaejangBridge['hashFile']): void {
  vi.stubGlobal('window', { daejang: { hashFile } })
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('hashBlob', () => {
  it('lets main hash a picked File, passing its progress on', async () => {
    const hashFile = vi.fn<DaejangBridge['hashFile']>(async (file, onProgress) => {
      onProgress?.(file.size, file.size)
      return 'cd'.repeat(32)
    })
    withBridge(hashFile)
    const seen: number[] = []
    await expect(hashBlob(new File([bytes], 'a.pdf'), (done) => seen.push(done))).resolves.toBe('cd'.repeat(32))
    expect(hashFile).toHaveBeenCalledTimes(1)
    expect(seen).toEqual([0, bytes.byteLength])
  })

  it('hashes in the page when the file has no path (null), main fails, or it is a plain Blob', async () => {
    withBridge(async () => null)
    await expect(hashBlob(new File([bytes], 'made-here.txt'))).resolves.toBe(digest)
    withBridge(async () => {
      throw new Error('The file is not the one picked')
    })
    await expect(hashBlob(new File([bytes], 'changed.pdf'))).resolves.toBe(digest)
    const hashFile = vi.fn<DaejangBridge['hashFile']>(async () => 'never')
    withBridge(hashFile)
    await expect(hashBlob(new Blob([bytes]))).resolves.toBe(digest)
    expect(hashFile).not.toHaveBeenCalled()
  })

  it('hashes in the page without a bridge (a browser)', async () => {
    await expect(hashBlob(new File([bytes], 'a.pdf'))).resolves.toBe(digest)
  })
})
