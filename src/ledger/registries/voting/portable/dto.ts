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

/** A ballot on the public board: its place, its tracker, whether a later ballot of its credential replaced it. */
export interface BoardEntryDto {
  seq: number
  /** the Belenios tracker: Base64 SHA-256 of the ballot text, no padding */
  tracker: string
  /** hex SHA-256 of the text (its archive file name) */
  hash: string
  replaced: boolean
}

export interface BoardDto {
  uuid: string
  /** ballots received, and ballots counted (one per credential) */
  ballots: number
  counted: number
  entries: BoardEntryDto[]
  more: boolean
  height: number
}

/** What a trustee needs for its next step: every certificate sent, its vinput once every polynomial is in. */
export interface CeremonyDto {
  uuid: string
  certs: Array<string | null>
  /** by trustee agency, in the draft's order; null until every polynomial is in */
  vinputs: string[] | null
  height: number
}

export interface ResultDto {
  uuid: string
  questions: Array<{ question: string; blank: boolean; answers: string[]; counts: number[]; blankCount: number | null }>
  counted: number
  /** the Belenios result text, as committed */
  text: string
  height: number
}
