// TEMPORARY STUB (stream C) of stream D's D5 interface: replaced by s11-trust's file on merge.
import type { Canonical } from '../codec/canonical'
import type { VerifyFn } from '../crypto/ed25519'
import type { Commit, Header, Validator } from '../types/block'
import type { TrustList } from './proof'
import type { StateProof } from './state-proof'
export interface TrustStep { header: Header; commit: Commit; nextValidators: Validator[] }
export interface CertifiedState { proof: StateProof; header: Header; commit: Commit; steps?: TrustStep[] }
export function verifyCertifiedState(_cs: CertifiedState, _trust: TrustList, _verify?: VerifyFn): {
  ok: boolean
  checks: Record<'state' | 'chain' | 'validators' | 'commit', { ok: boolean; detail: string }>
  claim: { key: string; value: Canonical | undefined } | { group: string; entries: Array<[string, Canonical]> }
  asOf: { height: number; time: number }
  trustedThrough: { changes: number; height: number } | null
} { throw new Error('stub') }
export function encodeCertifiedState(_cs: CertifiedState): Uint8Array { throw new Error('stub') }
export function decodeCertifiedState(_b: Uint8Array): CertifiedState { throw new Error('stub') }
export function certifiedStateToJson(_cs: CertifiedState): unknown { throw new Error('stub') }
export function certifiedStateFromJson(_x: unknown): CertifiedState { throw new Error('stub') }
