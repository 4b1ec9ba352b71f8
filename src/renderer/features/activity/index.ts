/**
 * The activity log (issue 15, "never silent"): what happened on this node (its log, ledger/node/activity.ts) and on
 * this device (outbox items refused), newest first, filtered by kind.
 */
import type { Feature } from '../../nav'
import messages from './messages'

export const activityFeature: Feature = {
  id: 'activity',
  routes: [{ path: '/activity', name: 'activity', component: () => import('./ActivityPage.vue'), meta: { titleKey: 'activity.title' } }],
  nav: [{ id: 'activity', to: '/activity', labelKey: 'activity.nav', order: 83 }],
  messages,
}
