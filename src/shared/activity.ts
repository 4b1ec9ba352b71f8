/**
 * The kinds and events of a node's activity log (ledger/node/activity.ts), shared with the app and the CLI that word
 * them (renderer/features/activity).
 */

export const ACTIVITY_KINDS = ['error', 'conflict', 'tx', 'sync', 'peer', 'governance', 'bundle'] as const
export type ActivityKind = (typeof ACTIVITY_KINDS)[number]

export const ACTIVITY_EVENTS = [
  'tx.rejected',
  'tx.rejected.many',
  'peer.dropped',
  'sync.begun',
  'sync.ended',
  'sync.badBlock',
  'governance.committed',
  'node.error',
  'bundle.imported',
  'bundle.refused',
  'bundle.pendingImported',
] as const
export type ActivityEvent = (typeof ACTIVITY_EVENTS)[number]

/** A refusal because something else got there first (a nonce, a duplicate, a ballot or a claim already seen). */
export function isConflict(code: string): boolean {
  return code === 'NONCE_REPLAYED' || code === 'NONCE_PENDING' || code === 'DUPLICATE_TX' || /CONFLICT|_SEEN\b|_EXISTS\b|ALREADY|BLOCKED/.test(code)
}
