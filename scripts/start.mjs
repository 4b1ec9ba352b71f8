#!/usr/bin/env node
/**
 * `npm start [-- --data-dir <dir>] [-- --headless]`
 *
 * Runs the desktop app when the Electron runtime is installed. Otherwise tries once to fetch it and, failing that,
 * builds the UI and runs the headless node, which serves the same UI in the browser.
 *
 * Data dir (the node's home): --data-dir, else DAEJANG_HOME, else <platform app-data>/Daejang/node — the same
 * default the Electron app uses, so both modes open the same ledger.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))

const INSTALL_TIMEOUT_MS = 30_000
/** After a failed fetch of Electron, do not try again for a day (delete the file to retry now). */
const INSTALL_FAILED_MARKER = join(root, '.tmp', 'electron-install-failed')
const RETRY_AFTER_MS = 24 * 60 * 60 * 1000

const say = (msg) => console.log(`[daejang start] ${msg}`)

/** The platform's folder for per-user application data. */
export function appDataDir(platform = process.platform, env = process.env, home = homedir()) {
  if (platform === 'win32') return env.APPDATA || join(home, 'AppData', 'Roaming')
  if (platform === 'darwin') return join(home, 'Library', 'Application Support')
  return env.XDG_CONFIG_HOME || join(home, '.config')
}

/** --data-dir, else DAEJANG_HOME, else <app-data>/Daejang/node. */
export function resolveDataDir(argv, env = process.env, platform = process.platform, home = homedir()) {
  let fromArg
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--data-dir' && argv[i + 1]) fromArg = argv[++i]
    else if (argv[i].startsWith('--data-dir=')) fromArg = argv[i].slice('--data-dir='.length) || fromArg
  }
  if (fromArg) return { dir: resolve(fromArg), source: '--data-dir' }
  if (env.DAEJANG_HOME?.trim()) return { dir: resolve(env.DAEJANG_HOME.trim()), source: 'DAEJANG_HOME' }
  return { dir: join(appDataDir(platform, env, home), 'Daejang', 'node'), source: 'default' }
}

/** Path of the Electron binary if the runtime is installed, else null. */
function electronBinary() {
  try {
    const id = require.resolve('electron')
    delete require.cache[id]
    const path = require('electron')
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

function recentInstallFailure() {
  try {
    const at = statSync(INSTALL_FAILED_MARKER).mtimeMs
    return Date.now() - at < RETRY_AFTER_MS ? readFileSync(INSTALL_FAILED_MARKER, 'utf8').trim() : null
  } catch {
    return null
  }
}

/** One attempt at downloading Electron's binary (its own install script), bounded by a timeout. */
function tryInstallElectron() {
  let installScript
  try {
    installScript = join(dirname(require.resolve('electron/package.json')), 'install.js')
  } catch {
    say('The electron package is not installed (run npm install).')
    return
  }
  const failedAt = recentInstallFailure()
  if (failedAt) {
    say(`Not fetching Electron again: the last attempt failed (${failedAt}). Delete ${INSTALL_FAILED_MARKER} to retry.`)
    return
  }
  say(`Electron's runtime is not installed. Trying once to fetch it (at most ${INSTALL_TIMEOUT_MS / 1000} s)…`)
  const r = spawnSync(process.execPath, [installScript], {
    cwd: dirname(installScript),
    stdio: 'inherit',
    timeout: INSTALL_TIMEOUT_MS,
  })
  if (r.status === 0 && electronBinary()) return
  const why = r.error ? r.error.message : `exit code ${r.status ?? r.signal}`
  say(`Could not fetch Electron (${why}).`)
  try {
    mkdirSync(dirname(INSTALL_FAILED_MARKER), { recursive: true })
    writeFileSync(INSTALL_FAILED_MARKER, `${new Date().toISOString()}: ${why}\n`)
  } catch {
    // only a hint for the next run
  }
}

function build() {
  const pkg = require('electron-vite/package.json')
  const bin = join(dirname(require.resolve('electron-vite/package.json')), typeof pkg.bin === 'string' ? pkg.bin : pkg.bin['electron-vite'])
  say('Building (electron-vite build)…')
  const r = spawnSync(process.execPath, [bin, 'build'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) {
    say('The build failed; see above.')
    process.exit(r.status ?? 1)
  }
}

/** Runs a child until it exits, passing on SIGINT/SIGTERM, then exits with its code. */
function runToEnd(command, args, env = process.env) {
  say(`Running: ${[command, ...args].join(' ')}`)
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env })
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal)
    })
  }
  child.on('error', (err) => {
    say(`Could not start ${command}: ${err.message}`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

function main(argv) {
  const headlessOnly = argv.includes('--headless')
  const dataDir = resolveDataDir(argv)
  say(`Data dir: ${dataDir.dir} (${dataDir.source})`)

  let electron = headlessOnly ? null : electronBinary()
  if (!electron && !headlessOnly) {
    tryInstallElectron()
    electron = electronBinary()
  }

  build()

  if (electron) {
    say(`Starting the desktop app with Electron (${electron}).`)
    const env = { ...process.env }
    delete env.ELECTRON_RUN_AS_NODE
    const args = ['.', ...(dataDir.source === '--data-dir' ? ['--data-dir', dataDir.dir] : [])]
    runToEnd(electron, args, env)
    return
  }

  const cli = join(root, 'bin', 'daejang.mjs')
  if (!existsSync(cli)) {
    say(`Cannot run headless: ${cli} is missing.`)
    process.exit(1)
  }
  say(
    headlessOnly
      ? 'Headless mode (--headless): the node serves the UI to your browser.'
      : 'No Electron runtime: running the headless node, which serves the same UI to your browser.',
  )
  runToEnd(process.execPath, [cli, 'start', '--home', dataDir.dir, '--init-if-missing', '--open'])
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2))
}
