/**
 * The words of the tracing screens and the dashboard for a site's kind and an event's kind (under livestockTrace.kinds
 * and livestockTrace.events): one place for TracePage, TraceGraph and DashboardPage. A kind the words do not know (a
 * newer node's) is said as it is.
 */
import { useI18n } from 'vue-i18n'
import { EVENT_KINDS, SITE_KINDS } from '../../../../ledger/registries/livestock/portable/schema'

const SITES = new Set<string>(SITE_KINDS)
const EVENTS = new Set<string>(EVENT_KINDS)

export function useTraceWords(): { kindWords: (k: string) => string; eventWords: (k: string) => string } {
  const { t } = useI18n()
  return {
    kindWords: (k) => (SITES.has(k) ? t(`livestockTrace.kinds.${k}`) : k),
    eventWords: (k) => (EVENTS.has(k) ? t(`livestockTrace.events.${k}`) : k),
  }
}
