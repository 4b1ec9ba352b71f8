/** The versioned state tree (docs/adr/0025). */
export { DEFAULT_CACHE_NODES, StateTree, type PreparedVersion, type TreeDb, type TreeOp } from './tree'
export { memoryTreeDb } from './memory-db'
export { NODE_PREFIX, ROOT_PREFIX, STALE_PREFIX } from './nodes'
export { levelTreeDb } from './level-db'
