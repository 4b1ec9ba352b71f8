/**
 * The ledger modules the renderer may import (eslint.config.js PORTABLE_LEDGER_MODULES) must stay portable: following
 * their imports transitively (into other ledger modules too) reaches no Node built-in, no Node-only package and no
 * other app layer.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const ledger = join(root, 'src', 'ledger')

/** The list as eslint.config.js states it (read as text: the config is untyped JavaScript). */
const PORTABLE_LEDGER_MODULES: string[] = (() => {
  const src = readFileSync(join(root, 'eslint.config.js'), 'utf8')
  const m = /export const PORTABLE_LEDGER_MODULES = \[([^\]]*)\]/.exec(src)
  if (!m) throw new Error('PORTABLE_LEDGER_MODULES not found in eslint.config.js')
  const list = m[1]!.replace(/\/\/[^\n]*/g, '') // comments may hold quotes ("a registry's")
  return [...list.matchAll(/'([^']+)'/g)].map((x) => x[1]!)
})()
const BUILTINS = new Set(builtinModules.map((m) => m.replace(/^node:/, '').split('/')[0]!))
/** packages known to run in the browser */
const BROWSER_PACKAGES = new Set(['zod', 'cborg', '@noble/curves', '@noble/hashes', '@noble/ciphers', 'pdf-lib', '@pdf-lib/fontkit', 'qrcode', 'fflate', 'papaparse'])


function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8')
  const out: string[] = []
  for (const m of src.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    out.push((m[1] ?? m[2] ?? m[3])!)
  }
  return out
}

function resolveTs(from: string, spec: string): string {
  const base = resolve(dirname(from), spec)
  for (const c of [base, `${base}.ts`, join(base, 'index.ts')]) if (existsSync(c) && c.endsWith('.ts')) return c
  throw new Error(`cannot resolve ${spec} from ${from}`)
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? tsFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  )
}

function packageName(spec: string): string {
  const parts = spec.split('/')
  return spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!
}

describe('portable ledger modules', () => {
  const entries = PORTABLE_LEDGER_MODULES.flatMap((p) => {
    if (!p.includes('*')) return [join(ledger, `${p}.ts`)]
    // a pattern: every file it allows (`*` one path segment, `**` any number), each checked on its own
    const re = new RegExp(`^${p.split('**').map((part) => part.replace(/\*/g, '[^/]+')).join('.+')}(?:/index)?\\.ts$`)
    const hits = tsFiles(ledger).filter((f) => re.test(relative(ledger, f)))
    if (hits.length === 0) throw new Error(`${p} allows no file`)
    return hits
  })

  it('includes types/tx (the renderer signs transactions)', () => {
    expect(PORTABLE_LEDGER_MODULES).toContain('types/tx')
  })

  it.each([...new Set(entries)].map((e) => [relative(root, e), e] as const))('%s reaches only portable code', (_name, entry) => {
    const seen = new Set<string>()
    const stack = [entry]
    const problems: string[] = []
    while (stack.length > 0) {
      const file = stack.pop()!
      if (seen.has(file)) continue
      seen.add(file)
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) {
          const target = resolveTs(file, spec)
          const rel = relative(ledger, target).replace(/\.ts$/, '')
          const inLedger = !rel.startsWith('..')
          const inShared = relative(join(root, 'src', 'shared'), target).split('/')[0] !== '..'
          if (!inLedger && !inShared) problems.push(`${relative(root, file)} imports ${relative(root, target)}`)
          stack.push(target)
          continue
        }
        const name = spec.replace(/^node:/, '')
        if (spec.startsWith('node:') || BUILTINS.has(name.split('/')[0]!)) problems.push(`${relative(root, file)} imports ${spec}`)
        else if (!BROWSER_PACKAGES.has(packageName(spec))) problems.push(`${relative(root, file)} imports package ${spec}`)
      }
    }
    expect(problems).toEqual([])
  })
})
