/**
 * Calm notifications for transaction events. The node may commit a thousand transactions a second; the user should
 * hear about their own (tracked in the outbox) and about rejections, in a few notices at most, and see the rest as a
 * count. Events are pushed as they arrive and drained into notices on a slow timer. Pure.
 */
import type { ErrorCode } from '../../shared/errors'

export type TxEvent =
  | { type: 'tx.committed'; hash: string; height: number; index: number; txType: string }
  | { type: 'tx.rejected'; hash: string; code: ErrorCode; message: string }

export type Notice =
  | { kind: 'committed'; hash: string; height: number; txType: string }
  | { kind: 'committed-many'; count: number }
  | { kind: 'rejected'; hash: string; code: ErrorCode; message: string; mine: boolean }
  | { kind: 'rejected-many'; count: number; code: ErrorCode; message: string }

/**
 * How long a notice stays on screen, in ms (hovering keeps it). Never 0 (forever): an error of ours stays longest,
 * still well under two minutes; the outbox keeps every rejection for later.
 */
export function noticeDuration(n: Notice): number {
  if (n.kind === 'committed' || n.kind === 'committed-many') return 6_000
  if (n.kind === 'rejected' && n.mine) return 45_000
  return 15_000
}

export interface DigestOptions {
  /** single notices of one kind per drain before they are summed up into one */
  singles?: number
  /** notices per drain at most */
  max?: number
}

type Rejected = Extract<TxEvent, { type: 'tx.rejected' }>
type Committed = Extract<TxEvent, { type: 'tx.committed' }>

export class TxDigest {
  /** every commit seen since the digest was made */
  committed = 0
  /** every rejection seen since the digest was made */
  rejected = 0
  private myCommits: Committed[] = []
  private myRejections: Rejected[] = []
  private otherRejections: Rejected[] = []
  private otherRejectionCount = 0
  private readonly singles: number
  private readonly max: number

  constructor(options: DigestOptions = {}) {
    this.singles = options.singles ?? 2
    this.max = options.max ?? 3
  }

  /** `tracked`: the transaction was sent from this window (the outbox tracks it). */
  push(event: TxEvent, tracked: boolean): void {
    if (event.type === 'tx.committed') {
      this.committed++
      if (tracked) this.myCommits.push(event)
      return
    }
    this.rejected++
    if (tracked) {
      this.myRejections.push(event)
    } else {
      this.otherRejectionCount++
      // only the latest few are ever shown
      this.otherRejections.push(event)
      if (this.otherRejections.length > this.singles) this.otherRejections.shift()
    }
  }

  /** Notices for what arrived since the last drain, most important first: own rejections, own commits, others'. */
  drain(): Notice[] {
    const out: Notice[] = []
    const mine = this.myRejections
    if (mine.length > this.singles) out.push(many(mine.length, mine[mine.length - 1]!))
    else for (const r of mine) out.push({ kind: 'rejected', hash: r.hash, code: r.code, message: r.message, mine: true })

    const commits = this.myCommits
    if (commits.length > this.singles) out.push({ kind: 'committed-many', count: commits.length })
    else for (const c of commits) out.push({ kind: 'committed', hash: c.hash, height: c.height, txType: c.txType })

    const others = this.otherRejections
    if (this.otherRejectionCount > this.singles) out.push(many(this.otherRejectionCount, others[others.length - 1]!))
    else for (const r of others) out.push({ kind: 'rejected', hash: r.hash, code: r.code, message: r.message, mine: false })

    this.myRejections = []
    this.myCommits = []
    this.otherRejections = []
    this.otherRejectionCount = 0
    return out.slice(0, this.max)
  }
}

function many(count: number, latest: Rejected): Notice {
  return { kind: 'rejected-many', count, code: latest.code, message: latest.message }
}

/**
 * Whether the outbox store tracks a transaction hash. The outbox store (features/outbox) exposes `tracks(hash)`; until
 * it does, its `pending` list of hashes (or of objects with a `hash`) answers.
 */
export function outboxTracks(outbox: object, hash: string): boolean {
  const o = outbox as { tracks?: unknown; pending?: unknown }
  if (typeof o.tracks === 'function') return Boolean((o.tracks as (h: string) => unknown)(hash))
  const p = o.pending
  if (Array.isArray(p)) return p.some((x) => x === hash || (typeof x === 'object' && x !== null && (x as { hash?: unknown }).hash === hash))
  if (p instanceof Set || p instanceof Map) return p.has(hash)
  return false
}
