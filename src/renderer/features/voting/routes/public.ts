/**
 * The elections anyone may follow (docs/adr/0048), children of /elections, open to everyone (no role):
 *   ''            the elections, each with its phase and dates
 *   e/:uuid       one election: phase, dates, questions, the key ceremony's progress by trustee agency, the
 *                 credential list's state, the ballots received; an official's open and close
 */
import type { RouteRecordRaw } from 'vue-router'
import { withScreenMessages } from '../../../i18n/screen-messages'

const words = () => import('../screen/messages')

export const routes: RouteRecordRaw[] = [
  {
    path: '',
    name: 'elections-list',
    component: withScreenMessages('votingScreens', words, () => import('../ElectionsPage.vue')),
    meta: { titleKey: 'elections.title', tabKey: 'list', requires: [] },
  },
  {
    path: 'e/:uuid',
    name: 'elections-election',
    component: withScreenMessages('votingScreens', words, () => import('../ElectionPage.vue')),
    props: true,
    meta: { titleKey: 'elections.title', requires: [] },
  },
  // the polling station's booth (ADR 0056): kiosk, cast or challenge; its words are its own (booth/booth-words.ts)
  { path: 'e/:uuid/booth', name: 'elections-booth', component: () => import('../booth/BoothPage.vue'), props: true, meta: { titleKey: 'elections.title', requires: [] } },
]
