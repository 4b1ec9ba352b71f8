/**
 * Livestock traceability (docs/adr/0041): a consumer looks up an animal or a bundle by its number (no role); every
 * actor of the chain reports its steps; a livestock officer registers sites, orders standstills, traces outbreaks and
 * reads the dashboard. The screens of each part are listed in routes/*.ts (children of /livestock); the layout shows a
 * tab for each child that has `meta.tabKey` and that the session may open.
 */
import { defineAsyncComponent } from 'vue'
import type { Feature } from '../../nav'
import { livestockPortable } from '../../../ledger/registries/livestock/portable'
import messages from './messages'
import { routes as lookup } from './routes/lookup'
import { routes as report } from './routes/report'
import { routes as officer } from './routes/officer'
import { routes as batch } from './routes/batch'

export const LIVESTOCK_CHILDREN = [...lookup, ...report, ...batch, ...officer]

export const livestockFeature: Feature = {
  id: 'livestock',
  registry: livestockPortable,
  // the label's verifier loads with the Verify screen (docs/adr/0045), not at start
  loadRegistry: () => import('../../../ledger/registries/livestock/portable/label-registry').then((m) => m.livestockWithLabel),
  routes: [
    {
      path: '/livestock',
      component: () => import('./LivestockLayout.vue'),
      meta: { titleKey: 'livestock.title', requires: [] },
      children: LIVESTOCK_CHILDREN,
    },
  ],
  // the lookup is public (a consumer with no role); each report screen keeps its roles (routes/*.ts)
  nav: [{ id: 'livestock', to: '/livestock', labelKey: 'livestock.nav', order: 40 }],
  messages,
  verifyPanel: defineAsyncComponent(() => import('./LabelVerifyResult.vue')),
}
