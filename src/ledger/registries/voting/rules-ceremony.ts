/**
 * The trustees' key ceremony (Belenios's "Pedersen" protocol, docs/adr/0048): each named trustee agency sends its
 * certificate, then — once every certificate is in — its polynomial, then — once every polynomial is in — its voutput
 * from the vinput every node computes. Each message is checked as Belenios's server checks it (v-pedersen's
 * `check*`), and a failed check is refused with the code and the trustee agency at fault. Every check before the write.
 */
import type { StateReader } from '../../state/view'
import type { TxContext } from '../types'
import { nodeGroup } from './node-group'
import {
  type Checked,
  type ParsedCert,
  type ParsedPolynomial,
  type ParsedVoutput,
  type PedersenFailure,
  checkCert,
  checkPolynomial,
  checkVoutput,
  computeVinputs,
} from './portable/belenios/pedersen'
import { ceremonyKey, electionKey } from './portable/keys'
import { CEREMONY_STEPS, type CeremonyStep, type ElectionHead, type TrusteeMessage } from './portable/schema'
import { requireElection, requireStage, requireTrusteeAgency, vErr, withHead } from './rules-common'

type G = ReturnType<typeof nodeGroup>

/** A failed check as its code: a message of the wrong shape is VOTING_BAD_MESSAGE, any other VOTING_CEREMONY_CHECK; the agency at fault named. */
export function ceremonyRefusal(h: ElectionHead, f: PedersenFailure): Error {
  const agency = h.draft.trustees[f.trustee - 1] ?? null
  const code = f.reason.endsWith('-malformed') ? 'VOTING_BAD_MESSAGE' : 'VOTING_CEREMONY_CHECK'
  return vErr(code, `${agency === null ? '' : `trustee agency ${agency}: `}${f.detail}`, { election: h.uuid, trustee: agency, reason: f.reason })
}

function ok<T>(h: ElectionHead, c: Checked<T>): T {
  if (!c.ok) throw ceremonyRefusal(h, c)
  return c.value
}

/** The texts of a step, one per trustee agency in the draft's order (undefined where not sent yet). */
export async function stepTexts(state: StateReader, h: ElectionHead, step: CeremonyStep): Promise<Array<string | undefined>> {
  return Promise.all(h.draft.trustees.map(async (a) => (await state.get(ceremonyKey(h.uuid, step, a))) as string | undefined))
}

/** Every certificate, checked in order (each against those before it). */
export async function readCerts(state: StateReader, h: ElectionHead, G: G): Promise<ParsedCert<unknown>[]> {
  const out: ParsedCert<unknown>[] = []
  for (const [i, t] of (await stepTexts(state, h, 'cert')).entries()) out.push(ok(h, checkCert(G, t, i + 1, out)))
  return out
}

export async function readPolynomials(state: StateReader, h: ElectionHead, G: G, certs: ParsedCert<unknown>[]): Promise<ParsedPolynomial<unknown>[]> {
  const texts = await stepTexts(state, h, 'polynomial')
  return texts.map((t, i) => ok(h, checkPolynomial(G, certs, i + 1, t, h.draft.threshold)))
}

export async function readVoutputs(state: StateReader, h: ElectionHead, G: G, polys: ParsedPolynomial<unknown>[]): Promise<ParsedVoutput<unknown>[]> {
  const texts = await stepTexts(state, h, 'voutput')
  return texts.map((t, i) => ok(h, checkVoutput(G, polys, i + 1, t)))
}

/** The vinput of each trustee agency (in the draft's order), once every polynomial is in; null before. */
export async function vinputs(state: StateReader, h: ElectionHead): Promise<string[] | null> {
  if (h.ceremony.polynomial.length < h.draft.trustees.length) return null
  const G = nodeGroup()
  return computeVinputs(await readPolynomials(state, h, G, await readCerts(state, h, G)))
}

/** The rule of one step of the ceremony. */
export const applyTrusteeStep =
  (step: CeremonyStep) =>
  async (ctx: TxContext<TrusteeMessage>): Promise<void> => {
    const h = await requireElection(ctx.state, ctx.payload.election)
    const agency = requireTrusteeAgency(h, ctx.actingFor)
    requireStage(h, 'setup')
    const index = h.draft.trustees.indexOf(agency) + 1
    const at = CEREMONY_STEPS.indexOf(step)
    if (h.ceremony[step].includes(agency)) throw vErr('VOTING_STEP_ORDER', `agency ${agency} has sent its ${step}`, { trustee: agency, step })
    if (at > 0 && !h.ceremony[CEREMONY_STEPS[at - 1]!].includes(agency)) {
      throw vErr('VOTING_STEP_ORDER', `agency ${agency} has not sent its ${CEREMONY_STEPS[at - 1]!}`, { trustee: agency, step })
    }
    if (at > 0 && h.ceremony[CEREMONY_STEPS[at - 1]!].length < h.draft.trustees.length) {
      throw vErr('VOTING_CEREMONY_WAIT', `every trustee agency's ${CEREMONY_STEPS[at - 1]!} comes first`, { step })
    }
    const G = nodeGroup()
    const text = ctx.payload.message
    if (step === 'cert') {
      const others: ParsedCert<unknown>[] = []
      for (const [i, t] of (await stepTexts(ctx.state, h, 'cert')).entries()) if (t !== undefined) others.push(ok(h, checkCert(G, t, i + 1, [])))
      ok(h, checkCert(G, text, index, others))
    } else {
      const certs = await readCerts(ctx.state, h, G)
      if (step === 'polynomial') ok(h, checkPolynomial(G, certs, index, text, h.draft.threshold))
      else ok(h, checkVoutput(G, await readPolynomials(ctx.state, h, G, certs), index, text))
    }
    ctx.state.put(ceremonyKey(h.uuid, step, agency), text)
    ctx.state.put(electionKey(h.uuid), withHead(h, { ceremony: { ...h.ceremony, [step]: [...h.ceremony[step], agency] } }) as never)
  }
