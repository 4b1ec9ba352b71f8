/**
 * Import cycles among the source files: every static import and re-export between files of src/ (type-only ones
 * too: a type import ties two modules' designs together as much as a value import does), strongly connected
 * components found with Tarjan's algorithm. Lazy `import()` calls are not edges (a route loading its screen on demand
 * is not a cycle of design). All imports in src/ are relative (there are no path aliases), so resolution is by file.
 *
 * Run: `npx tsx scripts/import-cycles.ts [folder…]` prints each cycle and exits 1 when there is one.
 * test/lint/import-cycles.test.ts runs it over src/.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const SOURCE = /\.(ts|mts|vue)$/
/** import … from '…', export … from '…', import '…' (comments removed first) */
const STATIC_IMPORT = /(?:^|[;\n}])\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) sourceFiles(p, out)
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(p)
  }
  return out
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
}

/** The relative import specifiers of a file's static imports (a .vue file: those of its script blocks). */
export function importSpecifiers(file: string): string[] {
  let text = readFileSync(file, 'utf8')
  if (file.endsWith('.vue')) {
    text = [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n')
  }
  const specs: string[] = []
  for (const m of stripComments(text).matchAll(STATIC_IMPORT)) {
    const spec = m[1]!
    if (spec.startsWith('.')) specs.push(spec.replace(/\?.*$/, ''))
  }
  return specs
}

function resolveSpecifier(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec)
  for (const candidate of [base, `${base}.ts`, `${base}.vue`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile() && SOURCE.test(candidate)) return candidate
  }
  return null
}

/** The import graph of the source files under the given folders: file → the files it imports. */
export function importGraph(folders: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const folder of folders) {
    for (const file of sourceFiles(folder)) {
      const targets = importSpecifiers(file).flatMap((s) => resolveSpecifier(file, s) ?? [])
      graph.set(file, [...new Set(targets)])
    }
  }
  return graph
}

/** The cycles of a graph: each strongly connected component of more than one file (or a file importing itself). */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  let index = 0
  const indexOf = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const out: string[][] = []
  const visit = (v: string): void => {
    indexOf.set(v, index)
    low.set(v, index)
    index++
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indexOf.get(w)!))
      }
    }
    if (low.get(v) === indexOf.get(v)) {
      const scc: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort())
    }
  }
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v)
  return out
}

/** The import cycles among the files under the given folders, each as paths relative to `root`. */
export function importCycles(root: string, folders: string[]): string[][] {
  return cyclesOf(importGraph(folders.map((f) => resolve(root, f)))).map((c) => c.map((f) => relative(root, f)))
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
  const folders = process.argv.slice(2)
  const cycles = importCycles(root, folders.length > 0 ? folders : ['src'])
  for (const c of cycles) console.log(`cycle: ${c.join(' ↔ ')}`)
  if (cycles.length === 0) console.log('no import cycles')
  process.exitCode = cycles.length > 0 ? 1 : 0
}
