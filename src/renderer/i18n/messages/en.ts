import type { MessageSchema } from './ko'

const en: MessageSchema = {
  app: {
    name: 'Daejang',
    skipToContent: 'Skip to content',
    language: 'Language',
  },
  sync: {
    synced: 'Synced',
    syncing: 'Syncing',
    offline: 'Offline',
    error: 'Error',
  },
  status: {
    label: 'Node status',
    sync: 'State',
    height: 'Height',
    peers: 'Peers',
    outbox: 'Pending',
    outboxHint: 'Transactions sent from this window that are not yet in a block',
    lastBlock: 'Last block',
    never: 'none yet',
  },
  node: {
    title: 'Node',
    chainId: 'Chain ID',
    height: 'Height',
    lastBlockHash: 'Last block hash',
    appHash: 'App hash',
    mempool: 'Mempool',
    mempoolValue: 'no transactions | 1 transaction | {n} transactions',
    loading: 'Connecting to the node…',
    offline: 'The node does not answer. Retrying…',
  },
  blocks: {
    title: 'Recent blocks',
    caption: 'The latest {n} blocks, newest first',
    height: 'Height',
    hash: 'Hash',
    time: 'Time',
    txs: 'Transactions',
    proposer: 'Proposer',
    empty: 'No blocks yet.',
    failed: 'The blocks could not be loaded: {reason}',
  },
  errors: {
    noToken: 'No API token. Open the address the node printed at start (it ends in #token=…).',
    setup: 'Cannot reach the node: {reason}',
    api: 'The node refused the request: {reason}',
  },
  time: {
    justNow: 'just now',
  },
}

export default en
