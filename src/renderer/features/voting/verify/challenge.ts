/**
 * A challenged ballot's check (Benaloh's cast-or-challenge; docs/adr/0060): the election and the opened ballot as
 * the booth shows it (the ballot's text and its randomness; or an entry of the audit file, `{ ballot, randomness }`)
 * are read with bounds, and the voting registry's openChallengedBallot recomputes every ciphertext: the page shows
 * the choices the ballot holds, or why it does not open, in words. Portable, on the page's thread (one ballot).
 */
import { openChallengedBallot, selectedAnswers, type AuditRefusal } from '../../../../ledger/registries/voting/portable/belenios/audit'
import { BALLOT_MAX_CHARS } from '../../../../ledger/registries/voting/portable/belenios/ballot'
import { parseElection } from '../../../../ledger/registries/voting/portable/belenios/election'
import { portableGroup } from '../../../../ledger/registries/voting/portable/belenios/group'

/** an election text is a few kB; a thousand answers fit in far less than this */
export const ELECTION_MAX_CHARS = 1_000_000

export type ChallengeProblem = 'no-election' | 'bad-election' | 'no-ballot' | 'too-large' | 'bad-randomness' | 'not-this-election' | 'bad-ballot' | 'does-not-open'

export type ChallengeCheck =
  | {
      ok: true
      tracker: string
      /** per question: its text and the answers chosen, or null for a blank vote */
      choices: Array<{ question: string; answers: string[] | null }>
    }
  | { ok: false; problem: ChallengeProblem }

const REFUSALS: Record<AuditRefusal, ChallengeProblem> = {
  malformed: 'bad-ballot',
  'wrong-election-uuid': 'not-this-election',
  'wrong-election-hash': 'not-this-election',
  'wrong-answer-count': 'not-this-election',
  'bad-credential': 'bad-ballot',
  'unknown-credential': 'bad-ballot',
  'bad-signature': 'bad-ballot',
  'bad-ciphertext': 'bad-ballot',
  'bad-individual-proof': 'bad-ballot',
  'bad-overall-proof': 'bad-ballot',
  'bad-blank-proof': 'bad-ballot',
  'bad-randomness': 'bad-randomness',
  'randomness-mismatch': 'does-not-open',
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * The ballot and its randomness from what was pasted: `{ ballot, randomness }` in the first field (the booth's or the
 * audit file's), or the ballot's text in the first and the randomness (a JSON list of lists) in the second.
 */
function readOpened(ballotField: string, randomnessField: string): { ballot: string; randomness: unknown } | ChallengeProblem {
  const b = ballotField.trim()
  if (b === '') return 'no-ballot'
  const j = parse(b)
  if (typeof j === 'object' && j !== null && !Array.isArray(j) && 'randomness' in j && 'ballot' in j) {
    const o = j as { ballot: unknown; randomness: unknown }
    return typeof o.ballot === 'string' ? { ballot: o.ballot, randomness: o.randomness } : 'bad-ballot'
  }
  const r = randomnessField.trim()
  if (r === '') return 'bad-randomness'
  const rj = parse(r)
  return rj === undefined ? 'bad-randomness' : { ballot: b, randomness: rj }
}

/** Opens a challenged ballot for an election; never throws. */
export function checkChallengedBallot(electionText: string, ballotField: string, randomnessField: string): ChallengeCheck {
  const fail = (problem: ChallengeProblem): ChallengeCheck => ({ ok: false, problem })
  if (electionText.trim() === '') return fail('no-election')
  if (electionText.length > ELECTION_MAX_CHARS || ballotField.length > BALLOT_MAX_CHARS * 2 || randomnessField.length > 200_000) return fail('too-large')
  try {
    const parsed = parseElection(portableGroup, electionText.trim())
    if (!parsed.ok) return fail('bad-election')
    const opened = readOpened(ballotField, randomnessField)
    if (typeof opened === 'string') return fail(opened)
    const o = openChallengedBallot(portableGroup, parsed.election, opened.ballot, opened.randomness)
    if (!o.ok) return fail(REFUSALS[o.reason])
    const selected = selectedAnswers(parsed.election, o.plaintext)
    return { ok: true, tracker: o.tracker, choices: parsed.election.questions.map((q, i) => ({ question: q.question, answers: selected[i] === undefined ? [] : selected[i]! })) }
  } catch {
    return fail('bad-ballot')
  }
}
