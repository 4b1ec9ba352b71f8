/**
 * `daejang notary status-proof` and `daejang verify --status-proof` (docs/adr/0027) end to end, as the README says a
 * newcomer runs them: a record registered, its certificate printed, then revoked; offline, the certificate alone is
 * in force as of its block, and a later status proof (written by the node, checked offline) shows the revocation.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, cli, startNode, stopAll, tempHome, waitFor, type StartedNode } from './harness'

describe('notary status proofs through the CLI', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const f = (n: string): string => join(t.dir, n)
  let node: StartedNode
  let number = ''

  beforeAll(async () => {
    expect(cli(['init', '--home', home, '--heartbeat-ms', '200', '--json']).code).toBe(0)
    node = await startNode(home)
    await waitFor(async () => (await api(node, 'GET', '/api/v1/status')).body.height >= 1)
    const key = cli(['keys', 'create', '--home', home, '--name', 'notary', '--json'])
    expect(key.code, key.stderr).toBe(0)
    const grant = cli(['role', 'grant', '--home', home, '--subject', key.json.publicKey, '--role', 'notary', '--expires', '2099-12-31'])
    expect(grant.code, grant.stderr).toBe(0)
    writeFileSync(f('doc.txt'), 'a diploma\n')
    const reg = cli(['notary', 'register', '--home', home, '--key', 'notary', '--file', f('doc.txt'), '--act', 'apostille', '--type', 'Diploma', '--json'])
    expect(reg.code, reg.stderr).toBe(0)
    number = reg.json.number
    expect(cli(['trust', 'export', '--home', home, '--out', f('trust.json')]).code).toBe(0)
    expect(cli(['notary', 'certificate', '--home', home, '--number', number, '--out', f('cert.pdf')]).code).toBe(0)
  }, 240_000)

  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('a later status proof shows offline a revocation the certificate cannot', () => {
    const before = cli(['verify', '--trust', f('trust.json'), '--certificate', f('cert.pdf'), '--json'])
    expect(before.code, before.stderr).toBe(0)
    expect(before.json).toMatchObject({ valid: true, verdict: 'valid-as-of', checks: { status: { proven: true, ok: true } } })

    expect(cli(['notary', 'revoke', '--home', home, '--number', number, '--reason', 'forged seal', '--json']).code).toBe(0)
    const sp = cli(['notary', 'status-proof', '--home', home, '--number', number, '--out', f('status.json'), '--json'])
    expect(sp.code, sp.stderr).toBe(0)
    expect(sp.json).toMatchObject({ number, out: f('status.json') })

    const after = cli(['verify', '--trust', f('trust.json'), '--certificate', f('cert.pdf'), '--status-proof', f('status.json'), '--json'])
    expect(after.code).toBe(1)
    expect(after.json).toMatchObject({ valid: false, verdict: 'invalid', checks: { status: { status: 'revoked', proven: true, live: false, ok: false } } })
  }, 120_000)

  it('a status proof of another record is refused, never ignored', () => {
    writeFileSync(f('doc2.txt'), 'another diploma\n')
    const reg = cli(['notary', 'register', '--home', home, '--key', 'notary', '--file', f('doc2.txt'), '--json'])
    expect(reg.code, reg.stderr).toBe(0)
    expect(cli(['notary', 'status-proof', '--home', home, '--number', reg.json.number, '--out', f('other.json')]).code).toBe(0)
    const r = cli(['verify', '--trust', f('trust.json'), '--certificate', f('cert.pdf'), '--status-proof', f('other.json'), '--json'])
    expect(r.code).toBe(1)
    expect(r.json.valid).toBe(false)
    expect(r.json.checks.status.ok).toBe(false)
  }, 120_000)
})
