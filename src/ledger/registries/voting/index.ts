/** The voting registry on the node: not built yet, so no transaction types, routes or commands — only its roles. */
import type { Registry } from '../types'
import { votingPortable } from './portable'

export const votingRegistry: Registry = { ...votingPortable, txTypes: {} }
