/**
 * What the land register's API routes answer (below /api/v1/land/, registries/land/routes.ts): types only, portable,
 * so that the renderer's client and the CLI read the same shapes the node writes.
 */
import type { AppStatus, CurrentOwner, CurrentState, Head, Holder, LandRequest, Purpose, Receipt, StoredEntry } from './schema'

/** An entry as the register shows it: the stored entry and what later entries say about it. */
export interface LandEntryDto extends StoredEntry {
  /** the rank (same section) of the entry that cancelled this one, null while it stands */
  cancelledBy: string | null
  /** a 가등기 completed by its 본등기: the 본등기's position (seq); it keeps its row, not struck */
  completedBy: number | null
  /** struck through on an extract: cancelled (not merely completed by a 본등기) */
  struck: boolean
}

/** A register read whole or current-only, as of a block. */
export interface LandRegisterDto {
  number: string
  office: string
  /** the office's name (관할 등기소), as its agency defined it */
  officeName: string | null
  agency: string
  kind: Head['kind']
  /** the 표제부 as stored */
  head: Head
  /** the lot's location as printed (for a unit: its complex's), and the road-name address when known */
  address: string
  road: string | null
  /** the block the register is read as of (the head unless ?height=) */
  height: number
  /** `full`: every entry (등기사항전부); `current`: only what is in force (현재 유효사항) */
  view: 'full' | 'current'
  /** 갑구 and 을구, each in rank order (a 부기 after its main entry) */
  sections: { A: LandEntryDto[]; B: LandEntryDto[] }
  owners: CurrentOwner[]
  /** live restrictions, rights and 가등기 */
  live: CurrentState['live']
  /** entries on the register in all (both views) */
  entries: number
}

/** One line of a search or a list of registers. */
export interface LandRegisterSummaryDto {
  number: string
  office: string
  kind: Head['kind']
  address: string
  road: string | null
  /** current owners' names with their shares */
  owners: Array<{ name: string; share: string }>
  entries: number
  /** the transaction that opened it */
  openedTx: string
  openedHeight: number
}

/** A rule's finding in words: its stable code, the node's detail (English) and the code's sentence in both languages. */
export interface LandFindingDto {
  code: string
  message: string
  text: { ko: string; en: string } | null
}

/** An application (or a commission) as the registrar's queue shows it. */
export interface LandApplicationDto {
  office: string
  year: number
  receipt: number
  /** the day of receipt (KST) */
  on: string
  request: LandRequest
  purpose: Purpose
  register: string
  /** the keys that signed it, signer first */
  parties: string[]
  /** the name each party has on the register or in the request (same order as parties), null when it has none there */
  partyNames: Array<string | null>
  authority: string | null
  /**
   * the parties a licensed agent signed for under their mandates (party, agent, the mandate's hash, the party's name
   * on the register or in the request); absent when none
   */
  mandates?: Array<{ party: string; agent: string; hash: string; name: string | null }>
  /** the application this one was filed together with (연건신청) */
  together?: { office: string; year: number; receipt: number }
  status: AppStatus
  /** what the rules found at receipt */
  findings: LandFindingDto[]
  /**
   * what the rules find now, as of the head (only for an application still `received`): null when nothing stands in
   * the way of entering it today, else the refusal entering it would meet
   */
  findingNow: LandFindingDto | null
  reason: string | null
  decidedBy: string | null
  decidedAt: number | null
  tx: string
  height: number
}

/** A registry office. */
export interface LandOfficeDto {
  office: string
  name: string
  agency: string
}

export type { Holder, Receipt }
