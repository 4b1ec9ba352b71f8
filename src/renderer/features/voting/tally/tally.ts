/**
 * The count in the app (docs/adr/0059; Belenios 2.5 "Partial decryptions" and "Election result"), with the portable
 * group, in the renderer:
 *
 * - the encrypted tally the node keeps (`vt/<uuid>/tally`) read with the election and trustees texts fixed at the
 *   opening, every point checked (in the group), shaped by the election's questions, and checked against the board:
 *   the product of the counted ballots' ciphertexts (the last of each credential) must be the node's tally, and their
 *   number its `num_tallied`;
 * - a trustee agency's partial decryption: its decryption key opened from its own voutput with its secret file, checked
 *   against the verification key in the trustees text, then the factors and their proofs (the text the ledger checks);
 * - the result an official publishes: every partial decryption sent, checked against its agency's verification key,
 *   the first `threshold` in the draft's order combined (as the rule does), the counts found up to the total weight.
 *
 * Pure functions take texts and return texts or a problem named for the screen; the reads below them use the node's
 * state route. Nothing here signs: the screens send what these make.
 */
import { z } from 'zod'
import type { ApiClient } from '../../../api/client'
import { parseAnswer } from '../../../api/parse'
import { questionLength, type Election } from '../../../../ledger/registries/voting/portable/belenios/election'
import { portableGroup as G, type PortablePoint as Pt, type ScalarSource } from '../../../../ledger/registries/voting/portable/belenios/group'
import { encryptedTallyText, type EncryptedTally } from '../../../../ledger/registries/voting/portable/belenios/tally'
import { ballotKey, ceremonyKey, partialKey, setupKey, tallyKey } from '../../../../ledger/registries/voting/portable/keys'
import { combineResult, decryptPart, readCountTexts, type CountRecord } from '../../../../ledger/registries/voting/portable/trustee-file'
import { getBoard } from '../api'
import type { TrusteeSecret } from '../trustee-ceremony'

/** What the count needs, read from the ledger and checked (the texts parsed by portable/trustee-file.ts, as the CLI's). */
export interface TallyRecord extends CountRecord<Pt> {
  numTallied: number
  totalWeight: number
}

/** Why the tally cannot be used, as a message key under votingScreens.tally.problem. */
export type TallyProblem = 'missing' | 'election' | 'trustees' | 'tally' | 'count' | 'ballot' | 'mismatch'

const Running = z.object({ text: z.string(), numTallied: z.number().int().nonnegative(), totalWeight: z.number().int().nonnegative() }).passthrough()

/** The record from its texts as the ledger keeps them: the tally's points checked, its shape the election's. */
export function tallyRecord(electionText: unknown, trusteesText: unknown, running: unknown): TallyRecord | { problem: TallyProblem } {
  if (typeof electionText !== 'string' || typeof trusteesText !== 'string' || running === null || running === undefined) return { problem: 'missing' }
  const r = Running.safeParse(running)
  // not trusted: every point parsed and checked as one from outside (the identity allowed: a choice nobody made)
  const rec = readCountTexts(G, { election: electionText, trustees: trusteesText, encryptedTally: r.success ? r.data.text : null })
  if ('reason' in rec) return { problem: rec.reason }
  if (!r.success) return { problem: 'tally' }
  if (r.data.totalWeight !== r.data.numTallied) return { problem: 'count' }
  return { ...rec, numTallied: r.data.numTallied, totalWeight: r.data.totalWeight }
}

/**
 * The product of these ballots' ciphertexts, shaped by the election (each weighs 1: the list is unweighted), or null
 * when one is not a ballot of this shape. The ballots' proofs are the validators' and the verifier's to check; this is
 * only the aggregation.
 */
export function sumBallots(election: Election<Pt>, ballots: readonly string[]): EncryptedTally<Pt> | null {
  const acc = election.questions.map((q) => Array.from({ length: questionLength(q) }, () => ({ alpha: G.identity, beta: G.identity })))
  for (const text of ballots) {
    let b: unknown
    try {
      b = JSON.parse(text)
    } catch {
      return null
    }
    const answers = (b as { answers?: unknown } | null)?.answers
    if (!Array.isArray(answers) || answers.length !== acc.length) return null
    for (const [i, row] of acc.entries()) {
      const choices = (answers[i] as { choices?: unknown } | null)?.choices
      if (!Array.isArray(choices) || choices.length !== row.length) return null
      for (const [j, c] of row.entries()) {
        const ct = choices[j] as { alpha?: unknown; beta?: unknown } | null
        const alpha = typeof ct?.alpha === 'string' ? G.parseTrusted(ct.alpha) : null
        const beta = typeof ct?.beta === 'string' ? G.parseTrusted(ct.beta) : null
        if (alpha === null || beta === null) return null
        row[j] = { alpha: G.add(c.alpha, alpha), beta: G.add(c.beta, beta) }
      }
    }
  }
  return acc
}

export const sameTally = (a: EncryptedTally<Pt>, b: EncryptedTally<Pt>): boolean => encryptedTallyText(G, a) === encryptedTallyText(G, b)

// ---- reads -------------------------------------------------------------------------------------------------------

const StateAnswer = z.object({ present: z.boolean(), value: z.unknown() }).passthrough()

/** A state key's value as the node's state route gives it (undefined when absent). */
export async function readState(client: ApiClient, key: string): Promise<unknown> {
  const body = parseAnswer(StateAnswer, await client.request('GET', `/state?key=${encodeURIComponent(key)}`), 'state')
  return body.present ? body.value : undefined
}

/** The record of an election from the node, checked (not yet against the board: `checkAgainstBoard`). */
export async function readTallyRecord(client: ApiClient, uuid: string): Promise<TallyRecord | { problem: TallyProblem }> {
  const [electionText, trusteesText, running] = await Promise.all([
    readState(client, setupKey(uuid, 'election')),
    readState(client, setupKey(uuid, 'trustees')),
    readState(client, tallyKey(uuid)),
  ])
  return tallyRecord(electionText, trusteesText, running)
}

/** How far a slow step has come: done of total. */
export type Progress = (done: number, total: number) => void

/**
 * The most ciphertexts (counted ballots × choices) the board check adds up in the renderer: at about 1 ms a
 * ciphertext (bench/voting-tally-app.ts) about a minute and a half. Above it the check is not made here and the screen
 * says so: the tally is then checked in the group and in its shape only, and the aggregation is the verifier's to
 * check over the exported archive (docs/adr/0059).
 */
export const BOARD_CHECK_MAX_CIPHERTEXTS = 100_000

const BOARD_PAGE = 1000
const READS_AT_ONCE = 16
const pause = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

/**
 * The node's tally checked against its board: the counted ballots (those no later ballot of the credential replaced)
 * read one by one, their number `num_tallied`, the product of their ciphertexts the tally. `checked: false` when the
 * tally is too large to add up here (`max` ciphertexts).
 */
export async function checkAgainstBoard(
  client: ApiClient,
  uuid: string,
  rec: TallyRecord,
  progress?: Progress,
  max = BOARD_CHECK_MAX_CIPHERTEXTS,
): Promise<{ ok: true; checked: boolean } | { ok: false; problem: TallyProblem }> {
  const perBallot = rec.tally.reduce((n, row) => n + row.length, 0)
  if (rec.numTallied * perBallot > max) return { ok: true, checked: false }
  const counted: string[] = []
  let total = 0
  for (let from = 1; ; from += BOARD_PAGE) {
    const page = await getBoard(client, uuid, from, BOARD_PAGE)
    total = page.ballots
    for (const e of page.entries) if (!e.replaced) counted.push(e.hash)
    if (!page.more || page.entries.length === 0) break
  }
  if (counted.length !== rec.numTallied) return { ok: false, problem: 'count' }
  const texts: string[] = []
  for (let i = 0; i < counted.length; i += READS_AT_ONCE) {
    const got = await Promise.all(counted.slice(i, i + READS_AT_ONCE).map((h) => readState(client, ballotKey(uuid, h))))
    for (const t of got) {
      if (typeof t !== 'string') return { ok: false, problem: 'ballot' }
      texts.push(t)
    }
    progress?.(texts.length, Math.max(total, counted.length))
    await pause()
  }
  const sum = sumBallots(rec.election, texts)
  if (sum === null) return { ok: false, problem: 'ballot' }
  return sameTally(sum, rec.tally) ? { ok: true, checked: true } : { ok: false, problem: 'mismatch' }
}

/** The partial decryptions sent, one per trustee agency in the draft's order (null where none). */
export async function readPartials(client: ApiClient, uuid: string, agencies: readonly string[]): Promise<(string | null)[]> {
  const got = await Promise.all(agencies.map((a) => readState(client, partialKey(uuid, a))))
  return got.map((t) => (typeof t === 'string' ? t : null))
}

/** The agency's own voutput text (its verification key and its encrypted decryption key). */
export async function readVoutput(client: ApiClient, uuid: string, agency: string): Promise<string | null> {
  const t = await readState(client, ceremonyKey(uuid, 'voutput', agency))
  return typeof t === 'string' ? t : null
}

// ---- the trustee's partial decryption and the result: portable/trustee-file.ts, the CLI's own ------------------

export type PartialProblem = 'voutput' | 'notOurs' | 'notTrustee'

/**
 * Trustee agency number `index` (1-based, the draft's order)'s partial decryption of the tally (decryptPart, as the
 * CLI makes it): its decryption key opened with the secret file from its voutput, and accepted only if it is the key
 * of the verification key the trustees text holds for it (the one the ledger checks the partial decryption against).
 */
export function makePartial(rec: TallyRecord, secret: TrusteeSecret, index: number, voutputText: string | null, rnd?: ScalarSource): { ok: true; text: string } | { ok: false; problem: PartialProblem } {
  const r = decryptPart(G, rec, { seed: secret.seed, index, voutput: voutputText }, rnd)
  if (r.ok) return r
  return { ok: false, problem: r.reason === 'trustees' ? 'notTrustee' : r.reason === 'key' ? 'notOurs' : 'voutput' }
}

export type ResultProblem = { reason: 'notEnough'; have: number } | { reason: 'badPartial'; trustee: number }

/**
 * The result text from the partial decryptions sent (one per trustee agency in the draft's order, null where none),
 * by combineResult as the CLI computes it: each checked against its verification key, the first `threshold` combined,
 * each count found up to the total weight. A partial decryption that does not check names its agency (the ledger
 * would not have taken it); trustee 0: verified partials that give no count (the tally and its weight disagree).
 */
export function computeResultText(rec: TallyRecord, threshold: number, partials: readonly (string | null)[]): { ok: true; text: string; used: number[] } | ({ ok: false } & ResultProblem) {
  const sent = partials.flatMap((text, i) => (text === null ? [] : [{ owner: i + 1, text }]))
  const r = combineResult(G, rec, { totalWeight: BigInt(rec.totalWeight), threshold, partials: sent })
  if (r.ok) return { ok: true, text: r.text, used: r.used }
  if (r.reason === 'not-enough') return { ok: false, reason: 'notEnough', have: r.count ?? 0 }
  return { ok: false, reason: 'badPartial', trustee: r.reason === 'bad-partial' ? (r.owner ?? 0) : 0 }
}

/** The committed result: its Belenios text and the number of ballots counted (the last of each credential). */
export async function getResultSummary(client: ApiClient, uuid: string): Promise<{ text: string; counted: number }> {
  const body = await client.request('GET', `/voting/elections/${encodeURIComponent(uuid)}/result`)
  return parseAnswer(z.object({ text: z.string(), counted: z.number().int().nonnegative() }).passthrough(), body, 'result')
}
