/**
 * The notary flow through the real `daejang` CLI: a notary key is granted the role, registers a document and a
 * batch, prints certificates; `daejang verify` checks them offline with only the trust list and live with --home;
 * a one-byte change and a revocation are reported as such.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAttachments } from '../../src/ledger/cert/attachment'
import { cli, startNode, stopAll, tempHome } from './harness'

describe('daejang notary and verify', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const f = (name: string): string => join(t.dir, name)
  let number = ''
  let notaryKey = ''

  beforeAll(async () => {
    expect(cli(['init', '--home', home, '--heartbeat-ms', '200', '--agency-id', 'mofa', '--agency-name', '외교부 MOFA', '--json']).code).toBe(0)
    await startNode(home)
    const k = cli(['keys', 'create', '--home', home, '--name', 'notary', '--json'])
    notaryKey = k.json.publicKey
    const g = cli(['role', 'grant', '--home', home, '--subject', notaryKey, '--role', 'notary', '--label', '공증인 김영희', '--json'])
    expect(g.code, g.stderr).toBe(0)
    writeFileSync(f('diploma.pdf'), '%PDF-1.4 diploma of 홍길동\n')
    writeFileSync(f('a.txt'), 'first of a batch\n')
    writeFileSync(f('b.txt'), 'second of a batch\n')
    writeFileSync(f('c.txt'), 'third of a batch\n')
    expect(cli(['trust', 'export', '--home', home, '--out', f('trust.json')]).code).toBe(0)
  })

  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('refuses a key without the notary role, with a stable code', () => {
    const r = cli(['notary', 'register', '--home', home, '--file', f('diploma.pdf'), '--json'])
    expect(r.code).toBe(1)
    expect(r.json.error.code).toBe('UNAUTHORIZED_ROLE')
  })

  it('refuses a date that does not exist, is out of range or is after the block’s day (node schema and rule)', () => {
    const register = (date: string) =>
      cli(['notary', 'register', '--home', home, '--key', 'notary', '--file', f('diploma.pdf'), '--type', '졸업증명서', '--date', date, '--json'])
    const r = register('2026-02-30')
    expect(r.code).toBe(1)
    expect(r.json.error.code).toBe('BAD_PAYLOAD')
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)
    expect(register(future).json.error.code).toBe('DATE_IN_FUTURE')
    const g = cli(['role', 'grant', '--home', home, '--subject', notaryKey, '--role', 'auditor', '--expires', '2026-02-30', '--json'])
    expect(g.json.error.code).toBe('SCHEMA_INVALID')
  }, 3 * 60_000) // three CLI runs

  it('registers a document and waits for its commit', () => {
    const r = cli([
      'notary', 'register', '--home', home, '--key', 'notary', '--file', f('diploma.pdf'),
      '--act', 'apostille', '--type', '졸업증명서', '--holder', '홍길동', '--language', 'ko', '--json',
    ])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.number).toMatch(/^MOFA-\d{4}-000001$/)
    expect(r.json.documentHash).toMatch(/^[0-9a-f]{64}$/)
    expect(r.json.txHash).toMatch(/^[0-9a-f]{64}$/)
    number = r.json.number
    const again = cli(['notary', 'register', '--home', home, '--key', 'notary', '--file', f('diploma.pdf'), '--json'])
    expect(again.json.error.code).toBe('DUPLICATE_DOCUMENT')
    const taken = cli(['notary', 'register', '--home', home, '--key', 'notary', '--file', f('a.txt'), '--number', number, '--json'])
    expect(taken.json.error.code).toBe('NUMBER_TAKEN')
    const show = cli(['notary', 'show', '--home', home, '--number', number, '--json'])
    expect(show.json).toMatchObject({ number, status: 'issued', holder: '홍길동', signerName: '공증인 김영희', agency: 'mofa' })
  })

  it('writes certificates in Korean and English, each carrying the proof bundle', async () => {
    for (const lang of ['ko', 'en']) {
      const r = cli(['notary', 'certificate', '--home', home, '--number', number, '--out', f(`cert-${lang}.pdf`), '--lang', lang, '--json'])
      expect(r.code, r.stderr).toBe(0)
      expect(r.json.qr.sideMm).toBe(30)
      const pdf = readFileSync(f(`cert-${lang}.pdf`))
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      expect((await readAttachments(pdf)).map((a) => a.name)).toEqual(['proof-bundle.json'])
    }
  })

  it('verifies offline with only the trust list, and says the status is as of the proof', async () => {
    const r = cli(['verify', '--trust', f('trust.json'), '--file', f('diploma.pdf'), '--certificate', f('cert-ko.pdf'), '--json'])
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.json.valid).toBe(true)
    expect(r.json.checks.integrity.result).toBe('pass')
    expect(r.json.checks.status).toMatchObject({ result: 'pass', live: false })
    expect(r.json.checks.issuer.result).toBe('pass')
    expect(r.json.live).toBe(false)
    // offline is not a plain "valid": it is valid as of the registering block, later revocation not checked
    expect(r.json.verdict).toBe('valid-as-of')
    expect(r.json.statusAsOf.height).toBe(r.json.record.height)
    const human = cli(['verify', '--trust', f('trust.json'), '--file', f('diploma.pdf'), '--certificate', f('cert-ko.pdf')])
    expect(human.code, human.stderr).toBe(0)
    // format 2: the status is proven as of the registering block by the certificate's state proof (docs/adr/0027)
    expect(human.stdout).toMatch(new RegExp(`^VALID — IN FORCE AS OF BLOCK ${r.json.record.height} \\(\\d{4}-\\d\\d-\\d\\d [\\d:]+ UTC\\), PROVEN — a later change needs a newer status proof: ${number}`))
    expect(human.stdout).not.toMatch(/^VALID: /m)
    // the QR text alone (as a phone scanner reads it), and the file
    const [att] = await readAttachments(readFileSync(f('cert-ko.pdf')))
    const qr = JSON.parse(new TextDecoder().decode(att!.bytes)).qr
    const q = cli(['verify', '--trust', f('trust.json'), '--qr', qr, '--file', f('diploma.pdf'), '--json'])
    expect(q.json).toMatchObject({ valid: true, number, source: 'qr' })
  })

  it('reports a one-byte change of the document', () => {
    const bytes = readFileSync(f('diploma.pdf'))
    bytes[3] = bytes[3]! ^ 1
    writeFileSync(f('diploma-changed.pdf'), bytes)
    const r = cli(['verify', '--trust', f('trust.json'), '--file', f('diploma-changed.pdf'), '--certificate', f('cert-en.pdf'), '--json'])
    expect(r.code).toBe(1)
    expect(r.json.valid).toBe(false)
    expect(r.json.checks.integrity.result).toBe('fail')
    expect(r.json.checks.status.result).toBe('pass')
  })

  it('registers a batch; each document gets a number, a certificate and a QR proof that verifies', async () => {
    const r = cli(['notary', 'register', '--home', home, '--key', 'notary', '--file', f('a.txt'), f('b.txt'), f('c.txt'), '--type', 'Diploma', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.documents.map((d: any) => d.number)).toEqual(['/001', '/002', '/003'].map((s) => r.json.number + s))
    const n = r.json.documents[1].number
    const cert = cli(['notary', 'certificate', '--home', home, '--number', n, '--out', f('b.pdf'), '--json'])
    expect(cert.code, cert.stderr).toBe(0)
    const v = cli(['verify', '--trust', f('trust.json'), '--file', f('b.txt'), '--certificate', f('b.pdf'), '--json'])
    expect(v.json.valid).toBe(true)
    expect(v.json.number).toBe(n)
    // a QR text about another document beside the certificate is a conflict, not ignored
    const [att] = await readAttachments(readFileSync(f('cert-ko.pdf')))
    const otherQr = JSON.parse(new TextDecoder().decode(att!.bytes)).qr
    const both = cli(['verify', '--trust', f('trust.json'), '--file', f('b.txt'), '--certificate', f('b.pdf'), '--qr', otherQr, '--json'])
    expect(both.code).toBe(1)
    expect(both.json.error.code).toBe('PROOF_INVALID')
    expect(both.json.error.message).toMatch(/about different documents/)
    // by file alone, asking the node for the proof (and the live status)
    const live = cli(['verify', '--trust', f('trust.json'), '--file', f('c.txt'), '--home', home, '--json'])
    expect(live.json).toMatchObject({ valid: true, verdict: 'valid', live: true, number: r.json.documents[2].number })
  })

  it('revokes with a reason: live verification reports it, offline says it cannot see it', () => {
    const r = cli(['notary', 'revoke', '--home', home, '--key', 'notary', '--number', number, '--reason', '위조된 날인 forged seal', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({ number, action: 'revoke', status: 'revoked' })
    const live = cli(['verify', '--trust', f('trust.json'), '--file', f('diploma.pdf'), '--certificate', f('cert-ko.pdf'), '--home', home, '--json'])
    expect(live.code).toBe(1)
    expect(live.json.valid).toBe(false)
    expect(live.json.checks.status).toMatchObject({ result: 'fail', status: 'revoked', reason: '위조된 날인 forged seal', live: true })
    expect(live.json.checks.integrity.result).toBe('pass')
    expect(live.json.verdict).toBe('invalid')
    const offline = cli(['verify', '--trust', f('trust.json'), '--certificate', f('cert-ko.pdf'), '--json'])
    expect(offline.json.checks.status.detail).toMatch(/in force as of block \d+ .*a later change cannot be seen/)
    // revoked after its registering block: offline cannot see it, and does not claim a plain "valid"
    expect(offline.json.verdict).toBe('valid-as-of')
    expect(cli(['verify', '--trust', f('trust.json'), '--certificate', f('cert-ko.pdf')]).stdout).toMatch(/^VALID — IN FORCE AS OF BLOCK \d+ .*a later change needs a newer status proof/)
    const again = cli(['notary', 'revoke', '--home', home, '--key', 'notary', '--number', number, '--reason', 'twice', '--json'])
    expect(again.json.error.code).toBe('STATUS_CONFLICT')
  })

  it('suspends and reinstates a batch document; bad evidence gets a stable code', () => {
    const list = cli(['notary', 'show', '--home', home, '--file', f('a.txt'), '--json'])
    const n = list.json[0].number
    expect(cli(['notary', 'suspend', '--home', home, '--key', 'notary', '--number', n, '--reason', 'review', '--json']).json.status).toBe('suspended')
    expect(cli(['notary', 'reinstate', '--home', home, '--number', n, '--reason', 'review passed', '--json']).json.status).toBe('issued')
    const qr = cli(['verify', '--trust', f('trust.json'), '--qr', 'DJ1:NOT A PROOF', '--json'])
    expect(qr.code).toBe(1)
    expect(qr.json.error.code).toBe('PROOF_INVALID')
    const nothing = cli(['verify', '--trust', f('trust.json'), '--json'])
    expect(nothing.json.error.code).toBe('SCHEMA_INVALID')
  })
})
