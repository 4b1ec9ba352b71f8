/** Sneakernet: signed bundles to and from an air-gapped site, by file (docs/adr/0062). Beside the Consortium screen. */
import type { Feature } from '../../nav'
import messages from './messages'

export const sneakernetFeature: Feature = {
  id: 'sneakernet',
  routes: [{ path: '/sneakernet', name: 'sneakernet', component: () => import('./SneakernetPage.vue') }],
  nav: [{ id: 'sneakernet', to: '/sneakernet', labelKey: 'sneakernet.nav', order: 65 }],
  messages,
}
