/**
 * Copies of one ballot (review rv-vote, docs/adr/0048): a ballot is public once gossiped or on the board, and any key
 * may send it, so an attacker sends one pending ballot again and again under fresh throwaway keys. Each copy is a
 * new transaction; the node must not run the whole verification (signature and every proof) again for each: the
 * ballot's verification is a pure function of the election text and the ballot text, remembered by its hash.
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

describe('voting (review): copies of a pending ballot under fresh keys', () => {
  it('verifies the ballot once for all its copies, at admission and in the block, and counts it once', async () => {
    const node = await setUp()
    const privates = [belenios.generateCredential(), belenios.generateCredential(), belenios.generateCredential()]
    const { uuid, e } = await openedElection(node, privates)
    expect(await block(node, [], GENESIS_TIME + HOUR)).toEqual([])
    const ballot = belenios.createBallot(G, e, privates[0]!, [[0, 1, 0, 0]])
    const verify = vi.mocked(belenios.verifyBallot)
    verify.mockClear()
    const copies = [1, 2, 3, 4, 5].map((i) => single(signerFor(`vt/copier-${i}`), 'voting.ballot', { election: uuid, ballot: ballot.text }))
    await node.submitBytes(copies[0]!.bytes)
    // the mempool keeps one pending transaction a ballot (docs/adr/0061): the other copies are refused at admission
    for (const c of copies.slice(1)) await expect(node.submitBytes(c.bytes)).rejects.toMatchObject({ code: 'VOTING_BALLOT_SEEN' })
    expect(verify).toHaveBeenCalledTimes(1)
    expect(await block(node, copies)).toEqual(['VOTING_BALLOT_SEEN', 'VOTING_BALLOT_SEEN', 'VOTING_BALLOT_SEEN', 'VOTING_BALLOT_SEEN'])
    expect(verify).toHaveBeenCalledTimes(1)
    expect(((await node.store.get(tallyKey(uuid))) as unknown as RunningTally).numTallied).toBe(1)
    // a tampered copy is still verified (and refused): the memory is by the exact text
    const tampered = ballot.text.replace(/"challenge":"(\d)/, (_m, d: string) => `"challenge":"${(Number(d) + 1) % 10}`)
    await expect(node.submitBytes(single(signerFor('vt/copier-6'), 'voting.ballot', { election: uuid, ballot: tampered }).bytes)).rejects.toMatchObject({ code: 'VOTING_BAD_BALLOT' })
    await expect(node.submitBytes(single(signerFor('vt/copier-7'), 'voting.ballot', { election: uuid, ballot: tampered }).bytes)).rejects.toMatchObject({ code: 'VOTING_BAD_BALLOT' })
  })
})
