/** Elections (election officials, trustees). Not built yet: a gated route with an honest empty state. */
import { votingPortable } from '../../../ledger/registries/voting/portable'
import { upcomingRegister } from '../upcoming'
import messages from './messages'

export const electionsFeature = upcomingRegister({
  id: 'elections',
  order: 50,
  registry: votingPortable, messages,
})
