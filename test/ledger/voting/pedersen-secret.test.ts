import { describe, expect, it } from 'vitest'
import { portableGroup as G } from '../../../src/ledger/registries/voting/portable/belenios/group'
import { generateTrustee } from '../../../src/ledger/registries/voting/portable/belenios/pedersen'
import { parseTrusteeSecret, TRUSTEE_SECRET_FORMAT, trusteeSecretText } from '../../../src/ledger/registries/voting/portable/belenios/pedersen-secret'

describe('TrusteeSecret, what a trustee stores', () => {
  const t = generateTrustee(G)
  const secret = { format: TRUSTEE_SECRET_FORMAT, version: 1 as const, election: 'Bj3x8aNd2cK7qWz', seed: t.seed, cert: t.cert }

  it('round-trips as JSON and holds the seed that made its certificate', () => {
    const text = trusteeSecretText(secret)
    expect(JSON.parse(text)).toEqual(secret)
    expect(parseTrusteeSecret(G, text)).toEqual({ ok: true, secret })
  })

  it("refuses another trustee's certificate beside the seed, and malformed texts", () => {
    const other = generateTrustee(G)
    expect(parseTrusteeSecret(G, trusteeSecretText({ ...secret, cert: other.cert }))).toEqual({ ok: false, problem: 'seed-does-not-match-cert' })
    for (const bad of [
      trusteeSecretText({ ...secret, seed: secret.seed.slice(1) }),
      trusteeSecretText({ ...secret, seed: secret.seed.slice(1) + '0' }),
      trusteeSecretText({ ...secret, election: 'short' }),
      trusteeSecretText({ ...secret, cert: '{}' }),
      JSON.stringify({ ...secret, version: 2 }),
      JSON.stringify({ ...secret, extra: true }),
      'null',
      42,
    ]) {
      expect(parseTrusteeSecret(G, bad)).toEqual({ ok: false, problem: 'malformed' })
    }
  })
})
