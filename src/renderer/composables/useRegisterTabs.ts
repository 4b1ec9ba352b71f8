/**
 * A register's tabs (components/RegisterLayout.vue): one for each child route that has `meta.tabKey` and that the
 * session may open, worded `<register>.tabs.<tabKey>`.
 */
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { RouteRecordRaw } from 'vue-router'
import { useSessionStore } from '../stores/session'

export interface RegisterTab {
  /** the route's name */
  readonly name: string
  /** the tab's words, translated */
  readonly label: string
  /** the tab's test id; `<register>-tab-<name>` by default */
  readonly testid?: string
}

export function useRegisterTabs(register: string, children: readonly RouteRecordRaw[]): ComputedRef<RegisterTab[]> {
  const { t } = useI18n()
  const session = useSessionStore()
  return computed(() =>
    children.flatMap((r) =>
      typeof r.meta?.tabKey === 'string' && typeof r.name === 'string' && session.allows(r.meta?.requires)
        ? [{ name: r.name, label: t(`${register}.tabs.${r.meta.tabKey}`) }]
        : [],
    ),
  )
}
