/**
 * Hashing a document in the page (npx tsx bench/hash-browser.ts [MB]): the app's own pipeline (lib/hash-blob.ts:
 * a Web Worker, 16 MiB chunks read ahead and hashed by WebAssembly SHA-256 as they come), bundled by
 * Vite and run in headless Chromium on a 300 MB file, against `sha256sum` on the same file. Prints both throughputs (best of three) and their ratio; the target is at
 * least 50 % of sha256sum's. Also checks that both give the same digest.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { build } from 'vite'
import { mibPerSecond, randomDocument, sha256sum } from './hash-fixture'

const ROOT = resolve(import.meta.dirname, '..')
const MB = Number(process.argv[2] ?? 300)
const RUNS = 3

async function bundle(): Promise<string> {
  const r = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    build: {
      write: false,
      minify: true,
      reportCompressedSize: false,
      lib: { entry: join(ROOT, 'src', 'renderer', 'lib', 'hash-blob.ts'), formats: ['iife'], name: 'HashBench', fileName: () => 'hash.js' },
    },
  })
  const outputs = (Array.isArray(r) ? r : [r as { output: unknown[] }]).flatMap((x) => (x as { output: { type: string; code?: string }[] }).output)
  return outputs.find((o) => o.type === 'chunk')!.code!
}

const dir = mkdtempSync(join(tmpdir(), 'daejang-bench-hash-'))
try {
  const { file, bytes } = randomDocument(dir, MB)

  let nativeMs = Infinity
  let nativeHex = ''
  for (let i = 0; i < RUNS; i++) {
    const native = sha256sum(file)
    nativeMs = Math.min(nativeMs, native.ms)
    nativeHex = native.hex
  }

  const js = await bundle()
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  })
  let pageMs = Infinity
  let pageHex = ''
  let progress = 0
  try {
    const page = await browser.newPage()
    // a file: page, a secure context as the app's and the standalone page's are (WebCrypto is there)
    const html = join(dir, 'hash.html')
    writeFileSync(html, '<!doctype html><input type="file" id="f"><script src="hash.js"></script>')
    writeFileSync(join(dir, 'hash.js'), js)
    await page.goto(pathToFileURL(html).href)
    await page.setInputFiles('#f', file)
    for (let i = 0; i < RUNS; i++) {
      const r = await page.evaluate(async () => {
        const f = (document.getElementById('f') as HTMLInputElement).files![0]!
        let calls = 0
        const t0 = performance.now()
        const hex = await (window as unknown as { HashBench: { hashBlob(b: Blob, p: () => void): Promise<string> } }).HashBench.hashBlob(f, () => calls++)
        return { hex, ms: performance.now() - t0, calls }
      })
      pageMs = Math.min(pageMs, r.ms)
      pageHex = r.hex
      progress = r.calls
    }
  } finally {
    await browser.close()
  }
  const rate = (ms: number): number => mibPerSecond(bytes, ms)
  console.log(`file: ${MB} MiB of random bytes; best of ${RUNS}`)
  console.log(`sha256sum:        ${(nativeMs / 1000).toFixed(2)} s  ${rate(nativeMs).toFixed(0)} MiB/s`)
  console.log(`page (worker):    ${(pageMs / 1000).toFixed(2)} s  ${rate(pageMs).toFixed(0)} MiB/s  (${progress} progress reports)`)
  console.log(`ratio: ${((100 * rate(pageMs)) / rate(nativeMs)).toFixed(0)} % of sha256sum (target ≥ 50 %)`)
  console.log(`same digest: ${pageHex === nativeHex ? 'yes' : `NO (${pageHex} vs ${nativeHex})`}`)
  if (pageHex !== nativeHex) process.exitCode = 1
} finally {
  rmSync(dir, { recursive: true, force: true })
}
