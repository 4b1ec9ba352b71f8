/** Elections (election officials, trustees). Not built yet: a gated route with an honest empty state. */
import { upcomingRegister } from '../upcoming'
import messages from './messages'

export const electionsFeature = upcomingRegister({
  id: 'elections',
  order: 50,
  requires: ['election-official', 'trustee'],
  messages,
})
