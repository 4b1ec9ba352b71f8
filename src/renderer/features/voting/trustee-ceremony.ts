/**
 * The trustee's side of the key ceremony in the app (Belenios's Pedersen protocol, docs/adr/0048 and 0054), with the
 * portable group: make the certificate and the trustee's secret, make the polynomial from every certificate, make the
 * voutput from the vinput computed here from every polynomial (as every node computes it). The ledger's texts are
 * read through the node's state route (`vt/<uuid>/ceremony/<step>-<agency>`, stored as the exact message text).
 *
 * The secret (the Belenios seed every key of the trustee derives from) never goes to the node: it is a file the
 * trustee saves and keeps (docs/adr/0054), opened again at each later step, possibly on another day or computer.
 */
import { z } from 'zod'
import type { ApiClient } from '../../api/client'
import { parseAnswer } from '../../api/parse'
import { portableGroup as G } from '../../../ledger/registries/voting/portable/belenios/group'
import {
  checkCerts,
  checkPolynomial,
  computeVinputs,
  generateTrustee,
  makePolynomial,
  makeVoutput,
  type PedersenReason,
} from '../../../ledger/registries/voting/portable/belenios/pedersen'
import { ceremonyKey } from '../../../ledger/registries/voting/portable/keys'
import type { CeremonyStep } from '../../../ledger/registries/voting/portable/schema'
import { TRUSTEE_FILE_FORMAT, type TrusteeFile as TrusteeSecret, seedMatchesCert } from '../../../ledger/registries/voting/portable/trustee-file'

// the secret file is portable/trustee-file.ts's, the CLI's too (one format, one reader): its names as this screen uses them
export {
  TRUSTEE_FILE_FORMAT as SECRET_FORMAT,
  type TrusteeFile as TrusteeSecret,
  readTrusteeFile as readSecret,
  trusteeFileText as secretText,
} from '../../../ledger/registries/voting/portable/trustee-file'

/** Step 1: a fresh secret and the certificate to publish. */
export function makeCertificate(election: string, agency: string): { secret: TrusteeSecret; cert: string } {
  const { seed, cert } = generateTrustee(G)
  return { secret: { format: TRUSTEE_FILE_FORMAT, election, agency, seed }, cert }
}

/** The texts of a step, one per trustee agency in the draft's order (null where not sent). */
export async function readStep(client: ApiClient, election: string, trustees: readonly string[], step: CeremonyStep): Promise<(string | null)[]> {
  const answer = z.object({ present: z.boolean(), value: z.unknown() }).passthrough()
  return Promise.all(
    trustees.map(async (agency) => {
      const body = parseAnswer(answer, await client.request('GET', `/state?key=${encodeURIComponent(ceremonyKey(election, step, agency))}`), 'ceremony message')
      return body.present && typeof body.value === 'string' ? body.value : null
    }),
  )
}

/** A step that cannot be made, in words' terms: the reason and the trustee (1-based) at fault, 0 when none. */
export interface StepFailure {
  reason: PedersenReason | 'missing'
  trustee: number
  /** an accusation to publish when another trustee's share did not open (Daejang's addition) */
  accusation?: string
}
export type StepResult = { ok: true; message: string } | ({ ok: false } & StepFailure)

const all = (texts: readonly (string | null)[]): texts is string[] => texts.every((t) => t !== null)

/** Whether the secret is the one whose certificate this agency published (the wrong file, told before anything is made). */
export const secretMatches = (secret: TrusteeSecret, myCert: string | null): boolean => seedMatchesCert(G, secret.seed, myCert)

/** Step 2: the polynomial, from every certificate. */
export function polynomialStep(secret: TrusteeSecret, certs: readonly (string | null)[], threshold: number): StepResult {
  if (!all(certs)) return { ok: false, reason: 'missing', trustee: certs.indexOf(null) + 1 }
  const r = makePolynomial(G, secret.seed, certs, threshold)
  return r.ok ? { ok: true, message: r.value } : { ok: false, reason: r.reason, trustee: r.trustee }
}

/** Step 3: the voutput, from the vinput computed here from every certificate and polynomial (each checked). */
export function voutputStep(secret: TrusteeSecret, index: number, certs: readonly (string | null)[], polys: readonly (string | null)[], threshold: number): StepResult {
  if (!all(certs)) return { ok: false, reason: 'missing', trustee: certs.indexOf(null) + 1 }
  if (!all(polys)) return { ok: false, reason: 'missing', trustee: polys.indexOf(null) + 1 }
  const parsed = checkCerts(G, certs)
  if (!parsed.ok) return { ok: false, reason: parsed.reason, trustee: parsed.trustee }
  const checked = []
  for (const [i, p] of polys.entries()) {
    const c = checkPolynomial(G, parsed.value, i + 1, p, threshold)
    if (!c.ok) return { ok: false, reason: c.reason, trustee: c.trustee }
    checked.push(c.value)
  }
  const vinput = computeVinputs(checked)[index - 1]
  const r = makeVoutput(G, secret.seed, certs, vinput)
  if (r.ok) return { ok: true, message: r.voutput }
  return { ok: false, reason: r.reason, trustee: r.trustee, ...('accusation' in r && r.accusation ? { accusation: r.accusation.text } : {}) }
}
