/**
 * The mempool refuses a duplicate pending ballot (docs/adr/0061): the same ballot text of an election sent again
 * under another throwaway key while the first transaction carrying it is pending is refused at admission with
 * VOTING_BALLOT_SEEN, before any verification, and takes no room; the claim is released when the first leaves the
 * mempool (committed, or dropped), and a different ballot is not affected.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { nodeGroup } from '../../../src/ledger/registries/voting/node-group'
import * as belenios from '../../../src/ledger/registries/voting/portable/belenios'
import { tallyKey } from '../../../src/ledger/registries/voting/portable/keys'
import type { RunningTally } from '../../../src/ledger/registries/voting/rules-ballot'
import { GENESIS_TIME, signerFor } from '../helpers'
import { HOUR, block, cleanup, openedElection, setUp, single } from './rules-harness'

vi.mock('../../../src/ledger/registries/voting/portable/belenios', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../../src/ledger/registries/voting/portable/belenios')>()
  return { ...m, verifyBallot: vi.fn(m.verifyBallot) }
})

afterEach(() => cleanup.run())

const G = nodeGroup()

describe('the mempool and a duplicate pending ballot', () => {
  it('refuses a copy under another key while the first is pending, without verifying it, and frees the claim once the first is gone', async () => {
    const node = await setUp()
    const privates = [belenios.generateCredential(), belenios.generateCredential(), belenios.generateCredential()]
    const { uuid, e } = await openedElection(node, privates)
    expect(await block(node, [], GENESIS_TIME + HOUR)).toEqual([])
    const ballot = belenios.createBallot(G, e, privates[0]!, [[0, 1, 0, 0]])
    const other = belenios.createBallot(G, e, privates[1]!, [[1, 0, 0, 0]])
    const verify = vi.mocked(belenios.verifyBallot)
    verify.mockClear()
    const first = single(signerFor('vt/dup-1'), 'voting.ballot', { election: uuid, ballot: ballot.text })
    const copy = single(signerFor('vt/dup-2'), 'voting.ballot', { election: uuid, ballot: ballot.text })
    await node.submitBytes(first.bytes)
    expect(node.mempool.has(first.hashHex)).toBe(true)
    const size = node.mempool.size
    await expect(node.submitBytes(copy.bytes)).rejects.toMatchObject({ code: 'VOTING_BALLOT_SEEN' })
    expect(node.mempool.has(copy.hashHex)).toBe(false)
    expect(node.mempool.size).toBe(size)
    expect(verify).toHaveBeenCalledTimes(1)
    // another ballot of the same election is admitted beside it
    const second = single(signerFor('vt/dup-3'), 'voting.ballot', { election: uuid, ballot: other.text })
    await node.submitBytes(second.bytes)
    expect(node.mempool.has(second.hashHex)).toBe(true)
    // the first dropped from the mempool (as a rejected transaction is): the copy may now be admitted
    node.mempool.remove([first.hashHex])
    await node.submitBytes(copy.bytes)
    expect(node.mempool.has(copy.hashHex)).toBe(true)
    const copy2 = single(signerFor('vt/dup-4'), 'voting.ballot', { election: uuid, ballot: ballot.text })
    await expect(node.submitBytes(copy2.bytes)).rejects.toMatchObject({ code: 'VOTING_BALLOT_SEEN' })
    // committed: the claim goes with it, and the committed ballot refuses the next copy from the state
    expect(await block(node, [copy, second])).toEqual([])
    node.mempool.remove([copy.hashHex, second.hashHex])
    await expect(node.submitBytes(copy2.bytes)).rejects.toMatchObject({ code: 'VOTING_BALLOT_SEEN' })
    expect(((await node.store.get(tallyKey(uuid))) as unknown as RunningTally).numTallied).toBe(2)
  })

  it('claims by election and exact text: a tampered copy is verified and refused as a bad ballot, not as seen', async () => {
    const node = await setUp()
    const privates = [belenios.generateCredential(), belenios.generateCredential(), belenios.generateCredential()]
    const { uuid, e } = await openedElection(node, privates)
    expect(await block(node, [], GENESIS_TIME + HOUR)).toEqual([])
    const ballot = belenios.createBallot(G, e, privates[0]!, [[0, 0, 1, 0]])
    await node.submitBytes(single(signerFor('vt/dup-5'), 'voting.ballot', { election: uuid, ballot: ballot.text }).bytes)
    const tampered = ballot.text.replace(/"challenge":"(\d)/, (_m, d: string) => `"challenge":"${(Number(d) + 1) % 10}`)
    await expect(node.submitBytes(single(signerFor('vt/dup-6'), 'voting.ballot', { election: uuid, ballot: tampered }).bytes)).rejects.toMatchObject({ code: 'VOTING_BAD_BALLOT' })
  })
})
