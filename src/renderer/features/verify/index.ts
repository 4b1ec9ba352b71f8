/**
 * Verify (route /verify): anyone checks a notarized document and its certificate — integrity, status, issuer — with
 * no role and no key. The same panel runs in the standalone verifier page (src/renderer/verifier/), without a node.
 */
import type { Feature } from '../../nav'
import { withScreenMessages } from '../../i18n/screen-messages'
import messages from './frame/messages'

export const verifyFeature: Feature = {
  id: 'verify',
  routes: [
    {
      path: '/verify',
      name: 'verify',
      // the registries' verifiers load with the screen, not at start (features/verify-features.ts)
      component: withScreenMessages('verify', () => import('./messages'), () =>
        import('../verify-features').then((m) => m.loadVerifyFeatures()).then(() => import('./VerifyView.vue')),
      ),
    },
  ],
  nav: [{ id: 'verify', to: '/verify', labelKey: 'verify.nav', order: 35 }],
  messages,
}
