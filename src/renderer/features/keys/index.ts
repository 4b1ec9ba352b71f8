/**
 * Keys & roles: staff keys on this device (create, unlock, lock, rename, back up, delete), the roles each holds, and
 * the first run (/welcome). Only the feature description lives here, so that the registry stays light (screens and
 * the signing code load with their routes); other features that sign use ./shared.
 */
import type { Feature } from '../../nav'
import messages from './messages'

export const keysFeature: Feature = {
  id: 'keys',
  routes: [
    { path: '/keys', name: 'keys', component: () => import('./KeysView.vue') },
    { path: '/welcome', name: 'welcome', component: () => import('./WelcomeView.vue'), meta: { titleKey: 'keys.firstRun.title' } },
  ],
  nav: [{ id: 'keys', to: '/keys', labelKey: 'keys.nav', order: 80 }],
  messages,
}
