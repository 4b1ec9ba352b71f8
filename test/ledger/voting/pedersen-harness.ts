/** A Pedersen ceremony run end to end on the portable group, for the tests (each step checked as the server does). */
import { expect } from 'vitest'
import { portableGroup as G, type PortablePoint } from '../../../src/ledger/registries/voting/portable/belenios/group'
import {
  checkCerts,
  checkPolynomial,
  checkThresholdParameters,
  checkVoutput,
  computeVinputs,
  generateTrustee,
  makePolynomial,
  makeVoutput,
  openDecryptionKey,
  thresholdParameters,
  type Checked,
  type ParsedCert,
  type ParsedPolynomial,
  type ParsedVoutput,
} from '../../../src/ledger/registries/voting/portable/belenios/pedersen'
import { electionPublicKey, parseTrustees, trusteesText, type TrusteeKind } from '../../../src/ledger/registries/voting/portable/belenios/trustees'

export type Pt = PortablePoint
export { G }

export function ok<T>(r: Checked<T>): T {
  if (!r.ok) throw new Error(`unexpected failure: ${r.reason} (trustee ${r.trustee}): ${r.detail}`)
  return r.value
}

export function expectFailure<T>(r: Checked<T>, reason: string, trustee: number): void {
  expect(r.ok).toBe(false)
  if (!r.ok) expect({ reason: r.reason, trustee: r.trustee }).toEqual({ reason, trustee })
}

export interface Ceremony {
  n: number
  threshold: number
  seeds: string[]
  certTexts: string[]
  certs: ParsedCert<Pt>[]
  polyTexts: string[]
  polys: ParsedPolynomial<Pt>[]
  vinputs: string[]
  voutputs: ParsedVoutput<Pt>[]
  keys: bigint[]
  params: string
  trustees: TrusteeKind<Pt>[]
  y: Pt
}

/** Run every step of an honest ceremony, each message checked as the server checks it. */
export function runCeremony(n: number, threshold: number): Ceremony {
  const gen = Array.from({ length: n }, () => generateTrustee(G))
  const seeds = gen.map((t) => t.seed)
  const certTexts = gen.map((t) => t.cert)
  const certs = ok(checkCerts(G, certTexts))
  const polyTexts = seeds.map((s) => ok(makePolynomial(G, s, certTexts, threshold)))
  const polys: ParsedPolynomial<Pt>[] = []
  polyTexts.forEach((p, i) => polys.push(ok(checkPolynomial(G, certs, i + 1, p, threshold, polys))))
  const vinputs = computeVinputs(polys)
  const outs = seeds.map((s, j) => makeVoutput(G, s, certTexts, vinputs[j]))
  const voutputs = outs.map((o, j) => {
    if (!o.ok) throw new Error(`voutput ${j + 1}: ${o.reason} (trustee ${o.trustee})`)
    return ok(checkVoutput(G, polys, j + 1, o.voutput))
  })
  const keys = seeds.map((s, j) => {
    const x = openDecryptionKey(G, s, voutputs[j]!)
    if (x === null) throw new Error(`trustee ${j + 1} cannot open its key`)
    return x
  })
  const params = thresholdParameters(G, certs, polys, voutputs)
  const trustees = parseTrustees(G, trusteesText([{ kind: 'Pedersen', text: params }]))
  if (trustees === null || trustees[0]!.kind !== 'Pedersen') throw new Error('trustees do not parse')
  ok(checkThresholdParameters(G, trustees[0]!.params))
  const y = electionPublicKey(G, trustees)
  if (y === null) throw new Error('no election key')
  return { n, threshold, seeds, certTexts, certs, polyTexts, polys, vinputs, voutputs, keys, params, trustees, y }
}

/** ElGamal of the small integer m under y with randomness r: (g^r, y^r g^m). */
export function encrypt(y: Pt, m: bigint, r: bigint): { alpha: Pt; beta: Pt } {
  return { alpha: G.baseMul(r), beta: G.add(G.mul(y, r), G.baseMul(m)) }
}
