/**
 * The tally (docs/adr/0048): after the close, each named trustee agency sends its partial decryption of the
 * encrypted tally, checked against its verification key; an official sends the result, which the rule checks
 * against the tally and the partial decryptions of the first `threshold` agencies (it does not trust the sender).
 */
import type { StateReader } from '../../state/view'
import type { TxContext } from '../types'
import { nodeGroup } from './node-group'
import {
  type EncryptedTally,
  type Election,
  checkResult,
  combineFactors,
  parseEncryptedTally,
  parseResult,
  resultText,
  verifyPartialDecryption,
} from './portable/belenios'
import { ownerKey, parseTrustees } from './portable/belenios/trustees'
import { electionKey, partialKey, partialOrderKey, resultKey, setupKey, tallyKey } from './portable/keys'
import type { ElectionHead, ResultPayload, TrusteeMessage } from './portable/schema'
import { type RunningTally, openElection } from './rules-ballot'
import { requireElection, requireOfficial, requireStage, requireTrusteeAgency, vErr, withHead } from './rules-common'

type P = unknown

export async function fixedTally(state: StateReader, h: ElectionHead, e: Election<P>): Promise<{ running: RunningTally; tally: EncryptedTally<P> }> {
  const running = (await state.get(tallyKey(h.uuid))) as unknown as RunningTally
  const tally = parseEncryptedTally(nodeGroup(), e, running.text, { trusted: true })
  if (tally === null) throw vErr('VOTING_PHASE', 'the encrypted tally does not parse')
  return { running, tally }
}

/** The verification key (its text) of trustee agency number `index` (1-based), from the election's trustees text. */
async function verificationKeyText(state: StateReader, h: ElectionHead, index: number): Promise<string> {
  const G = nodeGroup()
  const trustees = parseTrustees(G, (await state.get(setupKey(h.uuid, 'trustees'))) as string)
  const k = trustees === null ? null : ownerKey(trustees, index)
  if (k === null) throw vErr('VOTING_PHASE', 'the trustees text has no key for this trustee')
  return G.toString(k.publicKey)
}

/** A trustee agency's partial decryption, checked: the factors, with their proofs, of its key share. */
async function checkedPartial(state: StateReader, h: ElectionHead, e: Election<P>, tally: EncryptedTally<P>, agency: string, text: string) {
  const index = h.draft.trustees.indexOf(agency) + 1
  const r = verifyPartialDecryption(nodeGroup(), e.fingerprint, await verificationKeyText(state, h, index), tally, text)
  if (!r.ok) throw vErr('VOTING_BAD_PARTIAL', `trustee agency ${agency}: ${r.reason}`, { trustee: agency, reason: r.reason })
  return { index, factors: r.decryption.factors }
}

export async function applyPartial(ctx: TrusteeCtx): Promise<void> {
  const h = await requireElection(ctx.state, ctx.payload.election)
  const agency = requireTrusteeAgency(h, ctx.actingFor)
  requireStage(h, 'closed', 'decrypting')
  if ((await ctx.state.get(partialKey(h.uuid, agency))) !== undefined) throw vErr('VOTING_PARTIAL_TWICE', agency, { trustee: agency })
  const e = await openElection(ctx.state, h)
  const { tally } = await fixedTally(ctx.state, h, e)
  await checkedPartial(ctx.state, h, e, tally, agency, ctx.payload.message)
  // its place in commit order, for the archive (export.ts): the ones sent before it, plus one
  const before = (await partials(ctx.state, h)).length
  ctx.state.put(partialKey(h.uuid, agency), ctx.payload.message)
  ctx.state.put(partialOrderKey(h.uuid, before + 1), agency)
  if (h.stage === 'closed') ctx.state.put(electionKey(h.uuid), withHead(h, { stage: 'decrypting' }) as never)
}
type TrusteeCtx = TxContext<TrusteeMessage>

/** The partial decryptions sent, by agency (in the draft's order). */
export async function partials(state: StateReader, h: ElectionHead): Promise<Array<{ agency: string; text: string }>> {
  const out: Array<{ agency: string; text: string }> = []
  for (const agency of h.draft.trustees) {
    const text = (await state.get(partialKey(h.uuid, agency))) as string | undefined
    if (text !== undefined) out.push({ agency, text })
  }
  return out
}

/** The result the ledger's partial decryptions give (the CLI computes it with this, the rule checks against it). */
export async function combinedFactors(state: StateReader, h: ElectionHead) {
  const e = await openElection(state, h)
  const { running, tally } = await fixedTally(state, h, e)
  const sent = await partials(state, h)
  if (sent.length < h.draft.threshold) throw vErr('VOTING_NOT_ENOUGH_PARTIALS', `${sent.length} of ${h.draft.threshold}`)
  const shares = await Promise.all(sent.map((s) => checkedPartial(state, h, e, tally, s.agency, s.text)))
  const F = combineFactors(nodeGroup(), tally, [{ kind: 'pedersen', threshold: h.draft.threshold, shares }])
  return { running, tally, F }
}

export async function applyResult(ctx: TxContext<ResultPayload>): Promise<void> {
  const h = await requireElection(ctx.state, ctx.payload.election)
  requireOfficial(h, ctx.actingFor)
  requireStage(h, 'closed', 'decrypting')
  const { tally, F } = await combinedFactors(ctx.state, h)
  const result = parseResult(ctx.payload.result)
  if (result === null || resultText(result) !== ctx.payload.result) throw vErr('VOTING_BAD_RESULT', 'not a result text in canonical form')
  if (!checkResult(nodeGroup(), tally, F, result)) throw vErr('VOTING_BAD_RESULT')
  ctx.state.put(resultKey(h.uuid), ctx.payload.result)
  ctx.state.put(electionKey(h.uuid), withHead(h, { stage: 'result' }) as never)
}
