/**
 * The livestock screens of this part (docs/adr/0041, 0047), as children of /livestock: each with `meta.tabKey` (a key
 * under livestock.tabs) to show as a tab, and `meta.requires` (roles) where the screen is not open to everyone.
 *
 *   /livestock/batch   a file of many reports checked line by line, signed and sent in batches (every reporting role)
 */
import type { RouteRecordRaw } from 'vue-router'
import { withScreenMessages } from '../../../i18n/screen-messages'
import {
  FARMER_ROLE,
  GRADER_ROLE,
  LAB_ROLE,
  MARKET_ROLE,
  PACKER_ROLE,
  SHOP_ROLE,
  SLAUGHTERHOUSE_ROLE,
  TAGGER_ROLE,
  VET_ROLE,
} from '../../../../ledger/registries/livestock/portable/roles'

/** the roles some event of a batch needs (registries/livestock/batch-rules.ts BATCH_ROLES) */
const BATCH_REPORTERS = [FARMER_ROLE, TAGGER_ROLE, MARKET_ROLE, VET_ROLE, SLAUGHTERHOUSE_ROLE, GRADER_ROLE, PACKER_ROLE, SHOP_ROLE, LAB_ROLE]

export const routes: RouteRecordRaw[] = [
  {
    path: 'batch',
    name: 'livestock-batch',
    component: withScreenMessages('livestockBatch', () => import('../batch/messages'), () => import('../batch/BatchPage.vue')),
    meta: { titleKey: 'livestock.title', tabKey: 'batch', requires: BATCH_REPORTERS },
  },
]
