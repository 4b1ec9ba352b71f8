/** Livestock traceability (officers and every actor of the chain). Not built yet: a gated route, honest empty state. */
import { livestockPortable } from '../../../ledger/registries/livestock/portable'
import { upcomingRegister } from '../upcoming'
import messages from './messages'

export const livestockFeature = upcomingRegister({
  id: 'livestock',
  order: 40,
  registry: livestockPortable, messages,
})
