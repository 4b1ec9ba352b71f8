/**
 * Where the count stands, for every agency to read (docs/adr/0059): which trustee agencies have sent their partial
 * decryption, which have not, and how many more the result needs (the threshold), by name. Pure.
 */
import type { ElectionDto } from '../api'

export interface DecryptionProgress {
  /** the trustee agencies whose partial decryption is on the ledger, in the draft's order */
  sent: string[]
  /** the ones not yet */
  awaited: string[]
  threshold: number
  /** how many more the result needs (0 once `threshold` are in) */
  needed: number
}

export function decryptionProgress(e: Pick<ElectionDto, 'trustees' | 'draft'>): DecryptionProgress {
  const sent = e.trustees.filter((p) => p.decrypted).map((p) => p.agency)
  const awaited = e.trustees.filter((p) => !p.decrypted).map((p) => p.agency)
  const threshold = e.draft.threshold
  return { sent, awaited, threshold, needed: Math.max(0, threshold - sent.length) }
}

/** The phases in which the count is under way or done. */
export const COUNT_PHASES = ['closed', 'decrypting', 'result'] as const
export const isCountPhase = (phase: string | null | undefined): boolean => (COUNT_PHASES as readonly string[]).includes(phase ?? '')
