/**
 * Which keys may join the consortium network as workstation nodes (full nodes that sync and submit transactions but
 * do not vote): keys holding an active `workstation` credential from a member agency. Kept in memory, read once from
 * state when the node opens and updated from each committed block's writes, so the network's admission check (which
 * must answer at once, for every connection) never waits on the store.
 */
import type { Canonical } from '../codec/canonical'
import { AGENCY_PREFIX, CREDENTIALS_PREFIX, isActive } from '../registries/identity'
import type { Credential, SubjectCredentials } from '../registries/identity/portable/schema'
import type { Store } from '../store/store'

export const WORKSTATION_ROLE = 'workstation'

export class WorkstationIndex {
  private readonly creds = new Map<string, Credential[]>()
  private readonly agencies = new Set<string>()

  async load(store: Store): Promise<void> {
    for await (const [k] of store.scanState(AGENCY_PREFIX, 1_000)) this.agencies.add(k.slice(AGENCY_PREFIX.length))
    for await (const [k, v] of store.scanState(CREDENTIALS_PREFIX, 1_000_000)) this.setSubject(k.slice(CREDENTIALS_PREFIX.length), v)
  }

  /** Take the state writes of a committed block. */
  update(writes: ReadonlyMap<string, Canonical | null>): void {
    for (const [k, v] of writes) {
      if (k.startsWith(AGENCY_PREFIX)) {
        const id = k.slice(AGENCY_PREFIX.length)
        if (v === null) this.agencies.delete(id)
        else this.agencies.add(id)
      } else if (k.startsWith(CREDENTIALS_PREFIX)) {
        this.setSubject(k.slice(CREDENTIALS_PREFIX.length), v)
      }
    }
  }

  private setSubject(subject: string, v: Canonical | null): void {
    const byAgency = v ? ((v as unknown as SubjectCredentials)[WORKSTATION_ROLE] ?? {}) : {}
    const list = Object.values(byAgency)
    if (list.length === 0) this.creds.delete(subject)
    else this.creds.set(subject, list)
  }

  /** Whether `publicKeyHex` holds, at `now`, an active workstation credential of a member agency. */
  admits(publicKeyHex: string, now: number): boolean {
    return (this.creds.get(publicKeyHex) ?? []).some((c) => isActive(c, now) && this.agencies.has(c.agency))
  }
}
