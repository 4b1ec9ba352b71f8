/** The livestock registry on the node: not built yet, so no transaction types, routes or commands — only its roles. */
import type { Registry } from '../types'
import { livestockPortable } from './portable'
import { TRACE_ROUTES, startLivestockTrace } from './trace-routes'
import { livestockTraceCli } from './cli-trace'

export const livestockRegistry: Registry = {
  ...livestockPortable,
  txTypes: {},
  // tracing and the officer's dashboard (docs/adr/0046): routes, the node-local index, commands
  routes: [...TRACE_ROUTES],
  startLocal: startLivestockTrace,
  cli: livestockTraceCli,
}
