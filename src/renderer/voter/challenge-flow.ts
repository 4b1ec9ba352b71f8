/**
 * The voter page's challenge, without the screen (ADR 0056 and its session-5 amendment): the spoil first; the ballot's
 * text and randomness are published only once the spoil is known recorded. A box that answers the spoil "pending" is
 * asked, read-only, whether the ballot is spoiled by its own credential (the tracker route's `spoiledBy`) until it is
 * recorded, the polling stops (the page left the step) or its tries run out — never is the opening sent before.
 */
import type { BoxAnswer } from './ballot-box-client'

export type BoxFailure = Extract<BoxAnswer<unknown>, { ok: false }>

export interface SpoilIo {
  /** POST the spoil; `committed` when the ledger recorded it, anything else is pending */
  spoil: () => Promise<BoxAnswer<{ status: string }>>
  /** read-only: the credential whose spoil of the ballot is recorded, or null (a failure is an unreachable box) */
  spoiledBy: () => Promise<BoxAnswer<string | null>>
  /** the ballot's own PUBLIC credential (the one the ballot carries; never the voter's private one) */
  credential: string
  wait: (ms: number) => Promise<void>
  /** the page left this step (a new ballot, another election): stop asking */
  stopped: () => boolean
  /** the spoil was taken but is not recorded yet: the page says so while it asks */
  onPending?: () => void
}

/** failed: the box did not take the spoil; recorded: the opening may be sent; pending: not known recorded (yet). */
export type SpoilOutcome = { kind: 'failed'; answer: BoxFailure } | { kind: 'recorded' } | { kind: 'pending' }

export const POLL_EVERY_MS = 2000
export const POLL_TRIES = 30

/** Asks whether the ballot's own spoil is recorded, every `every` ms, at most `tries` times. */
export async function waitSpoilRecorded(io: Omit<SpoilIo, 'spoil' | 'onPending'>, every = POLL_EVERY_MS, tries = POLL_TRIES): Promise<'recorded' | 'pending'> {
  for (let i = 0; i < tries; i++) {
    if (io.stopped()) return 'pending'
    const r = await io.spoiledBy()
    // a spoil of this hash by another credential does nothing to the ballot (ADR 0056): not hers, keep asking
    if (r.ok && r.value === io.credential) return 'recorded'
    if (i + 1 < tries) await io.wait(every)
  }
  return 'pending'
}

/** The spoil, then — only when known recorded — `recorded`; a pending answer is polled (waitSpoilRecorded). */
export async function spoilThenWait(io: SpoilIo, every = POLL_EVERY_MS, tries = POLL_TRIES): Promise<SpoilOutcome> {
  const r = await io.spoil()
  if (!r.ok) return { kind: 'failed', answer: r }
  if (r.value.status === 'committed') return { kind: 'recorded' }
  io.onPending?.()
  return { kind: await waitSpoilRecorded(io, every, tries) }
}

/** The whole challenge: the spoil, then `open` (the text and randomness published) only once it is known recorded. */
export async function challengeBallot(io: SpoilIo & { open: () => Promise<void> }, every = POLL_EVERY_MS, tries = POLL_TRIES): Promise<SpoilOutcome> {
  const r = await spoilThenWait(io, every, tries)
  if (r.kind === 'recorded' && !io.stopped()) await io.open()
  return r
}
