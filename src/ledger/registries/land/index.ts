/** The land registry on the node: not built yet, so no transaction types, routes or commands — only its roles. */
import type { Registry } from '../types'
import { landPortable } from './portable'

export const landRegistry: Registry = { ...landPortable, txTypes: {} }
