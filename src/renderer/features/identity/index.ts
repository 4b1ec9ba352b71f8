/** Issuing and revoking role credentials, for agency administrators (route /roles). */
import type { Feature } from '../../nav'
import { withScreenMessages } from '../../i18n/screen-messages'
import messages from './frame/messages'
import { identityPortable } from '../../../ledger/registries/identity/portable'
import { renderers } from './tx-render'

export const credentialsFeature: Feature = {
  id: 'credentials',
  routes: [{ path: '/roles', name: 'roles', component: withScreenMessages('credentials', () => import('./messages'), () => import('./CredentialsView.vue')) }],
  nav: [{ id: 'roles', to: '/roles', labelKey: 'credentials.nav', order: 81, requires: 'admin' }],
  messages,
  registry: identityPortable,
  renderers,
  forms: {
    'roles.grant': { types: ['identity.role.grant'], route: () => ({ name: 'roles' }) },
    'roles.revoke': { types: ['identity.role.revoke'], route: () => ({ name: 'roles' }) },
  },
}
