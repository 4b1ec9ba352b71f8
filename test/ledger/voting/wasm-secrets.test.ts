/**
 * The wasm verification group (docs/adr/0069) is variable time in `baseMul2` and `mul2` only; the Group interface
 * declares those two for public scalars (verification). This test keeps it so: every call of them anywhere in src/ is
 * inside a function that verifies (a name with "verify", "check" or "judge", any case: the server judging a trustee's
 * accusation checks its published proof), where every scalar is a
 * published proof's challenge or response. A new call elsewhere (say, a prover computing a commitment with a secret
 * nonce through baseMul2) fails here and must be looked at; the fix is to use `mul`/`baseMul` (constant time).
 * And: nothing that holds a secret loads the verification group (only node-group.ts and cli-archive.ts do).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '../../..')
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : /\.(ts|vue|mts)$/.test(f) ? [p] : []
  })
}
const SRC = files(join(root, 'src'))

/** the name of the function a line is in: the nearest `function name(` or `name(…) {` method above it */
function enclosing(lines: string[], i: number): string {
  for (let k = i; k >= 0; k--) {
    const m = /^(?:export\s+)?(?:async\s+)?function\s+(\w+)/.exec(lines[k]!) ?? /^export const (\w+)\s*=/.exec(lines[k]!)
    if (m) return m[1]!
  }
  return '(top level)'
}

describe('the verification group stays on public values', () => {
  it('baseMul2 and mul2 are called only inside verifying functions', () => {
    const calls: string[] = []
    for (const f of SRC) {
      const rel = relative(root, f)
      if (rel.includes('registries/voting/wasm/') || rel.endsWith('belenios/group.ts') || rel.endsWith('belenios-native.ts')) continue
      const lines = readFileSync(f, 'utf8').split('\n')
      lines.forEach((line, i) => {
        if (/\.(baseMul2|mul2)\(/.test(line)) calls.push(`${rel}:${enclosing(lines, i)}`)
      })
    }
    expect(calls.length).toBeGreaterThan(5)
    const bad = calls.filter((c) => !/verify|check|judge/i.test(c.split(':')[1]!))
    expect(bad).toEqual([])
  })

  it('only the node’s group and the archive verifier load the verification group', () => {
    const users = SRC.filter((f) => /wasm\/(load|verify-group)'/.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f))
    expect(users.sort()).toEqual(['src/ledger/registries/voting/cli-archive.ts', 'src/ledger/registries/voting/node-group.ts'])
  })
})
