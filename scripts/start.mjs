#!/usr/bin/env node
/**
 * `npm start [-- --data-dir <dir>] [-- --headless] [-- --no-open]`
 *
 * Runs the desktop app when the Electron runtime is installed. Otherwise tries once to fetch it and, failing that,
 * builds the UI and runs the headless node, which serves the same UI in the browser (opened unless --no-open).
 *
 * It speaks in a few plain lines (what is happening, the link, how to stop): the output of the Electron download and
 * of the build goes to log files in the state folder (DAEJANG_START_STATE, else .tmp in the checkout), named on
 * failure. The build is skipped when out/ is newer than every source it is built from.
 *
 * Data dir (the node's home): --data-dir, else DAEJANG_HOME, else <platform app-data>/Daejang/node — the same
 * default the Electron app uses, so both modes open the same ledger.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))

const INSTALL_TIMEOUT_MS = 30_000
/** Notes of this script between runs (the failed-fetch marker) and the logs of the steps it runs quietly. */
const STATE_DIR = process.env.DAEJANG_START_STATE?.trim() ? resolve(process.env.DAEJANG_START_STATE.trim()) : join(root, '.tmp')
/** After a failed fetch of Electron, do not try again for a day (delete the file to retry now). */
const INSTALL_FAILED_MARKER = join(STATE_DIR, 'electron-install-failed')
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

/**
 * Runs a step with its output going to `<STATE_DIR>/<name>.log` instead of the terminal. Returns
 * { ok, why, log }: `why` is one line saying what went wrong (the child's first error message, not its stack).
 */
export function runQuietly(name, command, args, { cwd = root, timeout, env = process.env } = {}) {
  const log = join(STATE_DIR, `${name}.log`)
  const r = spawnSync(command, args, { cwd, env, timeout, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`
  try {
    mkdirSync(STATE_DIR, { recursive: true })
    writeFileSync(log, `$ ${[command, ...args].join(' ')}\n${output}`)
  } catch {
    // the log is only a help
  }
  if (r.status === 0 && !r.error) return { ok: true, why: '', log }
  const firstError = output.split('\n').find((l) => /(?:Error|ERR_[A-Z_]+)\b.*:/.test(l))?.trim()
  const why = r.error?.code === 'ETIMEDOUT' ? `no answer within ${Math.round(timeout / 1000)} s` : (r.error?.message ?? firstError ?? `exit code ${r.status ?? r.signal}`)
  return { ok: false, why, log }
}

/** A network failure in words (the download's own message names a system error code). */
function inWords(why) {
  if (/ENOTFOUND|EAI_AGAIN/.test(why)) return 'its download server could not be found: is this computer offline?'
  if (/ECONNREFUSED/.test(why)) return 'the download server refused the connection'
  if (/ETIMEDOUT|ECONNRESET|no answer/.test(why)) return 'the download server did not answer in time'
  return why.replace(/^\w*Error: /, '')
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
  say(`The desktop runtime (Electron) is not installed. Trying once to download it (at most ${INSTALL_TIMEOUT_MS / 1000} s)…`)
  const r = runQuietly('electron-install', process.execPath, [installScript], { cwd: dirname(installScript), timeout: INSTALL_TIMEOUT_MS })
  if (r.ok && electronBinary()) return
  say(`Could not download Electron (${inWords(r.why)}); details in ${relative(process.cwd(), r.log) || r.log}.`)
  try {
    mkdirSync(dirname(INSTALL_FAILED_MARKER), { recursive: true })
    writeFileSync(INSTALL_FAILED_MARKER, `${new Date().toISOString()}: ${inWords(r.why)}\n`)
  } catch {
    // only a hint for the next run
  }
}

/** What `electron-vite build` makes, and what it is made from. */
const BUILT = ['out/main/index.js', 'out/main/node.js', 'out/preload/index.cjs', 'out/renderer/index.html']
const SOURCES = ['src', 'resources', 'electron.vite.config.ts', 'package.json', 'package-lock.json']

function newestMtime(path) {
  let st
  try {
    st = statSync(path)
  } catch {
    return 0
  }
  if (!st.isDirectory()) return st.mtimeMs
  let newest = st.mtimeMs
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)))
  return newest
}

/** True when every built file exists and is newer than every source file. */
export function buildIsCurrent(dir = root) {
  let oldestBuilt = Infinity
  for (const f of BUILT) {
    try {
      oldestBuilt = Math.min(oldestBuilt, statSync(join(dir, f)).mtimeMs)
    } catch {
      return false
    }
  }
  return SOURCES.every((s) => newestMtime(join(dir, s)) < oldestBuilt)
}

function build() {
  if (buildIsCurrent()) return
  const pkg = require('electron-vite/package.json')
  const bin = join(dirname(require.resolve('electron-vite/package.json')), typeof pkg.bin === 'string' ? pkg.bin : pkg.bin['electron-vite'])
  say('Building the app (electron-vite; a minute or so the first time)…')
  const t = performance.now()
  const r = runQuietly('build', process.execPath, [bin, 'build'])
  if (!r.ok) {
    say(`The build failed (${r.why}); its output is in ${r.log}.`)
    process.exit(1)
  }
  say(`Built in ${((performance.now() - t) / 1000).toFixed(0)} s.`)
}

/** Runs a child until it exits, passing on SIGINT/SIGTERM, then exits with its code. */
function runToEnd(command, args, env = process.env) {
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
  // on a first run the app offers its first-run choice (try alone, create, join, workstation: docs/adr/0063)
  runToEnd(process.execPath, [cli, 'start', '--home', dataDir.dir, '--setup', ...(argv.includes('--no-open') ? [] : ['--open'])])
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2))
}
