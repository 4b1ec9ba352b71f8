/**
 * The router, built from the feature list (features/registry.ts). Hash history: the UI is served from
 * http://127.0.0.1:<port>/ by the node and from daejang://app/ in Electron, neither of which routes paths to the app.
 */
import { createRouter, createWebHashHistory, type RouteRecordRaw, type Router } from 'vue-router'
import { FEATURES } from './features/registry'
import { FRAME_MESSAGE_KEYS } from './i18n'
import { checkFeatures, featureRoutes } from './lib/features'
import { withScreenMessages } from './i18n/screen-messages'

export function createAppRouter(): Router {
  checkFeatures(FEATURES, FRAME_MESSAGE_KEYS)
  const routes: RouteRecordRaw[] = [
    ...featureRoutes(FEATURES),
    { path: '/onboarding/waiting', name: 'onboarding-waiting', component: withScreenMessages('admission', () => import('./features/onboarding/admission/messages'), () => import('./features/onboarding/WaitingPage.vue')), meta: { titleKey: 'admission.waiting.title' } },
    {
      path: '/:pathMatch(.*)*',
      name: 'not-found',
      component: () => import('./components/NotFound.vue'),
      meta: { titleKey: 'notFound.title' },
    },
  ]
  return createRouter({
    history: createWebHashHistory(),
    routes,
  })
}
