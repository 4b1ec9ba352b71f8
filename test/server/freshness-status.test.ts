/**
 * What the screens' freshness reads from the node (issue 15 item 6): every API answer names the height and block time
 * it was read at (X-Daejang-Height, X-Daejang-Block-Time; exposed to an allowed foreign origin, as the desktop app's
 * page is), and the status says since when a networked node has had no peer — null while it has one, and for a node
 * that runs without a network.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { portableSigner, randomSeed } from '../../src/ledger/crypto/ed25519'
import type { Transport } from '../../src/ledger/net/transport'
import { LedgerNode } from '../../src/ledger/node/node'
import { parseGenesis } from '../../src/ledger/types/genesis'
import { type ApiServer, startApiServer } from '../../src/server/api-server'
import { waitFor } from '../integration/harness'

const APP_ORIGIN = 'app://daejang'
const dirs: string[] = []
const nodes: LedgerNode[] = []

async function openNode(agencies: number, transport?: Transport, now?: () => number) {
  const dir = mkdtempSync(join(tmpdir(), 'daejang-fresh-'))
  dirs.push(dir)
  const validators = Array.from({ length: agencies }, () => portableSigner(randomSeed()))
  const genesis = parseGenesis({
    format: 'daejang-genesis/1',
    chainId: 'freshness-test',
    genesisTime: Date.now() - 1000,
    agencies: validators.map((v, i) => ({ id: `a${i}`, name: `Agency ${i}`, validator: { publicKey: toHex(v.publicKey), power: 1 }, admins: [toHex(portableSigner(randomSeed()).publicKey)] })),
  })
  const node = await LedgerNode.open({ dataDir: dir, genesis, validatorSigner: validators[0]!, heartbeatMs: 100, ...(transport && { transport }), ...(now && { now }) })
  nodes.push(node)
  return node
}

afterAll(async () => {
  for (const n of nodes) await n.close()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

describe('the height an answer is read at', () => {
  let node: LedgerNode
  let server: ApiServer
  beforeAll(async () => {
    node = await openNode(1)
    node.start()
    server = await startApiServer({ node, uiDir: null, allowedOrigins: [APP_ORIGIN] })
  })
  afterAll(async () => {
    await server.close()
  })

  it('names the head before the read, with its block time, and exposes both to the app\'s origin', async () => {
    await waitFor(async () => node.chain.head().height >= 2, 30_000, 'height 2')
    const before = node.chain.head().height
    const r = await fetch(`${server.url}/api/v1/blocks?limit=3`, { headers: { Authorization: `Bearer ${server.token}`, Origin: APP_ORIGIN } })
    expect(r.status).toBe(200)
    const height = Number(r.headers.get('X-Daejang-Height'))
    expect(height).toBeGreaterThanOrEqual(before)
    expect(height).toBeLessThanOrEqual(node.chain.head().height)
    expect(Number(r.headers.get('X-Daejang-Block-Time'))).toBeGreaterThan(0)
    expect(r.headers.get('Access-Control-Expose-Headers')).toBe('X-Daejang-Height, X-Daejang-Block-Time')
    const same = await fetch(`${server.url}/api/v1/status`, { headers: { Authorization: `Bearer ${server.token}` } })
    expect(same.headers.get('X-Daejang-Height')).not.toBeNull()
    expect(same.headers.get('Access-Control-Expose-Headers')).toBeNull()
    // a refusal names no height: it read nothing
    const refused = await fetch(`${server.url}/api/v1/blocks/999999999`, { headers: { Authorization: `Bearer ${server.token}` } })
    expect(refused.status).toBeGreaterThanOrEqual(400)
    expect(refused.headers.get('X-Daejang-Height')).toBeNull()
  })
})

describe('since when a node has had no peer', () => {
  it('is null for a node without a network', async () => {
    const node = await openNode(1)
    expect(node.status().noPeersSince).toBeNull()
  })

  it('counts from when the last peer went, and is null while one is there', async () => {
    let clock = 1_000_000
    let peers: string[] = []
    const transport: Transport = {
      self: 'me',
      broadcast: () => undefined,
      onMessage: () => () => undefined,
      request: () => Promise.reject(new Error('no answer')),
      onRequest: () => undefined,
      peers: () => peers,
      close: () => undefined,
    }
    const node = await openNode(2, transport, () => clock)
    node.start()
    expect(node.status()).toMatchObject({ peers: 0, noPeersSince: 1_000_000 })
    peers = ['other']
    clock += 5_000
    expect(node.status()).toMatchObject({ peers: 1, noPeersSince: null })
    peers = []
    clock += 1_000
    expect(node.status().noPeersSince).toBe(1_006_000)
    clock += 12 * 60_000
    expect(node.status().noPeersSince).toBe(1_006_000)
  })
})
