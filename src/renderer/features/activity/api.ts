import { ActivityListSchema, type ActivityListDto } from '../../../shared/api'
import type { ApiClient } from '../../api/client'
import { parseAnswer } from '../../api/parse'

export const ACTIVITY_FILTERS = ['error', 'conflict', 'tx', 'sync', 'governance', 'bundle'] as const
export type ActivityFilter = (typeof ACTIVITY_FILTERS)[number]

/** The node's kinds behind a filter: a dropped peer is part of "sync" (it is how a catch-up goes wrong). */
export function nodeKinds(filters: readonly ActivityFilter[]): string[] {
  return filters.flatMap((f) => (f === 'sync' ? ['sync', 'peer'] : [f]))
}

export async function getActivity(client: ApiClient, filters: readonly ActivityFilter[], before?: number): Promise<ActivityListDto> {
  const q = new URLSearchParams({ limit: '100' })
  const kinds = nodeKinds(filters)
  if (kinds.length > 0) q.set('kinds', kinds.join(','))
  if (before !== undefined) q.set('before', String(before))
  return parseAnswer(ActivityListSchema, await client.request('GET', `/activity?${q.toString()}`), 'activity log')
}
