/** Notarised documents (notaries). Not built yet: a gated route with an honest empty state. */
import { upcomingRegister } from '../upcoming'
import messages from './messages'

export const documentsFeature = upcomingRegister({ id: 'documents', order: 30, requires: ['notary'], messages })
