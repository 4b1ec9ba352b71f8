/**
 * Hostile PDFs given as certificates (test/cert/bombs.ts) are answered with a stable code, by the library and by the
 * real CLI (`daejang verify --certificate`, a child process), with the CLI's peak memory under 256 MB: before the
 * bounded reader, pdf-lib inflated object and cross-reference streams while loading and the CLI died of its heap.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAttachment } from '../../src/ledger/cert/attachment'
import { ERROR_TEXT } from '../../src/shared/error-text'
import { type CoreErrorCode, isDaejangError } from '../../src/shared/errors'
import { type Bomb, makeBombs } from './bombs'

const ROOT = resolve(__dirname, '..', '..')
const BIN = join(ROOT, 'bin', 'daejang.mjs')
const RSS_HOOK = join(__dirname, 'max-rss.mjs')
const MAX_RSS_BYTES = 256 * 1024 * 1024

let dir = ''
let trust = ''
let bombs: Bomb[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'daejang-bombs-'))
  trust = join(dir, 'trust.json')
  writeFileSync(trust, JSON.stringify({ format: 'daejang-trust/1', chainId: 'bombs', validators: [{ publicKey: '11'.repeat(32), power: 1 }] }))
  bombs = await makeBombs(dir)
}, 600_000)

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const NAMES = ['objstm-zeros', 'objstm-numbers', 'xref-bomb', 'double-flate', 'nametree-loop', 'nametree-deep', 'tokens-15mib', 'tokens-200mb', 'strings-open', 'string-15mib']
const bomb = (name: string): Bomb => bombs.find((b) => b.name === name)!

describe('hostile certificates', () => {
  it('the generator makes every kind of bomb', () => {
    expect(bombs.map((b) => b.name)).toEqual(NAMES)
  })

  it.each(NAMES)('%s: the library answers with its stable code', async (name) => {
    const b = bomb(name)
    if (!b.inMemory) return
    const err = await readAttachment(readFileSync(b.path), 'proof-bundle.json').then(
      () => null,
      (e: unknown) => e,
    )
    expect(isDaejangError(err) ? err.code : err).toBe(b.code)
  })

  it.each(NAMES)(
    '%s: `daejang verify --certificate` exits non-zero with one error line, its meaning, under 256 MB',
    (name) => {
      const b = bomb(name)
      const r = spawnSync(process.execPath, ['--import', RSS_HOOK, BIN, 'verify', '--trust', trust, '--certificate', b.path], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 300_000,
      })
      expect(r.signal).toBeNull()
      expect(r.status).toBe(1)
      const lines = r.stderr.trim().split('\n')
      const rss = Number(/^max-rss-kib (\d+)$/.exec(lines.pop() ?? '')?.[1]) * 1024
      // one line: what the code means, in the CLI's language (its code is in the --json output)
      const text = ERROR_TEXT[b.code as CoreErrorCode]
      expect(lines).toHaveLength(1)
      expect([`error: ${text.en}`, `오류: ${text.ko}`].some((start) => lines[0]!.startsWith(start)), lines[0]).toBe(true)
      expect(rss).toBeGreaterThan(0)
      expect(rss).toBeLessThan(MAX_RSS_BYTES)
    },
    300_000,
  )
})
