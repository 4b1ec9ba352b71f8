/**
 * The election official's screens (docs/adr/0048, `voting.election.draft`), children of /elections:
 *   draft    prepare an election: questions, voter list, dates, trustee agencies and threshold, credential authority
 */
import type { RouteRecordRaw } from 'vue-router'
import { withScreenMessages } from '../../../i18n/screen-messages'
import { ELECTION_OFFICIAL_ROLE } from '../roles'

const words = () => import('../screen/messages')

export const routes: RouteRecordRaw[] = [
  {
    path: 'draft',
    name: 'elections-draft',
    component: withScreenMessages('votingScreens', words, () => import('../DraftPage.vue')),
    meta: { titleKey: 'elections.title', tabKey: 'draft', requires: [ELECTION_OFFICIAL_ROLE] },
  },
]
