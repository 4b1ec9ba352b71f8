/**
 * `daejang verify` on the certificates made before the verifier framework (test/fixtures/certs-v1): the PDF, its QR
 * text and its bundle keep verifying offline with the trust list; a QR text of a registry this build does not know is
 * refused with the reason, not a decoding error.
 */
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { toBase45 } from '../../src/ledger/codec/base45'
import { cli } from '../integration/harness'

const DIR = join(__dirname, '../fixtures/certs-v1')
const f = (name: string): string => join(DIR, name)
const manifest = JSON.parse(readFileSync(f('manifest.json'), 'utf8')) as { single: { number: string }; batch: { number: string } }

describe('daejang verify on v1 certificates', () => {
  it('verifies the Korean certificate with its document, and the QR text of the batch document', () => {
    const r = cli(['verify', '--trust', f('trust.json'), '--certificate', f('single-ko.pdf'), '--file', f('document.bin'), '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({ valid: true, verdict: 'valid-as-of', registry: 'notary', format: 1, number: manifest.single.number })
    expect(Object.keys(r.json.checks)).toEqual(['integrity', 'status', 'issuer'])
    expect(r.json.checks.integrity.result).toBe('pass')
    const qr = readFileSync(f('batch.qr.txt'), 'utf8').trim()
    const q = cli(['verify', '--trust', f('trust.json'), '--qr', qr, '--bundle', f('batch.bundle.json')])
    expect(q.code, q.stderr).toBe(0)
    expect(q.stdout).toMatch(new RegExp(`^VALID AS OF BLOCK 2 .*: ${manifest.batch.number.replace('/', '\\/')}`))
    expect(q.stdout).toMatch(/✓ issuer: /)
  }, 3 * 60_000) // the first run may build the command line

  it('refuses a QR text of an unknown registry or format with the reason', () => {
    // land extracts (docs/adr/0036) and livestock labels (0045) are certified now: the voting registry is not (yet)
    const vote = cli(['verify', '--trust', f('trust.json'), '--qr', 'DJ:VOTING/1:' + toBase45(new Uint8Array([1, 2, 3])), '--json'])
    expect(vote.code).toBe(1)
    expect(vote.json.error).toMatchObject({ code: 'PROOF_INVALID' })
    expect(vote.json.error.message).toMatch(/does not know records of the voting registry/)
    const v9 = cli(['verify', '--trust', f('trust.json'), '--qr', 'DJ:NOTARY/9:' + toBase45(new Uint8Array([1])), '--json'])
    expect(v9.json.error.message).toMatch(/not format 9/)
  }, 3 * 60_000)
})
