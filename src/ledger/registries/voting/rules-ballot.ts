/**
 * A ballot (docs/adr/0048): sent by any key — its authorization is its credential's signature. Checked at admission
 * (against committed state) and again at execution, cheapest first: the election open by the block's time, the
 * ballot not seen before (its hash), its credential on the list, then v-crypto's verification (signature and every
 * proof, on the native group). The last ballot of a credential counts: the running encrypted tally takes the new
 * ballot in and the replaced one out.
 */
import { toHex, utf8 } from '../../codec/bytes'
import { sha256 } from '../../crypto/sha256'
import type { StateReader } from '../../state/view'
import type { AdmissionContext, TxContext } from '../types'
import { nodeGroup } from './node-group'
import {
  type Ballot,
  type Election,
  ballotTracker,
  emptyTally,
  encryptedTallyText,
  parseElection,
  parseEncryptedTally,
  tallyAdd,
  tallyRemove,
  verifyBallot,
} from './portable/belenios'
import { auditKey, ballotKey, ballotSeqKey, credentialKey, electionKey, lastBallotKey, setupKey, spoilKey, tallyKey } from './portable/keys'
import type { BallotPayload, ElectionHead } from './portable/schema'
import { requireElection, vErr, withHead } from './rules-common'

type P = unknown

/** The running tally: the `encrypted_tally` text, the ballots counted (one per credential) and their total weight. */
export interface RunningTally {
  [k: string]: unknown
  text: string
  numTallied: number
  totalWeight: number
}

const elections = new Map<string, Election<P>>()

/** The election's parsed `election` text (fixed at opening; kept parsed per node, the same on every node). */
export async function openElection(state: StateReader, h: ElectionHead): Promise<Election<P>> {
  const text = (await state.get(setupKey(h.uuid, 'election'))) as string
  const hit = elections.get(h.uuid)
  if (hit !== undefined && hit.text === text) return hit
  const r = parseElection(nodeGroup(), text)
  if (!r.ok) throw vErr('VOTING_PHASE', `the election text does not parse: ${r.reason}`)
  if (elections.size > 64) elections.clear()
  elections.set(h.uuid, r.election)
  return r.election
}

export const initialTally = (e: Election<P>): RunningTally => ({ text: encryptedTallyText(nodeGroup(), emptyTally(nodeGroup(), e)), numTallied: 0, totalWeight: 0 })

/**
 * Ballots verified, remembered by the election's fingerprint and the ballot text's hash: verification is a pure
 * function of the two texts, so a copy of a pending ballot sent again under fresh throwaway keys, and the ballot
 * executed after its admission, are not verified again. Bounded by entries and by the texts' total length; only
 * successes are kept (a refusal is computed each time, as before).
 */
const VERIFIED_MAX = 1024
const VERIFIED_MAX_CHARS = 16 * 1024 * 1024
const verified = new Map<string, { check: ReturnType<typeof verifyBallot<P>>; chars: number }>()
let verifiedChars = 0

function verifiedBallot(e: Election<P>, hash: string, text: string): ReturnType<typeof verifyBallot<P>> {
  const key = `${e.fingerprint}|${hash}`
  const hit = verified.get(key)
  if (hit !== undefined) return hit.check
  const r = verifyBallot(nodeGroup(), e, text)
  if (r.ok) {
    verified.set(key, { check: r, chars: text.length })
    verifiedChars += text.length
    for (const [k, v] of verified) {
      if (verified.size <= VERIFIED_MAX && verifiedChars <= VERIFIED_MAX_CHARS) break
      verified.delete(k)
      verifiedChars -= v.chars
    }
  }
  return r
}

interface CheckedBallot {
  h: ElectionHead
  e: Election<P>
  ballot: Ballot<P>
  hash: string
  tracker: string
}

/** Every check of a ballot, as of `time` on `state`: what admission and execution both run. */
export async function checkBallot(state: StateReader, p: BallotPayload, time: number): Promise<CheckedBallot> {
  const h = await requireElection(state, p.election)
  if (h.stage !== 'open' || time < h.draft.opens || time >= h.draft.closes) throw vErr('VOTING_NOT_OPEN', undefined, { election: h.uuid })
  const hash = toHex(sha256(utf8(p.ballot)))
  if ((await state.get(ballotKey(h.uuid, hash))) !== undefined) throw vErr('VOTING_BALLOT_SEEN', hash, { hash })
  // opened after a challenge: never cast (ADR 0056); an opening needs its own credential's spoil (rules-audit.ts)
  if ((await state.get(auditKey(h.uuid, hash))) !== undefined) throw vErr('VOTING_BALLOT_SEEN', hash, { hash })
  let credential: unknown
  try {
    credential = (JSON.parse(p.ballot) as { credential?: unknown }).credential
  } catch {
    throw vErr('VOTING_BAD_BALLOT', 'not JSON', { reason: 'malformed' })
  }
  if (typeof credential !== 'string' || (await state.get(credentialKey(h.uuid, credential))) === undefined) {
    throw vErr('VOTING_UNKNOWN_CREDENTIAL', undefined, { election: h.uuid })
  }
  // spoiled by its own credential: never cast (ADR 0056). A spoil of this hash by another credential does nothing to
  // the ballot: whoever saw it pending cannot block it so (ADR 0056, session-5 amendment).
  if ((await state.get(spoilKey(h.uuid, hash))) === credential) throw vErr('VOTING_BALLOT_SEEN', hash, { hash })
  const e = await openElection(state, h)
  const r = verifiedBallot(e, hash, p.ballot)
  if (!r.ok) throw vErr('VOTING_BAD_BALLOT', r.reason, { reason: r.reason, ...(r.question !== undefined ? { question: r.question } : {}) })
  return { h, e, ballot: r.ballot, hash, tracker: ballotTracker(p.ballot) }
}

/**
 * The mempool's claim of a ballot (docs/adr/0061): one pending transaction at a time may carry a given ballot text of
 * an election, so a copy sent again under fresh throwaway keys is refused at admission (`VOTING_BALLOT_SEEN`) while
 * the first is pending, without any verification. The audited-ballot transaction (`voting.ballot.audit`, ADR 0048
 * session-4 amendment) claims the same key — `ballotClaimKey(election, hash of the ballot text)` with its own
 * refusal — so a ballot pending as audited cannot be cast, nor a pending cast be audited.
 */
export const ballotClaimKey = (election: string, ballotHashHex: string): string => `voting.ballot|${election}|${ballotHashHex}`

export function ballotClaim(p: BallotPayload): { key: string; refuse: () => Error } {
  const hash = toHex(sha256(utf8(p.ballot)))
  return { key: ballotClaimKey(p.election, hash), refuse: () => vErr('VOTING_BALLOT_SEEN', 'a transaction carrying this ballot is pending', { hash }) }
}

export async function admitBallot(ctx: AdmissionContext<BallotPayload>): Promise<void> {
  await checkBallot(ctx.state, ctx.payload, ctx.time)
}

export async function applyBallot(ctx: TxContext<BallotPayload>): Promise<void> {
  const { h, e, ballot, hash, tracker } = await checkBallot(ctx.state, ctx.payload, ctx.time)
  const G = nodeGroup()
  const running = ((await ctx.state.get(tallyKey(h.uuid))) as unknown as RunningTally | undefined) ?? initialTally(e)
  let tally = parseEncryptedTally(G, e, running.text, { trusted: true })
  if (tally === null) throw vErr('VOTING_PHASE', 'the running tally does not parse')
  const replaced = (await ctx.state.get(lastBallotKey(h.uuid, ballot.credential))) as string | undefined
  let numTallied = running.numTallied + 1
  if (replaced !== undefined) {
    const old = verifiedBallot(e, replaced, (await ctx.state.get(ballotKey(h.uuid, replaced))) as string)
    if (!old.ok) throw vErr('VOTING_PHASE', 'a ballot kept does not verify')
    tally = tallyRemove(G, tally, old.ballot, 1n)
    numTallied -= 1
  }
  tally = tallyAdd(G, tally, ballot, 1n)
  const seq = h.ballots + 1
  ctx.state.put(ballotKey(h.uuid, hash), ctx.payload.ballot)
  ctx.state.put(ballotSeqKey(h.uuid, seq), { hash, tracker, credential: ballot.credential, ...(replaced !== undefined ? { replaces: replaced } : {}) })
  ctx.state.put(lastBallotKey(h.uuid, ballot.credential), hash)
  ctx.state.put(tallyKey(h.uuid), { text: encryptedTallyText(G, tally), numTallied, totalWeight: numTallied } satisfies RunningTally)
  ctx.state.put(electionKey(h.uuid), withHead(h, { ballots: seq }) as never)
}
