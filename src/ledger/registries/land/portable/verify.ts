/**
 * The land register's verifier of certified extracts (docs/adr/0036): its part of the verifier framework
 * (ledger/verify/framework.ts). The framework checks the range proof of the register's group against the state root
 * of a block signed by more than 2/3 of the trust list's power; the checks here then say, each with a stable code and
 * a sentence:
 * - proof: that proof holds, and the extract's QR code is the one of that proof (same block, register, view, hash);
 * - register: the proof is of the register the extract names, and its current state matches its entries;
 * - entries: the text the extract prints is the text derived again from the proven entries — an entry left out, an
 *   owner changed, a cancelled entry shown as live, an entry added are each refused;
 * - status: whether the extract is still current, given a later proof of the register (a range proof from any node or
 *   a file, or a later extract): "still current as of block N", or what changed since.
 * Declared in the land registry's portable barrel, so `daejang verify`, the Verify screen and the standalone page
 * take it. Portable.
 */
import { DaejangError } from '../../../../shared/errors'
import { fromBase45 } from '../../../codec/base45'
import type { StatusDto } from '../../../../shared/api'
import type { Words } from '../../portable-types'
import {
  type CertifiedRecord,
  type CheckContext,
  type CheckOutcome,
  type NodeGet,
  type RegistryVerifier,
  verifyStateEvidence,
} from '../../../verify/framework'
import type { TrustList } from '../../../proofs/proof'
import {
  EXTRACT_BUNDLE_FILE,
  EXTRACT_FORMAT,
  type ExtractDigest,
  type ExtractEvidence,
  LAND_REGISTRY,
  type LaterRange,
  type RangeProofJson,
  bundleFromJson,
  decodeExtractDigest,
  digestMatches,
  laterFromJson,
} from './verify-format'
import {
  type ExtractText,
  type ProvenRegister,
  type RegisterChange,
  type TextFinding,
  changesBetween,
  compareText,
  extractText,
  isUnchanged,
  registerOf,
} from './verify-model'
import { registerGroup } from './keys'

/** The stable codes of the extract verifier's findings, with what they mean in words. */
export const EXTRACT_CODES = {
  LAND_EXTRACT_PROOF: {
    ko: '증명이 검증되지 않습니다: 등기기록이 원장에 있는 것과 다릅니다.',
    en: 'The proof does not verify: the register is not the one on the ledger.',
  },
  LAND_EXTRACT_QR: {
    ko: 'QR 코드가 첨부된 증명의 것이 아닙니다.',
    en: 'The QR code is not the one of the attached proof.',
  },
  LAND_EXTRACT_QR_ONLY: {
    ko: 'QR 코드에는 등기기록의 요약만 있습니다. 증명서 PDF(첨부된 증명)로 검증하십시오.',
    en: 'The QR code carries only a digest of the register: verify the extract PDF (its attached proof).',
  },
  LAND_EXTRACT_OTHER_REGISTER: {
    ko: '첨부된 증명은 다른 등기기록의 것입니다.',
    en: 'The attached proof is of another register.',
  },
  LAND_EXTRACT_STATE: {
    ko: '증명된 등기기록의 현재 상태가 그 등기와 맞지 않습니다.',
    en: 'The proven current state of the register does not match its entries.',
  },
  LAND_EXTRACT_ENTRY_MISSING: {
    ko: '등기기록에 있는 등기가 증명서에서 빠졌습니다.',
    en: 'An entry on the register is missing from the extract.',
  },
  LAND_EXTRACT_ENTRY_ADDED: {
    ko: '증명서에 등기기록에 없는 등기가 있습니다.',
    en: 'The extract shows an entry the register does not have.',
  },
  LAND_EXTRACT_CANCELLED_SHOWN_LIVE: {
    ko: '말소된 등기가 증명서에 유효한 것으로 표시되었습니다.',
    en: 'A cancelled entry is shown on the extract as in force.',
  },
  LAND_EXTRACT_ENTRY_CHANGED: {
    ko: '증명서의 등기 내용(권리자, 금액, 일자 등)이 등기기록과 다릅니다.',
    en: 'An entry on the extract (a holder, an amount, a date) differs from the register.',
  },
  LAND_EXTRACT_HEAD_CHANGED: {
    ko: '증명서의 표제부가 등기기록과 다릅니다.',
    en: 'The extract’s description of the property differs from the register.',
  },
  LAND_EXTRACT_TEXT: {
    ko: '증명서의 기재 사항이 증명과 맞지 않습니다.',
    en: 'What the extract states does not match its proof.',
  },
  LAND_EXTRACT_LATER_REFUSED: {
    ko: '함께 받은 나중의 증명이 검증되지 않거나 다른 등기기록의 것이어서 거부되었습니다.',
    en: 'A later proof given was refused: it does not verify, or it is of another register.',
  },
  LAND_EXTRACT_CHANGED: {
    ko: '증명서 발급 뒤 등기기록이 바뀌었습니다.',
    en: 'The register has changed since the extract was issued.',
  },
} as const satisfies Record<string, Words>
export type ExtractCode = keyof typeof EXTRACT_CODES

/** A check's answer with its stable code (null when it passed or was not checked). */
export interface ExtractCheck extends CheckOutcome {
  code: ExtractCode | null
}

export interface ExtractStatusCheck extends ExtractCheck {
  /** true: a later proof shows the register unchanged; false: it changed; null: no later proof was given */
  current: boolean | null
  /** what changed since the extract's block (when a later proof shows a change) */
  changes: RegisterChange | null
  /** the block the answer is as of: the later proof's, or the extract's own */
  asOf: { height: number; time: number } | null
  /** true when the node was asked now (its range proof as of its head is among the later proofs) */
  live: boolean
  /** always proven by a state proof (the extract's, or a later one) */
  proven: boolean
  refused?: boolean
}

export type ExtractChecks = { proof: ExtractCheck; register: ExtractCheck; entries: ExtractCheck; status: ExtractStatusCheck }

/** The rest of the extract's evidence besides its certified state. */
export interface ExtractExtra {
  /** from a bundle: the view, language, issue time, QR text and the text printed; null from a QR code alone */
  bundle: Omit<ExtractEvidence, 'state'> | null
  /** the QR code's digest: read from the bundle's QR text (with the trust list) or from a scanned code */
  digest: ExtractDigest | null
}

/** What an extract states, as the checks read it. */
export interface ExtractRecord {
  number: string
  view: 'full' | 'current'
  lang: 'ko' | 'en'
  issuedAt: number | null
  /** the register as proven (null when the proof's entries are not a register's: the register check says why) */
  register: ProvenRegister | null
  registerProblem: string | null
  /** the text the extract prints, and the text derived from the proof */
  printed: ExtractText
  proven: ExtractText | null
}

/** What a node says now: its head (so that a range proof as of it is known as "the node asked now"). */
export interface ExtractLive {
  height: number
  time: number
}

type Ctx = CheckContext<ExtractRecord, ExtractExtra, ExtractLive>

const check = (ok: boolean, code: ExtractCode | null, detail: string): ExtractCheck => ({ ok, result: ok ? 'pass' : 'fail', code: ok ? null : code, detail })
const when = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC')
const sectionName = (s: 'A' | 'B'): string => (s === 'A' ? 'section A (갑구)' : 'section B (을구)')

function invalid(why: string): DaejangError {
  return new DaejangError('PROOF_INVALID', why)
}

/** An extract's evidence as a certified record of the land registry. */
export function extractCertified(e: ExtractEvidence, digest: ExtractDigest | null = null): CertifiedRecord<ExtractExtra> {
  const { state, ...bundle } = e
  return { registry: LAND_REGISTRY, format: EXTRACT_FORMAT, proof: null, state, extra: { bundle, digest } }
}

function record(c: CertifiedRecord<ExtractExtra>): ExtractRecord {
  const b = c.extra.bundle
  if (!b || !c.state) throw invalid(`${EXTRACT_CODES.LAND_EXTRACT_QR_ONLY.en} (${c.extra.digest ? `register ${c.extra.digest.number}, block ${c.extra.digest.header.height}` : 'no digest'})`)
  if (c.state.proof.kind !== 'range') throw invalid('the proof of a land extract is a range proof of the register')
  let register: ProvenRegister | null = null
  let registerProblem: string | null = null
  try {
    register = registerOf(b.number, c.state.proof.group, c.state.proof.entries)
  } catch (e) {
    registerProblem = (e as Error).message
  }
  let proven: ExtractText | null = null
  if (register) {
    try {
      proven = extractText(register, b.view, b.lang, c.state.header.height)
    } catch (e) {
      registerProblem = `the proven entries cannot be read as a register: ${(e as Error).message}`
      register = null
    }
  }
  return { number: b.number, view: b.view, lang: b.lang, issuedAt: b.issuedAt, register, registerProblem, printed: b.text, proven }
}

function proofCheck(ctx: Ctx): ExtractCheck {
  if (!ctx.proofOk) return check(false, 'LAND_EXTRACT_PROOF', ctx.proofProblem)
  const c = ctx.certified
  let digest = c.extra.digest
  if (!digest && c.extra.bundle?.qr) {
    try {
      digest = decodeExtractDigest(readQrBody(c.extra.bundle.qr), ctx.trust)
    } catch (e) {
      return check(false, 'LAND_EXTRACT_QR', `the extract's QR code cannot be read: ${(e as Error).message}`)
    }
  }
  if (!digest) return check(false, 'LAND_EXTRACT_QR', 'the extract carries no QR code')
  const why = digestMatches(digest, c.state!, ctx.record.number, ctx.record.view)
  if (why) return check(false, 'LAND_EXTRACT_QR', why)
  return check(true, null, `the register's entries are proven complete as of block ${ctx.asOf.height} (${when(ctx.asOf.time)}), and the QR code is this proof's`)
}

/** The base45 body of a `DJ:LAND/1:` text (the envelope is the framework's; read here without the verifier list). */
function readQrBody(text: string): Uint8Array {
  const t = text.trim()
  const prefix = `DJ:LAND/${EXTRACT_FORMAT}:`
  if (!t.toUpperCase().startsWith(prefix)) throw invalid(`a land extract's QR text starts with ${prefix}`)
  return fromBase45(t.slice(prefix.length))
}

function registerCheck(ctx: Ctx): ExtractCheck {
  if (!ctx.proofOk) return check(false, 'LAND_EXTRACT_PROOF', `not established: ${ctx.proofProblem}`)
  const r = ctx.record
  const group = ctx.certified.state!.proof.kind === 'range' ? ctx.certified.state!.proof.group : ''
  if (group !== registerGroup(r.number)) {
    const other = /^ld\/r\/(.+)$/.exec(group)?.[1]
    return check(false, 'LAND_EXTRACT_OTHER_REGISTER', `the proof is of ${other ? `register ${other}` : `the state group ${group}`}, not of register ${r.number}`)
  }
  if (!r.register) return check(false, 'LAND_EXTRACT_STATE', r.registerProblem ?? 'the proven entries are not a register')
  return check(true, null, `the proof is of register ${r.number}: ${r.register.entries.length} entries, and its current state matches them`)
}

function findingSentence(f: TextFinding): { code: ExtractCode; detail: string } {
  switch (f.kind) {
    case 'entry-missing':
      return { code: 'LAND_EXTRACT_ENTRY_MISSING', detail: `entry ${f.rank} of ${sectionName(f.section)} is on the register but missing from the extract` }
    case 'entry-added':
      return { code: 'LAND_EXTRACT_ENTRY_ADDED', detail: `the extract shows an entry ${f.rank} of ${sectionName(f.section)} the register does not have` }
    case 'cancelled-shown-live':
      return { code: 'LAND_EXTRACT_CANCELLED_SHOWN_LIVE', detail: `entry ${f.rank} of ${sectionName(f.section)} is cancelled on the register but shown as in force` }
    case 'entry-changed':
      return {
        code: 'LAND_EXTRACT_ENTRY_CHANGED',
        detail: `entry ${f.rank} of ${sectionName(f.section)} differs from the register (${f.field === 'details' ? 'its holders or other particulars' : f.field})`,
      }
    case 'head-changed':
      return { code: 'LAND_EXTRACT_HEAD_CHANGED', detail: `the description of the property (${f.label}) differs from the register` }
    default:
      return { code: 'LAND_EXTRACT_TEXT', detail: `the extract's ${f.what} is not its proof's` }
  }
}

function entriesCheck(ctx: Ctx): ExtractCheck {
  if (!ctx.proofOk) return check(false, 'LAND_EXTRACT_PROOF', `not established: ${ctx.proofProblem}`)
  const r = ctx.record
  if (!r.proven) return check(false, 'LAND_EXTRACT_STATE', r.registerProblem ?? 'the proven entries are not a register')
  const findings = compareText(r.printed, r.proven)
  if (findings.length > 0) {
    const first = findingSentence(findings[0]!)
    const more = findings.length > 1 ? ` (and ${findings.length - 1} more difference${findings.length > 2 ? 's' : ''})` : ''
    return check(false, first.code, first.detail + more)
  }
  const n = r.proven.sections.A.length + r.proven.sections.B.length
  return check(true, null, `${n === 1 ? 'the entry printed is' : `the ${n} entries printed are`} the register's, as proven${r.view === 'current' ? ' (현재 유효사항: what is in force)' : ', cancelled ones struck through'}`)
}

function changeWords(c: RegisterChange): string {
  const parts: string[] = []
  if (c.added.length) parts.push(`${c.added.length} entr${c.added.length === 1 ? 'y' : 'ies'} entered (${c.added.map((a) => `${sectionName(a.section)} ${a.rank}: ${a.purpose}`).join('; ')})`)
  if (c.cancelled.length) parts.push(`${c.cancelled.map((x) => `${sectionName(x.section)} ${x.rank}`).join(', ')} cancelled`)
  if (c.head) parts.push('the description of the property changed')
  return parts.join('; ')
}

/** The newest register the later proofs prove, or why one is refused. */
function newestLater(ctx: Ctx): { reg: ProvenRegister; asOf: { height: number; time: number } } | { refused: string } | null {
  let best: { reg: ProvenRegister; asOf: { height: number; time: number } } | null = null
  const mine = ctx.record.register!
  for (const x of ctx.later) {
    const lr = x as LaterRange
    if (lr.number !== ctx.record.number) return { refused: `a later proof is refused: it is of register ${lr.number}, not ${ctx.record.number}` }
    const v = verifyStateEvidence(lr.state, ctx.trust, ctx.verify)
    if (!v.valid || !v.claim || !('group' in v.claim)) {
      const why = v.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`).join('; ')
      return { refused: `a later proof does not verify, and is refused (${why || 'not a range proof of the register'})` }
    }
    let reg: ProvenRegister
    try {
      reg = registerOf(lr.number, v.claim.group, v.claim.entries)
    } catch (e) {
      return { refused: `a later proof is refused: ${(e as Error).message}` }
    }
    // the same register: opened by the same transaction, and the extract's entries still its first ones
    if (reg.entries.length < mine.entries.length || mine.entries.some((e, i) => e.tx !== reg.entries[i]!.tx)) {
      if (v.height >= ctx.asOf.height) return { refused: `a later proof is refused: it shows register ${lr.number} with other entries than the extract's` }
      continue
    }
    if (!best || v.height > best.asOf.height) best = { reg, asOf: { height: v.height, time: lr.state.header.time } }
  }
  return best
}

function statusCheck(ctx: Ctx): ExtractStatusCheck {
  const base = { current: null, changes: null, asOf: ctx.asOf, live: false, proven: true }
  if (!ctx.proofOk || !ctx.record.register) return { ...base, ...check(false, 'LAND_EXTRACT_PROOF', 'not established: the extract does not verify'), proven: false }
  const later = newestLater(ctx)
  if (later && 'refused' in later) return { ...base, ...check(false, 'LAND_EXTRACT_LATER_REFUSED', later.refused), refused: true }
  if (!later || later.asOf.height <= ctx.asOf.height) {
    return {
      ...base,
      ...check(
        true,
        null,
        `proven as of block ${ctx.asOf.height} (${when(ctx.asOf.time)}); without a later proof of the register (from a node or a file), a later change cannot be seen`,
      ),
    }
  }
  const live = ctx.live !== null && later.asOf.height >= ctx.live.height
  const changes = changesBetween(ctx.record.register, later.reg)
  const how = live ? 'proven by the range proof of the node asked' : 'proven by a later range proof; a change after it needs a newer one'
  if (isUnchanged(changes)) {
    return { ...base, ...check(true, null, `still current as of block ${later.asOf.height} (${when(later.asOf.time)}), ${how}`), current: true, asOf: later.asOf, live }
  }
  return {
    ...base,
    ok: true,
    result: 'pass',
    code: 'LAND_EXTRACT_CHANGED',
    detail: `no longer current: as of block ${later.asOf.height} (${when(later.asOf.time)}), ${changeWords(changes)} — ${how}`,
    current: false,
    changes,
    asOf: later.asOf,
    live,
  }
}

const enc = encodeURIComponent

/** The node's head (so that its range proof is known as "as of now"). */
async function live(get: NodeGet): Promise<ExtractLive> {
  const st = await get<StatusDto>('/api/v1/status')
  return { height: st.height, time: st.lastBlockTime }
}

/** The register's range proof as of the node's head (checked by the status check, not trusted). */
async function fetchLater(get: NodeGet, _c: CertifiedRecord<ExtractExtra>, rec: ExtractRecord): Promise<LaterRange | null> {
  try {
    return laterFromJson(await get<RangeProofJson>(`/api/v1/land/registers/${enc(rec.number)}/range-proof`))
  } catch (e) {
    if (e instanceof DaejangError && e.code === 'NOT_FOUND') return null
    throw e
  }
}

export const landExtractVerifier: RegistryVerifier<ExtractRecord, ExtractExtra, ExtractLive, ExtractChecks> = {
  registry: LAND_REGISTRY,
  formats: [EXTRACT_FORMAT],
  record,
  decode(format: number, bytes: Uint8Array, trust?: TrustList): CertifiedRecord<ExtractExtra> {
    if (format !== EXTRACT_FORMAT) throw invalid(`not a format ${EXTRACT_FORMAT} land extract`)
    if (!trust) throw invalid("a land extract's QR code is read with the trust list")
    const digest = decodeExtractDigest(bytes, trust)
    return { registry: LAND_REGISTRY, format, proof: null, state: null, extra: { bundle: null, digest } }
  },
  checks: {
    proof: { timeless: true, run: proofCheck },
    register: { timeless: true, run: registerCheck },
    entries: { timeless: true, run: entriesCheck },
    status: { run: statusCheck, current: (c) => c.live && c.current === true },
  },
  unreadable(problem: string): ExtractChecks {
    const fail = check(false, problem.startsWith(EXTRACT_CODES.LAND_EXTRACT_QR_ONLY.en) ? 'LAND_EXTRACT_QR_ONLY' : 'LAND_EXTRACT_PROOF', problem)
    return { proof: fail, register: fail, entries: fail, status: { ...fail, current: null, changes: null, asOf: null, live: false, proven: false } }
  },
  checkNames: {
    proof: { ko: '증명', en: 'Proof' },
    register: { ko: '등기기록', en: 'Register' },
    entries: { ko: '기재 사항', en: 'Entries' },
    status: { ko: '현재 여부', en: 'Still current' },
  },
  label: (r) => r.number,
  bundle: (json: unknown) => extractCertified(bundleFromJson(json)),
  attachment: EXTRACT_BUNDLE_FILE,
  later: laterFromJson,
  fetchLater,
  live,
}
