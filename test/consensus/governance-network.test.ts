/**
 * Validator-set changes in a running consortium (docs/adr/0013): four validators and a fifth node that follows
 * with its own key. Governance admits the fifth agency; from the effective height on its node votes, which the
 * test proves by crashing one of the original four (three of the old four are 30 of 50 power: without the new
 * validator the chain would halt). Then governance removes agency-3; from that height on the chain goes on with
 * agency-0 and agency-3 both down (30 of 40), which it could not do with the old set (30 of 50).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import { nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import { type JsonValue, makeTx, txToJson } from '../../src/ledger/types/tx'
import { InProcessConsortium, fourValidators, height, seed } from './consortium-fixture'

const dir = mkdtempSync(join(tmpdir(), 'daejang-gov-'))
const { validators: four, admin, genesis } = fourValidators('gov-net')
const fifth = nodeSigner(seed(4))
const keys = [...four, fifth]
/** administrators: agency-0's is the fixture's admin, agency-i's is seed(20 + i) */
const adminOf = (i: number): Signer => (i === 0 ? admin : nodeSigner(seed(20 + i)))
const admin4 = nodeSigner(seed(24))

const c = new InProcessConsortium(dir, genesis, keys)
const nodes = c.nodes
const open = (i: number) => c.open(i)
const crash = (i: number) => c.crash(i)
const live = () => c.live()
const until = (what: string, cond: () => boolean, ms?: number) => c.until(what, cond, ms)
const expectOneHistory = () => c.expectOneHistory()

let nonce = 100
async function send(by: Signer, type: string, payload: JsonValue): Promise<string> {
  const tx = makeTx(by, { chainId: genesis.chainId, type, nonce: nonce++, payload })
  const n = live()[0]!
  const c = await n.submitJson(txToJson(tx))
  const r = await n.waitForTx(c.hashHex, 20_000)
  expect(r.status, JSON.stringify(r)).toBe('committed')
  return c.hashHex
}

afterAll(async () => {
  await c.closeAll()
  rmSync(dir, { recursive: true, force: true })
})

describe('governance in a running consortium', () => {
  it('admits a fifth validator, which then votes', { timeout: 90_000 }, async () => {
    for (let i = 0; i < 5; i++) await open(i)
    await until('height 2 everywhere', () => live().every((n) => height(n) >= 2))
    expect(nodes[4]!.status().validator).toBe(false)

    const effective = height(nodes[0]!) + 12
    const change = {
      kind: 'agency.admit',
      agency: { id: 'agency-4', name: 'Agency 4', validator: { publicKey: toHex(fifth.publicKey), power: 10 }, admins: [toHex(admin4.publicKey)] },
    }
    const id = await send(adminOf(0), 'governance.proposal.submit', { change, effectiveHeight: effective })
    await send(adminOf(1), 'governance.proposal.approve', { proposal: id })
    await send(adminOf(2), 'governance.proposal.approve', { proposal: id })
    for (const n of live()) await until('every node knows the schedule', () => n.chain.validatorHistory.entries.length === 2)

    await until('past the effective height', () => live().every((n) => height(n) >= effective + 2), 60_000)
    expect(nodes[4]!.status().validator).toBe(true)
    // the new validator signs commits
    const c = await nodes[0]!.getCommit(effective + 1)
    expect(c!.sigs.map((s) => toHex(s.validator))).toContain(toHex(fifth.publicKey))

    // three of the original four and the new one: 40 of 50 power
    await crash(0)
    const h0 = Math.max(...live().map(height))
    await until('the chain goes on with the new validator', () => live().every((n) => height(n) >= h0 + 3), 60_000)
    await expectOneHistory()
  })

  it('removes an agency; the smaller set goes on where the old one could not', { timeout: 120_000 }, async () => {
    const effective = Math.max(...live().map(height)) + 12
    const id = await send(adminOf(1), 'governance.proposal.submit', { change: { kind: 'agency.remove', agency: 'agency-3' }, effectiveHeight: effective })
    await send(adminOf(2), 'governance.proposal.approve', { proposal: id })
    await send(admin4, 'governance.proposal.approve', { proposal: id }) // 30 of 50: not yet more than 2/3
    expect(live()[0]!.chain.validatorHistory.entries.length).toBe(2)
    // agency-0's administrator approves (its node is down; its key is not): 40 of 50
    await send(adminOf(0), 'governance.proposal.approve', { proposal: id })
    for (const n of live()) await until('every node knows the removal', () => n.chain.validatorHistory.entries.length === 3)
    await until('past the removal', () => live().every((n) => height(n) >= effective + 1), 60_000)
    await crash(3)
    const h1 = Math.max(...live().map(height))
    // agency-1, agency-2, agency-4: 30 of 40 > 2/3
    await until('three of the four remaining go on', () => live().every((n) => height(n) >= h1 + 3), 60_000)
    expect(await expectOneHistory()).toBeGreaterThanOrEqual(h1 + 3)

    // the crashed agency-0 node returns and catches up across both changes, checking each commit with its height's set
    await open(0)
    const top = Math.max(...live().map(height))
    await until('the returning node catches up', () => height(nodes[0]!) >= top, 60_000)
    await expectOneHistory()
  })
})
