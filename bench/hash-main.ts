/**
 * Hashing a document in the Electron app (npx tsx bench/hash-main.ts [MB]): the function main runs for the bridge's
 * hashFile (src/main/hash-file.ts: node:crypto over the file streamed from disk), run here in Node on a 300 MiB
 * file, against `sha256sum` on the same file. Prints both throughputs (best of three, alternating), their ratio
 * (target ≥ 50 %) and whether the digests agree. The browser's path (the page's worker) is bench/hash-browser.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { sha256File } from '../src/main/hash-file'
import { mibPerSecond as rate, randomDocument, sha256sum } from './hash-fixture'

const MB = Number(process.argv[2] ?? 300)
const RUNS = 3

const dir = mkdtempSync(join(tmpdir(), 'daejang-bench-hash-main-'))
try {
  const { file, bytes } = randomDocument(dir, MB)

  let nativeMs = Infinity
  let nativeHex = ''
  let mainMs = Infinity
  let mainHex = ''
  let progress = 0
  // alternate the two, so that a burst of load on the shared machine falls on both alike
  for (let i = 0; i < RUNS; i++) {
    const native = sha256sum(file)
    nativeMs = Math.min(nativeMs, native.ms)
    nativeHex = native.hex
    let calls = 0
    const t0 = performance.now()
    mainHex = await sha256File(file, () => calls++, bytes)
    mainMs = Math.min(mainMs, performance.now() - t0)
    progress = calls
  }
  console.log(`file: ${MB} MiB of random bytes; best of ${RUNS}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`)
  console.log(`sha256sum:          ${(nativeMs / 1000).toFixed(2)} s  ${rate(bytes, nativeMs).toFixed(0)} MiB/s`)
  console.log(`main (node:crypto): ${(mainMs / 1000).toFixed(2)} s  ${rate(bytes, mainMs).toFixed(0)} MiB/s  (${progress} progress reports)`)
  console.log(`ratio: ${((100 * rate(bytes, mainMs)) / rate(bytes, nativeMs)).toFixed(0)} % of sha256sum (target ≥ 50 %)`)
  console.log(`same digest: ${mainHex === nativeHex ? 'yes' : `NO (${mainHex} vs ${nativeHex})`}`)
  if (mainHex !== nativeHex) process.exitCode = 1
} finally {
  rmSync(dir, { recursive: true, force: true })
}
