/**
 * An election on a real node, every step a transaction (test/e2e/voting-setup.ts): the ceremony done by three
 * trustee agencies, five credentials sealed, the election opened; a ballot and a re-vote of the same credential, a
 * ballot of another; the board marks the replaced one; a ballot sent again is refused and changes nothing; the
 * election closes at its closing time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, stopAll } from './harness'
import { type OpenElection, type VotingNode, newSigner, openElection, votingNode } from '../e2e/voting-setup'

describe('an election on a real node', () => {
  let v: VotingNode
  let e: OpenElection

  beforeAll(async () => {
    v = await votingNode()
    e = await openElection(v, { opensInMs: 10_000, closesAfterMs: 25_000 })
  }, 300_000)
  afterAll(async () => {
    await stopAll()
    v?.cleanup()
  })

  it('is open once the ceremony is done and the credentials sealed', async () => {
    const r = await api(v.node, 'GET', `/api/v1/voting/elections/${e.uuid}`)
    expect(r.status).toBe(200)
    expect(r.body.phase).toBe('open')
    expect(r.body.credentials.sealed).toBe(true)
  })

  it('takes ballots; the last of a credential counts; a ballot sent again is refused', { timeout: 120_000 }, async () => {
    const first = await e.cast(0, [[0, 1, 0, 0]])
    const other = await e.cast(1, [[0, 0, 1, 0]])
    const again = await e.cast(0, [[0, 0, 0, 1]])
    const board = await api(v.node, 'GET', `/api/v1/voting/elections/${e.uuid}/board`)
    expect(board.status).toBe(200)
    const entries = board.body.entries as Array<{ tracker: string; replaced: boolean }>
    expect(entries.map((x) => x.tracker)).toEqual([first.tracker, other.tracker, again.tracker])
    expect(entries.map((x) => x.replaced)).toEqual([true, false, false])
    // the first ballot once more, under a fresh key: refused, the board unchanged
    const { makeTx, txToJson } = await import('../../src/ledger/types/tx')
    const tx = makeTx(newSigner(), { chainId: v.chainId, type: 'voting.ballot', payload: { election: e.uuid, ballot: first.text }, nonce: 1, time: Date.now() })
    const r = await api(v.node, 'POST', '/api/v1/txs?wait=commit&timeoutMs=60000', txToJson(tx))
    expect(r.status).toBeGreaterThanOrEqual(400)
    expect(r.body.error.code).toBe('VOTING_BALLOT_SEEN')
    expect((await api(v.node, 'GET', `/api/v1/voting/elections/${e.uuid}/board`)).body.entries).toHaveLength(3)
  })

  it('closes at its closing time', { timeout: 120_000 }, async () => {
    await e.close()
    expect((await api(v.node, 'GET', `/api/v1/voting/elections/${e.uuid}`)).body.phase).toBe('closed')
  })
})
