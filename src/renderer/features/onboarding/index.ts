/**
 * The first run (docs/adr/0063): while the app's node holds no ledger yet, the choice of how to start — try it alone,
 * create a consortium, join one, or be a workstation — and, after a join, the wait for admission. No navigation
 * entry: the frame goes there by itself while the node says so (redirect.ts). The wait (route `onboarding-waiting`,
 * ADR 0064) is registered by the router beside it.
 */
import type { Feature } from '../../nav'
import messages from './messages'
import restoreMessages from './restore/messages'

export const onboardingFeature: Feature = {
  id: 'onboarding',
  routes: [
    { path: '/onboarding', name: 'onboarding', component: () => import('./OnboardingPage.vue'), meta: { titleKey: 'onboarding.title', bare: true } },
  ],
  messages: { ko: { ...messages.ko, ...restoreMessages.ko }, en: { ...messages.en, ...restoreMessages.en } },
}
