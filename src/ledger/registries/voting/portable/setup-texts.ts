/**
 * The setup texts of an election as the Belenios 2.5 specification serialises them ("Messages → Elections",
 * "Credentials", "Public data"): compact JSON, fields in the specification's order. Written once, at opening, by the
 * rule (every node the same text), then kept as text: the hashes of the archive and of every ballot are of these
 * texts, never of a re-serialisation. Portable.
 */
import type { Draft, Question } from './schema'

const j = (s: string): string => JSON.stringify(s)

/** A homomorphic question (`question_h`): answers, ?blank, min, max, question — blank written only when allowed. */
export function questionText(q: Question): string {
  return `{"answers":[${q.answers.map(j).join(',')}]${q.blank === true ? ',"blank":true' : ''},"min":${q.min},"max":${q.max},"question":${j(q.question)}}`
}

/** The `election` structure: version 1, the draft's description and name, the Ed25519 group, the key y, the uuid. */
export function electionText(d: Pick<Draft, 'name' | 'description' | 'questions'>, uuid: string, publicKey: string): string {
  return `{"version":1,"description":${j(d.description)},"name":${j(d.name)},"group":"Ed25519","public_key":${j(publicKey)},"questions":[${d.questions.map(questionText).join(',')}],"uuid":${j(uuid)}}`
}

/** The `public_credentials` structure: the list of public credentials (unweighted), sorted. */
export const publicCredentialsText = (credentials: readonly string[]): string => `[${credentials.map(j).join(',')}]`

/** The `setup_data` structure: the hashes of the three texts above (the Setup event's payload). */
export const setupDataText = (h: { election: string; trustees: string; credentials: string }): string =>
  `{"election":${j(h.election)},"trustees":${j(h.trustees)},"credentials":${j(h.credentials)}}`
