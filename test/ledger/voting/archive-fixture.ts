/**
 * A complete election generated with Daejang's Belenios code, for the archive's tests: a Pedersen key ceremony
 * (v-pedersen's harness, each step checked as the ledger checks it), voters' credentials, ballots (a re-vote, a blank
 * where the question allows it), the encrypted tally of the last ballots, partial decryptions with their proofs from
 * some trustees, and the result — every text as the ledger keeps it, ready for buildArchive.
 */
import { buildArchive, type ElectionRecord } from '../../../src/ledger/registries/voting/portable/archive/archive'
import { createBallot } from '../../../src/ledger/registries/voting/portable/belenios/ballot'
import { generateCredential, publicCredential } from '../../../src/ledger/registries/voting/portable/belenios/credential'
import { parseElection, questionLength, type Election } from '../../../src/ledger/registries/voting/portable/belenios/election'
import { syntheticFactors } from '../../../src/ledger/registries/voting/portable/belenios/pedersen-decrypt'
import { discreteLog, partialDecrypt } from '../../../src/ledger/registries/voting/portable/belenios/tally'
import { trusteesText } from '../../../src/ledger/registries/voting/portable/belenios/trustees'
import { G, runCeremony, type Ceremony, type Pt } from './pedersen-harness'

export { G }
export type { Pt }

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

export function randomUuid(): string {
  const b = new Uint8Array(22)
  globalThis.crypto.getRandomValues(b)
  return Array.from(b, (x) => B58[x % 58]).join('')
}

export interface QuestionSpec {
  question: string
  answers: string[]
  min: number
  max: number
  blank?: boolean
}

export interface GeneratedElection {
  record: ElectionRecord
  uuid: string
  election: Election<Pt>
  ceremony: Ceremony
  /** each voter's private credential, in list order */
  credentials: string[]
  publicCredentials: string[]
  /** each accepted ballot: its voter and its plaintext */
  cast: Array<{ voter: number; plaintext: number[][]; text: string }>
  /** the expected result: the sum of the last ballots' plaintexts */
  expected: number[][]
  /** the tally's points (for tests that forge a partial decryption) */
  tally: Array<Array<{ alpha: Pt; beta: Pt }>>
}

export interface ElectionOptions {
  voters?: number
  questions?: QuestionSpec[]
  /** which trustees (1-based) partial-decrypt */
  deciders?: number[]
  /** a plaintext for voter v's k-th ballot (k = 0, then 1 for a re-vote) */
  vote?: (v: number, k: number, q: QuestionSpec[]) => number[][]
  /** voters who vote again (the last ballot counts) */
  revoters?: number[]
  /** voters who do not vote */
  abstainers?: number[]
  timestamp?: number
  /** names in ASCII only (sirona's own archive writer sizes files by characters, not bytes) */
  ascii?: boolean
}

export const DEFAULT_QUESTIONS: QuestionSpec[] = [
  { question: '대표를 고르십시오 / Choose a representative', answers: ['김하나', '이두리', '박세찬'], min: 1, max: 1, blank: true },
  { question: 'Approve the budget?', answers: ['Yes', 'No'], min: 0, max: 1 },
]

function defaultVote(v: number, k: number, qs: QuestionSpec[]): number[][] {
  return qs.map((q) => {
    const n = q.answers.length
    const m = Array.from({ length: n }, () => 0)
    const pick = (v * 7 + k * 3) % (n + 1)
    if (q.blank === true) {
      // voter 3 votes blank on a blank-allowed question
      if (v === 3 && k === 0) return [1, ...m]
      m[pick % n] = 1
      return [0, ...m]
    }
    if (q.min === 0 && pick === n) return m
    m[pick % n] = 1
    return m
  })
}

export function generateElection(opts: ElectionOptions = {}): GeneratedElection {
  const voters = opts.voters ?? 12
  const questions = opts.questions ?? DEFAULT_QUESTIONS
  const deciders = opts.deciders ?? [1, 3]
  const vote = opts.vote ?? defaultVote
  const revoters = new Set(opts.revoters ?? [0])
  const abstainers = new Set(opts.abstainers ?? [voters - 1])
  const ceremony = runCeremony(3, 2)
  const trustees = trusteesText([{ kind: 'Pedersen', text: ceremony.params }])
  const uuid = randomUuid()
  const credentials = Array.from({ length: voters }, () => generateCredential())
  const publicCredentials = credentials.map((c) => publicCredential(G, uuid, c))
  const electionText = JSON.stringify({
    version: 1,
    description: opts.ascii === true ? 'a Daejang test election' : '대장 시험 선거 — a Daejang test election',
    name: opts.ascii === true ? 'Daejang test election' : '대장 시험 선거',
    group: 'Ed25519',
    public_key: G.toString(ceremony.y),
    questions: questions.map((q) => ({ answers: q.answers, ...(q.blank === true ? { blank: true } : {}), min: q.min, max: q.max, question: q.question })),
    uuid,
    administrator: opts.ascii === true ? 'National Election Commission' : '중앙선거관리위원회',
    credential_authority: opts.ascii === true ? 'Ministry of the Interior and Safety' : '행정안전부',
  })
  const parsed = parseElection(G, electionText)
  if (!parsed.ok) throw new Error(`election: ${parsed.reason}`)
  const election = parsed.election
  const cast: GeneratedElection['cast'] = []
  for (let v = 0; v < voters; v++) {
    if (abstainers.has(v)) continue
    const plaintext = vote(v, 0, questions)
    cast.push({ voter: v, plaintext, text: createBallot(G, election, credentials[v]!, plaintext).text })
  }
  for (const v of revoters) {
    const plaintext = vote(v, 1, questions)
    cast.push({ voter: v, plaintext, text: createBallot(G, election, credentials[v]!, plaintext).text })
  }
  // last(B): the last ballot of each voter
  const last = new Map<number, (typeof cast)[number]>()
  for (const c of cast) {
    last.delete(c.voter)
    last.set(c.voter, c)
  }
  const expected = election.questions.map((q, i) => Array.from({ length: questionLength(q) }, (_, j) => [...last.values()].reduce((s, c) => s + c.plaintext[i]![j]!, 0)))
  // the encrypted tally: the product of the last ballots' ciphertexts (every weight 1)
  const tally = election.questions.map((q, i) =>
    Array.from({ length: questionLength(q) }, (_, j) => {
      let alpha = G.identity
      let beta = G.identity
      for (const c of last.values()) {
        const ct = (JSON.parse(c.text) as { answers: Array<{ choices: Array<{ alpha: string; beta: string }> }> }).answers[i]!.choices[j]!
        alpha = G.add(alpha, G.parse(ct.alpha)!)
        beta = G.add(beta, G.parse(ct.beta)!)
      }
      return { alpha, beta }
    }),
  )
  const encryptedTally = JSON.stringify(tally.map((row) => row.map((c) => ({ alpha: G.toString(c.alpha), beta: G.toString(c.beta) }))))
  const partialDecryptions = deciders.map((owner) => {
    const { text, decryption } = partialDecrypt(G, election.fingerprint, ceremony.keys[owner - 1]!, tally)
    return { owner, text, factors: decryption.factors.map((row) => [...row]) }
  })
  const byOwner = [1, 2, 3].map((o) => partialDecryptions.find((p) => p.owner === o)?.factors ?? null)
  const combined = syntheticFactors(G, tally, ceremony.trustees, byOwner)
  if (!combined.ok) throw new Error(`combine: ${combined.failure}`)
  const log = discreteLog(G, BigInt(voters + 1))
  const result = tally.map((row, i) => row.map((c, j) => {
      const m = log(G.sub(c.beta, combined.factors[i]![j]!))
      if (m === null) throw new Error('the tally does not decrypt to a small count')
      return Number(m)
    }),
  )
  const record: ElectionRecord = {
    timestamp: opts.timestamp ?? 1764745200,
    election: electionText,
    trustees,
    publicCredentials: JSON.stringify(publicCredentials),
    ballots: cast.map((c) => c.text),
    closed: true,
    tally: { encryptedTally, numTallied: last.size, totalWeight: last.size },
    partialDecryptions: partialDecryptions.map(({ owner, text }) => ({ owner, text })),
    result: JSON.stringify({ result }),
  }
  return { record, uuid, election, ceremony, credentials, publicCredentials, cast, expected, tally }
}

export function generatedArchive(opts: ElectionOptions = {}): { bytes: Uint8Array; gen: GeneratedElection } {
  const gen = generateElection(opts)
  return { bytes: buildArchive(gen.record), gen }
}
