/**
 * A certified extract of a register, assembled on the node (docs/adr/0036): the range proof of the register's whole
 * group as of a block (default: the head) with the trust steps a bundle carries (ADR 0028, bounded as the notary's),
 * the text the extract prints (portable/verify-model.ts, the same function the verifier runs), the QR digest and the
 * bundle. The PDF is laid out by extract-pdf.ts.
 */
import { DaejangError } from '../../../shared/errors'
import type { CertifiedState } from '../../proofs/certified-state'
import { type StepHistory, boundedTrustFrom } from '../../proofs/trust-bound'
import type { Validator } from '../../types/block'
import { normalizeRegisterNumber } from './portable/numbers'
import { registerGroup } from './portable/keys'
import { type ExtractBundleJson, type RangeProofJson, bundleToJson, extractQrText, rangeProofToJson } from './portable/verify-format'
import { type ExtractLang, type ExtractText, type ExtractView, type ProvenRegister, extractText, registerOf } from './portable/verify-model'

/** What the extract builder reads (a route or a bench builds it from a RegistryHost or a test chain). */
export interface ExtractSource {
  proveRange(group: string, height?: number, trustFrom?: number): Promise<CertifiedState>
  /** the head's height */
  headHeight(): number
  /** the validator set of a height, as the chain has it (the QR's checkpoint names signers against it) */
  setAt(height: number): readonly Validator[]
  /** the validator history (sizes the bundle's trust steps), when the node keeps one */
  history?: StepHistory
  chainId?: string
  /** the office's name (관할 등기소), as its agency defined it: printed beside the proven office code */
  officeName?(office: string): Promise<string | null>
}

export interface ExtractOptions {
  view: ExtractView
  lang: ExtractLang
  /** as of this block (default: the head) */
  height?: number
  /** the issue time (ms; default: now) */
  now?: number
}

export interface BuiltExtract {
  number: string
  view: ExtractView
  lang: ExtractLang
  issuedAt: number
  state: CertifiedState
  register: ProvenRegister
  text: ExtractText
  qr: string
  bundle: ExtractBundleJson
  officeName: string | null
  /** the height of the oldest trust list the bundle's steps start from (0: every set change since the genesis) */
  stepsFrom: number
}

/** The trust list a bundle is made for: the genesis's, as the notary's (bundle.ts); at most BUNDLE_STEPS_LIMITS steps. */
function trustFrom(src: ExtractSource, height: number): number | undefined {
  if (!src.history) return undefined
  return boundedTrustFrom(src.history, src.chainId ?? '', 0, height)
}

/** The register's group proven as of `height` (default: the head), with the trust steps. */
export async function proveRegister(src: ExtractSource, number: string, height?: number): Promise<{ number: string; state: CertifiedState }> {
  const n = normalizeRegisterNumber(number)
  if (n === null) throw new DaejangError('LAND_REGISTER_UNKNOWN', `not a register number: ${number} (NNNN-YYYY-NNNNNN)`)
  const at = height ?? src.headHeight()
  const state = await src.proveRange(registerGroup(n), height, trustFrom(src, at))
  if (state.proof.kind !== 'range' || state.proof.entries.length === 0) {
    throw new DaejangError('LAND_REGISTER_UNKNOWN', `no register has the number ${n}${height !== undefined ? ` at block ${height}` : ''}`)
  }
  return { number: n, state }
}

/** A register's range proof file (daejang-land-range/1): for "is this extract still current?". */
export async function registerRangeProof(src: ExtractSource, number: string, height?: number): Promise<RangeProofJson> {
  const p = await proveRegister(src, number, height)
  return rangeProofToJson(p.number, p.state)
}

export async function buildExtract(src: ExtractSource, number: string, o: ExtractOptions): Promise<BuiltExtract> {
  const { number: n, state } = await proveRegister(src, number, o.height)
  if (state.proof.kind !== 'range') throw new DaejangError('INTERNAL', 'not a range proof')
  const register = registerOf(n, state.proof.group, state.proof.entries)
  const text = extractText(register, o.view, o.lang, state.header.height)
  const qr = extractQrText(state, n, o.view, src.setAt(state.header.height))
  const issuedAt = o.now ?? Date.now()
  const bundle = bundleToJson({ number: n, view: o.view, lang: o.lang, issuedAt, qr, state, text })
  const officeName = src.officeName ? await src.officeName(register.head.office) : null
  const stepsFrom = trustFrom(src, state.header.height) ?? state.header.height
  return { number: n, view: o.view, lang: o.lang, issuedAt, state, register, text, qr, bundle, officeName, stepsFrom }
}
