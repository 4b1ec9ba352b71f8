/**
 * Overview: this node's state and its recent blocks. The first screen; loaded like every screen on demand, so the frame
 * (header, navigation, status bar) shows before the screens' components arrive.
 */
import type { Feature } from '../../nav'
import messages from './messages'

export const overviewFeature: Feature = {
  id: 'overview',
  routes: [{ path: '/', name: 'overview', component: () => import('./OverviewPage.vue') }],
  nav: [{ id: 'overview', to: '/', labelKey: 'overview.nav', order: 10 }],
  messages,
}
