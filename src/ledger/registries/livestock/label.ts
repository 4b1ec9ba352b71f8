/**
 * The consumer's side of the livestock register, on the node (docs/adr/0045):
 * - the lookup: an animal's history in words (portable/label-model.ts), read from its head and events; a bundle's
 *   animals; sites named by the node's state (a name is not part of the animal's proof);
 * - the label: the head's state proof (the QR code), the range proof of the animal's whole group (the label's file),
 *   the history and the label's facts, as of a block (default: the head); the PDF is laid out by label-pdf.ts;
 * - a later proof of the head (`daejang-livestock-head/1`), for "is this label still current?".
 */
import { DaejangError } from '../../../shared/errors'
import type { Canonical } from '../../codec/canonical'
import type { CertifiedState } from '../../proofs/certified-state'
import { type StepHistory, boundedTrustFrom } from '../../proofs/trust-bound'
import { type StateReader, readMany } from '../../state/view'
import type { Validator } from '../../types/block'
import { BUNDLE_SHAPE, animalNumberProblem, numberKind } from './portable/identifiers'
import { animalEventKey, animalGroup, animalKey, bundleKey, siteKey } from './portable/keys'
import {
  type HeadProofJson,
  type LabelBundleJson,
  LABEL_QR_PREFIX,
  headProofToJson,
  labelBundleToJson,
  labelDigestQrText,
  labelQrText,
} from './portable/label-format'
import { type HistoryText, type LabelFacts, type LabelLang, type ProvenHistory, headProblem, historyOf, historyText, labelFacts } from './portable/label-model'
import type { AnimalEvent, AnimalHead, BundleRecord, SiteRecord } from './portable/schema'

/** What the label builder reads (a route or a bench builds it from a RegistryHost or a test chain). */
export interface LabelSource {
  proveState(key: string, height?: number, trustFrom?: number): Promise<CertifiedState>
  proveRange(group: string, height?: number, trustFrom?: number): Promise<CertifiedState>
  headHeight(): number
  /** the validator set of a height, as the chain has it (the QR's checkpoint names signers against it) */
  setAt(height: number): readonly Validator[]
  history?: StepHistory
  chainId?: string
}

/** The animal number typed or scanned, checked: 12 digits with their check digit. */
export function animalNumberOf(typed: string): string {
  const n = typed.replace(/[\s-]/g, '')
  const p = animalNumberProblem(n)
  if (p !== null) {
    throw new DaejangError(
      'LIVESTOCK_BAD_NUMBER',
      p === 'shape' ? `not an animal number: ${typed.slice(0, 40)} (12 digits)` : `the check digit of ${n} does not match: a digit was mistyped`,
    )
  }
  return n
}

// ---- the lookup ------------------------------------------------------------------------------------------------------

export interface SiteName {
  site: string
  kind: SiteRecord['kind'] | null
  name: string | null
}

/** The consumer lookup's answer: the history in words, as the node reads it now, with the sites' names. */
export interface AnimalLookup {
  animal: string
  height: number
  head: AnimalHead
  text: HistoryText
  label: LabelFacts
  /** the names of the sites the history names, from the node's state (not proven by the animal's proof) */
  sites: SiteName[]
}

/** The most events read for one lookup (the head counts them; the rules cap the stays, not the vet acts). */
export const MAX_LOOKUP_EVENTS = 5_000

/** The most sites named in one lookup. */
const MAX_SITES = 200

/** Keys read beside the events (`keys(head)`), their values handed to `got` in the same order. */
interface AlongEvents {
  keys: readonly string[]
  got(values: Array<Canonical | undefined>): void
}

async function readHistory(state: StateReader, animal: string, along?: (head: AnimalHead) => AlongEvents): Promise<ProvenHistory> {
  const head = await state.get(animalKey(animal))
  if (head === undefined) throw new DaejangError('LIVESTOCK_UNKNOWN_ANIMAL', `no animal is registered under ${animal}`)
  const hp = headProblem(head, animal)
  if (hp) throw new DaejangError('INTERNAL', `the record of animal ${animal} cannot be read: ${hp}`)
  const h = head as unknown as AnimalHead
  const n = Math.min(h.events, MAX_LOOKUP_EVENTS)
  const keys = Array.from({ length: n }, (_, i) => animalEventKey(animal, i + 1))
  const more = along?.(h)
  const values = await readMany(state, more === undefined || more.keys.length === 0 ? keys : [...keys, ...more.keys])
  more?.got(values.slice(n))
  const entries: Array<[string, Canonical]> = [[animalKey(animal), head]]
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (v !== undefined) entries.push([keys[i]!, v])
  }
  return historyOf(animal, animalGroup(animal), entries)
}

/** The sites' names, in the order first named (at most MAX_SITES); values already read in `known`, the rest in one read. */
async function siteNames(state: StateReader, sites: Iterable<string>, known: ReadonlyMap<string, Canonical | undefined> = new Map()): Promise<SiteName[]> {
  const list = [...new Set([...sites].filter((s) => s !== ''))].slice(0, MAX_SITES)
  const rest = list.filter((s) => !known.has(s))
  const got = await readMany(state, rest.map(siteKey))
  const values = new Map(known)
  rest.forEach((s, i) => values.set(s, got[i]))
  return list.map((site) => {
    const v = values.get(site) as unknown as Partial<SiteRecord> | undefined
    return { site, kind: (v?.kind as SiteRecord['kind']) ?? null, name: typeof v?.name === 'string' ? v.name : null }
  })
}

export async function lookupAnimal(state: StateReader, typed: string, lang: LabelLang, height: number): Promise<AnimalLookup> {
  const animal = animalNumberOf(typed)
  // two reads: the head; then every event and the sites the head names (a site only an event names: one more read)
  let known = new Map<string, Canonical | undefined>()
  const hist = await readHistory(state, animal, (h) => {
    const sites = [...new Set(headSites(h).filter((s) => s !== ''))].slice(0, MAX_SITES)
    return { keys: sites.map(siteKey), got: (vs) => (known = new Map(sites.map((s, i) => [s, vs[i]]))) }
  })
  const text = historyText(hist, lang, height)
  const sites = await siteNames(state, [...headSites(hist.head), ...hist.events.map((e) => e.site ?? '')], known)
  return { animal, height, head: hist.head, text, label: labelFacts(hist.head, lang), sites }
}

/** The sites an animal's head names: its stays, its slaughterhouse, the farm it was born on. */
function headSites(h: AnimalHead): string[] {
  return [...h.stays.map((s) => s.site), ...(h.slaughter ? [h.slaughter.site] : []), ...(h.origin.kind === 'born' ? [h.origin.farm] : [])]
}

/** A mixed pack's animals, each with its label facts (an unknown animal is listed as such, never skipped). */
export interface BundleLookup {
  bundle: string
  height: number
  record: BundleRecord
  packer: SiteName
  animals: Array<{ animal: string; label: LabelFacts | null }>
}

export async function lookupBundle(state: StateReader, typed: string, lang: LabelLang, height: number): Promise<BundleLookup> {
  const bundle = typed.trim().toUpperCase()
  if (!BUNDLE_SHAPE.test(bundle)) throw new DaejangError('LIVESTOCK_UNKNOWN_BUNDLE', `not a bundle number: ${typed.slice(0, 40)} (L and 14 digits)`)
  const rec = (await state.get(bundleKey(bundle))) as unknown as BundleRecord | undefined
  if (!rec || !Array.isArray(rec.animals)) throw new DaejangError('LIVESTOCK_UNKNOWN_BUNDLE', `no bundle has the number ${bundle}`)
  // the animals' heads and the packer's site in one read
  const listed = rec.animals.slice(0, 100)
  const got = await readMany(state, [...listed.map((a) => animalKey(a)), siteKey(rec.packer)])
  const animals = listed.map((animal, i) => {
    const head = got[i]
    return { animal, label: headProblem(head, animal) ? null : labelFacts(head as unknown as AnimalHead, lang) }
  })
  const [packer] = await siteNames(state, [rec.packer], new Map([[rec.packer, got[listed.length]]]))
  return { bundle, height, record: rec, packer: packer ?? { site: rec.packer, kind: null, name: null }, animals }
}

/** What a number on a label is: an animal's or a bundle's (the lookup screen routes by it). */
export function numberOf(typed: string): { kind: 'animal' | 'bundle'; number: string } {
  const t = typed.trim()
  const upper = t.toUpperCase()
  if (numberKind(upper) === 'bundle') return { kind: 'bundle', number: upper }
  return { kind: 'animal', number: animalNumberOf(t) }
}

// ---- the label -------------------------------------------------------------------------------------------------------

export interface LabelOptions {
  lang: LabelLang
  height?: number
  now?: number
}

export interface BuiltLabel {
  animal: string
  lang: LabelLang
  issuedAt: number
  /** the QR code's proof (the head) and the file's (the whole group), as of the same block */
  head: CertifiedState
  state: CertifiedState
  history: ProvenHistory
  text: HistoryText
  label: LabelFacts
  qr: string
  bundle: LabelBundleJson
  stepsFrom: number
}

function trustFrom(src: LabelSource, height: number): number | undefined {
  if (!src.history) return undefined
  return boundedTrustFrom(src.history, src.chainId ?? '', 0, height)
}

/** The animal's head proven as of `height` (default: the head), or LIVESTOCK_UNKNOWN_ANIMAL. */
export async function proveHead(src: LabelSource, typed: string, height?: number, withSteps = true): Promise<{ animal: string; state: CertifiedState }> {
  const animal = animalNumberOf(typed)
  const at = height ?? src.headHeight()
  const state = await src.proveState(animalKey(animal), at, withSteps ? trustFrom(src, at) : undefined)
  if (state.proof.kind !== 'present') throw new DaejangError('LIVESTOCK_UNKNOWN_ANIMAL', `no animal is registered under ${animal}${height !== undefined ? ` at block ${height}` : ''}`)
  return { animal, state }
}

export async function headProof(src: LabelSource, typed: string, height?: number): Promise<HeadProofJson> {
  const p = await proveHead(src, typed, height)
  return headProofToJson(p.animal, p.state)
}

export async function buildLabel(src: LabelSource, typed: string, o: LabelOptions): Promise<BuiltLabel> {
  const at = o.height ?? src.headHeight()
  // the QR code's head proof carries no trust steps (a QR is read with the verifier's trust list); the file's does
  const { animal, state: head } = await proveHead(src, typed, at, false)
  const state = await src.proveRange(animalGroup(animal), at, trustFrom(src, at))
  if (state.proof.kind !== 'range') throw new DaejangError('INTERNAL', 'not a range proof')
  const history = historyOf(animal, state.proof.group, state.proof.entries)
  const text = historyText(history, o.lang, state.header.height)
  const label = labelFacts(history.head, o.lang)
  const qr = labelQr(head, animal, src.setAt(head.header.height))
  const issuedAt = o.now ?? Date.now()
  const bundle = labelBundleToJson({ animal, lang: o.lang, issuedAt, qr, state, text, label })
  return { animal, lang: o.lang, issuedAt, head, state, history, text, label, qr, bundle, stepsFrom: trustFrom(src, at) ?? at }
}

/**
 * The most digits after `DJ:LIVESTOCK/2/` that a code of version 25 at level L holds (an alphanumeric segment for the
 * prefix, a numeric one for the digits; checked against the `qrcode` package by the label test). Counting digits
 * instead of building the symbol keeps the label's generation far under its 20 ms.
 */
export const LABEL_QR_MAX_DIGITS = 3028

/**
 * The label's QR text: the full proof of the head when its code is of version ≤ 25 at level L (a 34 mm code), else
 * the digest form (the facts then verify from the label's file, ADR 0045).
 */
export function labelQr(head: CertifiedState, animal: string, set: readonly Validator[]): string {
  const full = labelQrText(head, animal, set)
  return full.length - LABEL_QR_PREFIX.length <= LABEL_QR_MAX_DIGITS ? full : labelDigestQrText(head, animal, set)
}

export type { AnimalEvent }
