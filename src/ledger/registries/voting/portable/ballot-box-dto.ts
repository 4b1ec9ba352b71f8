/**
 * What the ballot box endpoint answers (src/server/ballot-box.ts, docs/adr/0057) and the voter page reads
 * (src/renderer/voter/ballot-box-client.ts). Portable.
 */
import type { Phase, Question } from './schema'

/** The elections open for voting (`GET /elections`). */
export interface BoxElectionListDto {
  elections: Array<{ uuid: string; name: string; opens: number; closes: number }>
}

/** What a voter's page needs of an election (`GET /elections/:uuid`): public data only. */
export interface BoxElectionDto {
  uuid: string
  name: string
  description: string
  phase: Phase
  opens: number
  closes: number
  questions: Question[]
  /** the Belenios `election` text (group, public key, questions, uuid): null until the election is opened */
  election: string | null
}

/**
 * A voter's transaction taken (`POST /ballot`, `/spoil`, `/audit`): pending, or with `?wait=commit` committed at a
 * height; the tracker of the ballot it carries or names.
 */
export interface BoxSentDto {
  tracker: string
  txHash: string
  election: string
  status: 'pending' | 'committed'
  height?: number
}

/** A ballot taken (`POST /ballot`). */
export type BoxCastDto = BoxSentDto

/** A tracker on the board (`GET /elections/:uuid/trackers/:tracker`): found, and whether it counts. */
export interface BoxTrackerDto {
  tracker: string
  found: boolean
  counts: boolean
  /** the public credential whose spoil of this ballot is recorded (ADR 0056), or null: what a booth polls before opening */
  spoiledBy: string | null
  height: number
}
