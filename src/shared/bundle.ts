/** What an import of a sneakernet bundle shows and answers (docs/adr/0062): portable, read by the app and the CLI. */
export interface Words {
  ko: string
  en: string
}

export interface RegistryCount {
  registry: string
  words: Words
  count: number
}

export interface BundlePreview {
  kind: 'blocks' | 'pending'
  chainId: string
  exporter: string
  /** who the exporting node is to this node: a validator, an agency's workstation, or a node it does not know */
  exporterRole: 'validator' | 'workstation' | 'unknown'
  createdAt: number
  from: number
  to: number
  blocks: number
  txs: number
  fileBytes: number
  /** this node's head before the import */
  head: number
  /** blocks: the new ones (heights above the head), their transactions by registry */
  newFrom: number | null
  newTo: number | null
  newBlocks: number
  newTxs: number
  byRegistry: RegistryCount[]
  /** pending transactions this node already holds (pending or committed) */
  alreadyKnown: number
  /** nothing would change */
  upToDate: boolean
}

export interface Refusal {
  hash: string
  code: string
  words: Words
}

export interface ImportResult extends BundlePreview {
  applied: boolean
  /** blocks committed by this import */
  appliedBlocks: number
  headAfter: number
  /** pending transactions admitted to the mempool */
  admitted: number
  /** the refused transactions, the first MAX_REFUSALS_LISTED of them */
  refused: Refusal[]
  /** how many were refused in all */
  refusedCount: number
}


/** how many refusals an import lists one by one (all are counted) */
export const MAX_REFUSALS_LISTED = 200
