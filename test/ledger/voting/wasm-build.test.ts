/**
 * The committed WebAssembly module is the one its C source builds to (docs/adr/0069): rebuilt with
 * scripts/build-wasm.mjs into a temporary directory and compared byte for byte — when clang and wasm-ld are present and
 * are the version recorded beside the module (another compiler version writes other, equally valid, bytes). Also:
 * the base64 copy the code loads is the .wasm file, and the module imports nothing and cannot grow its memory.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ED25519_VERIFY_WASM_BASE64 } from '../../../src/ledger/registries/voting/wasm/ed25519-verify-wasm'

const dir = join(__dirname, '../../../src/ledger/registries/voting/wasm')
const committed = readFileSync(join(dir, 'ed25519-verify.wasm'))
const recorded = readFileSync(join(dir, 'ed25519-verify.clang.txt'), 'utf8').trim()

function clangVersion(): string | null {
  try {
    execFileSync('wasm-ld', ['--version'], { stdio: 'ignore' })
    return execFileSync('clang', ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim()
  } catch {
    return null
  }
}
const clang = clangVersion()

describe('the wasm verification module', () => {
  it('the base64 the code loads is the committed .wasm; no imports; memory fixed (initial = maximum)', () => {
    expect(Buffer.from(ED25519_VERIFY_WASM_BASE64, 'base64').equals(committed)).toBe(true)
    const m = new WebAssembly.Module(committed)
    expect(WebAssembly.Module.imports(m)).toEqual([])
    const instance = new WebAssembly.Instance(m, {})
    const memory = instance.exports.memory as WebAssembly.Memory
    const size = memory.buffer.byteLength
    expect(() => memory.grow(1)).toThrow()
    expect(memory.buffer.byteLength).toBe(size)
  })

  it.skipIf(clang === null || clang !== recorded)('rebuilds byte for byte from its C source with the recorded clang', { timeout: 120_000 }, async () => {
    const { build } = await import('../../../scripts/build-wasm.mjs')
    const tmp = mkdtempSync(join(tmpdir(), 'wasm-build-'))
    try {
      const rebuilt = build(tmp)
      expect(rebuilt.equals(committed)).toBe(true)
      expect(readFileSync(join(tmp, 'ed25519-verify-wasm.ts'), 'utf8')).toBe(readFileSync(join(dir, 'ed25519-verify-wasm.ts'), 'utf8'))
    } finally {
      rmSync(tmp, { recursive: true, force: true })
    }
  })
})
