/**
 * The batch submission's parts, registered by the register's index.ts with one import (docs/adr/0047): the
 * `livestock.batch` type, its routes (dry run, outcome) and `daejang livestock batch`.
 */
import { BATCH_ROUTES } from './batch-routes'
import { batchTxTypes } from './batch-rules'
import { livestockBatchCli } from './cli-batch'

export const livestockBatch = { txTypes: batchTxTypes, routes: BATCH_ROUTES, cli: livestockBatchCli }
