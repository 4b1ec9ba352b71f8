#!/usr/bin/env node
/**
 * Folders along the path of data (docs/adr/0024-ledger-folders-along-the-path-of-data.md), applied by script so that
 * it can run last, on the merged branch:
 *
 *  - src/ledger/chain/* moves to types/ (what travels: transactions, blocks, genesis, validator sets), mempool/ (what
 *    waits: the mempool and the admission checks), state/ (what changes state: execution, the block pipeline, checks
 *    ahead) and proofs/ (what proves: inclusion proofs and their verifier);
 *  - the BFT driver node/bft.ts moves to consensus/driver.ts (consensus with its driver behind a narrow host
 *    interface, BftHost; node/ keeps the node and the solo producer);
 *  - a registry's state-key builders `registries/<domain>/keys.ts` become `state-keys.ts` (`keys` means key
 *    management elsewhere);
 *  - renderer feature folders take their registry's name: features/documents → notary, consortium → governance,
 *    credentials → identity, elections → voting (routes, URLs and test ids stay as they are).
 *
 * Then every relative import (static, dynamic, re-export, vi.mock, new URL(…, import.meta.url)) in src/, test/,
 * bench/ and scripts/ that points at or from a moved file is rewritten, and path mentions (configs such as
 * eslint.config.js's portable list, comments, docs/ outside docs/adr) follow.
 *
 * Idempotent: a move whose source is gone and whose target exists is skipped; a second run changes nothing.
 * Usage: node scripts/codemod-folders.mjs [--dry-run] [--root DIR]   (prints what it moved and rewrote)
 * A file found in src/ledger/chain/ that is not in CHAIN_MOVES is left in place and reported (exit code 2): add it
 * to the table and run again.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, extname, join, posix, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const args = process.argv.slice(2)
const dryRun = args.includes('--dry-run')
const rootArg = args.indexOf('--root')
const ROOT = resolve(rootArg >= 0 ? args[rootArg + 1] : join(dirname(fileURLToPath(import.meta.url)), '..'))

/** src/ledger/chain/<file> → src/ledger/<folder>/<file> */
const CHAIN_MOVES = {
  'tx.ts': 'types',
  'block.ts': 'types',
  'block-memo.ts': 'types',
  'genesis.ts': 'types',
  'validator-sets.ts': 'types',
  'mempool.ts': 'mempool',
  'checker.ts': 'mempool',
  'sigcache.ts': 'mempool',
  'chain.ts': 'state',
  'execute.ts': 'state',
  'lookahead.ts': 'state',
  'proof.ts': 'proofs',
}

/** other single files: old path → new path */
const FILE_MOVES = {
  'src/ledger/node/bft.ts': 'src/ledger/consensus/driver.ts',
}

/** renderer feature folders: old name → the registry's name */
const FEATURE_RENAMES = {
  documents: 'notary',
  consortium: 'governance',
  credentials: 'identity',
  elections: 'voting',
}

/** folders whose files' imports are rewritten */
const CODE_DIRS = ['src', 'test', 'bench', 'scripts']
const CODE_EXT = new Set(['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.vue'])
/** where path mentions are rewritten besides code: configs at the root and docs (not the ADRs: they are history) */
const TEXT_EXT = new Set([...CODE_EXT, '.json', '.md', '.yml', '.yaml', '.html'])
const SKIP_DIRS = new Set(['node_modules', 'out', 'dist', '.git', 'adr', 'screenshots'])

const rel = (abs) => relative(ROOT, abs).split(sep).join('/')
const abs = (p) => join(ROOT, ...p.split('/'))
const isFile = (p) => existsSync(p) && statSync(p).isFile()
const isDir = (p) => existsSync(p) && statSync(p).isDirectory()

function walk(dir, out = []) {
  if (!isDir(dir)) return out
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue
    const p = join(dir, name)
    if (isDir(p)) walk(p, out)
    else out.push(p)
  }
  return out
}

// ---- the plan: file moves (repo-relative paths) ----

/** @type {Array<[string, string]>} */
const moves = []
const leftInChain = []
const chainDir = abs('src/ledger/chain')
for (const [file, folder] of Object.entries(CHAIN_MOVES)) moves.push([`src/ledger/chain/${file}`, `src/ledger/${folder}/${file}`])
for (const f of walk(chainDir)) {
  const name = rel(f).slice('src/ledger/chain/'.length)
  if (!(name in CHAIN_MOVES)) leftInChain.push(rel(f))
}
for (const [from, to] of Object.entries(FILE_MOVES)) moves.push([from, to])
for (const d of isDir(abs('src/ledger/registries')) ? readdirSync(abs('src/ledger/registries')) : []) {
  const dir = `src/ledger/registries/${d}`
  if (isDir(abs(dir))) moves.push([`${dir}/keys.ts`, `${dir}/state-keys.ts`])
}
for (const [from, to] of Object.entries(FEATURE_RENAMES)) {
  for (const f of walk(abs(`src/renderer/features/${from}`))) {
    const inside = rel(f).slice(`src/renderer/features/${from}/`.length)
    moves.push([`src/renderer/features/${from}/${inside}`, `src/renderer/features/${to}/${inside}`])
  }
}

// only moves still to make (idempotence): the source exists; a target that exists already is a conflict
const pending = []
for (const [from, to] of moves) {
  if (!isFile(abs(from))) continue
  if (existsSync(abs(to))) {
    if (readFileSync(abs(from)).equals(readFileSync(abs(to)))) {
      console.log(`same file at both places, kept the new one: ${to} (remove ${from} by hand)`)
      continue
    }
    console.error(`conflict: ${from} → ${to}: the target exists with other content; nothing moved`)
    process.exit(1)
  }
  pending.push([from, to])
}
/** absolute old path → absolute new path */
const moved = new Map(pending.map(([f, t]) => [abs(f), abs(t)]))
const newPathOf = (p) => moved.get(p) ?? p

// ---- rewriting relative imports (against the layout before the moves) ----

/** Where a path of the old layout is in the new one (null: it does not move). For files the moves left behind. */
function oldToNew(absPath) {
  const p = rel(absPath)
  let m
  if ((m = /^src\/ledger\/chain\/([^/]+)$/.exec(p)) && m[1] in CHAIN_MOVES) return abs(`src/ledger/${CHAIN_MOVES[m[1]]}/${m[1]}`)
  if (p in FILE_MOVES) return abs(FILE_MOVES[p])
  if ((m = /^(src\/ledger\/registries\/[^/]+\/)keys\.ts$/.exec(p))) return abs(`${m[1]}state-keys.ts`)
  if ((m = /^src\/renderer\/features\/([^/]+)(\/.*)?$/.exec(p)) && m[1] in FEATURE_RENAMES) {
    return abs(`src/renderer/features/${FEATURE_RENAMES[m[1]]}${m[2] ?? ''}`)
  }
  return null
}

const RESOLVE_SUFFIXES = ['', '.ts', '.tsx', '.mts', '.vue', '.js', '.mjs', '/index.ts', '/index.js']
function resolveSpec(fromFile, spec) {
  const base = resolve(dirname(fromFile), spec)
  for (const s of RESOLVE_SUFFIXES) if (isFile(base + s)) return { target: base + s, suffix: s, newTarget: newPathOf(base + s) }
  // TypeScript's ESM style: './x.js' naming x.ts
  if (spec.endsWith('.js') && isFile(base.slice(0, -3) + '.ts')) {
    return { target: base.slice(0, -3) + '.ts', suffix: 'js→ts', newTarget: newPathOf(base.slice(0, -3) + '.ts') }
  }
  // a file that names the old layout after the moves were made (a branch merged later)
  for (const s of RESOLVE_SUFFIXES) {
    const to = oldToNew(base + s)
    if (to && isFile(to)) return { target: base + s, suffix: s, newTarget: to }
  }
  return null
}

function newSpecifier(fromFile, spec) {
  const [path, query = ''] = spec.split(/(?=[?#])/, 2)
  const r = resolveSpec(fromFile, path)
  if (!r) return null
  const newFrom = newPathOf(fromFile)
  const newTarget = r.newTarget
  if (newFrom === fromFile && newTarget === r.target) return null
  let targetPath = newTarget
  if (r.suffix === '/index.ts' || r.suffix === '/index.js') targetPath = dirname(newTarget)
  else if (r.suffix === 'js→ts') targetPath = newTarget.slice(0, -3) + '.js'
  else if (r.suffix !== '') targetPath = newTarget.slice(0, -r.suffix.length)
  let s = posix.normalize(relative(dirname(newFrom), targetPath).split(sep).join('/'))
  if (!s.startsWith('.')) s = `./${s}`
  return s + query
}

const IMPORT_PATTERNS = [
  // import … from '…', export … from '…'
  /(\bfrom\s*)(['"])(\.{1,2}\/[^'"\n]*)\2/g,
  // import '…', import('…'), require('…'), vi.mock('…'), vi.importActual('…'), import.meta.resolve('…')
  /(\bimport\s*\(?\s*|\brequire\s*\(\s*|\bvi\.(?:mock|doMock|unmock|importActual|importMock)\s*(?:<[^>]*>)?\s*\(\s*|\bimport\.meta\.resolve\s*\(\s*)(['"])(\.{1,2}\/[^'"\n]*)\2/g,
  // new URL('…', import.meta.url)
  /(\bnew\s+URL\s*\(\s*)(['"`])(\.{1,2}\/[^'"`\n]*)\2(?=\s*,\s*import\.meta\.url)/g,
]

function rewriteImports(file, text) {
  let out = text
  let count = 0
  for (const re of IMPORT_PATTERNS) {
    out = out.replace(re, (all, lead, quote, spec) => {
      const next = newSpecifier(file, spec)
      if (next === null || next === spec) return all
      count++
      return `${lead}${quote}${next}${quote}`
    })
  }
  return { text: out, count }
}

// ---- path mentions (configs, comments, docs): repo- or ledger-relative paths ----

const MENTIONS = []
for (const [file, folder] of Object.entries(CHAIN_MOVES)) {
  const stem = file.replace(/\.ts$/, '')
  MENTIONS.push([new RegExp(`(?<![\\w-])chain/${stem.replace(/[-.]/g, '\\$&')}(?![\\w-])`, 'g'), `${folder}/${stem}`])
}
for (const [from, to] of Object.entries(FILE_MOVES)) {
  const [a, b] = [from, to].map((p) => p.replace(/^src\/ledger\//, '').replace(/\.ts$/, ''))
  MENTIONS.push([new RegExp(`(?<![\\w-])${a.replace(/[-.]/g, '\\$&')}(?![\\w-])`, 'g'), b])
}
// the driver named by its file name alone, as comments do
MENTIONS.push([/(?<![\w/.-])bft\.ts(?![\w-])/g, 'consensus/driver.ts'])
MENTIONS.push([/(?<![\w-])(registries\/[\w-]+\/)keys(?![\w-])/g, '$1state-keys'])
for (const [from, to] of Object.entries(FEATURE_RENAMES)) {
  MENTIONS.push([new RegExp(`(?<![\\w-])features/${from}(?![\\w-])`, 'g'), `features/${to}`])
}

function rewriteMentions(text) {
  let out = text
  let count = 0
  for (const [re, to] of MENTIONS) {
    out = out.replace(re, (...m) => {
      count++
      return m[0].replace(re, to)
    })
  }
  return { text: out, count }
}

// ---- run ----

const codeFiles = CODE_DIRS.flatMap((d) => walk(abs(d))).filter((f) => CODE_EXT.has(extname(f)))
const textFiles = [
  ...codeFiles,
  ...readdirSync(ROOT).map((n) => join(ROOT, n)).filter((f) => isFile(f) && TEXT_EXT.has(extname(f)) && !f.endsWith('package-lock.json')),
  ...walk(abs('docs')).filter((f) => TEXT_EXT.has(extname(f))),
  ...CODE_DIRS.flatMap((d) => walk(abs(d))).filter((f) => TEXT_EXT.has(extname(f)) && !CODE_EXT.has(extname(f))),
]
// this script names the old paths on purpose
const self = fileURLToPath(import.meta.url)

/** new contents by (old) path */
const writes = new Map()
let importEdits = 0
let mentionEdits = 0
for (const f of new Set(textFiles)) {
  if (f === self || rel(f) === 'scripts/codemod-folders.mjs') continue
  const before = readFileSync(f, 'utf8')
  let text = before
  if (CODE_EXT.has(extname(f))) {
    const r = rewriteImports(f, text)
    text = r.text
    importEdits += r.count
  }
  const m = rewriteMentions(text)
  text = m.text
  mentionEdits += m.count
  if (text !== before) writes.set(f, text)
}

function gitMove(from, to) {
  mkdirSync(dirname(to), { recursive: true })
  try {
    execFileSync('git', ['mv', from, to], { cwd: ROOT, stdio: 'pipe' })
  } catch {
    renameSync(from, to) // not tracked by git (or no git): a plain move
  }
}

for (const [from, to] of pending) console.log(`${dryRun ? 'would move' : 'moved'} ${from} → ${to}`)
for (const f of writes.keys()) console.log(`${dryRun ? 'would rewrite' : 'rewrote'} ${rel(newPathOf(f))}`)
if (!dryRun) {
  // contents first, at the old paths; then the moves (git sees renames with small edits)
  for (const [f, text] of writes) writeFileSync(f, text)
  for (const [from, to] of pending) gitMove(abs(from), abs(to))
  // folders left empty by the moves
  for (const d of ['src/ledger/chain', ...Object.keys(FEATURE_RENAMES).map((n) => `src/renderer/features/${n}`)]) {
    removeEmpty(abs(d))
  }
}

function removeEmpty(dir) {
  if (!isDir(dir)) return
  for (const n of readdirSync(dir)) removeEmpty(join(dir, n))
  if (readdirSync(dir).length === 0) rmdirSync(dir)
}

console.log(
  `${pending.length} file(s) ${dryRun ? 'to move' : 'moved'}, ${importEdits} import(s) and ${mentionEdits} path mention(s) ` +
    `${dryRun ? 'to rewrite' : 'rewritten'} in ${writes.size} file(s)` +
    (pending.length === 0 && writes.size === 0 ? ' — nothing to do (already applied)' : ''),
)
if (leftInChain.length > 0) {
  console.error(`left in src/ledger/chain (not in CHAIN_MOVES; add them and run again):\n  ${leftInChain.join('\n  ')}`)
  process.exitCode = 2
}
