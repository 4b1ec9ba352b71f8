/**
 * The consumer's screens (docs/adr/0045), children of /livestock, open to everyone (no role):
 *   ''                 look up an animal or a bundle by its number, or by a label's QR text
 *   animals/:number    the animal's history in words, and its label
 *   bundles/:number    the animals of a mixed pack
 */
import type { RouteRecordRaw } from 'vue-router'
import { withScreenMessages } from '../../../i18n/screen-messages'

const messages = () => import('../lookup/messages')

export const routes: RouteRecordRaw[] = [
  {
    path: '',
    name: 'livestock-lookup',
    component: withScreenMessages('livestockLookup', messages, () => import('../LookupPage.vue')),
    meta: { titleKey: 'livestock.title', tabKey: 'lookup', requires: [] },
  },
  {
    path: 'animals/:number',
    name: 'livestock-animal',
    component: withScreenMessages('livestockLookup', messages, () => import('../AnimalHistory.vue')),
    props: true,
    meta: { titleKey: 'livestock.title', requires: [] },
  },
  {
    path: 'bundles/:number',
    name: 'livestock-bundle',
    component: withScreenMessages('livestockLookup', messages, () => import('../BundlePage.vue')),
    props: true,
    meta: { titleKey: 'livestock.title', requires: [] },
  },
]
