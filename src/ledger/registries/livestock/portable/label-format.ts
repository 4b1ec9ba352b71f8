/**
 * The livestock label's formats (docs/adr/0045). Portable.
 * - the QR code, `DJ:LIVESTOCK/1:` + base45 of canonical CBOR `[checkpoint, head, steps]`: the block's header and
 *   commit compacted against the trust list (verify/checkpoint.ts), the head's value in a compact form that gives back
 *   exactly the value stored (`lv/a/<number>/head`: breed, sex, birth, origin, the farms with their dates, slaughter and inspection,
 *   grade, alerts) and the packed steps of its state proof to the block's app hash. The key is rebuilt from the
 *   number; so the code alone proves, offline, every fact the small label prints.
 * - the label's file (`daejang-livestock-label/1`, attached to the label PDF as `livestock-label-bundle.json`): the QR
 *   text, the certified range proof of the animal's whole group (head and every event, none left out) with the trust
 *   steps, the history in words and the label's facts as printed — derived again by the verifier and compared;
 * - a later proof (`daejang-livestock-head/1`): the head proven as of a later block, from any node, to tell whether a
 *   label is still current (a later label's file serves too).
 */
import { z } from 'zod'
import { DaejangError } from '../../../../shared/errors'
import { fromBase45 } from '../../../codec/base45'
import { type Canonical, decodeCanonical, encodeCanonical } from '../../../codec/canonical'
import { type CertifiedState, certifiedStateFromJson, certifiedStateToJson } from '../../../proofs/certified-state'
import type { TrustList } from '../../../proofs/proof'
import { packSteps, unpackSteps } from '../../../proofs/state-proof'
import type { Validator } from '../../../types/block'
import { EVENT_KINDS } from './schema'
import { compactCheckpoint, expandCheckpoint } from '../../../verify/checkpoint'
import { qrText } from '../../../verify/qr'
import { animalNumberProblem } from './identifiers'
import { animalKey } from './keys'
import type { HistoryText, LabelFacts } from './label-model'

export const LIVESTOCK_REGISTRY = 'livestock'
export const LABEL_FORMAT = 1
export const LABEL_BUNDLE_FORMAT = 'daejang-livestock-label/1'
export const HEAD_PROOF_FORMAT = 'daejang-livestock-head/1'
/** The bundle's name inside a label PDF. */
export const LABEL_BUNDLE_FILE = 'livestock-label-bundle.json'
/** The largest label file read (an animal's group holds at most a few hundred events). */
export const MAX_LABEL_BUNDLE_BYTES = 2 << 20

function invalid(why: string): DaejangError {
  return new DaejangError('PROOF_INVALID', why)
}

/**
 * The head's value in fewer bytes, exactly recoverable (the verifier rebuilds the value and hashes its canonical
 * encoding, so nothing is trusted): a map is `[1, k, v, k, v, …]` with each known field name replaced by its index
 * in HEAD_FIELDS (a name not in it, e.g. a field added later, stays a string); an array is `[0, …items]`; a calendar
 * day `YYYY-MM-DD` is `[2, days since 1970-01-01]`. HEAD_FIELDS is part of format 1: append only, never reorder.
 */
export const HEAD_FIELDS = [
  'animal', 'breed', 'sex', 'birthDate', 'mother', 'origin', 'kind', 'farm', 'lot', 'country', 'foreignId', 'status', 'site',
  'stays', 'from', 'to', 'tagged', 'slaughter', 'date', 'inspection', 'dnaSample', 'grade', 'quality', 'yield', 'weightKg',
  'events', 'alerts',
] as const
const FIELD_INDEX = new Map<string, number>(HEAD_FIELDS.map((f, i) => [f, i]))
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_MS = 86_400_000
const MAX_COMPACT_DEPTH = 8

function dayNumber(s: string): number | null {
  const m = DAY.exec(s)
  if (!m) return null
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  const n = t / DAY_MS
  return Number.isSafeInteger(n) && n >= 0 && dayText(n) === s ? n : null
}
const dayText = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10)

export function compactValue(v: Canonical, depth = 0): Canonical {
  if (depth > MAX_COMPACT_DEPTH) throw invalid("the animal's record is nested too deeply for a label")
  if (typeof v === 'string') {
    const d = dayNumber(v)
    return d === null ? v : [2, d]
  }
  if (Array.isArray(v)) return [0, ...v.map((x) => compactValue(x, depth + 1))]
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return v
  const out: Canonical[] = [1]
  for (const [k, x] of Object.entries(v)) out.push(FIELD_INDEX.get(k) ?? k, compactValue(x, depth + 1))
  return out
}

export function expandValue(v: Canonical, depth = 0): Canonical {
  if (depth > MAX_COMPACT_DEPTH) throw invalid("the QR code's record is nested too deeply")
  if (!Array.isArray(v)) {
    if (typeof v === 'string' && dayNumber(v) !== null) throw invalid("the QR code's record writes a day in full (not its compact form)")
    return v
  }
  const [tag, ...rest] = v
  if (tag === 0) return rest.map((x) => expandValue(x, depth + 1))
  if (tag === 2 && rest.length === 1 && typeof rest[0] === 'number' && Number.isSafeInteger(rest[0]) && rest[0] >= 0 && rest[0] < 2_932_897) return dayText(rest[0])
  if (tag === 1 && rest.length % 2 === 0) {
    const out: Record<string, Canonical> = {}
    for (let i = 0; i < rest.length; i += 2) {
      const k = rest[i]
      const name = typeof k === 'number' ? HEAD_FIELDS[k] : typeof k === 'string' && !FIELD_INDEX.has(k) ? k : undefined
      if (name === undefined || Object.prototype.hasOwnProperty.call(out, name)) throw invalid("the QR code's record has a field twice or an unknown field number")
      out[name] = expandValue(rest[i + 1]!, depth + 1)
    }
    return out
  }
  throw invalid("the QR code's record is not in its compact form")
}

/** The QR code's certified state: the head's proof of presence, its header and commit. */
export function encodeLabelQr(state: CertifiedState, animal: string, set: readonly Validator[]): Uint8Array {
  if (state.proof.kind !== 'present' || state.proof.key !== animalKey(animal)) throw invalid(`not a proof of the head of animal ${animal}`)
  const v = state.proof.value
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array || v.animal !== animal) throw invalid(`not the record of animal ${animal}`)
  // the animal number is the head's own `animal` field: written once
  return encodeCanonical([compactCheckpoint(state.header, state.commit, set), compactValue(v), packSteps(state.proof.steps)])
}

export function labelQrText(state: CertifiedState, animal: string, set: readonly Validator[]): string {
  return qrText(LIVESTOCK_REGISTRY, LABEL_FORMAT, encodeLabelQr(state, animal, set))
}

/** The QR code read back as certified state, its checkpoint completed from the trust list. */
export function decodeLabelQr(bytes: Uint8Array, trust: TrustList): { animal: string; state: CertifiedState } {
  let v: Canonical
  try {
    v = decodeCanonical(bytes)
  } catch (e) {
    throw invalid('the QR code is not canonical CBOR: ' + (e as Error).message)
  }
  if (!Array.isArray(v) || v.length !== 3) throw invalid('not a livestock label QR code')
  const [cp, compact, steps] = v
  if (!(steps instanceof Uint8Array)) throw invalid('the QR code carries no proof steps')
  const head = expandValue(compact!)
  const animal = typeof head === 'object' && head !== null && !Array.isArray(head) && !(head instanceof Uint8Array) ? head.animal : undefined
  if (typeof animal !== 'string' || animalNumberProblem(animal) !== null) throw invalid('the QR code names no animal number')
  const { header, commit } = expandCheckpoint(cp!, trust)
  return { animal, state: { proof: { kind: 'present', key: animalKey(animal), value: head, steps: unpackSteps(steps) }, header, commit } }
}

/** The base45 body of a `DJ:LIVESTOCK/1:` text (read without the verifier list, as a bundle carries it). */
export function labelQrBody(text: string): Uint8Array {
  const t = text.trim()
  const prefix = `DJ:LIVESTOCK/${LABEL_FORMAT}:`
  if (!t.toUpperCase().startsWith(prefix)) throw invalid(`a livestock label's QR text starts with ${prefix}`)
  return fromBase45(t.slice(prefix.length))
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
