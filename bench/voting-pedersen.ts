/**
 * The Pedersen key ceremony (npx tsx bench/voting-pedersen.ts): for 3 trustees (threshold 2), 5 (threshold 3) and
 * 10 (threshold 6), the time of each trustee step (certificate, polynomial, voutput) and of the server's checks that
 * every node runs as rules (all certificates, all polynomials, all voutputs, the threshold parameters), on the
 * portable group (renderer) and the native one (node). Median of a few runs, milliseconds.
 */
import { loadNativeGroup } from '../src/ledger/registries/voting/belenios-native'
import { portableGroup, type Group } from '../src/ledger/registries/voting/portable/belenios/group'
import * as pedersen from '../src/ledger/registries/voting/portable/belenios/pedersen'
import type { Checked, ParsedPolynomial } from '../src/ledger/registries/voting/portable/belenios/pedersen'
import { parseTrustees, trusteesText } from '../src/ledger/registries/voting/portable/belenios/trustees'

function ok<T>(r: Checked<T>): T {
  if (!r.ok) throw new Error(`${r.reason} (trustee ${r.trustee})`)
  return r.value
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now()
  const v = f()
  return [v, performance.now() - t0]
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

function once<P>(G: Group<P>, n: number, k: number): Record<string, number> {
  const [gen, tCert] = time(() => Array.from({ length: n }, () => pedersen.generateTrustee(G)))
  const certTexts = gen.map((t) => t.cert)
  const [certs, tCheckCerts] = time(() => ok(pedersen.checkCerts(G, certTexts)))
  const [polyTexts, tPoly] = time(() => gen.map((t) => ok(pedersen.makePolynomial(G, t.seed, certTexts, k))))
  const [polys, tCheckPolys] = time(() => {
    const out: ParsedPolynomial<P>[] = []
    polyTexts.forEach((p, i) => out.push(ok(pedersen.checkPolynomial(G, certs, i + 1, p, k, out))))
    return out
  })
  const vinputs = pedersen.computeVinputs(polys)
  const [vouts, tVout] = time(() =>
    gen.map((t, j) => {
      const r = pedersen.makeVoutput(G, t.seed, certTexts, vinputs[j])
      if (!r.ok) throw new Error(r.reason)
      return r.voutput
    }),
  )
  const [checked, tCheckVouts] = time(() => vouts.map((v, j) => ok(pedersen.checkVoutput(G, polys, j + 1, v))))
  const params = pedersen.thresholdParameters(G, certs, polys, checked)
  const [, tParams] = time(() => {
    const t = parseTrustees(G, trusteesText([{ kind: 'Pedersen', text: params }]))![0]!
    if (t.kind === 'Pedersen') ok(pedersen.checkThresholdParameters(G, t.params))
  })
  return {
    'trustee: certificate': tCert / n,
    'trustee: polynomial': tPoly / n,
    'trustee: voutput': tVout / n,
    'rules: all certificates': tCheckCerts,
    'rules: all polynomials': tCheckPolys,
    'rules: all voutputs': tCheckVouts,
    'verifier: threshold parameters': tParams,
  }
}

const groups: [string, Group<unknown>][] = [['portable', portableGroup as Group<unknown>]]
const native = loadNativeGroup()
if (native) groups.push(['native', native as Group<unknown>])

for (const [name, G] of groups) {
  for (const [n, k] of [
    [3, 2],
    [5, 3],
    [10, 6],
  ] as const) {
    const runs = Array.from({ length: 3 }, () => once(G, n, k))
    const line = Object.keys(runs[0]!)
      .map((key) => `${key} ${median(runs.map((r) => r[key]!)).toFixed(1)}`)
      .join(' · ')
    console.log(`pedersen ${name} ${k}-of-${n} (ms): ${line}`)
  }
}
