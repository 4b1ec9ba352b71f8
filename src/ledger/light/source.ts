/**
 * What a light workstation asks of a full node (docs/adr/0029). Nothing it answers is believed: the light client
 * checks every answer (verify.ts). The HTTP implementation is the server layer's (src/server/light-source.ts); tests
 * wrap it to answer falsely.
 */
import type { CertifiedState } from '../proofs/certified-state'
import type { Validator } from '../types/block'
import type { HeaderAndCommit } from './verify'

export interface LightSource {
  /** where it is, for messages and the home's record */
  readonly url: string
  /** headers and commits of consecutive blocks from `from` (at most `limit`), and the node's head height */
  headers(from: number, limit: number): Promise<{ head: number; items: HeaderAndCommit[] }>
  /** the validator set in effect at `height` */
  validators(height: number): Promise<Validator[]>
  /** a state proof of `key` as of `height`, with a header and commit (which the workstation does not need) */
  stateProof(key: string, height: number): Promise<CertifiedState>
}
