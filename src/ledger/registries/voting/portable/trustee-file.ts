/**
 * The trustee's side of the count, written once for every front end (the CLI's `daejang election trustee`, and the
 * app's screens): the secret file of docs/adr/0054 (`daejang-trustee-secret/1`: the election's uuid, the agency, the
 * Belenios seed), the check that a file is the one whose certificate the agency published, and the partial
 * decryption of the encrypted tally with the key share the trustee opens from its own voutput. Any group backend:
 * the CLI passes the native one, the renderer the portable one. Pure: no file, no network.
 */
import { z } from 'zod'
import type { Group } from './belenios/group'
import { checkCerts } from './belenios/pedersen'
import { deriveKeys, isSeed } from './belenios/pedersen-pki'
import { openDecryptionKey } from './belenios/pedersen'
import { parseElection } from './belenios/election'
import { combineFactors, computeResult, parseEncryptedTally, partialDecrypt, resultText, verifyPartialDecryption } from './belenios/tally'
import { ownerKey, parseTrustees, readTrusteeKey, trusteeKeyText } from './belenios/trustees'

export const TRUSTEE_FILE_FORMAT = 'daejang-trustee-secret/1'

export interface TrusteeFile {
  format: typeof TRUSTEE_FILE_FORMAT
  election: string
  agency: string
  /** the Belenios seed: the trustee's only secret (its signing, encryption and decryption keys derive from it) */
  seed: string
}

const FileSchema = z.object({ format: z.literal(TRUSTEE_FILE_FORMAT), election: z.string(), agency: z.string(), seed: z.string().refine(isSeed) }).strict()

export type TrusteeFileProblem = 'unreadable' | 'otherElection' | 'otherAgency'

/** The secret file for this election and agency, or what is wrong with it (nothing is computed from a wrong one). */
export function readTrusteeFile(text: string, election: string, agency: string): TrusteeFile | { problem: TrusteeFileProblem } {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { problem: 'unreadable' }
  }
  const s = FileSchema.safeParse(json)
  if (!s.success) return { problem: 'unreadable' }
  if (s.data.election !== election) return { problem: 'otherElection' }
  if (s.data.agency !== agency) return { problem: 'otherAgency' }
  return s.data as TrusteeFile
}

export function trusteeFileText(s: TrusteeFile): string {
  return `${JSON.stringify(s, null, 2)}\n`
}

/** Whether the seed is the one whose certificate the agency published (its derived keys compared), false when none is. */
export function seedMatchesCert<P>(G: Group<P>, seed: string, cert: string | null): boolean {
  if (cert === null) return false
  const keys = deriveKeys(G, seed)
  const certs = checkCerts(G, [cert])
  return certs.ok && G.equals(certs.value[0]!.keys.verification, keys.vk) && G.equals(certs.value[0]!.keys.encryption, keys.ek)
}

export type PartialFailure = 'election' | 'trustees' | 'tally' | 'voutput' | 'key'
export type PartialStep = { ok: true; text: string } | { ok: false; reason: PartialFailure }

/**
 * Trustee number `index` (1-based, its place among the trustee agencies) decrypts its part of the encrypted tally: the
 * key share is opened from its own voutput with the seed and must be the verification key the `trustees` text names
 * for it; the `partial_decryption` text with its proofs. Reasons: a text that does not parse (`election`,
 * `trustees`, `tally`, `voutput`) or a seed that does not open this trustee's share (`key`).
 */
export function partialDecryptionStep<P>(
  G: Group<P>,
  i: { seed: string; index: number; election: string; trustees: string; encryptedTally: string; voutput: string },
): PartialStep {
  const e = parseElection(G, i.election)
  if (!e.ok) return { ok: false, reason: 'election' }
  const trustees = parseTrustees(G, i.trustees)
  const mine = trustees === null ? null : ownerKey(trustees, i.index)
  if (mine === null) return { ok: false, reason: 'trustees' }
  const tally = parseEncryptedTally(G, e.election, i.encryptedTally)
  if (tally === null) return { ok: false, reason: 'tally' }
  let o: unknown
  try {
    o = JSON.parse(i.voutput)
  } catch {
    return { ok: false, reason: 'voutput' }
  }
  const v = o !== null && typeof o === 'object' ? (o as Record<string, unknown>) : {}
  const publicKey = readTrusteeKey(G, v.public_key)
  if (publicKey === null || typeof v.private_key !== 'string') return { ok: false, reason: 'voutput' }
  if (!G.equals(publicKey.publicKey, mine.publicKey)) return { ok: false, reason: 'key' }
  const x = openDecryptionKey(G, i.seed, { text: i.voutput, privateKey: v.private_key, publicKey, publicKeyText: trusteeKeyText(G, publicKey) })
  if (x === null) return { ok: false, reason: 'key' }
  return { ok: true, text: partialDecrypt(G, e.election.fingerprint, x, tally).text }
}

export type ResultFailure = 'election' | 'trustees' | 'tally' | 'not-enough' | 'bad-partial'
export type ResultStep = { ok: true; text: string; result: bigint[][] } | { ok: false; reason: ResultFailure; owner?: number; count?: number }

/**
 * The result an official computes from the ledger (as the rule checks it: rules-tally.ts): every partial decryption
 * checked against its trustee's verification key, the first `threshold` (by trustee number) combined, each count
 * found up to the total weight; the `result` text in canonical form. A bad partial names its trustee (`owner`).
 */
export function resultStep<P>(
  G: Group<P>,
  i: { election: string; trustees: string; encryptedTally: string; totalWeight: bigint; threshold: number; partials: ReadonlyArray<{ owner: number; text: string }> },
): ResultStep {
  const e = parseElection(G, i.election)
  if (!e.ok) return { ok: false, reason: 'election' }
  const trustees = parseTrustees(G, i.trustees)
  if (trustees === null) return { ok: false, reason: 'trustees' }
  const tally = parseEncryptedTally(G, e.election, i.encryptedTally)
  if (tally === null) return { ok: false, reason: 'tally' }
  const shares: Array<{ index: number; factors: P[][] }> = []
  for (const p of [...i.partials].sort((a, b) => a.owner - b.owner)) {
    const k = ownerKey(trustees, p.owner)
    const r = k === null ? null : verifyPartialDecryption(G, e.election.fingerprint, G.toString(k.publicKey), tally, p.text)
    if (r === null || !r.ok) return { ok: false, reason: 'bad-partial', owner: p.owner }
    shares.push({ index: p.owner, factors: r.decryption.factors.map((row) => [...row]) })
  }
  if (shares.length < i.threshold) return { ok: false, reason: 'not-enough', count: shares.length }
  const F = combineFactors(G, tally, [{ kind: 'pedersen', threshold: i.threshold, shares }])
  let result: bigint[][]
  try {
    result = computeResult(G, tally, F, i.totalWeight)
  } catch {
    // verified partials that still give no count up to the total weight: the tally and the weight disagree
    return { ok: false, reason: 'tally' }
  }
  return { ok: true, text: resultText(result), result }
}
