/**
 * Elections (docs/adr/0048, Belenios 2.5 on the ledger): anyone follows an election — its phase, the key ceremony
 * across trustee agencies, the credential list, the ballots; an election official prepares, opens and closes one. The
 * screens of each part are listed in routes/*.ts (children of /elections); the layout shows a tab for each child that
 * has `meta.tabKey` and that the session may open.
 */
import type { Feature } from '../../nav'
import { votingPortable } from '../../../ledger/registries/voting/portable'
import messages from './messages'
import { routes as publicRoutes } from './routes/public'
import { routes as official } from './routes/official'

export const ELECTIONS_CHILDREN = [...publicRoutes, ...official]

export const electionsFeature: Feature = {
  id: 'elections',
  registry: votingPortable,
  routes: [
    {
      path: '/elections',
      component: () => import('./VotingLayout.vue'),
      meta: { titleKey: 'elections.title', requires: [] },
      children: ELECTIONS_CHILDREN,
    },
  ],
  // following an election is public; each acting screen keeps its roles (routes/*.ts)
  nav: [{ id: 'elections', to: '/elections', labelKey: 'elections.nav', order: 50 }],
  messages,
}
