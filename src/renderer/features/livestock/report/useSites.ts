/**
 * The farms and businesses a form names, read from the node as their numbers are typed (once each, kept for the
 * page): the form shows the site's name and kind under its number, and a move offers the receiving site's keepers.
 */
import { shallowRef } from 'vue'
import { SITE_SHAPE } from '../../../../ledger/registries/livestock/portable/identifiers'
import { useConnectionStore } from '../../../stores/connection'
import { getSite, type SiteRead as SiteAnswer } from '../api-report'

/** a site read: its record, null when none has the number, 'error' when the node could not say */
export type SiteRead = SiteAnswer | null | 'error'

export function useSites() {
  const connection = useConnectionStore()
  const known = shallowRef<ReadonlyMap<string, SiteRead>>(new Map())
  const asked = new Set<string>()

  function set(site: string, read: SiteRead): void {
    const next = new Map(known.value)
    next.set(site, read)
    known.value = next
  }

  /** The site as read so far (undefined while not yet); asks the node once for a well-formed number. */
  function site(number: string): SiteRead | undefined {
    const n = number.trim()
    if (!SITE_SHAPE.test(n)) return undefined
    if (!asked.has(n)) {
      asked.add(n)
      void (async () => {
        try {
          set(n, await getSite(await connection.ensureClient(), n))
        } catch {
          // said once; forget() asks again
          set(n, 'error')
        }
      })()
    }
    return known.value.get(n)
  }

  /** Reads a site again (after it was registered or changed). */
  function forget(number: string): void {
    asked.delete(number.trim())
    const next = new Map(known.value)
    next.delete(number.trim())
    known.value = next
  }

  return { site, forget }
}
