/**
 * A registry's route gets a RegistryHost built from the node (server/registry-host.ts), never the node: committed
 * state to read, the genesis, the chain's head and validator sets, proofs, and keepLocal — no store, no submission,
 * no writes of state (review finding 12).
 */
import { describe, expect, it, vi } from 'vitest'
import type { RegistryHost, Registry } from '../../src/ledger/registries/types'
import { route } from '../../src/ledger/registries/types'
import { routeTable, type RouteContext } from '../../src/server/routes'

function fakeNode() {
  const store = {
    get: vi.fn(async (k: string) => (k === 'x/1' ? 'one' : undefined)),
    // a route's reads (docs/adr/0050): answered like get, the value cache filled only by keys read again
    peek: vi.fn(async (k: string) => (k === 'x/1' ? 'one' : undefined)),
    peekMany: vi.fn(async (ks: readonly string[]) => ks.map((k) => (k === 'x/1' ? 'one' : undefined))),
    scanState: vi.fn(async function* () {
      yield ['x/1', 'one'] as [string, string]
    }),
    head: vi.fn(() => ({ height: 7 })),
    getAux: vi.fn(async () => undefined),
    auxKeys: vi.fn(async () => []),
    putAux: vi.fn(async () => {}),
    commitBlock: vi.fn(async () => {}),
    putPending: vi.fn(async () => {}),
  }
  const chain = { head: () => ({ height: 7 }), validatorHistory: { v: 1 }, validators: [{ agency: 'a' }] }
  return {
    store,
    chain,
    genesis: { chainId: 'test' },
    getProof: vi.fn(async (h: string) => ({ proofOf: h })),
    stateAsOf: vi.fn(async (k: string, h: number) => `${k}@${h}`),
    proveState: vi.fn(async (k: string, h?: number) => ({ stateProofOf: k, h })),
    proveRange: vi.fn(async (g: string, h?: number) => ({ rangeProofOf: g, h })),
    submit: vi.fn(),
  }
}

/** The host a route of a registry "probe" is given, and the node it was built from. */
async function hostOfRoute(): Promise<{ host: RegistryHost; node: ReturnType<typeof fakeNode> }> {
  let seen: RegistryHost | undefined
  const probe = {
    name: 'probe',
    txTypes: {},
    routes: [
      route({
        method: 'GET',
        path: '/api/v1/probe/x',
        summary: 'probe',
        handler: async ({ host }) => {
          seen = host
          return { body: null }
        },
      }),
    ],
  } as unknown as Registry
  const r = routeTable([probe]).find((x) => x.path === '/api/v1/probe/x')!
  const node = fakeNode()
  await r.handler({ node, params: {}, query: {}, body: undefined } as unknown as RouteContext)
  return { host: seen!, node }
}

describe('RegistryHost given to registry routes', () => {
  it('is not the node and holds exactly the named members', async () => {
    const { host, node } = await hostOfRoute()
    expect(host).not.toBe(node)
    expect(Object.keys(host).sort()).toEqual(['blocks', 'chain', 'genesis', 'getProof', 'keepLocal', 'localFile', 'proveRange', 'proveState', 'state', 'stateAsOf', 'stateAsOfMany'])
    // blocks are read, never written; the home's files are read by plain name only
    expect(Object.keys(host.blocks).sort()).toEqual(['onCommit', 'read'])
    expect(Object.isFrozen(host.blocks)).toBe(true)
    expect(host.localFile('../genesis.json')).toBeNull()
    expect('store' in host).toBe(false)
    expect('submit' in host).toBe(false)
    expect(Object.isFrozen(host)).toBe(true)
  })

  it('reads committed state and node-local data, and writes no state', async () => {
    const { host, node } = await hostOfRoute()
    expect(Object.keys(host.state).sort()).toEqual(['auxKeys', 'get', 'getAux', 'getMany', 'head', 'scanState'])
    expect(Object.isFrozen(host.state)).toBe(true)
    expect(host.state).not.toBe(node.store)
    expect(await host.state.get('x/1')).toBe('one')
    expect(await host.state.getMany!(['x/1', 'x/2'])).toEqual(['one', undefined])
    expect(node.store.peek).toHaveBeenCalledWith('x/1')
    expect(node.store.peekMany).toHaveBeenCalledWith(['x/1', 'x/2'])
    expect(node.store.get).not.toHaveBeenCalled()
    const scanned = []
    for await (const e of host.state.scanState('x/')) scanned.push(e)
    expect(scanned).toEqual([['x/1', 'one']])
    expect(host.state.head()).toEqual({ height: 7 })
    for (const write of ['put', 'del', 'putAux', 'commitBlock', 'putPending']) expect(write in host.state).toBe(false)
  })

  it('keeps node-local data through keepLocal only, and reads proofs and validators through the node', async () => {
    const { host, node } = await hostOfRoute()
    const entries = [['nt/batch/B', new Uint8Array([1])]] as const
    await host.keepLocal(entries)
    expect(node.store.putAux).toHaveBeenCalledWith(entries)
    expect(await host.getProof('ab')).toEqual({ proofOf: 'ab' })
    expect(await host.stateAsOf('x/1', 3)).toBe('x/1@3')
    expect(await host.proveState('x/1', 3)).toEqual({ stateProofOf: 'x/1', h: 3 })
    expect(await host.proveRange('x', undefined)).toEqual({ rangeProofOf: 'x', h: undefined })
    expect(host.genesis).toBe(node.genesis)
    // validator sets change with governance: the host reads the chain's current ones
    node.chain.validators = [{ agency: 'b' }]
    expect(host.chain.validators).toEqual([{ agency: 'b' }])
    expect(host.chain.head()).toEqual({ height: 7 })
  })
})
