/** Messages between the page and the hashing worker (lib/hash-worker.ts). */

/** Bytes read and hashed at a time: large, so that reading and messaging cost little per byte. */
export const HASH_CHUNK = 16 << 20

export interface HashRequest {
  id: number
  blob: Blob
}

export type HashReply =
  | { id: number; done: number; total: number }
  | { id: number; hex: string }
  | { id: number; error: string }
