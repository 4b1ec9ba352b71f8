/**
 * The node's activity log (issue 15, "never silent"; docs/adr/0052): what happened on this node that its users must
 * be able to see afterwards — a transaction refused, a peer dropped for misbehaving, a catch-up begun, ended or cut
 * short by a bad block, a governance act committed, an error in block production, a bundle imported or refused. Not
 * consensus state: a node's own record, kept in one file of JSON lines beside its store (`activity.jsonl`), appended
 * as things happen and read back at start. Bounded: at most MAX_ENTRIES are kept (the file is rewritten with the
 * newest half when it grows past twice that), each entry's details are short strings or numbers, and a burst of one
 * kind of entry is summarised rather than written line by line (a flood of refused transactions must not become a
 * flood of disk writes).
 *
 * Entries carry a stable `event` id and `details`; the words are the app's (renderer) and the CLI's, in Korean and
 * English — never the raw id.
 */
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { z } from 'zod'

import { ACTIVITY_EVENTS, ACTIVITY_KINDS, type ActivityEvent, type ActivityKind } from '../../shared/activity'

export { ACTIVITY_EVENTS, ACTIVITY_KINDS, isConflict, type ActivityEvent, type ActivityKind } from '../../shared/activity'

export type ActivityDetails = Record<string, string | number>

export interface ActivityEntry {
  /** increasing, from 1, over the node's life (kept across restarts) */
  seq: number
  time: number
  kind: ActivityKind
  event: ActivityEvent
  /** the error code, where there is one */
  code?: string
  details: ActivityDetails
}

export const MAX_ENTRIES = 10_000
const MAX_DETAIL_CHARS = 300
const MAX_DETAILS = 12
/** per event id, at most this many entries a second are written; the rest are counted into one summary */
const BURST_PER_SECOND = 20

const EntrySchema = z
  .object({
    seq: z.number().int().min(1),
    time: z.number(),
    kind: z.enum(ACTIVITY_KINDS),
    event: z.enum(ACTIVITY_EVENTS),
    code: z.string().max(64).optional(),
    details: z.record(z.string(), z.union([z.string().max(MAX_DETAIL_CHARS), z.number()])),
  })
  .strict()

function cleanDetails(details: ActivityDetails): ActivityDetails {
  const out: ActivityDetails = {}
  for (const [k, v] of Object.entries(details).slice(0, MAX_DETAILS)) {
    if (typeof v === 'number') out[k.slice(0, 40)] = Number.isFinite(v) ? v : 0
    else out[k.slice(0, 40)] = String(v).slice(0, MAX_DETAIL_CHARS)
  }
  return out
}

export interface ActivityQuery {
  kinds?: readonly ActivityKind[]
  /** entries before this seq (paging back); default: the newest */
  before?: number
  limit?: number
}

export class ActivityLog {
  private entries: ActivityEntry[] = []
  private seq = 0
  private burst = new Map<ActivityEvent, { kind: ActivityKind; second: number; count: number; suppressed: number }>()
  private flushTimer: ReturnType<typeof setTimeout> | undefined

  /** `file`: where the log lives (null: in memory only, for tests and tools); `now`: the clock */
  constructor(
    private readonly file: string | null,
    private readonly now: () => number = Date.now,
  ) {
    if (file !== null && existsSync(file)) this.load(file)
  }

  private load(file: string): void {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      return
    }
    // a torn last line (a crash while appending) or a line edited by hand is skipped, never fatal
    for (const line of text.split('\n')) {
      if (line.length === 0 || line.length > 8_192) continue
      try {
        const e = EntrySchema.parse(JSON.parse(line)) as ActivityEntry
        if (e.seq > this.seq) {
          this.entries.push(e)
          this.seq = e.seq
        }
      } catch {
        // skipped
      }
    }
    if (this.entries.length > MAX_ENTRIES) this.entries = this.entries.slice(-MAX_ENTRIES)
  }

  /** Records what happened. Never throws: a log that cannot be written must not stop the node. */
  record(kind: ActivityKind, event: ActivityEvent, details: ActivityDetails = {}, code?: string): ActivityEntry | null {
    const time = this.now()
    const second = Math.floor(time / 1000)
    const b = this.burst.get(event)
    // bundles too: a person imports a few a minute, far below the bound, but a refused upload stays on the node and a
    // refusal of its header costs nothing, so asking again in a loop must not push the older entries out
    if (b && b.second === second) {
      if (b.count >= BURST_PER_SECOND) {
        b.suppressed++
        this.scheduleSummary()
        return null
      }
      b.count++
    } else {
      this.flushSummary(event)
      this.burst.set(event, { kind, second, count: 1, suppressed: 0 })
    }
    return this.append({ kind, event, details: cleanDetails(details), ...(code !== undefined ? { code: code.slice(0, 64) } : {}) }, time)
  }

  private scheduleSummary(): void {
    if (this.flushTimer !== undefined) return
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined
      this.flushAll()
    }, 1_000)
    this.flushTimer.unref?.()
  }

  /** What a burst left unwritten, as one entry: how many more of that event there were. */
  private flushSummary(event: ActivityEvent): void {
    const b = this.burst.get(event)
    if (!b || b.suppressed === 0) return
    const more = b.suppressed
    b.suppressed = 0
    this.append({ kind: b.kind, event: event === 'tx.rejected' ? 'tx.rejected.many' : event, details: { more } }, this.now())
  }

  private flushAll(): void {
    for (const event of this.burst.keys()) this.flushSummary(event)
  }

  private append(e: Omit<ActivityEntry, 'seq' | 'time'>, time: number): ActivityEntry {
    const entry: ActivityEntry = { seq: ++this.seq, time, ...e }
    this.entries.push(entry)
    if (this.file !== null) {
      try {
        appendFileSync(this.file, `${JSON.stringify(entry)}\n`)
        if (this.entries.length > 2 * MAX_ENTRIES) this.compact()
      } catch {
        // the disk is full or gone: the entry stays in memory; the node goes on
      }
    }
    if (this.entries.length > 2 * MAX_ENTRIES) this.entries = this.entries.slice(-MAX_ENTRIES)
    return entry
  }

  private compact(): void {
    this.entries = this.entries.slice(-MAX_ENTRIES)
    const tmp = `${this.file!}.tmp`
    writeFileSync(tmp, this.entries.map((e) => `${JSON.stringify(e)}\n`).join(''))
    renameSync(tmp, this.file!)
  }

  /** The newest entries first, filtered by kind, before a seq. */
  list(q: ActivityQuery = {}): { entries: ActivityEntry[]; more: boolean } {
    const limit = Math.min(Math.max(1, q.limit ?? 100), 1_000)
    const kinds = q.kinds && q.kinds.length > 0 ? new Set(q.kinds) : null
    const out: ActivityEntry[] = []
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!
      if (q.before !== undefined && e.seq >= q.before) continue
      if (kinds && !kinds.has(e.kind)) continue
      if (out.length === limit) return { entries: out, more: true }
      out.push(e)
    }
    return { entries: out, more: false }
  }

  close(): void {
    if (this.flushTimer !== undefined) {
      clearTimeout(this.flushTimer)
      this.flushTimer = undefined
    }
    this.flushAll()
  }
}

