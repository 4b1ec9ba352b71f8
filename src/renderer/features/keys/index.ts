/**
 * Keys & roles: staff keys on this device (create, unlock, lock, rename, back up, delete), the roles each holds, and
 * the first run (/welcome). Only the feature description lives here, so that the registry stays light (screens and
 * the signing code load with their routes); other features that sign use ./shared.
 */
import type { Feature } from '../../nav'
import { withScreenMessages } from '../../i18n/screen-messages'
import messages from './frame/messages'

/** A screen of this feature: it opens with the feature's screen messages. */
function screen<C>(component: () => Promise<C>): () => Promise<C> {
  return withScreenMessages('keys', () => import('./messages'), component)
}

export const keysFeature: Feature = {
  id: 'keys',
  routes: [
    { path: '/keys', name: 'keys', component: screen(() => import('./KeysView.vue')) },
    { path: '/welcome', name: 'welcome', component: screen(() => import('./WelcomeView.vue')), meta: { titleKey: 'keys.firstRun.title' } },
  ],
  nav: [{ id: 'keys', to: '/keys', labelKey: 'keys.nav', order: 80 }],
  messages,
}
