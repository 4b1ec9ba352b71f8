/**
 * The election official's screens (docs/adr/0048, `voting.election.draft`), children of /elections:
 *   draft            prepare an election: questions, voter list, dates, trustee agencies and threshold, credential
 *                    authority (an election official)
 *   e/:uuid/trustee  a trustee agency's steps of the key ceremony (a trustee)
 *   e/:uuid/credentials  the voters' credentials generated, saved, published and sealed (the credential authority)
 */
import type { RouteRecordRaw } from 'vue-router'
import { withScreenMessages } from '../../../i18n/screen-messages'
import { CREDENTIAL_AUTHORITY_ROLE, ELECTION_OFFICIAL_ROLE, TRUSTEE_ROLE } from '../roles'

const words = () => import('../screen/messages')

export const routes: RouteRecordRaw[] = [
  {
    path: 'draft',
    name: 'elections-draft',
    component: withScreenMessages('votingScreens', words, () => import('../DraftPage.vue')),
    meta: { titleKey: 'elections.title', tabKey: 'draft', requires: [ELECTION_OFFICIAL_ROLE] },
  },
  {
    path: 'e/:uuid/trustee',
    name: 'elections-trustee',
    component: withScreenMessages('votingScreens', words, () => import('../TrusteePage.vue')),
    props: true,
    meta: { titleKey: 'elections.title', requires: [TRUSTEE_ROLE] },
  },
  {
    path: 'e/:uuid/credentials',
    name: 'elections-credentials',
    component: withScreenMessages('votingScreens', words, () => import('../CredentialsPage.vue')),
    props: true,
    meta: { titleKey: 'elections.title', requires: [CREDENTIAL_AUTHORITY_ROLE] },
  },
]
