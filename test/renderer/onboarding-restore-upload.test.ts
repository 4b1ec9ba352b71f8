/**
 * The page's side of the restore upload (features/onboarding/restore/restore-upload.ts): base64url as the node reads
 * it (Buffer's), for sizes around the slices it is built in; the file sent chunk after chunk at the offsets the node
 * answers, and the header of the last answer.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { ApiClient } from '../../src/renderer/api/client'
import { base64url, uploadBackup } from '../../src/renderer/features/onboarding/restore/restore-upload'

describe('restore upload (page side)', () => {
  it('encodes base64url as the node decodes it', () => {
    for (const n of [0, 1, 2, 3, 0x7fff, 0x8000, 0x8001, 100_000]) {
      const b = randomBytes(n)
      expect(base64url(b)).toBe(b.toString('base64url'))
    }
  })

  it('sends the file in chunks at the offsets the node answers, and returns the header', async () => {
    const file = randomBytes(2500)
    const got: Buffer[] = []
    const header = { chainId: 'c', nodeKey: 'k', label: null, height: null, withStore: false, createdAt: '2026-12-01T00:00:00.000Z' }
    const client = {
      request: async (method: string, path: string, body: { offset?: number; data?: string }) => {
        if (path === '/setup/restore-begin') return { id: 'a'.repeat(24), chunkBytes: 1000 }
        expect(body.offset).toBe(got.reduce((s, b) => s + b.length, 0))
        got.push(Buffer.from(body.data!, 'base64url'))
        const received = body.offset! + got[got.length - 1]!.length
        return { received, header: received === file.length ? header : null }
      },
    } as unknown as ApiClient
    const sent: number[] = []
    const r = await uploadBackup(client, new Blob([file]), (s) => sent.push(s))
    expect(Buffer.concat(got).equals(file)).toBe(true)
    expect(sent).toEqual([1000, 2000, 2500])
    expect(r).toEqual({ id: 'a'.repeat(24), header })
  })
})
