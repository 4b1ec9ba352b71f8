/** Consortium: its agencies, validators with their voting power, administrators, the chain id and the local label. */
import type { Feature } from '../../nav'
import { withScreenMessages } from '../../i18n/screen-messages'
import messages from './frame/messages'
import { governancePortable } from '../../../ledger/registries/governance/portable'

export const consortiumFeature: Feature = {
  id: 'consortium',
  routes: [{ path: '/consortium', name: 'consortium', component: withScreenMessages('consortium', () => import('./messages'), () => import('./ConsortiumPage.vue')) }],
  nav: [{ id: 'consortium', to: '/consortium', labelKey: 'consortium.nav', order: 60 }],
  messages,
  registry: governancePortable,
  forms: { 'governance.proposal': { types: ['governance.proposal.submit'], route: () => ({ name: 'consortium' }) } },
}
