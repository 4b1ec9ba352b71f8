/**
 * App start-up (the desktop-app issue): how long from `npm start` (browser shell) to an interactive UI, and how big
 * the renderer bundle is. Prints, over --runs fresh first runs:
 *  - build: `electron-vite build` (npm start builds every time);
 *  - node up: from spawning `daejang start --init-if-missing` to the API answering;
 *  - interactive: from the node being up to the page showing the node's height and state in the status bar
 *    (Chromium already running, as a user's browser is; a new tab is opened, then the address) — target ≤ 1 s
 *    (issue 9 item 19); printed with its two parts: opening the tab, and from the address to the height;
 *  - the renderer bundle: JavaScript and CSS, raw and gzip.
 * Usage: npm run bench:startup [-- --runs 5] [--root DIR]
 * --root measures another checkout (built there) with this script, for A/B runs against a worktree of main.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'

const arg = (name: string, d: number): number => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : d
}
const rootArg = process.argv.indexOf('--root')
const ROOT = rootArg >= 0 ? resolve(process.argv[rootArg + 1]!) : resolve(import.meta.dirname, '..')
const RUNS = arg('--runs', 5)
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function main(): Promise<void> {
  const t0 = performance.now()
  const b = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: ROOT, encoding: 'utf8' })
  if (b.status !== 0) throw new Error('build failed: ' + b.stderr)
  const buildMs = performance.now() - t0

  const assets = join(ROOT, 'out', 'renderer', 'assets')
  let js = 0
  let jsGz = 0
  let css = 0
  let cssGz = 0
  for (const f of readdirSync(assets)) {
    const data = readFileSync(join(assets, f))
    if (f.endsWith('.js')) {
      js += data.length
      jsGz += gzipSync(data).length
    } else if (f.endsWith('.css')) {
      css += data.length
      cssGz += gzipSync(data).length
    }
  }

  // what the page loads before anything else: the entry script and its preloaded chunks, as index.html names them
  const html = readFileSync(join(ROOT, 'out', 'renderer', 'index.html'), 'utf8')
  const initial = [...html.matchAll(/(?:src|href)="\.?\/?assets\/([^"]+\.js)"/g)].map((m) => m[1]!)
  let startJs = 0
  let startJsGz = 0
  for (const f of new Set(initial)) {
    const data = readFileSync(join(assets, f))
    startJs += data.length
    startJsGz += gzipSync(data).length
  }

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  })
  const up: number[] = []
  const interactive: number[] = []
  const newTab: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'daejang-startup-'))
    const home = join(dir, 'node')
    const s = performance.now()
    const proc = spawn(process.execPath, [join(ROOT, 'bin', 'daejang.mjs'), 'start', '--home', home, '--init-if-missing'], { cwd: ROOT, stdio: 'ignore' })
    let info: { url: string; token: string } | null = null
    while (!info) {
      const p = join(home, 'api.json')
      if (existsSync(p) && statSync(p).size > 0) {
        try {
          const i = JSON.parse(readFileSync(p, 'utf8'))
          if ((await fetch(i.url + '/api/v1/health')).ok) info = i
        } catch {
          // not yet
        }
      }
      if (!info) await new Promise((res) => setTimeout(res, 10))
    }
    const nodeUp = performance.now()
    up.push(nodeUp - s)
    const page = await browser.newPage()
    newTab.push(performance.now() - nodeUp)
    // from the moment the page is committed: the height may show before the load event (deferred fonts and chunks)
    await page.goto(`${info.url}/#token=${info.token}`, { waitUntil: 'commit' })
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="status-height"]')?.textContent ?? ''))
    interactive.push(performance.now() - nodeUp)
    await page.close()
    proc.kill('SIGTERM')
    await new Promise((res) => proc.once('exit', res))
    rmSync(dir, { recursive: true, force: true })
  }
  await browser.close()
  const kb = (n: number): string => `${(n / 1024).toFixed(0)} KiB`
  console.log(`build (electron-vite)            ${buildMs.toFixed(0)} ms`)
  console.log(`node up (spawn → API answers)    median ${median(up).toFixed(0)} ms  (${up.map((x) => x.toFixed(0)).join(', ')})`)
  console.log(`interactive after node is up     median ${median(interactive).toFixed(0)} ms  (${interactive.map((x) => x.toFixed(0)).join(', ')})  target ≤ 1000 ms`)
  const fromAddress = interactive.map((x, i) => x - newTab[i]!)
  console.log(`  of which: opening the tab      median ${median(newTab).toFixed(0)} ms  (${newTab.map((x) => x.toFixed(0)).join(', ')})`)
  console.log(`  of which: address → height     median ${median(fromAddress).toFixed(0)} ms  (${fromAddress.map((x) => x.toFixed(0)).join(', ')})`)
  console.log(`renderer JavaScript at start     ${kb(startJs)} (${kb(startJsGz)} gzip), ${new Set(initial).size} files`)
  console.log(`renderer JavaScript, all chunks  ${kb(js)} (${kb(jsGz)} gzip)`)
  console.log(`renderer CSS                     ${kb(css)} (${kb(cssGz)} gzip)`)
}

await main()
