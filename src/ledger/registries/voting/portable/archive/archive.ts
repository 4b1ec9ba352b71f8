/**
 * The Belenios 2.5 election archive (specification, "Public data"; docs/voting-belenios.md) written from an election
 * record and read back. The record holds the exact texts the ledger keeps (ADR 0048: never re-serialised); the
 * archive lays them out as Belenios's own server does: the `BELENIOS` header, then for each event the data it
 * refers to and the event itself, events chained by `parent` (the SHA-256 of the previous event's text) with
 * heights from 0. The same record gives the same bytes.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { archiveError, DEFAULT_TAR_LIMITS, ENTRY_NAME, HEADER_NAME, readTar, writeTar, type TarFile, type TarLimits } from './tar'

/** the event types of the specification, in the order they may follow each other */
export const EVENT_TYPES = ['Setup', 'Ballot', 'EndBallots', 'EncryptedTally', 'Shuffle', 'EndShuffles', 'PartialDecryption', 'Result'] as const
export type EventType = (typeof EVENT_TYPES)[number]

export interface ArchiveEvent {
  parent?: string
  height: number
  type: EventType
  payload?: string
}

/** An election as the ledger holds it: the exact texts, in ledger order. */
export interface ElectionRecord {
  /** the header's timestamp, in seconds: the opening block's time (ADR 0048) */
  timestamp: number
  /** the `election`, `trustees` and `public_credentials` texts, fixed at opening */
  election: string
  trustees: string
  publicCredentials: string
  /** the `setup_data` text fixed at opening; when absent it is made from the three texts' hashes */
  setupData?: string
  /** the ballots' texts in commit order (every accepted ballot, replaced ones too) */
  ballots: readonly string[]
  /** voting closed (the EndBallots event) */
  closed: boolean
  /** the encrypted tally, once computed: its text and the `sized_encrypted_tally` figures */
  tally?: { encryptedTally: string; numTallied: number; totalWeight: number | string }
  /** the partial decryptions in commit order: the trustee's number (from 1, its place in the trustees) and the text */
  partialDecryptions: ReadonlyArray<{ owner: number; text: string }>
  /** the `result` text */
  result?: string
}

const encoder = new TextEncoder()

export function sha256Hex(bytes: Uint8Array | string): string {
  return bytesToHex(sha256(typeof bytes === 'string' ? encoder.encode(bytes) : bytes))
}

/** An event as Belenios serialises it: compact, fields in the specification's order, optional fields left out. */
export function eventText(e: ArchiveEvent): string {
  const parts: string[] = []
  if (e.parent !== undefined) parts.push(`"parent":${JSON.stringify(e.parent)}`)
  parts.push(`"height":${e.height}`, `"type":${JSON.stringify(e.type)}`)
  if (e.payload !== undefined) parts.push(`"payload":${JSON.stringify(e.payload)}`)
  return `{${parts.join(',')}}`
}

export function headerText(timestamp: number): string {
  return `{"version":1,"timestamp":${JSON.stringify(String(timestamp))}}`
}

export function setupDataText(election: string, trustees: string, publicCredentials: string): string {
  return `{"election":"${sha256Hex(election)}","trustees":"${sha256Hex(trustees)}","credentials":"${sha256Hex(publicCredentials)}"}`
}

export function sizedTallyText(numTallied: number, totalWeight: number | string, encryptedTally: string): string {
  const w = typeof totalWeight === 'number' ? String(totalWeight) : JSON.stringify(totalWeight)
  return `{"num_tallied":${numTallied},"total_weight":${w},"encrypted_tally":"${sha256Hex(encryptedTally)}"}`
}

export function ownedText(owner: number, payload: string): string {
  return `{"owner":${owner},"payload":"${sha256Hex(payload)}"}`
}

/** The archive's files (header first) for a record: what `buildArchive` writes. */
export function archiveFiles(record: ElectionRecord): TarFile[] {
  if (!Number.isSafeInteger(record.timestamp) || record.timestamp < 0) throw archiveError('VOTING_ARCHIVE_INCOMPLETE', 'the opening time')
  if (record.tally !== undefined && !record.closed) throw archiveError('VOTING_ARCHIVE_INCOMPLETE', 'a tally of an election not closed')
  if (record.partialDecryptions.length > 0 && record.tally === undefined) throw archiveError('VOTING_ARCHIVE_INCOMPLETE', 'partial decryptions without a tally')
  if (record.result !== undefined && record.partialDecryptions.length === 0) throw archiveError('VOTING_ARCHIVE_INCOMPLETE', 'a result without partial decryptions')
  const files: TarFile[] = [{ name: HEADER_NAME, body: encoder.encode(headerText(record.timestamp)) }]
  let parent: string | undefined
  let height = 0
  const data = (text: string): string => {
    const body = encoder.encode(text)
    const hash = sha256Hex(body)
    files.push({ name: `${hash}.data.json`, body })
    return hash
  }
  const event = (type: EventType, payload?: string): void => {
    const e: ArchiveEvent = { height, type }
    if (parent !== undefined) e.parent = parent
    if (payload !== undefined) e.payload = payload
    const body = encoder.encode(eventText(e))
    parent = sha256Hex(body)
    files.push({ name: `${parent}.event.json`, body })
    height++
  }
  data(record.election)
  data(record.trustees)
  data(record.publicCredentials)
  event('Setup', data(record.setupData ?? setupDataText(record.election, record.trustees, record.publicCredentials)))
  for (const b of record.ballots) event('Ballot', data(b))
  if (record.closed) event('EndBallots')
  if (record.tally !== undefined) {
    data(record.tally.encryptedTally)
    event('EncryptedTally', data(sizedTallyText(record.tally.numTallied, record.tally.totalWeight, record.tally.encryptedTally)))
  }
  for (const pd of record.partialDecryptions) {
    if (!Number.isSafeInteger(pd.owner) || pd.owner < 1) throw archiveError('VOTING_ARCHIVE_INCOMPLETE', 'a partial decryption without its trustee')
    data(pd.text)
    event('PartialDecryption', data(ownedText(pd.owner, pd.text)))
  }
  if (record.result !== undefined) event('Result', data(record.result))
  return files
}

/** The `.bel` bytes of a record: the same record, the same bytes. */
export function buildArchive(record: ElectionRecord): Uint8Array {
  return writeTar(archiveFiles(record), record.timestamp)
}

export interface ArchiveFile {
  kind: 'data' | 'event'
  /** the hash its name claims (hex) */
  name: string
  /** its bytes, and their text (UTF-8) */
  bytes: Uint8Array
  text: string
  /** where its tar header starts in the archive */
  offset: number
}

export interface ReadArchive {
  header: { text: string; version: number; timestamp: number }
  /** data and events in archive order */
  files: ArchiveFile[]
}

const decoder = new TextDecoder('utf-8', { fatal: true })

function utf8(bytes: Uint8Array, what: string): string {
  try {
    return decoder.decode(bytes)
  } catch {
    throw archiveError('VOTING_ARCHIVE_MALFORMED', `${what} is not UTF-8 text`)
  }
}

/**
 * The header and files of `.bel` bytes. Refuses (a DaejangError with a VOTING_ARCHIVE_* code, nothing else) what is
 * not an archive at all: a bad tar, a name not of the archive, a header that is not version 1. Whether the files'
 * hashes, the chain and the election hold is the verifier's work (verify.ts), check by check.
 */
export function readArchive(bytes: Uint8Array, limits: TarLimits = DEFAULT_TAR_LIMITS): ReadArchive {
  const entries = readTar(bytes, limits)
  const first = entries[0]!
  const headerTextRead = utf8(first.body, 'the header')
  let parsed: unknown
  try {
    parsed = JSON.parse(headerTextRead)
  } catch {
    throw archiveError('VOTING_ARCHIVE_MALFORMED', 'the header is not JSON')
  }
  const h = parsed as { version?: unknown; timestamp?: unknown }
  if (typeof parsed !== 'object' || parsed === null || h.version !== 1) throw archiveError('VOTING_ARCHIVE_MALFORMED', 'the header is not of version 1')
  const ts = typeof h.timestamp === 'string' && /^(0|[1-9][0-9]{0,15})$/.test(h.timestamp) ? Number(h.timestamp) : typeof h.timestamp === 'number' ? h.timestamp : NaN
  if (!Number.isSafeInteger(ts) || ts < 0) throw archiveError('VOTING_ARCHIVE_MALFORMED', 'the header has no valid timestamp')
  const files: ArchiveFile[] = []
  for (const e of entries.slice(1)) {
    const m = ENTRY_NAME.exec(e.name)!
    files.push({ kind: m[2] as 'data' | 'event', name: m[1]!, bytes: e.body, text: utf8(e.body, e.name), offset: e.offset })
  }
  return { header: { text: headerTextRead, version: 1, timestamp: ts }, files }
}
