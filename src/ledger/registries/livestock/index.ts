/** The livestock registry on the node: not built yet, so no transaction types, routes or commands — only its roles. */
import type { Registry } from '../types'
import { livestockPortable } from './portable'

export const livestockRegistry: Registry = { ...livestockPortable, txTypes: {} }
