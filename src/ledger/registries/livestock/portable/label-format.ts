/**
 * The livestock label's formats (docs/adr/0045). Portable.
 * - the QR code (format 2), `DJ:LIVESTOCK/2/` + the decimal digits (QR numeric mode, codec/base10) of canonical CBOR
 *   `[checkpoint, head, steps]`: the block's header and commit compacted against the trust list
 *   (verify/checkpoint.ts), the head's value in a compact form that gives back exactly the value stored
 *   (`lv/a/<number>/head`: breed, sex, birth, origin, the farms with their dates, slaughter and inspection, grade,
 *   alerts) and the bit-packed steps of its state proof to the block's app hash (label-compact.ts). The key is
 *   rebuilt from the number; so the code alone proves, offline, every fact the small label prints. Format 1
 *   (base45, `DJ:LIVESTOCK/1:`) was never deployed and is refused in words.
 * - the label's file (`daejang-livestock-label/1`, attached to the label PDF as `livestock-label-bundle.json`): the QR
 *   text, the certified range proof of the animal's whole group (head and every event, none left out) with the trust
 *   steps, the history in words and the label's facts as printed — derived again by the verifier and compared;
 * - a later proof (`daejang-livestock-head/1`): the head proven as of a later block, from any node, to tell whether a
 *   label is still current (a later label's file serves too).
 */
import { z } from 'zod'
import { DaejangError } from '../../../../shared/errors'
import { fromBase10 } from '../../../codec/base10'
import { type Canonical, decodeCanonical, encodeCanonical } from '../../../codec/canonical'
import { type CertifiedState, certifiedStateFromJson, certifiedStateToJson } from '../../../proofs/certified-state'
import type { TrustList } from '../../../proofs/proof'
import { sha256 } from '../../../crypto/sha256'
import type { Commit, Header, Validator } from '../../../types/block'
import { EVENT_KINDS } from './schema'
import { compactCheckpoint, expandCheckpoint } from '../../../verify/checkpoint'
import { qrText } from '../../../verify/qr'
import { animalNumberProblem } from './identifiers'
import { animalKey } from './keys'
import { compactHead, expandHead, packStepsCompact, unpackStepsCompact } from './label-compact'
import type { HistoryText, LabelFacts } from './label-model'

export const LIVESTOCK_REGISTRY = 'livestock'
export const LABEL_FORMAT = 2
/** the first format (base45, a looser compaction): never deployed, refused in words */
export const LABEL_FORMAT_V1 = 1
/** QR version 25 at level L: a 34 mm code with modules of ~0.29 mm (issue 11: "≤ 25 for a 3 cm code") */
export const LABEL_MAX_QR_VERSION = 25
/** what the QR text of format 2 starts with; decimal digits follow */
export const LABEL_QR_PREFIX = `DJ:LIVESTOCK/${LABEL_FORMAT}/`
export const LABEL_BUNDLE_FORMAT = 'daejang-livestock-label/1'
export const HEAD_PROOF_FORMAT = 'daejang-livestock-head/1'
/** The bundle's name inside a label PDF. */
export const LABEL_BUNDLE_FILE = 'livestock-label-bundle.json'
/** The largest label file read (an animal's group holds at most a few hundred events). */
export const MAX_LABEL_BUNDLE_BYTES = 2 << 20

function invalid(why: string): DaejangError {
  return new DaejangError('PROOF_INVALID', why)
}

/** The QR code's certified state: the head's proof of presence, its header and commit. */
export function encodeLabelQr(state: CertifiedState, animal: string, set: readonly Validator[]): Uint8Array {
  if (state.proof.kind !== 'present' || state.proof.key !== animalKey(animal)) throw invalid(`not a proof of the head of animal ${animal}`)
  const v = state.proof.value
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array || v.animal !== animal) throw invalid(`not the record of animal ${animal}`)
  // the animal number is the head's own `animal` field: written once
  return encodeCanonical([compactCheckpoint(state.header, state.commit, set), compactHead(v), packStepsCompact(state.proof.steps)])
}

export function labelQrText(state: CertifiedState, animal: string, set: readonly Validator[]): string {
  return qrText(LIVESTOCK_REGISTRY, LABEL_FORMAT, encodeLabelQr(state, animal, set), 'decimal')
}

/**
 * The fallback for a head too long for a small code (ADR 0045, as land's extracts, ADR 0036): `[checkpoint, the
 * animal number as BCD digits, SHA-256 of the head's canonical value]`. It binds the label to the block and to the
 * head its file proves; read alone it proves nothing about the facts and is refused in words (LIVESTOCK_LABEL_QR_ONLY).
 */
export function labelDigestQrText(state: CertifiedState, animal: string, set: readonly Validator[]): string {
  if (state.proof.kind !== 'present' || state.proof.key !== animalKey(animal)) throw invalid(`not a proof of the head of animal ${animal}`)
  const bytes = encodeCanonical([compactCheckpoint(state.header, state.commit, set), compactHead(animal), sha256(encodeCanonical(state.proof.value))])
  return qrText(LIVESTOCK_REGISTRY, LABEL_FORMAT, bytes, 'decimal')
}

/** A digest QR code read back: the block (header and commit, completed from the trust list), the animal, the head's hash. */
export interface LabelDigest {
  animal: string
  header: Header
  commit: Commit
  headHash: Uint8Array
}

/** Why a label of format 1 is not read. */
export const OLD_LABEL_FORMAT =
  'this is a livestock label QR code of format 1, which was never issued to the public and is no longer read: print the label again (format 2)'

/** The QR code read back — its full form as certified state, or its digest form — its checkpoint completed from the trust list. */
export function decodeLabelQr(bytes: Uint8Array, trust: TrustList): { animal: string; state: CertifiedState; digest: null } | { animal: string; state: null; digest: LabelDigest } {
  let v: Canonical
  try {
    v = decodeCanonical(bytes)
  } catch (e) {
    throw invalid('the QR code is not canonical CBOR: ' + (e as Error).message)
  }
  if (!Array.isArray(v) || v.length !== 3) throw invalid('not a livestock label QR code')
  const [cp, compact, steps] = v
  if (compact instanceof Uint8Array) {
    // the digest form: the number's digits, then the head's hash
    const animal = expandHead(compact)
    if (typeof animal !== 'string' || animalNumberProblem(animal) !== null) throw invalid('the QR code names no animal number')
    if (!(steps instanceof Uint8Array) || steps.length !== 32) throw invalid("the QR code's digest is not a 32-byte hash")
    const { header, commit } = expandCheckpoint(cp!, trust)
    return { animal, state: null, digest: { animal, header, commit, headHash: steps } }
  }
  if (!(steps instanceof Uint8Array)) throw invalid('the QR code carries no proof steps')
  const head = expandHead(compact!)
  const animal = typeof head === 'object' && head !== null && !Array.isArray(head) && !(head instanceof Uint8Array) ? head.animal : undefined
  if (typeof animal !== 'string' || animalNumberProblem(animal) !== null) throw invalid('the QR code names no animal number')
  const { header, commit } = expandCheckpoint(cp!, trust)
  return { animal, state: { proof: { kind: 'present', key: animalKey(animal), value: head, steps: unpackStepsCompact(steps) }, header, commit }, digest: null }
}

/** The decimal body of a `DJ:LIVESTOCK/2/` text (read without the verifier list, as a bundle carries it). */
export function labelQrBody(text: string): Uint8Array {
  const t = text.trim()
  const prefix = LABEL_QR_PREFIX
  if (t.toUpperCase().startsWith(`DJ:LIVESTOCK/${LABEL_FORMAT_V1}:`)) throw invalid(OLD_LABEL_FORMAT)
  if (!t.toUpperCase().startsWith(prefix)) throw invalid(`a livestock label's QR text starts with ${prefix}`)
  try {
    return fromBase10(t.slice(prefix.length))
  } catch (e) {
    throw invalid("the label's QR text is not decimal digits: " + (e as Error).message)
  }
}

/** The animal a label's QR text names, read from its record without checking the proof (that is the verifier's), or null. */
export function labelQrAnimal(text: string): string | null {
  try {
    const v = decodeCanonical(labelQrBody(text))
    if (!Array.isArray(v) || v.length !== 3) return null
    const head = v[1] instanceof Uint8Array ? { animal: expandHead(v[1]) } : expandHead(v[1]!)
    const animal = typeof head === 'object' && head !== null && !Array.isArray(head) && !(head instanceof Uint8Array) ? head.animal : undefined
    return typeof animal === 'string' && animalNumberProblem(animal) === null ? animal : null
  } catch {
    return null
  }
}

// ------------------------------------------------------------------------------------------------ the label's file

const fact = z.tuple([z.string().max(100), z.string().max(4000)])
const HistoryTextSchema = z
  .object({
    animal: z.string().max(20),
    lang: z.enum(['ko', 'en']),
    height: z.number().int().min(0),
    facts: z.array(fact).max(40),
    lines: z
      .array(
        z
          .object({
            seq: z.number().int().min(1),
            date: z.string().max(20),
            kind: z.enum(EVENT_KINDS),
            what: z.string().max(1000),
            site: z.string().max(20),
            late: z.string().max(100),
            alert: z.boolean(),
          })
          .strict(),
      )
      .max(5000),
    alerts: z.number().int().min(0),
  })
  .strict()
const LabelFactsSchema = z
  .object({ animal: z.string().max(20), lang: z.enum(['ko', 'en']), facts: z.array(fact).max(40), alerts: z.number().int().min(0) })
  .strict()

export interface LabelBundleJson {
  format: typeof LABEL_BUNDLE_FORMAT
  animal: string
  lang: 'ko' | 'en'
  /** when the node issued it (its clock, ms): printed, not proven */
  issuedAt: number
  /** the QR code's text, as printed */
  qr: string
  /** the certified range proof of the animal's group (daejang-state-proof/1), with the trust steps */
  state: unknown
  /** the history as the label's file states it, and the facts the label prints: derived again by the verifier */
  text: HistoryText
  label: LabelFacts
}

/** A label read from its file. */
export interface LabelEvidence {
  animal: string
  lang: 'ko' | 'en'
  issuedAt: number
  qr: string
  state: CertifiedState
  text: HistoryText
  label: LabelFacts
}

export function labelBundleToJson(e: LabelEvidence): LabelBundleJson {
  return { format: LABEL_BUNDLE_FORMAT, animal: e.animal, lang: e.lang, issuedAt: e.issuedAt, qr: e.qr, state: certifiedStateToJson(e.state), text: e.text, label: e.label }
}

function parseState(x: unknown): CertifiedState {
  try {
    return certifiedStateFromJson(x)
  } catch (e) {
    throw invalid('certified state: ' + (e as Error).message)
  }
}

const ANIMAL = /^\d{12}$/

export const isLabelBundleJson = (x: unknown): boolean => typeof x === 'object' && x !== null && (x as { format?: unknown }).format === LABEL_BUNDLE_FORMAT

export function labelBundleFromJson(input: unknown): LabelEvidence {
  const r = z
    .object({
      format: z.literal(LABEL_BUNDLE_FORMAT),
      animal: z.string().regex(ANIMAL),
      lang: z.enum(['ko', 'en']),
      issuedAt: z.number().int().min(0),
      qr: z.string().max(4000),
      state: z.unknown(),
      text: HistoryTextSchema,
      label: LabelFactsSchema,
    })
    .strict()
    .safeParse(input)
  if (!r.success) throw invalid(`livestock label file ${r.error.issues[0]?.path.join('.') ?? ''}: ${r.error.issues[0]?.message ?? 'invalid'}`)
  const b = r.data
  return { animal: b.animal, lang: b.lang, issuedAt: b.issuedAt, qr: b.qr, state: parseState(b.state), text: b.text, label: b.label }
}

// ------------------------------------------------------------------------------------------------ later proofs

export interface HeadProofJson {
  format: typeof HEAD_PROOF_FORMAT
  animal: string
  state: unknown
}

/** A later proof of an animal (its head, or its whole group from a later label): verified by the status check. */
export interface LaterHead {
  animal: string
  state: CertifiedState
}

export function headProofToJson(animal: string, state: CertifiedState): HeadProofJson {
  return { format: HEAD_PROOF_FORMAT, animal, state: certifiedStateToJson(state) }
}

/** A later proof: a head proof file, or a later label's file. Throws when it is neither. */
export function laterHeadFromJson(input: unknown): LaterHead {
  if (isLabelBundleJson(input)) {
    const b = labelBundleFromJson(input)
    return { animal: b.animal, state: b.state }
  }
  const r = z.object({ format: z.literal(HEAD_PROOF_FORMAT), animal: z.string().regex(ANIMAL), state: z.unknown() }).strict().safeParse(input)
  if (!r.success) throw invalid(`not an animal's head proof (${HEAD_PROOF_FORMAT}) nor a livestock label file`)
  return { animal: r.data.animal, state: parseState(r.data.state) }
}
