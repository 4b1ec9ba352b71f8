import type { Canonical } from '../../codec/canonical'
import type { Genesis } from '../../types/genesis'
import { adminKey, agencyKey } from './state-keys'

/** The identity state a genesis document establishes: agencies and the index of administrator keys. */
export function identityGenesisState(g: Genesis): Array<[string, Canonical]> {
  const out: Array<[string, Canonical]> = []
  const admins = new Map<string, string[]>()
  for (const a of g.agencies) {
    out.push([agencyKey(a.id), { id: a.id, name: a.name, validator: a.validator, admins: a.admins }])
    for (const k of a.admins) admins.set(k, [...(admins.get(k) ?? []), a.id])
  }
  for (const [k, ids] of admins) out.push([adminKey(k), ids.sort()])
  return out
}
