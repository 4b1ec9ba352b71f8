/**
 * The livestock label's verifier (docs/adr/0045): its part of the verifier framework (ledger/verify/framework.ts).
 * Two pieces of evidence are read:
 * - the label's QR code alone: a state proof of the animal's head (every fact the label prints) to the state root of
 *   a block signed by more than 2/3 of the trust list's power — verified offline from the scan;
 * - the label's file (the PDF's attachment, or the file downloaded from the lookup): the range proof of the animal's
 *   whole group (head and every event, none left out), the history as stated, the label's facts and its QR text.
 * The checks, each with a stable code and a sentence:
 * - proof: the proof holds; a file's QR code is of the same animal, block and head;
 * - animal: the proof is of the animal the label names, and its entries are a history (the head counts its events);
 * - history: the facts and history stated are those derived again from the proven entries (a grade changed, a farm
 *   removed, an event hidden or added are each refused); the QR code alone proves the head's facts;
 * - status: whether the label is still current, given a later proof of the animal (from a node or a file).
 * Declared in the livestock registry's portable barrel: `daejang verify`, the Verify screen and the standalone page
 * take it. Portable.
 */
import { DaejangError } from '../../../../shared/errors'
import type { StatusDto } from '../../../../shared/api'
import { encodeCanonical } from '../../../codec/canonical'
import { equalBytes } from '../../../codec/bytes'
import type { TrustList } from '../../../proofs/proof'
import { sha256 } from '../../../crypto/sha256'
import { blockHash } from '../../../types/block'
import {
  type CertifiedRecord,
  type CheckContext,
  type CheckOutcome,
  type NodeGet,
  type RegistryVerifier,
  verifyStateEvidence,
} from '../../../verify/framework'
import type { Words } from '../../portable-types'
import { animalGroup, animalKey } from './keys'
import {
  type HeadProofJson,
  LABEL_BUNDLE_FILE,
  LABEL_FORMAT,
  LABEL_FORMAT_V1,
  OLD_LABEL_FORMAT,
  LIVESTOCK_REGISTRY,
  type LabelEvidence,
  type LaterHead,
  decodeLabelQr,
  labelBundleFromJson,
  labelQrBody,
  laterHeadFromJson,
} from './label-format'
import {
  type HistoryChange,
  type HistoryText,
  type LabelFacts,
  type ProvenHistory,
  type TextFinding,
  changesBetween,
  compareHistory,
  compareLabel,
  headProblem,
  historyOf,
  historyText,
  isUnchanged,
  labelFacts,
} from './label-model'
import type { AnimalHead } from './schema'

/** The stable codes of the label verifier's findings, with what they mean in words. */
export const LABEL_CODES = {
  LIVESTOCK_LABEL_PROOF: {
    ko: '증명이 검증되지 않습니다: 이력이 원장에 있는 것과 다릅니다.',
    en: 'The proof does not verify: the history is not the one on the ledger.',
  },
  LIVESTOCK_LABEL_QR: {
    ko: 'QR 코드가 이 라벨 파일의 것이 아닙니다(다른 소, 다른 블록 또는 다른 기록).',
    en: "The QR code is not this label file's (another animal, another block or another record).",
  },
  LIVESTOCK_LABEL_QR_ONLY: {
    ko: '이 라벨의 QR 코드에는 이력의 요약값만 들어 있습니다. 사실은 라벨 파일(PDF)에 있습니다: PDF나 라벨 파일로 확인하세요.',
    en: "This label's QR code holds only a digest of the history: the facts are in the label's file (the PDF). Verify the PDF or the label file.",
  },
  LIVESTOCK_LABEL_OTHER_ANIMAL: {
    ko: '증명이 라벨에 적힌 소가 아닌 다른 소의 것입니다.',
    en: 'The proof is of another animal than the one the label names.',
  },
  LIVESTOCK_LABEL_STATE: {
    ko: '증명된 기록이 소의 이력으로 읽히지 않습니다.',
    en: "The proven entries cannot be read as an animal's history.",
  },
  LIVESTOCK_LABEL_FACT_CHANGED: {
    ko: '라벨에 적힌 사항(품종, 사육지, 도축, 등급 등)이 증명된 이력과 다릅니다.',
    en: 'A fact on the label (breed, farms, slaughter, grade…) differs from the proven history.',
  },
  LIVESTOCK_LABEL_EVENT_MISSING: {
    ko: '이력에 있는 기록이 라벨 파일에서 빠졌습니다.',
    en: 'An event of the history is missing from the label file.',
  },
  LIVESTOCK_LABEL_EVENT_ADDED: {
    ko: '라벨 파일에 이력에 없는 기록이 있습니다.',
    en: 'The label file shows an event the history does not have.',
  },
  LIVESTOCK_LABEL_EVENT_CHANGED: {
    ko: '라벨 파일의 기록(날짜, 장소, 내용)이 이력과 다릅니다.',
    en: 'An event in the label file (its date, place or content) differs from the history.',
  },
  LIVESTOCK_LABEL_TEXT: {
    ko: '라벨의 기재 사항이 증명과 맞지 않습니다.',
    en: 'What the label states does not match its proof.',
  },
  LIVESTOCK_LABEL_LATER_REFUSED: {
    ko: '함께 받은 나중의 증명이 검증되지 않거나 다른 소의 것이어서 거부되었습니다.',
    en: 'A later proof given was refused: it does not verify, or it is of another animal.',
  },
  LIVESTOCK_LABEL_CHANGED: {
    ko: '라벨 발급 뒤 이 소의 이력에 기록이 더해졌습니다.',
    en: "The animal's history has grown since the label was issued.",
  },
} as const satisfies Record<string, Words>
export type LabelCode = keyof typeof LABEL_CODES

export interface LabelCheck extends CheckOutcome {
  code: LabelCode | null
}

export interface LabelStatusCheck extends LabelCheck {
  /** true: a later proof shows the head unchanged; false: it changed; null: no later proof was given */
  current: boolean | null
  changes: HistoryChange | null
  asOf: { height: number; time: number } | null
  /** true when the node was asked now (its proof as of its head is among the later proofs) */
  live: boolean
  refused?: boolean
}

export type LabelChecks = { proof: LabelCheck; animal: LabelCheck; history: LabelCheck; status: LabelStatusCheck }

/** The rest of the label's evidence besides its certified state. */
export interface LabelExtra {
  /** from a label file: language, issue time, QR text, the history and facts stated; null from a QR code alone */
  bundle: Omit<LabelEvidence, 'state'> | null
  /** the animal the QR code names (a QR code alone) */
  qrAnimal: string | null
}

/** What a label states, as the checks read it. */
export interface LabelRecord {
  animal: string
  /** 'qr': the code alone (the head); 'file': the label's file (the whole history) */
  source: 'qr' | 'file'
  lang: 'ko' | 'en'
  issuedAt: number | null
  /** the head as proven (null when the proof's entries are not an animal's: the animal check says why) */
  head: AnimalHead | null
  history: ProvenHistory | null
  problem: string | null
  printed: { text: HistoryText; label: LabelFacts } | null
  proven: { text: HistoryText; label: LabelFacts } | null
}

export interface LabelLive {
  height: number
  time: number
}

type Ctx = CheckContext<LabelRecord, LabelExtra, LabelLive>

const check = (ok: boolean, code: LabelCode | null, detail: string): LabelCheck => ({ ok, result: ok ? 'pass' : 'fail', code: ok ? null : code, detail })
const when = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC')

function invalid(why: string): DaejangError {
  return new DaejangError('PROOF_INVALID', why)
}

/** A label's file as a certified record of the livestock registry. */
export function labelCertified(e: LabelEvidence): CertifiedRecord<LabelExtra> {
  const { state, ...bundle } = e
  return { registry: LIVESTOCK_REGISTRY, format: LABEL_FORMAT, proof: null, state, extra: { bundle, qrAnimal: null } }
}

function record(c: CertifiedRecord<LabelExtra>): LabelRecord {
  if (!c.state && c.extra.qrAnimal) throw invalid(`${LABEL_CODES.LIVESTOCK_LABEL_QR_ONLY.en} (animal ${c.extra.qrAnimal})`)
  if (!c.state) throw invalid('a livestock label carries a state proof')
  const b = c.extra.bundle
  const p = c.state.proof
  if (!b) {
    // the QR code alone: the head's proof of presence
    const animal = c.extra.qrAnimal
    if (!animal || p.kind !== 'present') throw invalid("a livestock label's QR code carries the proof of the animal's head")
    const problem = headProblem(p.value, animal)
    return { animal, source: 'qr', lang: 'en', issuedAt: null, head: problem ? null : (p.value as unknown as AnimalHead), history: null, problem, printed: null, proven: null }
  }
  if (p.kind !== 'range') throw invalid("the proof of a livestock label's file is a range proof of the animal's history")
  let history: ProvenHistory | null = null
  let problem: string | null = null
  try {
    history = historyOf(b.animal, p.group, p.entries)
  } catch (e) {
    problem = (e as Error).message
  }
  const proven = history
    ? { text: historyText(history, b.lang, c.state.header.height), label: labelFacts(history.head, b.lang) }
    : null
  return {
    animal: b.animal,
    source: 'file',
    lang: b.lang,
    issuedAt: b.issuedAt,
    head: history?.head ?? null,
    history,
    problem,
    printed: { text: b.text, label: b.label },
    proven,
  }
}

function proofCheck(ctx: Ctx): LabelCheck {
  if (!ctx.proofOk) return check(false, 'LIVESTOCK_LABEL_PROOF', ctx.proofProblem)
  const c = ctx.certified
  const b = c.extra.bundle
  if (!b) return check(true, null, `the animal's record is proven as of block ${ctx.asOf.height} (${when(ctx.asOf.time)})`)
  let qr: ReturnType<typeof decodeLabelQr>
  try {
    qr = decodeLabelQr(labelQrBody(b.qr), ctx.trust)
  } catch (e) {
    return check(false, 'LIVESTOCK_LABEL_QR', `the label's QR code cannot be read: ${(e as Error).message}`)
  }
  if (qr.animal !== b.animal) return check(false, 'LIVESTOCK_LABEL_QR', `the QR code is of animal ${qr.animal}, the label's file of ${b.animal}`)
  const st = c.state!
  const head = st.proof.kind === 'range' ? st.proof.entries.find(([k]) => k === animalKey(b.animal))?.[1] : undefined
  if (qr.digest) {
    // the digest form: the same block, and the hash of the head this file proves
    if (!equalBytes(blockHash(qr.digest.header), blockHash(st.header))) {
      return check(false, 'LIVESTOCK_LABEL_QR', `the QR code is of block ${qr.digest.header.height}, the label's file of block ${st.header.height}`)
    }
    if (head === undefined || !equalBytes(sha256(encodeCanonical(head)), qr.digest.headHash)) {
      return check(false, 'LIVESTOCK_LABEL_QR', "the QR code's digest is not that of the animal's record in the label's file")
    }
    return check(true, null, `the animal's whole history is proven complete as of block ${ctx.asOf.height} (${when(ctx.asOf.time)}), and the QR code's digest is this proof's`)
  }
  if (!equalBytes(blockHash(qr.state.header), blockHash(st.header))) {
    return check(false, 'LIVESTOCK_LABEL_QR', `the QR code is of block ${qr.state.header.height}, the label's file of block ${st.header.height}`)
  }
  const qrHead = qr.state.proof.kind === 'present' ? qr.state.proof.value : undefined
  if (head === undefined || qrHead === undefined || !equalBytes(encodeCanonical(head), encodeCanonical(qrHead))) {
    return check(false, 'LIVESTOCK_LABEL_QR', "the QR code's record of the animal is not the one in the label's file")
  }
  // the QR code's own proof: the head's steps lead to the same block's state root
  const v = verifyStateEvidence(qr.state, ctx.trust, ctx.verify)
  if (!v.valid) return check(false, 'LIVESTOCK_LABEL_QR', "the QR code's proof does not verify")
  return check(true, null, `the animal's whole history is proven complete as of block ${ctx.asOf.height} (${when(ctx.asOf.time)}), and the QR code is this proof's`)
}

function animalCheck(ctx: Ctx): LabelCheck {
  if (!ctx.proofOk) return check(false, 'LIVESTOCK_LABEL_PROOF', `not established: ${ctx.proofProblem}`)
  const r = ctx.record
  const p = ctx.certified.state!.proof
  const where = p.kind === 'range' ? p.group : p.key
  const want = p.kind === 'range' ? animalGroup(r.animal) : animalKey(r.animal)
  if (where !== want) {
    const other = /^lv\/a\/(\d{12})(?:\/|$)/.exec(where)?.[1]
    return check(false, 'LIVESTOCK_LABEL_OTHER_ANIMAL', `the proof is of ${other ? `animal ${other}` : `the state key ${where}`}, not of animal ${r.animal}`)
  }
  if (!r.head) return check(false, 'LIVESTOCK_LABEL_STATE', r.problem ?? "the proven entries are not an animal's record")
  const n = r.history ? `: its head and ${r.history.events.length} event${r.history.events.length === 1 ? '' : 's'}, none left out` : ''
  return check(true, null, `the proof is of animal ${r.animal}${n}`)
}

function findingSentence(f: TextFinding): { code: LabelCode; detail: string } {
  switch (f.kind) {
    case 'fact-changed':
      return { code: 'LIVESTOCK_LABEL_FACT_CHANGED', detail: `"${f.label}" differs from the proven history` }
    case 'fact-missing':
      return { code: 'LIVESTOCK_LABEL_FACT_CHANGED', detail: `"${f.label}" is proven but not stated` }
    case 'fact-added':
      return { code: 'LIVESTOCK_LABEL_FACT_CHANGED', detail: `"${f.label}" is stated but not proven` }
    case 'event-missing':
      return { code: 'LIVESTOCK_LABEL_EVENT_MISSING', detail: `event ${f.seq} of the history is missing from the label's file` }
    case 'event-added':
      return { code: 'LIVESTOCK_LABEL_EVENT_ADDED', detail: `the label's file shows an event ${f.seq} the history does not have` }
    case 'event-changed':
      return { code: 'LIVESTOCK_LABEL_EVENT_CHANGED', detail: `event ${f.seq} differs from the history` }
    default:
      return { code: 'LIVESTOCK_LABEL_TEXT', detail: `the label's ${f.what} is not its proof's` }
  }
}

function historyCheck(ctx: Ctx): LabelCheck {
  if (!ctx.proofOk) return check(false, 'LIVESTOCK_LABEL_PROOF', `not established: ${ctx.proofProblem}`)
  const r = ctx.record
  if (!r.head) return check(false, 'LIVESTOCK_LABEL_STATE', r.problem ?? "the proven entries are not an animal's record")
  if (r.source === 'qr') {
    return check(true, null, "the label's facts are the animal's record as proven; its whole history is in the label's file (or a node's lookup)")
  }
  if (!r.proven || !r.printed) return check(false, 'LIVESTOCK_LABEL_STATE', r.problem ?? "the proven entries are not an animal's history")
  const findings = [...compareLabel(r.printed.label, r.proven.label), ...compareHistory(r.printed.text, r.proven.text)]
  if (findings.length > 0) {
    const first = findingSentence(findings[0]!)
    const more = findings.length > 1 ? ` (and ${findings.length - 1} more difference${findings.length > 2 ? 's' : ''})` : ''
    return check(false, first.code, first.detail + more)
  }
  const n = r.proven.text.lines.length
  return check(true, null, `the label's facts and the ${n} event${n === 1 ? '' : 's'} stated are the animal's history, as proven`)
}

function changeWords(c: HistoryChange): string {
  const parts: string[] = []
  if (c.events > 0) parts.push(`${c.events} event${c.events === 1 ? '' : 's'} recorded`)
  if (c.status) parts.push(`its status went from ${c.status.from} to ${c.status.to}`)
  if (c.alerts > 0) parts.push(`${c.alerts} DNA mismatch alert${c.alerts === 1 ? '' : 's'} raised`)
  if (c.facts.length) parts.push(`changed on the label: ${c.facts.join(', ')}`)
  return parts.join('; ')
}

/** The newest head the later proofs prove, or why one is refused. */
function newestLater(ctx: Ctx): { head: AnimalHead; asOf: { height: number; time: number } } | { refused: string } | null {
  let best: { head: AnimalHead; asOf: { height: number; time: number } } | null = null
  const animal = ctx.record.animal
  for (const x of ctx.later) {
    const lh = x as LaterHead
    if (lh.animal !== animal) return { refused: `a later proof is refused: it is of animal ${lh.animal}, not ${animal}` }
    const v = verifyStateEvidence(lh.state, ctx.trust, ctx.verify)
    if (!v.valid || !v.claim) {
      const why = v.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`).join('; ')
      return { refused: `a later proof does not verify, and is refused (${why || 'no claim'})` }
    }
    const value = 'group' in v.claim ? (v.claim.group === animalGroup(animal) ? v.claim.entries.find(([k]) => k === animalKey(animal))?.[1] : undefined) : v.claim.key === animalKey(animal) ? v.claim.value : undefined
    const problem = headProblem(value, animal)
    if (problem) return { refused: `a later proof is refused: ${problem}` }
    if (!best || v.height > best.asOf.height) best = { head: value as unknown as AnimalHead, asOf: { height: v.height, time: lh.state.header.time } }
  }
  return best
}

function statusCheck(ctx: Ctx): LabelStatusCheck {
  const base = { current: null, changes: null, asOf: ctx.asOf, live: false }
  if (!ctx.proofOk || !ctx.record.head) return { ...base, ...check(false, 'LIVESTOCK_LABEL_PROOF', 'not established: the label does not verify') }
  const later = newestLater(ctx)
  if (later && 'refused' in later) return { ...base, ...check(false, 'LIVESTOCK_LABEL_LATER_REFUSED', later.refused), refused: true }
  if (!later || later.asOf.height <= ctx.asOf.height) {
    return {
      ...base,
      ...check(true, null, `proven as of block ${ctx.asOf.height} (${when(ctx.asOf.time)}); without a later proof of the animal (from a node or a file), a later record cannot be seen`),
    }
  }
  const mine = ctx.record.head
  if (later.head.events < mine.events) {
    return { ...base, ...check(false, 'LIVESTOCK_LABEL_LATER_REFUSED', `a later proof is refused: it shows fewer events (${later.head.events}) than the label (${mine.events})`), refused: true }
  }
  const live = ctx.live !== null && later.asOf.height >= ctx.live.height
  const changes = changesBetween(mine, later.head)
  const how = live ? "proven by the node's proof as of now" : 'proven by a later proof; a record after it needs a newer one'
  if (isUnchanged(changes)) {
    return { ...base, ...check(true, null, `still current as of block ${later.asOf.height} (${when(later.asOf.time)}), ${how}`), current: true, asOf: later.asOf, live }
  }
  return {
    ...base,
    ok: true,
    result: 'pass',
    code: 'LIVESTOCK_LABEL_CHANGED',
    detail: `no longer current: as of block ${later.asOf.height} (${when(later.asOf.time)}), ${changeWords(changes)} — ${how}`,
    current: false,
    changes,
    asOf: later.asOf,
    live,
  }
}

const enc = encodeURIComponent

async function live(get: NodeGet): Promise<LabelLive> {
  const st = await get<StatusDto>('/api/v1/status')
  return { height: st.height, time: st.lastBlockTime }
}

/** The animal's head proven as of the node's head (checked by the status check, not trusted). */
async function fetchLater(get: NodeGet, _c: CertifiedRecord<LabelExtra>, rec: LabelRecord): Promise<LaterHead | null> {
  try {
    return laterHeadFromJson(await get<HeadProofJson>(`/api/v1/livestock/animals/${enc(rec.animal)}/head-proof`))
  } catch (e) {
    if (e instanceof DaejangError && (e.code === 'NOT_FOUND' || e.code === 'LIVESTOCK_UNKNOWN_ANIMAL')) return null
    throw e
  }
}

export const livestockLabelVerifier: RegistryVerifier<LabelRecord, LabelExtra, LabelLive, LabelChecks> = {
  registry: LIVESTOCK_REGISTRY,
  // format 1 is known only to be refused in words (never deployed; not "use a newer verifier")
  formats: [LABEL_FORMAT_V1, LABEL_FORMAT],
  record,
  decode(format: number, bytes: Uint8Array, trust?: TrustList): CertifiedRecord<LabelExtra> {
    if (format === LABEL_FORMAT_V1) throw invalid(OLD_LABEL_FORMAT)
    if (format !== LABEL_FORMAT) throw invalid(`not a format ${LABEL_FORMAT} livestock label`)
    if (!trust) throw invalid("a livestock label's QR code is read with the trust list")
    // the digest form has no state: the record is refused in words (LIVESTOCK_LABEL_QR_ONLY), the facts are in the file
    const { animal, state } = decodeLabelQr(bytes, trust)
    return { registry: LIVESTOCK_REGISTRY, format, proof: null, state, extra: { bundle: null, qrAnimal: animal } }
  },
  checks: {
    proof: { timeless: true, run: proofCheck },
    animal: { timeless: true, run: animalCheck },
    history: { timeless: true, run: historyCheck },
    status: { run: statusCheck, current: (c) => c.live && c.current === true },
  },
  unreadable(problem: string): LabelChecks {
    const fail = check(false, problem.startsWith(LABEL_CODES.LIVESTOCK_LABEL_QR_ONLY.en) ? 'LIVESTOCK_LABEL_QR_ONLY' : 'LIVESTOCK_LABEL_PROOF', problem)
    return { proof: fail, animal: fail, history: fail, status: { ...fail, current: null, changes: null, asOf: null, live: false } }
  },
  checkNames: {
    proof: { ko: '증명', en: 'Proof' },
    animal: { ko: '개체', en: 'Animal' },
    history: { ko: '이력', en: 'History' },
    status: { ko: '현재 여부', en: 'Still current' },
  },
  label: (r) => r.animal,
  bundle: (json: unknown) => labelCertified(labelBundleFromJson(json)),
  attachment: LABEL_BUNDLE_FILE,
  later: laterHeadFromJson,
  fetchLater,
  live,
}
