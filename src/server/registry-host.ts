/**
 * The RegistryHost a registry's routes get (registries/types.ts): built from the node, holding only what the type
 * names — reads of committed state (current, and as of a height) and node-local data, the genesis, the chain's head
 * and validator sets, inclusion and certified state proofs, and the one local write. A route never reaches the node, its store's writes, its mempool or its producer.
 */
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { LedgerNode } from '../ledger/node/node'
import type { Home } from '../ledger/node/home'
import { toHex } from '../ledger/codec/bytes'
import { boundTrustSteps } from '../ledger/proofs/trust-bound'
import type { CommittedReader, LocalBlock, RegistryHost } from '../ledger/registries/types'
import { decodeTx, txHash } from '../ledger/types/tx'

/** What the host is built from (the node satisfies it). */
export type HostSource = Pick<LedgerNode, 'store' | 'genesis' | 'chain' | 'getProof' | 'stateAsOf' | 'stateAsOfMany' | 'proveState' | 'proveRange' | 'getBlock' | 'onEvent'>

const LOCAL_FILE_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/
const LOCAL_FILE_MAX = 4096

/** A file of the home by plain name, or null (no home, no file, not a plain name, a directory or too large). */
function readLocalFile(home: Pick<Home, 'dir'> | null, name: string): Uint8Array | null {
  if (home === null || !LOCAL_FILE_NAME.test(name)) return null
  const path = join(home.dir, name)
  try {
    const st = statSync(path)
    if (!st.isFile() || st.size > LOCAL_FILE_MAX) return null
    return new Uint8Array(readFileSync(path))
  } catch {
    return null
  }
}

/** A committed block, decoded for a node-local index; null when the node does not hold it. */
async function readBlock(node: HostSource, height: number): Promise<LocalBlock | null> {
  let block
  try {
    block = (await node.getBlock(height)).block
  } catch {
    return null
  }
  return {
    height: block.header.height,
    time: block.header.time,
    txs: block.txs.map((bytes) => {
      const tx = decodeTx(bytes)
      return { hash: toHex(txHash(bytes)), type: tx.type, signer: toHex(tx.signer), payload: tx.payload }
    }),
  }
}

const hosts = new WeakMap<HostSource, RegistryHost>()
/** the home a node runs from, when a server was started with one (read by localFile at each call) */
const homes = new WeakMap<HostSource, Pick<Home, 'dir'>>()

/**
 * The node's RegistryHost, built once per node: a frozen object of functions bound to it, nothing else. `home`: the
 * home the node runs from (its files are what localFile reads), when known.
 */
export function registryHost(node: HostSource, home: Pick<Home, 'dir'> | null = null): RegistryHost {
  if (home !== null) homes.set(node, home)
  const known = hosts.get(node)
  if (known) return known
  const store = node.store
  const state: CommittedReader = Object.freeze({
    // a route's reads answer from the value cache but fill it only with keys read again (docs/adr/0050)
    get: (key: string) => store.peek(key),
    getMany: (keys: readonly string[]) => store.peekMany(keys),
    scanState: (prefix: string, limit?: number) => store.scanState(prefix, limit),
    head: () => store.head(),
    getAux: (key: string) => store.getAux(key),
    auxKeys: (prefix: string, limit?: number) => store.auxKeys(prefix, limit),
  })
  const chain = node.chain
  const host: RegistryHost = Object.freeze({
    state,
    genesis: node.genesis,
    chain: Object.freeze({
      head: () => chain.head(),
      // validator sets change with governance: read through, not copied
      get validatorHistory() {
        return chain.validatorHistory
      },
      get validators() {
        return chain.validators
      },
    }),
    getProof: (txHash: string) => node.getProof(txHash),
    stateAsOf: (key: string, height: number) => node.stateAsOf(key, height),
    stateAsOfMany: (keys: readonly string[], height: number) => node.stateAsOfMany(keys, height),
    // the one bound on carried trust steps (proofs/trust-bound.ts), for every registry's proofs as for the core's
    proveState: async (key: string, height?: number, trustFrom?: number) => {
      if (trustFrom !== undefined) boundTrustSteps(chain.validatorHistory, node.genesis.chainId, trustFrom, height ?? chain.head().height)
      return node.proveState(key, height, trustFrom)
    },
    proveRange: async (group: string, height?: number, trustFrom?: number) => {
      if (trustFrom !== undefined) boundTrustSteps(chain.validatorHistory, node.genesis.chainId, trustFrom, height ?? chain.head().height)
      return node.proveRange(group, height, trustFrom)
    },
    keepLocal: (entries: ReadonlyArray<readonly [string, Uint8Array]>) => store.putAux(entries),
    blocks: Object.freeze({
      read: (height: number) => readBlock(node, height),
      onCommit: (listener: (height: number) => void) =>
        node.onEvent((e) => {
          if (e.type === 'block') listener(e.height)
        }),
    }),
    localFile: (name: string) => readLocalFile(homes.get(node) ?? null, name),
  })
  hosts.set(node, host)
  return host
}
