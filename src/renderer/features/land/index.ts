/** Land register (registrars, bank officers). Not built yet: a gated route with an honest empty state. */
import { landPortable } from '../../../ledger/registries/land/portable'
import { upcomingRegister } from '../upcoming'
import messages from './messages'

export const landFeature = upcomingRegister({ id: 'land', order: 20, registry: landPortable, messages })
