/**
 * The trustee's side of the count, written once for every front end (the CLI's `daejang election trustee`, and the
 * app's screens): the secret file of docs/adr/0054 (`daejang-trustee-secret/1`: the election's uuid, the agency, the
 * Belenios seed), the check that a file is the one whose certificate the agency published, and the partial
 * decryption of the encrypted tally with the key share the trustee opens from its own voutput, and the result from the
 * partial decryptions. Any group backend: the CLI passes the native one, the renderer the portable one. Pure: no file,
 * no network. The app's screens (features/voting/tally/tally.ts) and the CLI call these same functions, so they cannot
 * disagree on a partial decryption or a result.
 */
import { z } from 'zod'
import type { Group, ScalarSource } from './belenios/group'
import { checkCerts, openDecryptionKey } from './belenios/pedersen'
import { deriveKeys, isSeed } from './belenios/pedersen-pki'
import { parseElection, type Election } from './belenios/election'
import { combineFactors, computeResult, parseEncryptedTally, partialDecrypt, resultText, verifyPartialDecryption, type EncryptedTally } from './belenios/tally'
import { ownerKey, parseTrustees, readTrusteeKey, trusteeKeyText, type TrusteeKind } from './belenios/trustees'

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

/** The texts of the count, parsed and checked: the election, its trustees, the encrypted tally in the election's shape. */
export interface CountRecord<P> {
  election: Election<P>
  trustees: TrusteeKind<P>[]
  tally: EncryptedTally<P>
}

export type CountTextFailure = 'election' | 'trustees' | 'tally'

/**
 * The election, trustees and encrypted tally texts as the ledger keeps them, parsed: every point checked as one from
 * outside (the tally's identity allowed: a choice nobody made), the tally shaped by the election's questions.
 */
export function readCountTexts<P>(G: Group<P>, i: { election: unknown; trustees: unknown; encryptedTally: unknown }): CountRecord<P> | { reason: CountTextFailure } {
  if (typeof i.election !== 'string') return { reason: 'election' }
  const e = parseElection(G, i.election)
  if (!e.ok) return { reason: 'election' }
  const trustees = parseTrustees(G, i.trustees)
  if (trustees === null) return { reason: 'trustees' }
  if (typeof i.encryptedTally !== 'string') return { reason: 'tally' }
  const tally = parseEncryptedTally(G, e.election, i.encryptedTally)
  if (tally === null) return { reason: 'tally' }
  return { election: e.election, trustees, tally }
}

export type PartialFailure = CountTextFailure | 'voutput' | 'key'
export type PartialStep = { ok: true; text: string } | { ok: false; reason: PartialFailure }

/**
 * Trustee number `index` (1-based, its place among the trustee agencies) decrypts its part of the checked tally: its
 * verification key is the one the `trustees` text names for it (`trustees` when there is none: not a trustee); its
 * voutput must carry that key (`voutput` when it is not a voutput) and its key share must open with the seed to that
 * key (`key`). The `partial_decryption` text with its proofs (`rnd`: the proofs' randomness, for tests only).
 */
export function decryptPart<P>(G: Group<P>, rec: CountRecord<P>, i: { seed: string; index: number; voutput: string | null }, rnd?: ScalarSource): PartialStep {
  const mine = ownerKey(rec.trustees, i.index)
  if (mine === null) return { ok: false, reason: 'trustees' }
  if (i.voutput === null) return { ok: false, reason: 'voutput' }
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
  // openDecryptionKey gives x only when g^x is the voutput's key, checked above to be this trustee's
  const x = openDecryptionKey(G, i.seed, { text: i.voutput, privateKey: v.private_key, publicKey, publicKeyText: trusteeKeyText(G, publicKey) })
  if (x === null) return { ok: false, reason: 'key' }
  return { ok: true, text: partialDecrypt(G, rec.election.fingerprint, x, rec.tally, rnd).text }
}

/** The partial decryption from the ledger's texts (the CLI's `daejang election trustee … partial`): decryptPart. */
export function partialDecryptionStep<P>(
  G: Group<P>,
  i: { seed: string; index: number; election: string; trustees: string; encryptedTally: string; voutput: string },
  rnd?: ScalarSource,
): PartialStep {
  const rec = readCountTexts(G, i)
  if ('reason' in rec) return { ok: false, reason: rec.reason }
  return decryptPart(G, rec, i, rnd)
}

export type ResultFailure = CountTextFailure | 'not-enough' | 'bad-partial'
/** `used`: the trustees (by number) whose factors were combined, the first `threshold` of those sent. */
export type ResultStep = { ok: true; text: string; result: bigint[][]; used: number[] } | { ok: false; reason: ResultFailure; owner?: number; count?: number }

/**
 * The result an official computes from the ledger (as the rule checks it: rules-tally.ts): every partial decryption
 * checked against its trustee's verification key, the first `threshold` (by trustee number) combined, each count
 * found up to the total weight; the `result` text in canonical form. A bad partial (or a trustee's second one) names
 * its trustee (`owner`); too
 * few say how many checked (`count`); verified partials that give no count up to the total weight are `tally` (the
 * tally and the weight disagree).
 */
export function combineResult<P>(
  G: Group<P>,
  rec: CountRecord<P>,
  i: { totalWeight: bigint; threshold: number; partials: ReadonlyArray<{ owner: number; text: string }> },
): ResultStep {
  const shares: Array<{ index: number; factors: P[][] }> = []
  for (const p of [...i.partials].sort((a, b) => a.owner - b.owner)) {
    const k = shares.some((s) => s.index === p.owner) ? null : ownerKey(rec.trustees, p.owner)
    const r = k === null ? null : verifyPartialDecryption(G, rec.election.fingerprint, G.toString(k.publicKey), rec.tally, p.text)
    if (r === null || !r.ok) return { ok: false, reason: 'bad-partial', owner: p.owner }
    shares.push({ index: p.owner, factors: r.decryption.factors.map((row) => [...row]) })
  }
  if (shares.length < i.threshold) return { ok: false, reason: 'not-enough', count: shares.length }
  let result: bigint[][]
  try {
    result = computeResult(G, rec.tally, combineFactors(G, rec.tally, [{ kind: 'pedersen', threshold: i.threshold, shares }]), i.totalWeight)
  } catch {
    return { ok: false, reason: 'tally' }
  }
  return { ok: true, text: resultText(result), result, used: shares.slice(0, i.threshold).map((s) => s.index) }
}

/** The result from the ledger's texts (the CLI's `daejang election result`): combineResult. */
export function resultStep<P>(
  G: Group<P>,
  i: { election: string; trustees: string; encryptedTally: string; totalWeight: bigint; threshold: number; partials: ReadonlyArray<{ owner: number; text: string }> },
): ResultStep {
  const rec = readCountTexts(G, i)
  if ('reason' in rec) return { ok: false, reason: rec.reason }
  return combineResult(G, rec, i)
}
