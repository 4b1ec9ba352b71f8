/**
 * Hostile certificates (test/cert/bombs.ts) given to the real CLI, `daejang verify --certificate`, one child each:
 * prints the answer (exit code and stable code), wall time and peak RSS per file. Target: under 5 s and 256 MB each.
 * Run: npx tsx bench/pdf-bombs.ts [path/to/bin/daejang.mjs]   (another bin, e.g. an older checkout's, to compare)
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MAX_CERTIFICATE_BYTES, readAttachment } from '../src/ledger/cert/attachment'
import { makeBombs } from '../test/cert/bombs'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const BIN = resolve(process.argv[2] ?? join(ROOT, 'bin', 'daejang.mjs'))
const RSS_HOOK = join(ROOT, 'test', 'cert', 'max-rss.mjs')

const dir = mkdtempSync(join(tmpdir(), 'daejang-bench-bombs-'))
try {
  const trust = join(dir, 'trust.json')
  writeFileSync(trust, JSON.stringify({ format: 'daejang-trust/1', chainId: 'bombs', validators: [{ publicKey: '11'.repeat(32), power: 1 }] }))
  const bombs = await makeBombs(dir)
  // the CLI's own start-up, to read the figures against
  const files: { name: string; path: string }[] = [{ name: '(daejang --version)', path: '' }, ...bombs]
  console.log(`bin: ${BIN}`)
  console.log(['file'.padEnd(20), 'size'.padStart(12), 'exit', 'answer'.padEnd(18), 'time'.padStart(8), 'peak RSS'.padStart(10), 'library'.padStart(10)].join('  '))
  for (const f of files) {
    const args = f.path ? ['verify', '--trust', trust, '--certificate', f.path] : ['--version']
    const t0 = performance.now()
    const r = spawnSync(process.execPath, ['--import', RSS_HOOK, BIN, ...args], { encoding: 'utf8', timeout: 120_000 })
    const ms = performance.now() - t0
    const rss = Number(/max-rss-kib (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024
    const answer = /^error: ([A-Z_]+):/m.exec(r.stderr)?.[1] ?? (r.signal ? `killed ${r.signal}` : r.status === 0 ? 'ok' : '(no code)')
    const size = f.path ? statSync(f.path).size : 0
    // the reader alone, in this process (without the CLI's start-up): the file read, then the bounded reader
    let lib = ''
    if (f.path && size > MAX_CERTIFICATE_BYTES) lib = 'unread'
    else if (f.path) {
      const l0 = performance.now()
      await readAttachment(readFileSync(f.path), 'proof-bundle.json').catch(() => null)
      lib = `${(performance.now() - l0).toFixed(0)} ms`
    }
    console.log(
      [f.name.padEnd(20), String(size).padStart(12), String(r.status ?? '-').padStart(4), answer.padEnd(18), `${(ms / 1000).toFixed(2)} s`.padStart(8), `${rss.toFixed(0)} MB`.padStart(10), lib.padStart(10)].join('  '),
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
