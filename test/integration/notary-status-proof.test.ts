/**
 * Proven status through the real `daejang` CLI against a node process with a state tree (docs/adr/0027): the
 * certificate is format 2; `daejang notary status-proof` writes the record's status proof, and `daejang verify
 * --status-proof F` checks it offline with only the trust list — "in force as of block N" while issued, and after a
 * revocation a later status proof shows it offline. A status proof changed by hand (a forged status) is refused in
 * words and fails the status check; `daejang verify --home` uses the node's own status proof, proven.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAttachments } from '../../src/ledger/cert/attachment'
import { fromHex, toHex } from '../../src/ledger/codec/bytes'
import { type Canonical, decodeCanonical, encodeCanonical } from '../../src/ledger/codec/canonical'
import { cli, startNode, stopAll, tempHome } from './harness'

const CLI_RUNS = 4 * 60_000

describe('daejang notary status-proof and verify --status-proof', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const f = (name: string): string => join(t.dir, name)
  let number = ''
  let registeredAt = 0

  beforeAll(async () => {
    expect(cli(['init', '--home', home, '--heartbeat-ms', '200', '--agency-id', 'mofa', '--agency-name', '외교부 MOFA', '--json']).code).toBe(0)
    await startNode(home)
    const k = cli(['keys', 'create', '--home', home, '--name', 'notary', '--json'])
    const g = cli(['role', 'grant', '--home', home, '--subject', k.json.publicKey, '--role', 'notary', '--label', '공증인 김영희', '--json'])
    expect(g.code, g.stderr).toBe(0)
    writeFileSync(f('diploma.pdf'), '%PDF-1.4 diploma of 홍길동 (status proofs)\n')
    expect(cli(['trust', 'export', '--home', home, '--out', f('trust.json')]).code).toBe(0)
    const r = cli(['notary', 'register', '--home', home, '--key', 'notary', '--file', f('diploma.pdf'), '--type', '졸업증명서', '--holder', '홍길동', '--json'])
    expect(r.code, r.stderr).toBe(0)
    number = r.json.number
    const c = cli(['notary', 'certificate', '--home', home, '--number', number, '--out', f('cert.pdf'), '--lang', 'en', '--json'])
    expect(c.code, c.stderr).toBe(0)
  }, 5 * 60_000)

  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('prints a format-2 certificate whose status is proven as of the registering block', async () => {
    const [att] = await readAttachments(readFileSync(f('cert.pdf')))
    const bundle = JSON.parse(new TextDecoder().decode(att!.bytes))
    expect(bundle.qr).toMatch(/^DJ:NOTARY\/2:/)
    const v = cli(['verify', '--trust', f('trust.json'), '--file', f('diploma.pdf'), '--certificate', f('cert.pdf'), '--json'])
    expect(v.code, v.stdout + v.stderr).toBe(0)
    expect(v.json).toMatchObject({ valid: true, verdict: 'valid-as-of', format: 2, live: false, statusProven: true })
    expect(v.json.checks.status.result).toBe('pass')
    expect(v.json.checks.status.detail).toMatch(/^in force as of block \d+ .*proven by the certificate/)
    registeredAt = v.json.statusAsOf.height
    expect(registeredAt).toBe(v.json.record.height)
  })

  it('writes a status proof and verifies it offline: in force as of its block, proven', () => {
    const sp = cli(['notary', 'status-proof', '--home', home, '--number', number, '--out', f('status-1.json'), '--json'])
    expect(sp.code, sp.stderr).toBe(0)
    expect(sp.json).toMatchObject({ number, out: f('status-1.json') })
    expect(sp.json.height).toBeGreaterThanOrEqual(registeredAt)
    expect(JSON.parse(readFileSync(f('status-1.json'), 'utf8')).number).toBe(number)
    const v = cli(['verify', '--trust', f('trust.json'), '--certificate', f('cert.pdf'), '--status-proof', f('status-1.json'), '--json'])
    expect(v.code, v.stdout + v.stderr).toBe(0)
    expect(v.json).toMatchObject({ valid: true, verdict: 'valid-as-of', live: false, statusProven: true })
    expect(v.json.statusAsOf.height).toBe(sp.json.height)
    expect(v.json.checks.status.detail).toMatch(new RegExp(`^in force as of block ${sp.json.height} .*proven by a status proof`))
    const human = cli(['verify', '--trust', f('trust.json'), '--certificate', f('cert.pdf'), '--status-proof', f('status-1.json')])
    expect(human.code, human.stderr).toBe(0)
    expect(human.stdout).toMatch(new RegExp(`^VALID — IN FORCE AS OF BLOCK ${sp.json.height} \\(\\d{4}-\\d\\d-\\d\\d [\\d:]+ UTC\\), PROVEN`))
  }, CLI_RUNS)

  it('after a revocation, a later status proof shows it offline (the newest of several is taken)', () => {
    const r = cli(['notary', 'revoke', '--home', home, '--key', 'notary', '--number', number, '--reason', '위조된 날인 forged seal', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const sp = cli(['notary', 'status-proof', '--home', home, '--number', number, '--out', f('status-2.json'), '--json'])
    expect(sp.code, sp.stderr).toBe(0)
    expect(sp.json.height).toBeGreaterThanOrEqual(r.json.height)
    // the certificate alone still says what it proves: in force as of the registering block
    expect(cli(['verify', '--trust', f('trust.json'), '--certificate', f('cert.pdf'), '--json']).json.verdict).toBe('valid-as-of')
    for (const files of [[f('status-2.json')], [f('status-2.json'), f('status-1.json')], [f('status-1.json'), f('status-2.json')]]) {
      const v = cli(['verify', '--trust', f('trust.json'), '--file', f('diploma.pdf'), '--certificate', f('cert.pdf'), '--status-proof', ...files, '--json'])
      expect(v.code).toBe(1)
      expect(v.json).toMatchObject({ valid: false, verdict: 'invalid', live: false, statusProven: true })
      expect(v.json.checks.status).toMatchObject({ result: 'fail', status: 'revoked', reason: '위조된 날인 forged seal' })
      expect(v.json.checks.status.detail).toMatch(new RegExp(`as of block ${sp.json.height}`))
      expect(v.json.checks.integrity.result).toBe('pass')
      expect(v.json.statusAsOf.height).toBe(sp.json.height)
    }
  }, CLI_RUNS)

  it('refuses a status proof whose status was changed by hand, in words, and fails the status check', () => {
    // the revoked status proof, turned back to "issued" by hand (its header, commit and signatures untouched): the
    // range proof then leads to another root than the one the validators signed
    const json = JSON.parse(readFileSync(f('status-2.json'), 'utf8'))
    const st = json.state.proof.entries.find((e: { key: string }) => e.key.endsWith('/st'))
    const value = decodeCanonical(fromHex(st.value)) as { status: string }
    expect(value.status).toBe('revoked')
    st.value = toHex(encodeCanonical({ ...value, status: 'issued' } as Canonical))
    writeFileSync(f('status-forged.json'), JSON.stringify(json))
    const v = cli(['verify', '--trust', f('trust.json'), '--certificate', f('cert.pdf'), '--status-proof', f('status-forged.json'), '--json'])
    expect(v.code).toBe(1)
    expect(v.json.valid).toBe(false)
    expect(v.json.checks.status.result).toBe('fail')
    expect(v.json.checks.status.detail).toMatch(/refused/)
    expect(v.json.statusProven).toBe(false)
    // a status proof of another trust list's chain is refused the same way: here, a file that is not a status proof
    writeFileSync(f('not-a-status-proof.json'), JSON.stringify({ format: 'daejang-notary-status/1', number }))
    const bad = cli(['verify', '--trust', f('trust.json'), '--certificate', f('cert.pdf'), '--status-proof', f('not-a-status-proof.json'), '--json'])
    expect(bad.code).toBe(1)
    expect(bad.json.error.code).toBe('PROOF_INVALID')
  }, CLI_RUNS)

  it('with --home uses the node’s own status proof: revoked, live and proven', () => {
    const v = cli(['verify', '--trust', f('trust.json'), '--file', f('diploma.pdf'), '--certificate', f('cert.pdf'), '--home', home, '--json'])
    expect(v.code).toBe(1)
    expect(v.json).toMatchObject({ valid: false, verdict: 'invalid', live: true, statusProven: true })
    expect(v.json.checks.status).toMatchObject({ result: 'fail', status: 'revoked', reason: '위조된 날인 forged seal' })
    expect(v.json.checks.status.detail).toMatch(/proven by the status proof of the node asked/)
  }, CLI_RUNS)

  it('a document in force: --home says "in force as of block N", proven by the node’s status proof; another document’s status proof is refused', () => {
    writeFileSync(f('second.pdf'), '%PDF-1.4 a second diploma\n')
    const r = cli(['notary', 'register', '--home', home, '--key', 'notary', '--file', f('second.pdf'), '--type', '졸업증명서', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const second = r.json.number as string
    expect(cli(['notary', 'certificate', '--home', home, '--number', second, '--out', f('second-cert.pdf'), '--json']).code).toBe(0)
    const v = cli(['verify', '--trust', f('trust.json'), '--file', f('second.pdf'), '--certificate', f('second-cert.pdf'), '--home', home, '--json'])
    expect(v.code, v.stdout + v.stderr).toBe(0)
    expect(v.json).toMatchObject({ valid: true, verdict: 'valid', live: true, statusProven: true })
    expect(v.json.statusAsOf.height).toBeGreaterThanOrEqual(r.json.height)
    expect(v.json.checks.status.detail).toMatch(
      new RegExp(`^in force as of block ${v.json.statusAsOf.height} \\(.+\\), proven by the status proof of the node asked`),
    )
    // the second document's status proof given with the first one's certificate: refused, said so
    expect(cli(['notary', 'status-proof', '--home', home, '--number', second, '--out', f('second-status.json'), '--json']).code).toBe(0)
    const other = cli(['verify', '--trust', f('trust.json'), '--certificate', f('cert.pdf'), '--status-proof', f('second-status.json'), '--json'])
    expect(other.code).toBe(1)
    expect(other.json.checks.status.result).toBe('fail')
    expect(other.json.checks.status.detail).toMatch(/refused/)
    expect(other.json.checks.status.detail).toContain(second)
  }, CLI_RUNS)
})
