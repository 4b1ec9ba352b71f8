/** What both hashing benches measure against: a file of random bytes and `sha256sum` on it (best of a few runs). */
import { spawnSync } from 'node:child_process'
import { randomFillSync } from 'node:crypto'
import { closeSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'

/** Writes `mb` MiB of random bytes to `dir`/document.bin; returns its path and size. */
export function randomDocument(dir: string, mb: number): { file: string; bytes: number } {
  const file = join(dir, 'document.bin')
  const fd = openSync(file, 'w')
  const block = Buffer.alloc(1 << 20)
  for (let i = 0; i < mb; i++) writeSync(fd, randomFillSync(block))
  closeSync(fd)
  return { file, bytes: mb * (1 << 20) }
}

/** One timed run of `sha256sum`: milliseconds and the digest. */
export function sha256sum(file: string): { ms: number; hex: string } {
  const t0 = performance.now()
  const r = spawnSync('sha256sum', [file], { encoding: 'utf8' })
  return { ms: performance.now() - t0, hex: r.stdout.split(' ')[0]! }
}

/** MiB per second. */
export const mibPerSecond = (bytes: number, ms: number): number => bytes / (1 << 20) / (ms / 1000)
