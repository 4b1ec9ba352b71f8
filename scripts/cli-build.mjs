/**
 * The `daejang` command line, built to JavaScript in out/cli (docs/adr/0001, "The CLI"):
 *   out/cli/main.js     the entry (src/server/cli/main.ts), code-split: each command's heavy code (the ledger, libp2p,
 *                       pdf-lib…) is a chunk in out/cli/chunks loaded by a dynamic import when that command runs;
 *   out/cli/build.json  when it was built and from which source files.
 * Packages stay in node_modules (external), as in the Electron build, except BUNDLED_PACKAGES (below).
 *
 * `npm run build` runs this file (a clean build); bin/daejang.mjs calls ensureCli() at every start, which rebuilds
 * when out/cli is missing or any of its source files changed since (a fresh clone after `npm install`, a developer
 * editing src/). Concurrent starts build once (a lock directory); a rebuild writes new chunks beside the old ones and
 * replaces main.js last, atomically, so a command already running keeps finding its chunks.
 *
 * Nothing here is imported at the top but Node built-ins: checking freshness must cost a few milliseconds.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const CLI_DIR = join(ROOT, 'out', 'cli')
const entryOf = (outDir) => join(outDir, 'main.js')
const manifestOf = (outDir) => join(outDir, 'build.json')
/** Held (a directory: mkdir is atomic) by the one process building outDir. */
const lockOf = (outDir) => `${outDir}.build-lock`
const THIS_FILE = fileURLToPath(import.meta.url)
/** A lock older than this is left over from a killed build. */
const STALE_LOCK_MS = 120_000

/**
 * 'fresh' | 'missing' | 'stale': whether out/cli matches the sources it was built from (every input file, and this
 * build script, unchanged since the build started).
 */
export function cliState(outDir = CLI_DIR) {
  let manifest
  try {
    manifest = JSON.parse(readFileSync(manifestOf(outDir), 'utf8'))
  } catch {
    return 'missing'
  }
  if (!existsSync(entryOf(outDir)) || typeof manifest.startedAt !== 'number' || !Array.isArray(manifest.inputs)) return 'missing'
  for (const rel of [...manifest.inputs, relative(ROOT, THIS_FILE)]) {
    try {
      if (statSync(join(ROOT, rel)).mtimeMs > manifest.startedAt) return 'stale'
    } catch {
      return 'stale'
    }
  }
  return 'fresh'
}

function writeAtomic(path, contents) {
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, contents)
  renameSync(tmp, path)
}

/** Packages every command loads (the static imports of src/server/cli/main.ts): bundled into out/cli. */
export const BUNDLED_PACKAGES = ['commander', 'zod', 'cborg', '@noble/curves', '@noble/hashes']

const packageName = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/')

/** esbuild plugin: a bare import is external unless it names one of BUNDLED_PACKAGES. */
const externalExceptStartupPackages = {
  name: 'daejang:external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { path: args.path, external: true }
      return BUNDLED_PACKAGES.includes(packageName(args.path)) ? undefined : { path: args.path, external: true }
    })
  },
}

/**
 * esbuild plugin: zod's `z.locales` namespace re-exports its ~45 error-message locales (a third of zod's size);
 * we only use the English default, which zod installs itself (the app shows its own words, never zod's).
 */
const zodEnglishOnly = {
  name: 'daejang:zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js'",
      resolveDir: dirname(args.path),
    }))
  },
}

/** One esbuild run; writes chunks first and the entry and manifest last. Returns the esbuild metafile. */
export async function buildCli({ outDir = CLI_DIR, clean = false } = {}) {
  const { build } = await import('esbuild')
  const startedAt = Date.now()
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'src/server/cli/main.ts' },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // packages load from node_modules as they do under tsx, except the few every command loads: bundled and
    // minified they parse in a fraction of the time (zod alone is ~100 files)
    plugins: [externalExceptStartupPackages, zodEnglishOnly],
    minify: true,
    // the bundled CommonJS packages (commander) require Node built-ins: give each ES module chunk a require
    banner: { js: "import { createRequire as __daejangRequire } from 'node:module'; const require = __daejangRequire(import.meta.url);" },
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  })
  if (clean) rmSync(outDir, { recursive: true, force: true })
  mkdirSync(join(outDir, 'chunks'), { recursive: true })
  const entry = result.outputFiles.find((f) => f.path === entryOf(outDir))
  if (!entry) throw new Error(`esbuild produced no ${entryOf(outDir)}`)
  for (const f of result.outputFiles) {
    // a chunk's name carries the hash of its content: one already there is the same file
    if (f !== entry && !existsSync(f.path)) writeAtomic(f.path, f.contents)
  }
  writeAtomic(entry.path, entry.contents)
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('node_modules/'))
  writeAtomic(manifestOf(outDir), JSON.stringify({ startedAt, inputs }, null, 1) + '\n')
  return result.metafile
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * Makes sure out/cli is built and current, building it (once, whoever gets the lock) if not. Returns the entry's
 * file URL. `onBuild` is told before a build starts (the bin says so on a terminal).
 */
export async function ensureCli({ outDir = CLI_DIR, onBuild = () => {} } = {}) {
  const deadline = Date.now() + 10 * STALE_LOCK_MS
  const lock = lockOf(outDir)
  for (;;) {
    if (cliState(outDir) === 'fresh') return pathToFileURL(entryOf(outDir)).href
    mkdirSync(dirname(lock), { recursive: true })
    let locked = false
    try {
      mkdirSync(lock)
      locked = true
    } catch (e) {
      if (e.code !== 'EEXIST') throw e
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true })
      } catch {
        // released meanwhile
      }
    }
    if (locked) {
      try {
        const state = cliState(outDir)
        if (state !== 'fresh') {
          onBuild(state)
          await buildCli({ outDir })
        }
      } finally {
        rmSync(lock, { recursive: true, force: true })
      }
      return pathToFileURL(entryOf(outDir)).href
    }
    if (Date.now() > deadline) throw new Error(`${outDir} is being built by another process for too long (lock ${lock})`)
    await sleep(50)
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const t = performance.now()
  const meta = await buildCli({ clean: true })
  const files = Object.keys(meta.outputs).filter((f) => f.endsWith('.js'))
  console.log(`out/cli: ${files.length} files in ${(performance.now() - t).toFixed(0)} ms`)
}
