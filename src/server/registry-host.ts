/**
 * The RegistryHost a registry's routes get (registries/types.ts): built from the node, holding only what the type
 * names — reads of committed state (current, and as of a height) and node-local data, the genesis, the chain's head
 * and validator sets, inclusion and certified state proofs, and the one local write. A route never reaches the node, its store's writes, its mempool or its producer.
 */
import type { LedgerNode } from '../ledger/node/node'
import { boundTrustSteps } from '../ledger/proofs/trust-bound'
import type { CommittedReader, RegistryHost } from '../ledger/registries/types'

/** What the host is built from (the node satisfies it). */
export type HostSource = Pick<LedgerNode, 'store' | 'genesis' | 'chain' | 'getProof' | 'stateAsOf' | 'proveState' | 'proveRange'>

const hosts = new WeakMap<HostSource, RegistryHost>()

/** The node's RegistryHost, built once per node: a frozen object of functions bound to it, nothing else. */
export function registryHost(node: HostSource): RegistryHost {
  const known = hosts.get(node)
  if (known) return known
  const store = node.store
  const state: CommittedReader = Object.freeze({
    get: (key: string) => store.get(key),
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
  })
  hosts.set(node, host)
  return host
}
