/**
 * The admission request format (docs/adr/0064): made and signed, read back, and refused with a stable code when it
 * is tampered with, signed by the wrong key, for another chain, oversized or hostile JSON; checked against a
 * consortium (agency id taken, keys in use, unknown agency of a workstation).
 */
import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import QRCode from 'qrcode'
import { portableSigner } from '../../src/ledger/crypto/ed25519'
import { toHex } from '../../src/ledger/codec/bytes'
import {
  ADMISSION_FORMAT,
  type AdmissionBody,
  DIGEST_PREFIX,
  MAX_REQUEST_BYTES,
  checkAgainst,
  makeAdmissionRequest,
  parseAdmissionRequest,
  requestDigest,
  requestQrText,
  requestText,
} from '../../src/server/admission'

const node = portableSigner(new Uint8Array(32).fill(1))
const admin = portableSigner(new Uint8Array(32).fill(2))
const other = portableSigner(new Uint8Array(32).fill(3))
const hex = (s: { publicKey: Uint8Array }): string => toHex(s.publicKey)

const agencyBody = (over: Partial<Extract<AdmissionBody, { kind: 'agency' }>> = {}): AdmissionBody => ({
  format: ADMISSION_FORMAT,
  kind: 'agency',
  chainId: 'daejang-test',
  createdAt: 1_700_000_000_000,
  agency: { id: 'agency-new', name: '새 기관', validator: { publicKey: hex(node), power: 10 }, admins: [hex(admin)] },
  node: { key: hex(node), listen: ['/ip4/10.0.0.5/tcp/26656'] },
  ...over,
})
const workstationBody: AdmissionBody = {
  format: ADMISSION_FORMAT,
  kind: 'workstation',
  chainId: 'daejang-test',
  createdAt: 1_700_000_000_000,
  workstation: { agency: 'agency-0' },
  node: { key: hex(other), listen: ['/ip4/10.0.0.6/tcp/26656'] },
}

function codeOf(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    return (e as { code?: string }).code ?? String(e)
  }
  return 'accepted'
}

const view = { chainId: 'daejang-test', agencyIds: new Set(['agency-0', 'agency-1']), keysInUse: new Set<string>() }

describe('the admission request', () => {
  it('is made, signed by every key it names, and read back as it was', () => {
    const r = makeAdmissionRequest(agencyBody(), [node, admin])
    expect(r.signatures.map((s) => s.key).sort()).toEqual([hex(node), hex(admin)].sort())
    const back = parseAdmissionRequest(requestText(r))
    expect(back).toEqual(r)
    expect(requestDigest(back)).toBe(requestDigest(r))
    expect(() => checkAgainst(back, view)).not.toThrow()
    const w = makeAdmissionRequest(workstationBody, [other])
    expect(parseAdmissionRequest(JSON.stringify(w))).toEqual(w)
    expect(() => checkAgainst(w, view)).not.toThrow()
  })

  it('cannot be made without a signer for a key it names', () => {
    expect(() => makeAdmissionRequest(agencyBody(), [node])).toThrow()
  })

  it('is refused when altered after signing: a field, a signature, a signature taken away or added', () => {
    const r = makeAdmissionRequest(agencyBody(), [node, admin])
    const altered = (f: (x: any) => void): string => {
      const x = JSON.parse(JSON.stringify(r))
      f(x)
      return codeOf(() => parseAdmissionRequest(JSON.stringify(x)))
    }
    expect(altered((x) => (x.agency.validator.power = 1000))).toBe('ADMISSION_BAD_SIGNATURE')
    expect(altered((x) => (x.agency.name = 'Someone else'))).toBe('ADMISSION_BAD_SIGNATURE')
    expect(altered((x) => x.node.listen.push('/ip4/6.6.6.6/tcp/1'))).toBe('ADMISSION_BAD_SIGNATURE')
    expect(altered((x) => (x.signatures[0].sig = x.signatures[1].sig))).toBe('ADMISSION_BAD_SIGNATURE')
    expect(altered((x) => x.signatures.pop())).toBe('ADMISSION_BAD_SIGNATURE')
    expect(altered((x) => (x.signatures = []))).toBe('ADMISSION_BAD_SIGNATURE')
    expect(altered((x) => x.signatures.push({ key: hex(other), sig: x.signatures[0].sig }))).toBe('ADMISSION_BAD_SIGNATURE')
    expect(altered((x) => x.signatures.push(x.signatures[0]))).toBe('ADMISSION_BAD_SIGNATURE')
    // an administrator key swapped for the attacker's, re-signed by the attacker: the named node key did not sign it
    const swapped = makeAdmissionRequest(agencyBody({ agency: { ...(agencyBody() as any).agency, admins: [hex(other)] } }), [node, other])
    const forged = { ...swapped, signatures: swapped.signatures.filter((s) => s.key === hex(other)) }
    expect(codeOf(() => parseAdmissionRequest(JSON.stringify(forged)))).toBe('ADMISSION_BAD_SIGNATURE')
  })

  it('is refused for another chain, an agency id taken (or once removed), a key in use, an unknown agency', () => {
    const r = parseAdmissionRequest(JSON.stringify(makeAdmissionRequest(agencyBody({ chainId: 'another-chain' }), [node, admin])))
    expect(codeOf(() => checkAgainst(r, view))).toBe('ADMISSION_WRONG_CHAIN')
    const taken = makeAdmissionRequest(agencyBody({ agency: { ...(agencyBody() as any).agency, id: 'agency-1' } }), [node, admin])
    expect(codeOf(() => checkAgainst(taken, view))).toBe('ADMISSION_AGENCY_TAKEN')
    const ok = makeAdmissionRequest(agencyBody(), [node, admin])
    expect(codeOf(() => checkAgainst(ok, { ...view, keysInUse: new Set([hex(node)]) }))).toBe('ADMISSION_KEY_TAKEN')
    // an administrator may serve several agencies: its key in use is no refusal
    expect(codeOf(() => checkAgainst(ok, { ...view, keysInUse: new Set([hex(admin)]) }))).toBe('accepted')
    const w = makeAdmissionRequest({ ...workstationBody, workstation: { agency: 'agency-9' } } as AdmissionBody, [other])
    expect(codeOf(() => checkAgainst(w, view))).toBe('ADMISSION_UNKNOWN_AGENCY')
    const wOther = makeAdmissionRequest(workstationBody, [other])
    expect(codeOf(() => checkAgainst(wOther, { ...view, chainId: 'x' }))).toBe('ADMISSION_WRONG_CHAIN')
  })

  it('refuses oversized and hostile input with stable codes, never crashing', () => {
    const r = makeAdmissionRequest(agencyBody(), [node, admin])
    expect(codeOf(() => parseAdmissionRequest(' '.repeat(MAX_REQUEST_BYTES + 1)))).toBe('ADMISSION_TOO_LARGE')
    expect(codeOf(() => parseAdmissionRequest('가'.repeat(MAX_REQUEST_BYTES / 2)))).toBe('ADMISSION_TOO_LARGE')
    expect(codeOf(() => parseAdmissionRequest(JSON.stringify({ ...r, padding: 'x'.repeat(MAX_REQUEST_BYTES) })))).toBe('ADMISSION_TOO_LARGE')
    const hostile = [
      '',
      'not json',
      'null',
      '[]',
      '"a string"',
      '42',
      '{}',
      '['.repeat(5000) + ']'.repeat(5000),
      '{"a":'.repeat(2000) + '1' + '}'.repeat(2000),
      JSON.stringify({ format: 'daejang-admission/2' }),
      JSON.stringify({ ...r, kind: 'validator' }),
      JSON.stringify({ ...r, extra: 1 }),
      JSON.stringify({ ...r, createdAt: 1.5 }),
      JSON.stringify({ ...r, createdAt: -1 }),
      JSON.stringify({ ...r, node: { ...r.node, key: 'zz' } }),
      JSON.stringify({ ...r, node: { ...r.node, listen: [] } }),
      JSON.stringify({ ...r, node: { ...r.node, listen: Array(9).fill('/ip4/1.2.3.4/tcp/1') } }),
      JSON.stringify({ ...r, agency: { ...(r as any).agency, admins: [] } }),
      JSON.stringify({ ...r, agency: { ...(r as any).agency, validator: { publicKey: hex(node), power: 10_000 } } }),
      JSON.stringify({ ...r, agency: { ...(r as any).agency, id: 'Bad Id' } }),
      JSON.stringify({ ...r, agency: { ...(r as any).agency, name: '\ud800' } }),
      JSON.stringify(r).replace('"format"', '"__proto__":{"polluted":true},"format"'),
      JSON.stringify(r).replace('"agency":{', '"agency":{"constructor":{"prototype":{"x":1}},'),
      JSON.stringify({ ...r, signatures: 'none' }),
      JSON.stringify({ ...r, signatures: [{ key: hex(node), sig: 'ab' }] }),
      DIGEST_PREFIX + '00'.repeat(32),
    ]
    for (const text of hostile) {
      const code = codeOf(() => parseAdmissionRequest(text))
      expect(['ADMISSION_MALFORMED', 'ADMISSION_BAD_SIGNATURE'], text.slice(0, 80)).toContain(code)
    }
    expect(({} as any).polluted).toBeUndefined()
    expect(codeOf(() => parseAdmissionRequest(42 as unknown as string))).toBe('ADMISSION_MALFORMED')
  })

  it('travels in a QR code whole, or as its digest when too large, and zbarimg reads it back', async () => {
    const r = makeAdmissionRequest(agencyBody(), [node, admin])
    const qr = requestQrText(r)
    expect(qr.whole).toBe(true)
    const dir = mkdtempSync(join(tmpdir(), 'daejang-qr-'))
    try {
      const png = join(dir, 'qr.png')
      await QRCode.toFile(png, qr.text, { type: 'png', errorCorrectionLevel: 'L', margin: 4, scale: 4 })
      const read = execFileSync('zbarimg', ['-q', '--raw', png], { encoding: 'utf8' }).trim()
      expect(parseAdmissionRequest(read)).toEqual(r)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    // with many administrators the request no longer fits: the QR code names it by its digest
    const admins = Array.from({ length: 20 }, (_, i) => portableSigner(new Uint8Array(32).fill(10 + i)))
    const big = makeAdmissionRequest(agencyBody({ agency: { ...(agencyBody() as any).agency, admins: admins.map(hex) } }), [node, admins[0]!])
    const bigQr = requestQrText(big)
    expect(bigQr.whole).toBe(false)
    expect(bigQr.text).toBe(DIGEST_PREFIX + requestDigest(big))
    expect(codeOf(() => parseAdmissionRequest(bigQr.text))).toBe('ADMISSION_MALFORMED')
    expect(parseAdmissionRequest(requestText(big))).toEqual(big)
  })
})
