/** A tiny Belenios election for the voting crypto tests: the election text written as the specification orders it. */
import { loadNativeGroup } from '../../../src/ledger/registries/voting/belenios-native'
import { parseElection, type Election, type QuestionH } from '../../../src/ledger/registries/voting/portable/belenios/election'
import { Q, portableGroup, type Group } from '../../../src/ledger/registries/voting/portable/belenios/group'

export const PG = portableGroup
export const NG = loadNativeGroup()!
export const UUID = 'XLE4bDuwvXp4Lk'

export function questionText(q: QuestionH): string {
  const blank = q.blank ? ',"blank":true' : ''
  return `{"answers":${JSON.stringify(q.answers)}${blank},"min":${q.min},"max":${q.max},"question":${JSON.stringify(q.question)}}`
}

export function electionText(publicKey: string, questions: readonly QuestionH[], uuid = UUID): string {
  return `{"version":1,"description":"Test election","name":"Test","group":"Ed25519","public_key":"${publicKey}","questions":[${questions.map(questionText).join(',')}],"uuid":"${uuid}"}`
}

export function makeElection<P>(G: Group<P>, x: bigint, questions: readonly QuestionH[], uuid = UUID): Election<P> {
  const r = parseElection(G, electionText(G.toString(G.baseMul(x)), questions, uuid))
  if (!r.ok) throw new Error(r.reason)
  return r.election
}

export const ONE_OF_FIVE: QuestionH = { answers: ['A', 'B', 'C', 'D', 'E'], blank: false, min: 1, max: 1, question: 'Who?' }
export const TWO_OF_THREE_BLANK: QuestionH = { answers: ['X', 'Y', 'Z'], blank: true, min: 1, max: 2, question: 'Which?' }
export const ZERO_TO_TWO: QuestionH = { answers: ['P', 'Q'], blank: false, min: 0, max: 2, question: 'Any?' }

/** A deterministic scalar sequence (for known answers): SplitMix-like over bigint, reduced mod q. */
export function fixedScalars(seed: bigint): () => bigint {
  let s = seed
  return () => {
    s = (s * 6364136223846793005n + 1442695040888963407n) % (1n << 256n)
    return s % Q
  }
}
