/** The shapes of the voting registry's read answers (routes.ts), shared with the app and the CLI. Portable. */
import type { CeremonyStep, Draft, Phase } from './schema'

export interface ElectionSummaryDto {
  uuid: string
  name: string
  /** the agency that drafted it */
  agency: string
  phase: Phase
  opens: number
  closes: number
  voters: number
  ballots: number
}

/** A trustee agency's progress in the key ceremony: the steps it took and the step awaited from it. */
export interface TrusteeProgressDto {
  agency: string
  /** 1, 2, …: its place in the Pedersen protocol */
  index: number
  done: CeremonyStep[]
  /** the step it takes next, null when it took all; `waiting` when that step waits for the other agencies */
  next: CeremonyStep | null
  waiting: boolean
  /** whether it sent its partial decryption (after the close) */
  decrypted: boolean
}

export interface ElectionDto {
  uuid: string
  draft: Draft
  agency: string
  phase: Phase
  draftedAt: number
  openedAt: number | null
  closedAt: number | null
  trustees: TrusteeProgressDto[]
  credentials: { published: number; parts: number; expected: number; sealed: boolean; hash: string | null }
  ballots: number
  /** the height these answers were read at */
  height: number
}

export interface ElectionListDto {
  elections: ElectionSummaryDto[]
  more: boolean
  height: number
}
