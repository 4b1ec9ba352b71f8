/**
 * The livestock officer's screens of tracing and the dashboard (docs/adr/0046), as children of /livestock, each with
 * `meta.tabKey` (a key under livestock.tabs) and `meta.requires` (the livestock officer):
 *
 *   /livestock/trace       outbreak tracing: the graph, the tables, CSV, standstill orders from the result
 *   /livestock/dashboard   late reports, untagged and silent animals, by region and month
 */
import type { RouteRecordRaw } from 'vue-router'
import { withScreenMessages } from '../../../i18n/screen-messages'
import { LIVESTOCK_OFFICER_ROLE } from '../../../../ledger/registries/livestock/portable/roles'

const words = () => import('../trace/messages')

export const routes: RouteRecordRaw[] = [
  {
    path: 'trace',
    name: 'livestock-trace',
    component: withScreenMessages('livestockTrace', words, () => import('../TracePage.vue')),
    meta: { titleKey: 'livestock.title', tabKey: 'trace', requires: [LIVESTOCK_OFFICER_ROLE] },
  },
  {
    path: 'dashboard',
    name: 'livestock-dashboard',
    component: withScreenMessages('livestockTrace', words, () => import('../DashboardPage.vue')),
    meta: { titleKey: 'livestock.title', tabKey: 'dashboard', requires: [LIVESTOCK_OFFICER_ROLE] },
  },
]
