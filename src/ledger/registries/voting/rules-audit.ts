/**
 * A challenged ballot (Benaloh's cast-or-challenge; ADR 0048 session-4 amendment, ADR 0056): `voting.ballot.audit`,
 * the ballot's text and the randomness that opens it, sent by any key like a ballot. Checked at admission and again at
 * execution, cheapest first: the election open by the block's time; the ballot neither cast nor audited before (its
 * hash); the randomness's shape; the credential on the list; then the ballot verified as a cast one would be and every
 * ciphertext recomputed from the revealed r (portable/belenios/audit.ts, on the native group).
 *
 * It is never counted (the running tally and the board are untouched) and its credential may still vote; its hash is
 * marked seen so the same ballot can never be cast afterwards (rules-ballot reads the mark), and a ballot already cast
 * cannot be audited. Audited ballots are kept in commit order for the read route and the export's audit.json.
 */
import { z } from 'zod'
import { toHex, utf8 } from '../../codec/bytes'
import { sha256 } from '../../crypto/sha256'
import type { StateReader } from '../../state/view'
import type { AdmissionContext, TxContext } from '../types'
import { nodeGroup } from './node-group'
import { ballotTracker } from './portable/belenios'
import { checkSpoil, openChallengedBallot } from './portable/belenios/audit'
import { ELECTION_LIMITS } from './portable/belenios/election'
import { auditCountKey, auditKey, auditSeqKey, ballotKey, credentialKey, spoilKey } from './portable/keys'
import { VOTING_LIMITS, electionUuid } from './portable/schema'
import { ballotClaimKey, openElection } from './rules-ballot'
import { requireElection, vErr } from './rules-common'

/** A scalar below q in base 10 (at most 77 digits); the rule parses it exactly. */
const scalarText = z.string().min(1).max(77)

export const BallotAuditSchema = z
  .object({
    election: electionUuid,
    ballot: z.string().min(2).max(VOTING_LIMITS.ballotBytes),
    /** one list per question, one r per ciphertext (blank-allowed questions lead with the blank choice's r) */
    randomness: z.array(z.array(scalarText).min(1).max(ELECTION_LIMITS.answers + 1)).min(1).max(ELECTION_LIMITS.questions),
  })
  .strict()
export type BallotAuditPayload = z.infer<typeof BallotAuditSchema>

/** What is kept of an audited ballot, in commit order (the route and audit.json read it). */
export interface AuditRecord {
  [k: string]: unknown
  seq: number
  hash: string
  tracker: string
  credential: string
  ballot: string
  randomness: string[][]
  /** the plaintext the randomness opens, per question (0/1 per ciphertext, blank first) */
  plaintext: number[][]
  height: number
}

async function checkAudit(state: StateReader, p: BallotAuditPayload, time: number) {
  const h = await requireElection(state, p.election)
  if (h.stage !== 'open' || time < h.draft.opens || time >= h.draft.closes) throw vErr('VOTING_NOT_OPEN', undefined, { election: h.uuid })
  const hash = toHex(sha256(utf8(p.ballot)))
  if ((await state.get(ballotKey(h.uuid, hash))) !== undefined || (await state.get(auditKey(h.uuid, hash))) !== undefined)
    throw vErr('VOTING_BALLOT_SEEN', hash, { hash })
  const e = await openElection(state, h)
  // the credential's listing is asked by openChallengedBallot after the cheap checks: read it first (state is async)
  let credential: unknown
  try {
    credential = (JSON.parse(p.ballot) as { credential?: unknown }).credential
  } catch {
    throw vErr('VOTING_BAD_BALLOT', 'not JSON', { reason: 'malformed' })
  }
  if (typeof credential !== 'string' || (await state.get(credentialKey(h.uuid, credential))) === undefined)
    throw vErr('VOTING_UNKNOWN_CREDENTIAL', undefined, { election: h.uuid })
  // only a ballot its own credential spoiled in an earlier transaction is opened: published before, it could be cast
  if ((await state.get(spoilKey(h.uuid, hash))) !== credential) throw vErr('VOTING_AUDIT_NOT_SPOILED', hash, { hash })
  const o = openChallengedBallot(nodeGroup(), e, p.ballot, p.randomness)
  if (!o.ok) {
    const where = { ...(o.question !== undefined ? { question: o.question } : {}), ...(o.choice !== undefined ? { choice: o.choice } : {}) }
    if (o.reason === 'bad-randomness' || o.reason === 'randomness-mismatch')
      throw vErr('VOTING_AUDIT_NOT_OPENED', o.detail ?? o.reason, { reason: o.reason, ...where })
    throw vErr('VOTING_BAD_BALLOT', o.reason, { reason: o.reason, ...where })
  }
  return { h, hash, plaintext: o.plaintext, credential: o.credential }
}

export async function admitBallotAudit(ctx: AdmissionContext<BallotAuditPayload>): Promise<void> {
  await checkAudit(ctx.state, ctx.payload, ctx.time)
}

export async function applyBallotAudit(ctx: TxContext<BallotAuditPayload>): Promise<void> {
  const { h, hash, plaintext, credential } = await checkAudit(ctx.state, ctx.payload, ctx.time)
  const seq = (((await ctx.state.get(auditCountKey(h.uuid))) as number | undefined) ?? 0) + 1
  const record: AuditRecord = {
    seq,
    hash,
    tracker: ballotTracker(ctx.payload.ballot),
    credential,
    ballot: ctx.payload.ballot,
    randomness: ctx.payload.randomness,
    plaintext,
    height: ctx.height,
  }
  ctx.state.put(auditKey(h.uuid, hash), seq)
  ctx.state.put(auditSeqKey(h.uuid, seq), record as never)
  ctx.state.put(auditCountKey(h.uuid), seq)
}

/** Audited ballots of an election in commit order from `from` (1-based), at most `limit`; and whether more follow. */
export async function readAudits(state: StateReader, uuid: string, from: number, limit: number): Promise<{ total: number; audits: AuditRecord[]; more: boolean }> {
  const total = ((await state.get(auditCountKey(uuid))) as number | undefined) ?? 0
  const audits: AuditRecord[] = []
  const last = Math.min(total, from + limit - 1)
  for (let seq = from; seq <= last; seq++) audits.push((await state.get(auditSeqKey(uuid, seq))) as unknown as AuditRecord)
  return { total, audits, more: last < total }
}

// ---- the spoil that comes first (ADR 0056, amended after review) ----

export const BallotSpoilSchema = z
  .object({
    election: electionUuid,
    /** the SHA-256 of the ballot's text, hex: the ballot itself stays on the booth until the spoil is recorded */
    ballotHash: z.string().regex(/^[0-9a-f]{64}$/),
    credential: z.string().min(1).max(100),
    proof: z.object({ challenge: scalarText, response: scalarText }).strict(),
  })
  .strict()
export type BallotSpoilPayload = z.infer<typeof BallotSpoilSchema>

async function checkSpoilTx(state: StateReader, p: BallotSpoilPayload, time: number) {
  const h = await requireElection(state, p.election)
  if (h.stage !== 'open' || time < h.draft.opens || time >= h.draft.closes) throw vErr('VOTING_NOT_OPEN', undefined, { election: h.uuid })
  if ((await state.get(ballotKey(h.uuid, p.ballotHash))) !== undefined || (await state.get(spoilKey(h.uuid, p.ballotHash))) !== undefined)
    throw vErr('VOTING_BALLOT_SEEN', p.ballotHash, { hash: p.ballotHash })
  if ((await state.get(credentialKey(h.uuid, p.credential))) === undefined || !checkSpoil(nodeGroup(), h.uuid, p.ballotHash, p))
    throw vErr('VOTING_BAD_SPOIL', undefined, { election: h.uuid })
  return h
}

export async function admitBallotSpoil(ctx: AdmissionContext<BallotSpoilPayload>): Promise<void> {
  await checkSpoilTx(ctx.state, ctx.payload, ctx.time)
}

/** The ballot of this hash can never be cast from now on; its credential may open it (voting.ballot.audit). */
export async function applyBallotSpoil(ctx: TxContext<BallotSpoilPayload>): Promise<void> {
  const h = await checkSpoilTx(ctx.state, ctx.payload, ctx.time)
  ctx.state.put(spoilKey(h.uuid, ctx.payload.ballotHash), ctx.payload.credential)
}

/** A pending spoil holds its ballot's claim in the mempool, as a pending cast of it would (rules-ballot.ts). */
export function spoilClaim(p: BallotSpoilPayload): { key: string; refuse: () => Error } {
  return { key: ballotClaimKey(p.election, p.ballotHash), refuse: () => vErr('VOTING_BALLOT_SEEN', 'a transaction carrying this ballot is pending', { hash: p.ballotHash }) }
}
