/**
 * The livestock screens of this part (docs/adr/0041), as children of /livestock: each with `meta.tabKey` (a key under
 * livestock.tabs) to show as a tab, and `meta.requires` (roles) where the screen is not open to everyone.
 *
 *   /livestock/report        a report by each actor of the chain, the forms its roles allow
 *   /livestock/sites         farms and businesses and their keepers (livestock officer)
 *   /livestock/standstills   standstills placed and lifted, those in force (livestock officer)
 */
import type { RouteRecordRaw } from 'vue-router'
import { withScreenMessages } from '../../../i18n/screen-messages'
import {
  FARMER_ROLE,
  GRADER_ROLE,
  LAB_ROLE,
  LIVESTOCK_OFFICER_ROLE,
  MARKET_ROLE,
  PACKER_ROLE,
  SHOP_ROLE,
  SLAUGHTERHOUSE_ROLE,
  TAGGER_ROLE,
  VET_ROLE,
} from '../../../../ledger/registries/livestock/portable/roles'

const words = () => import('../report/messages')
/** every role that reports something (report/forms.ts: REPORTS[].roles) */
const REPORTERS = [FARMER_ROLE, TAGGER_ROLE, MARKET_ROLE, VET_ROLE, SLAUGHTERHOUSE_ROLE, GRADER_ROLE, PACKER_ROLE, SHOP_ROLE, LAB_ROLE, LIVESTOCK_OFFICER_ROLE]

export const routes: RouteRecordRaw[] = [
  {
    path: 'report',
    name: 'livestock-report',
    component: withScreenMessages('livestockReport', words, () => import('../ReportPage.vue')),
    meta: { titleKey: 'livestock.title', tabKey: 'report', requires: REPORTERS },
  },
  {
    path: 'sites',
    name: 'livestock-sites',
    component: withScreenMessages('livestockReport', words, () => import('../SitesPage.vue')),
    meta: { titleKey: 'livestock.title', tabKey: 'sites', requires: [LIVESTOCK_OFFICER_ROLE] },
  },
  {
    path: 'standstills',
    name: 'livestock-standstills',
    component: withScreenMessages('livestockReport', words, () => import('../StandstillsPage.vue')),
    meta: { titleKey: 'livestock.title', tabKey: 'standstills', requires: [LIVESTOCK_OFFICER_ROLE] },
  },
]
