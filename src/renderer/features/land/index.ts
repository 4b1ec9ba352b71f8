/**
 * The land register (docs/adr/0033, "Screens"): anyone — a citizen at a registry office's public terminal, no role —
 * looks a register up by number or address (the register is public: names and masked identifiers only) and reads it in its
 * sections (표제부, 갑구, 을구) with cancelled entries struck through, current entries only or as of a block; a
 * registrar examines the office's applications and enters or rejects them, each act confirmed by retyping the
 * receipt number and signed through the outbox.
 *
 *   /land                    look up a register (anyone)
 *   /land/registers/:number  a register, its views and its extract (anyone)
 *   /land/queue              the examination queue (registrars)
 *   /land/apply              prepare an application: a party, a licensed agent, a bank officer (docs/adr/0039)
 *   /land/commission         an authority commissions a restriction or its cancellation
 *   /land/follow             follow an application, withdraw one not yet examined
 *   /land/watch              the watch list and its change notices (bank officers; docs/adr/0038)
 *   /land/owners             registers by owner (registrars, bank officers, authorities)
 */
import { defineAsyncComponent } from 'vue'
import type { Feature } from '../../nav'
import { withScreenMessages } from '../../i18n/screen-messages'
import { landLight } from '../../../ledger/registries/land/portable/light'
import { AUTHORITY_ROLE, BANK_OFFICER_ROLE, REGISTRAR_ROLE } from '../../../ledger/registries/land/portable/roles'
import messages from './frame/messages'

export const landFeature: Feature = {
  id: 'land',
  // the frame reads the registry's words, errors and roles; its verifier (the extract's: proofs, signatures, CBOR)
  // loads with the Verify screen, as the notary's (test/renderer/verify-features.test.ts)
  registry: landLight,
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
          path: 'watch',
          name: 'land-watch',
          component: withScreenMessages('landLocal', () => import('./local/messages'), () => import('./WatchList.vue')),
          meta: { titleKey: 'land.watchTab', requires: [BANK_OFFICER_ROLE] },
        },
        {
          path: 'owners',
          name: 'land-owners',
          component: withScreenMessages('landLocal', () => import('./local/messages'), () => import('./OwnerLookup.vue')),
          meta: { titleKey: 'land.ownersTab', requires: [REGISTRAR_ROLE, BANK_OFFICER_ROLE, AUTHORITY_ROLE] },
        },
        {
          path: 'queue',
          name: 'land-queue',
          component: () => import('./ExamQueue.vue'),
          meta: { titleKey: 'land.queue.title', requires: [REGISTRAR_ROLE] },
        },
        // a party holds no role (its acts are open to any key): `requires: []` lifts the land roles the parent inherits
        { path: 'apply', name: 'land-apply', component: () => import('./ApplyPage.vue'), meta: { titleKey: 'land.apply.title', requires: [], navId: 'land-apply' } },
        // an authority's 가압류/가처분/압류/경매개시결정 and their cancellation
        { path: 'commission', name: 'land-commission', component: () => import('./CommissionPage.vue'), meta: { titleKey: 'land.commission.title', requires: [AUTHORITY_ROLE] } },
        // a party signs a mandate for its licensed agent's prepared application (no role: any party's key)
        { path: 'mandate', name: 'land-mandate', component: () => import('./MandatePage.vue'), meta: { titleKey: 'land.mandate.title', requires: [], navId: 'land-apply' } },
        { path: 'follow', name: 'land-follow', component: () => import('./FollowPage.vue'), meta: { titleKey: 'land.follow.title', requires: [], navId: 'land-apply' } },
      ],
    },
  ],
  // the lookup and the register are public (a citizen with no role reads and issues an extract, verifies it on the
  // Verify screen); the queue, the watch list, the owner lookup and commissions keep their roles (routes above)
  nav: [
    { id: 'land', to: '/land', labelKey: 'land.nav', order: 20 },
    // a party to a sale or a mortgage holds no role: its applications are open to any key (docs/adr/0039)
    { id: 'land-apply', to: '/land/apply', labelKey: 'land.navApply', order: 21 },
  ],
  messages,
  verifyPanel: defineAsyncComponent(() => import('./ExtractVerifyResult.vue')),
}
