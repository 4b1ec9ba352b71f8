// TEMPORARY STUB (stream C) of stream A's D2 interface: replaced by s11-tree's file on merge.
import type { Canonical } from '../codec/canonical'
export const EMPTY_ROOT = new Uint8Array(32)
export interface ProofStep { depth: number; sibling: Uint8Array }
export type StateProof =
  | { kind: 'present'; key: string; value: Canonical; steps: ProofStep[] }
  | { kind: 'absent'; key: string; witness: { path: Uint8Array; valueHash: Uint8Array } | null; steps: ProofStep[] }
  | { kind: 'range'; group: string; entries: Array<[string, Canonical]>; witness: { path: Uint8Array; valueHash: Uint8Array } | null; steps: ProofStep[] }
export function groupOf(key: string): string { const i = key.lastIndexOf('/'); return i < 0 ? '' : key.slice(0, i) }
export function statePath(_key: string): Uint8Array { throw new Error('stub') }
export function stateProofRoot(_p: StateProof): Uint8Array { throw new Error('stub') }
export function verifyStateProof(_p: StateProof, _root: Uint8Array): { ok: true } | { ok: false; reason: string } { throw new Error('stub') }
export function encodeStateProof(_p: StateProof): Uint8Array { throw new Error('stub') }
export function decodeStateProof(_b: Uint8Array): StateProof { throw new Error('stub') }
export function stateProofToJson(_p: StateProof): unknown { throw new Error('stub') }
export function stateProofFromJson(_x: unknown): StateProof { throw new Error('stub') }
