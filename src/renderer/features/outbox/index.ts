/** The outbox: every transaction signed on this device, until committed or rejected (stores/outbox.ts). */
import type { Feature } from '../../nav'
import messages from './messages'

export const outboxFeature: Feature = {
  id: 'outbox',
  routes: [{ path: '/outbox', name: 'outbox', component: () => import('./OutboxView.vue') }],
  nav: [{ id: 'outbox', to: '/outbox', labelKey: 'outbox.nav', order: 82 }],
  messages,
}
