/**
 * The trustee's side of the key ceremony as the app runs it (features/voting/trustee-ceremony.ts): three agencies make
 * their certificates and secret files, then their polynomials, then their voutputs from the vinputs computed here —
 * each message accepted by the server's checks (v-pedersen's); the wrong secret file refused before anything is made;
 * a step made before the others' step is named as missing.
 */
import { describe, expect, it } from 'vitest'
import { portableGroup as G } from '../../src/ledger/registries/voting/portable/belenios/group'
import { checkCerts, checkPolynomial, checkVoutput } from '../../src/ledger/registries/voting/portable/belenios/pedersen'
import { makeCertificate, polynomialStep, readSecret, secretMatches, secretText, voutputStep } from '../../src/renderer/features/voting/trustee-ceremony'

const E = 'B4s1cE1ect1onUu1d'
const AGENCIES = ['trustee-a', 'trustee-b', 'trustee-c']

describe('the trustee ceremony in the app', () => {
  it('runs a 2-of-3 ceremony whose every message the server accepts', () => {
    const made = AGENCIES.map((a) => makeCertificate(E, a))
    const certs = made.map((m) => m.cert)
    const parsed = checkCerts(G, certs)
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    // the secret round-trips through its file
    const secrets = made.map((m, i) => {
      const s = readSecret(secretText(m.secret), E, AGENCIES[i]!)
      expect('problem' in s).toBe(false)
      return s as typeof m.secret
    })
    expect(secrets.map((s, i) => secretMatches(s, certs[i]!))).toEqual([true, true, true])
    expect(secretMatches(secrets[0]!, certs[1]!)).toBe(false)

    // a polynomial before every certificate is in names the one missing
    const early = polynomialStep(secrets[0]!, [certs[0]!, null, certs[2]!], 2)
    expect(early).toMatchObject({ ok: false, reason: 'missing', trustee: 2 })

    const polys = secrets.map((s) => {
      const r = polynomialStep(s, certs, 2)
      expect(r.ok).toBe(true)
      return r.ok ? r.message : ''
    })
    const checked = polys.map((p, i) => checkPolynomial(G, parsed.value, i + 1, p, 2))
    expect(checked.every((c) => c.ok)).toBe(true)
    const pv = checked.map((c) => (c.ok ? c.value : null)!)
    for (const [i, s] of secrets.entries()) {
      const r = voutputStep(s, i + 1, certs, polys, 2)
      expect(r.ok).toBe(true)
      if (r.ok) expect(checkVoutput(G, pv, i + 1, r.message).ok).toBe(true)
    }
  }, 60_000)

  it('refuses a secret file that is not one, or is another election\u2019s or another agency\u2019s', () => {
    const { secret } = makeCertificate(E, 'trustee-a')
    expect(readSecret('nope', E, 'trustee-a')).toEqual({ problem: 'unreadable' })
    expect(readSecret(JSON.stringify({ ...secret, seed: 'short' }), E, 'trustee-a')).toEqual({ problem: 'unreadable' })
    expect(readSecret(JSON.stringify({ ...secret, extra: 1 }), E, 'trustee-a')).toEqual({ problem: 'unreadable' })
    expect(readSecret(secretText(secret), 'AnotherE1ect1onUu1d', 'trustee-a')).toEqual({ problem: 'otherElection' })
    expect(readSecret(secretText(secret), E, 'trustee-b')).toEqual({ problem: 'otherAgency' })
  })
})
