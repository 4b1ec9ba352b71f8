/**
 * The fifth first-run choice, the page's side (docs/adr/0063, 0065): a picked backup file sent to the setup server in
 * chunks (base64url, each within the setup's request size), then the header it answers once all arrived.
 */
import type { ApiClient } from '../../../api/client'

export interface BackupHeaderView {
  chainId: string
  nodeKey: string
  label: string | null
  height: number | null
  withStore: boolean
  createdAt: string
}

export interface RestoreProgressView {
  phase: 'restore' | 'check' | 'done'
  bytes: number
  total: number | null
  entries: number
}

/** base64url of bytes, in slices (String.fromCharCode takes a bounded number of arguments) */
export function base64url(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Sends the file; `onSent` after each chunk. The upload's id and what the backup's header says. */
export async function uploadBackup(c: ApiClient, file: Blob, onSent: (sent: number, total: number) => void): Promise<{ id: string; header: BackupHeaderView }> {
  const b = (await c.request('POST', '/setup/restore-begin', { bytes: file.size })) as { id: string; chunkBytes: number }
  let header: BackupHeaderView | null = null
  for (let at = 0; at < file.size; ) {
    const bytes = new Uint8Array(await file.slice(at, at + b.chunkBytes).arrayBuffer())
    if (bytes.length === 0) break
    const r = (await c.request('POST', '/setup/restore-chunk', { id: b.id, offset: at, data: base64url(bytes) })) as { received: number; header: BackupHeaderView | null }
    at = r.received
    header = r.header
    onSent(at, file.size)
  }
  if (!header) throw new Error('the backup did not all arrive')
  return { id: b.id, header }
}
