/**
 * When libsodium's binding cannot be loaded in the verification workers (not installed, no prebuilt binary for the
 * platform, a broken or foreign module at its path), the node must still start and verify, with OpenSSL alone, giving
 * the same verdicts (docs/adr/0042, "Consequences").
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import { VerifyPool } from '../../src/ledger/crypto/verify-pool'

const dir = mkdtempSync(join(tmpdir(), 'daejang-sodium-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A module at `name` in the temporary folder with `source`: what the workers are told is libsodium's binding. */
function fakeBinding(name: string, source: string): string {
  const p = join(dir, name)
  writeFileSync(p, source)
  return p
}

const CASES: Array<[string, () => string]> = [
  ['a path where nothing is', () => join(dir, 'missing', 'index.js')],
  ['a module that throws when loaded (no prebuilt binary)', () => fakeBinding('throws.cjs', "throw new Error('No native build was found')\n")],
  ['a module without the function', () => fakeBinding('empty.cjs', 'module.exports = {}\n')],
]

describe('verification workers when libsodium does not load', () => {
  const signer = nodeSigner(new Uint8Array(32).fill(7))
  const msg = new TextEncoder().encode('a transaction')
  const sig = signer.sign(msg)
  const bad = sig.slice()
  bad[40]! ^= 1

  for (const [what, path] of CASES) {
    it(`verifies with OpenSSL alone given ${what}`, async () => {
      const pool = new VerifyPool(1, path())
      try {
        expect(await pool.engine()).toBe('openssl')
        expect(await pool.verifyMany([
          { sig, msg, pub: signer.publicKey },
          { sig: bad, msg, pub: signer.publicKey },
        ])).toEqual([true, false])
      } finally {
        await pool.close()
      }
    })
  }

  it('keeps OpenSSL behind a binding whose every call throws', async () => {
    const pool = new VerifyPool(1, fakeBinding('broken.cjs', "module.exports = { crypto_sign_verify_detached() { throw new Error('boom') } }\n"))
    try {
      expect(await pool.verifyMany([
        { sig, msg, pub: signer.publicKey },
        { sig: bad, msg, pub: signer.publicKey },
      ])).toEqual([true, false])
    } finally {
      await pool.close()
    }
  })
})
