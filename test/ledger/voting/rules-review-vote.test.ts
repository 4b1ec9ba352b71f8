/**
 * Attacks on the ballot rule and the credential list (review rv-vote, docs/adr/0048): an observer replays a voter's
 * earlier ballot — as it was, or written again with other spacing or key order — to undo the voter's re-vote; the
 * same ballot twice in one block; a weighted credential line (ADR 0049's MAX_TOTAL_WEIGHT: the list carries no
 * weights, so the total weight is the number of voters, bounded below it).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { nodeGroup } from '../../../src/ledger/registries/voting/node-group'
import { type Election, createBallot, generateCredential, publicCredential } from '../../../src/ledger/registries/voting/portable/belenios'
import { MAX_TOTAL_WEIGHT } from '../../../src/ledger/registries/voting/portable/belenios/tally'
import { lastBallotKey, tallyKey } from '../../../src/ledger/registries/voting/portable/keys'
import { CredentialsPublishSchema, VOTING_LIMITS } from '../../../src/ledger/registries/voting/portable/schema'
import type { RunningTally } from '../../../src/ledger/registries/voting/rules-ballot'
import { GENESIS_TIME } from '../helpers'
import { HOUR, accepted, block, cleanup, openedElection, refused, root, setUp, single, stranger } from './rules-harness'

afterEach(() => cleanup.run())

const G = nodeGroup()

const vote = (e: Election<unknown>, credential: string, k: number) => createBallot(G, e, credential, [[0, 1, 2, 3].map((i) => (i === k ? 1 : 0))])
const cast = (uuid: string, text: string, by = stranger) => single(by, 'voting.ballot', { election: uuid, ballot: text })

describe('voting (review): a replayed ballot cannot undo a re-vote', () => {
  it('refuses the earlier ballot as it was and written again, at admission and in a block; the last ballot keeps counting', async () => {
    const node = await setUp()
    const privates = [generateCredential(), generateCredential(), generateCredential()]
    const { uuid, e } = await openedElection(node, privates)
    expect(await block(node, [], GENESIS_TIME + HOUR)).toEqual([])
    const cred = publicCredential(G, uuid, privates[0]!)
    const first = vote(e, privates[0]!, 1)
    await accepted(node, cast(uuid, first.text))
    const second = vote(e, privates[0]!, 2)
    await accepted(node, cast(uuid, second.text))
    const secondHash = await node.store.get(lastBallotKey(uuid, cred))
    const tallyAfter = ((await node.store.get(tallyKey(uuid))) as unknown as RunningTally).text

    // the earlier ballot, byte for byte
    await refused(node, cast(uuid, first.text), 'VOTING_BALLOT_SEEN')
    // the earlier ballot written again: its signature still holds over the same content, but the text is not canonical
    const parsed = JSON.parse(first.text) as Record<string, unknown>
    const rewritten = [
      JSON.stringify(parsed, null, 1),
      `${first.text} `,
      ` ${first.text}`,
      JSON.stringify(Object.fromEntries(Object.entries(parsed).reverse())),
      first.text.replace(/^\{/, '{ '),
    ]
    for (const text of rewritten) {
      expect(text).not.toBe(first.text)
      await refused(node, cast(uuid, text), 'VOTING_BAD_BALLOT')
      const before = root(node)
      await expect(node.submitBytes(cast(uuid, text).bytes)).rejects.toMatchObject({ code: 'VOTING_BAD_BALLOT' })
      expect(root(node)).toBe(before)
    }
    expect(await node.store.get(lastBallotKey(uuid, cred))).toBe(secondHash)
    expect(((await node.store.get(tallyKey(uuid))) as unknown as RunningTally).text).toBe(tallyAfter)
  })

  it('counts a ballot sent twice in one block once (the second is refused as seen)', async () => {
    const node = await setUp()
    const privates = [generateCredential(), generateCredential(), generateCredential()]
    const { uuid, e } = await openedElection(node, privates)
    expect(await block(node, [], GENESIS_TIME + HOUR)).toEqual([])
    const b = vote(e, privates[1]!, 3)
    expect(await block(node, [cast(uuid, b.text), cast(uuid, b.text)])).toEqual(['VOTING_BALLOT_SEEN'])
    const running = (await node.store.get(tallyKey(uuid))) as unknown as RunningTally
    expect([running.numTallied, running.totalWeight]).toEqual([1, 1])
  })
})

describe('voting (review): the total weight bound (ADR 0049)', () => {
  const point = publicCredential(G, 'Hj4S8bqUWcW3s9n7PZ3N5y', generateCredential())
  it('refuses a weighted credential line: every credential weighs one', () => {
    expect(CredentialsPublishSchema.safeParse({ election: 'Hj4S8bqUWcW3s9n7PZ3N5y', part: 1, credentials: [point] }).success).toBe(true)
    for (const line of [`${point},1000000000000`, `${point},1`, `${point},`]) {
      expect(CredentialsPublishSchema.safeParse({ election: 'Hj4S8bqUWcW3s9n7PZ3N5y', part: 1, credentials: [line] }).success).toBe(false)
    }
  })
  it('bounds the voters of an election (the total weight) below MAX_TOTAL_WEIGHT', () => {
    expect(BigInt(VOTING_LIMITS.voters)).toBeLessThanOrEqual(MAX_TOTAL_WEIGHT)
  })
})
