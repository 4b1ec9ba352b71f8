/**
 * Playwright (playwright-core) on Debian's Chromium. Never downloads a browser: CHROMIUM_PATH or /usr/bin/chromium.
 * Also builds the UI (and the standalone verifier page) once if missing, so an e2e file runs on its own.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { ROOT } from '../integration/harness'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export function ensureUiBuilt(): void {
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) {
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
    if (r.status !== 0) throw new Error('UI build failed: ' + r.stderr + r.stdout)
  }
  if (!existsSync(VERIFIER_PAGE)) {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-verifier.mjs')], { cwd: ROOT, encoding: 'utf8' })
    if (r.status !== 0) throw new Error('verifier page build failed: ' + r.stderr + r.stdout)
  }
}

/** The standalone verifier page (scripts/build-verifier.mjs). */
export const VERIFIER_PAGE = join(ROOT, 'out', 'verifier', 'index.html')

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  })
}
