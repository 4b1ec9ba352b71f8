/**
 * The election archive check of the Verify screen and the standalone verifier page (docs/adr/0060): a Belenios 2.5
 * `.bel` file read with the page's bounds, the ten numbered checks of the voting registry's verifier
 * (portable/archive/verify.ts) on the portable group, with progress, and the index a voter's tracker is looked up in.
 * Runs in the page's worker (election-worker.ts) or, where no worker can start, on the page's thread
 * (election-client.ts). Never throws: an archive it cannot read is a refusal in words.
 */
import { DaejangError } from '../../../../shared/errors'
import { readArchive, type ReadArchive } from '../../../../ledger/registries/voting/portable/archive/archive'
import { beleniosVerifierCrypto } from '../../../../ledger/registries/voting/portable/archive/crypto'
import { ARCHIVE_ERRORS, type ArchiveErrorCode } from '../../../../ledger/registries/voting/portable/archive/errors'
import { verifyArchive, type CheckReport, type VerifierCrypto } from '../../../../ledger/registries/voting/portable/archive/verify'
import { portableGroup } from '../../../../ledger/registries/voting/portable/belenios/group'
import { hexHashToB64 } from '../../../../ledger/registries/voting/portable/belenios/hash'

/** What the page holds in memory: a record of some hundred thousand ballots; a national one is checked by the CLI. */
export const PAGE_LIMITS = {
  maxArchiveBytes: 256 * 2 ** 20,
  maxFileBytes: 8 * 2 ** 20,
  maxFiles: 1_000_000,
  /** JSON nesting: Belenios's texts nest at most about 8 deep */
  maxDepth: 32,
} as const

export type Refusal = ArchiveErrorCode | 'VOTING_ARCHIVE_TOO_DEEP' | 'VOTING_ARCHIVE_UNREADABLE'

export const REFUSAL_WORDS: Record<Refusal, { ko: string; en: string }> = {
  ...(Object.fromEntries(Object.entries(ARCHIVE_ERRORS).map(([k, v]) => [k, v.text])) as Record<ArchiveErrorCode, { ko: string; en: string }>),
  VOTING_ARCHIVE_TOO_DEEP: {
    ko: '선거 기록 안의 파일이 너무 깊게 중첩되어 있습니다. 선거 기록으로 읽지 않습니다.',
    en: 'A file inside the election archive is nested too deeply: it is not read as an election record.',
  },
  VOTING_ARCHIVE_UNREADABLE: {
    ko: '이 파일을 선거 기록으로 읽을 수 없습니다.',
    en: 'This file cannot be read as an election record.',
  },
}

/** one ballot of the record, in ledger order: its tracker, its event's height and its credential */
export interface BallotEntry {
  tracker: string
  height: number
  credential: string
}

export interface ElectionSummary {
  /** the election's text as recorded (a challenged ballot is opened against it) */
  text?: string
  uuid?: string
  name?: string
  questions: Array<{ question: string; answers: string[]; blank: boolean }>
  /** the result, per question the count of each answer (blank first where the question allows it) */
  result?: number[][]
}

export type ArchiveCheck =
  | { kind: 'refused'; code: Refusal; words: { ko: string; en: string } }
  | {
      kind: 'report'
      ok: boolean
      checks: CheckReport[]
      /** ballots whose signature and proofs were checked (check 6) */
      ballotsChecked: number
      ballots: BallotEntry[]
      /** the tally was computed (an EncryptedTally event): the last ballots are counted */
      tallied: boolean
      election: ElectionSummary
      ms: number
    }

export type Progress = { step: 'reading' } | { step: 'check'; n: number; done: number; total: number }

function depthOk(text: string, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++ // backslash: skip the escaped character
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 123 || c === 91) {
      if (++depth > max) return false
    } else if (c === 125 || c === 93) depth--
  }
  return true
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function refused(code: Refusal): ArchiveCheck {
  return { kind: 'refused', code, words: REFUSAL_WORDS[code] }
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
}

/** the ballots in event order, and the election's words, read without trusting them (the checks say what holds) */
function indexOf(archive: ReadArchive): { ballots: BallotEntry[]; tallied: boolean; election: ElectionSummary } {
  const data = new Map<string, string>()
  const ballots: BallotEntry[] = []
  let tallied = false
  let setup: Record<string, unknown> | undefined
  let result: unknown
  let height = 0
  for (const f of archive.files) {
    if (f.kind === 'data') {
      data.set(f.name, f.text)
      continue
    }
    const e = asRecord(parse(f.text))
    const payload = typeof e.payload === 'string' ? e.payload : undefined
    if (e.type === 'Setup' && payload !== undefined) setup = asRecord(parse(data.get(payload) ?? ''))
    if (e.type === 'Ballot' && payload !== undefined && /^[0-9a-f]{64}$/.test(payload)) {
      const b = asRecord(parse(data.get(payload) ?? ''))
      ballots.push({ tracker: hexHashToB64(payload), height, credential: typeof b.credential === 'string' ? b.credential : '' })
    }
    if (e.type === 'EncryptedTally') tallied = true
    if (e.type === 'Result' && payload !== undefined) result = asRecord(parse(data.get(payload) ?? '')).result
    height++
  }
  const election: ElectionSummary = { questions: [] }
  const electionText = typeof setup?.election === 'string' ? data.get(setup.election) : undefined
  const el = asRecord(parse(electionText ?? ''))
  if (electionText !== undefined) election.text = electionText
  if (typeof el.uuid === 'string') election.uuid = el.uuid
  if (typeof el.name === 'string') election.name = el.name
  if (Array.isArray(el.questions)) {
    for (const q of el.questions) {
      const r = asRecord(q)
      election.questions.push({
        question: typeof r.question === 'string' ? r.question : '',
        answers: Array.isArray(r.answers) ? r.answers.map((a) => (typeof a === 'string' ? a : '')) : [],
        blank: r.blank === true,
      })
    }
  }
  if (Array.isArray(result) && result.every((row) => Array.isArray(row) && row.every((n) => Number.isSafeInteger(n)))) election.result = result as number[][]
  return { ballots, tallied, election }
}

/** a crypto whose calls say where the checks are (the verifier itself is synchronous) */
function withProgress<P>(crypto: VerifierCrypto<P>, ballots: number, partials: number, onProgress: (p: Progress) => void): VerifierCrypto<P> {
  let ballotsDone = 0
  let partialsDone = 0
  let lastReport = 0
  return {
    checkTrustees(text, trustees, group) {
      onProgress({ step: 'check', n: 4, done: 0, total: 1 })
      return crypto.checkTrustees(text, trustees, group)
    },
    checkBallot(setup, text) {
      crypto.checkBallot(setup, text)
      ballotsDone++
      const now = performance.now()
      if (ballotsDone === ballots || now - lastReport > 100) {
        lastReport = now
        onProgress({ step: 'check', n: 6, done: ballotsDone, total: ballots })
      }
    },
    checkPartialDecryption(setup, tally, owner, text) {
      crypto.checkPartialDecryption(setup, tally, owner, text)
      onProgress({ step: 'check', n: 9, done: ++partialsDone, total: partials })
    },
    checkResult(setup, tally, partialList, resultText) {
      onProgress({ step: 'check', n: 10, done: 0, total: 1 })
      crypto.checkResult(setup, tally, partialList, resultText)
    },
  }
}

/** The numbered checks of an election archive's bytes, with the page's bounds. */
export function checkElectionArchive(bytes: Uint8Array, onProgress: (p: Progress) => void = () => {}): ArchiveCheck {
  const t0 = performance.now()
  if (bytes.length > PAGE_LIMITS.maxArchiveBytes) return refused('VOTING_ARCHIVE_TOO_LARGE')
  onProgress({ step: 'reading' })
  let archive: ReadArchive
  try {
    archive = readArchive(bytes, PAGE_LIMITS)
  } catch (e) {
    if (e instanceof DaejangError && e.code in ARCHIVE_ERRORS) return refused(e.code as ArchiveErrorCode)
    return refused('VOTING_ARCHIVE_UNREADABLE')
  }
  for (const f of archive.files) if (!depthOk(f.text, PAGE_LIMITS.maxDepth)) return refused('VOTING_ARCHIVE_TOO_DEEP')
  try {
    const index = indexOf(archive)
    const partials = archive.files.filter((f) => f.kind === 'event' && f.text.includes('"type":"PartialDecryption"')).length
    const crypto = withProgress(beleniosVerifierCrypto(portableGroup), index.ballots.length, partials, onProgress)
    const report = verifyArchive(archive, portableGroup, crypto)
    const ballotsCheck = report.checks.find((c) => c.id === 'ballots')
    return {
      kind: 'report',
      ok: report.ok,
      checks: report.checks,
      ballotsChecked: ballotsCheck?.state === 'passed' ? ballotsCheck.count : 0,
      ballots: index.ballots,
      tallied: index.tallied,
      election: index.election,
      ms: performance.now() - t0,
    }
  } catch {
    // the verifier reports a hostile archive check by check; anything else is a refusal, never a crash
    return refused('VOTING_ARCHIVE_UNREADABLE')
  }
}

export type TrackerAnswer =
  | { state: 'not-found' }
  /** in the record, the last of its credential; counted when the tally was computed */
  | { state: 'counted' | 'recorded'; height: number }
  /** in the record, replaced by a later ballot of the same credential (not counted) */
  | { state: 'replaced'; height: number; by: number }

/** Where a voter's tracker is in the record (blanks and a trailing "=" are forgiven: trackers are Base64 without padding). */
export function findTracker(ballots: readonly BallotEntry[], tracker: string, tallied: boolean): TrackerAnswer {
  const t = tracker.replace(/\s+/g, '').replace(/=+$/, '')
  if (t === '') return { state: 'not-found' }
  const i = ballots.findIndex((b) => b.tracker === t)
  if (i < 0) return { state: 'not-found' }
  const b = ballots[i]!
  const later = b.credential === '' ? undefined : ballots.slice(i + 1).findLast((x) => x.credential === b.credential)
  if (later !== undefined) return { state: 'replaced', height: b.height, by: later.height }
  return { state: tallied ? 'counted' : 'recorded', height: b.height }
}
