/**
 * The land register (docs/adr/0033, "Screens"): a holder of a land role looks a register up by number or address and reads it in its
 * sections (표제부, 갑구, 을구) with cancelled entries struck through, current entries only or as of a block; a
 * registrar examines the office's applications and enters or rejects them, each act confirmed by retyping the
 * receipt number and signed through the outbox.
 *
 *   /land                    look up a register
 *   /land/registers/:number  a register
 *   /land/queue              the examination queue (registrars)
 */
import { defineAsyncComponent } from 'vue'
import type { Feature } from '../../nav'
import { withScreenMessages } from '../../i18n/screen-messages'
import { LAND_ERRORS } from '../../../ledger/registries/land/portable/errors'
import { words } from '../../../ledger/registries/land/portable/words'
import { LAND_ROLES, REGISTRAR_ROLE } from '../../../ledger/registries/land/portable/roles'
import messages from './frame/messages'

export const landFeature: Feature = {
  id: 'land',
  // the frame reads the registry's words, errors and roles; its verifier (the extract's: proofs, signatures, CBOR)
  // loads with the Verify screen, as the notary's (test/renderer/verify-features.test.ts)
  registry: { name: 'land', title: { ko: '부동산 등기부', en: 'Land register' }, words, errors: LAND_ERRORS, roles: LAND_ROLES },
  loadRegistry: () => import('../../../ledger/registries/land/portable').then((m) => m.landPortable),
  routes: [
    {
      path: '/land',
      component: withScreenMessages('land', () => import('./messages'), () => import('./LandLayout.vue')),
      meta: { titleKey: 'land.title' },
      children: [
        { path: '', name: 'land', component: () => import('./LandLookup.vue') },
        {
          path: 'registers/:number',
          name: 'land-register',
          component: () => import('./RegisterPage.vue'),
          props: true,
          meta: { titleKey: 'land.title' },
        },
        {
          path: 'queue',
          name: 'land-queue',
          component: () => import('./ExamQueue.vue'),
          meta: { titleKey: 'land.queue.title', requires: [REGISTRAR_ROLE] },
        },
      ],
    },
  ],
  // the app's land screens are for the register's roles (a citizen's lookup and verification: the CLI, the Verify
  // screen); the queue for registrars only
  nav: [{ id: 'land', to: '/land', labelKey: 'land.nav', order: 20, requires: LAND_ROLES.map((r) => r.id) }],
  messages,
  verifyPanel: defineAsyncComponent(() => import('./ExtractVerifyResult.vue')),
}
