/**
 * Ballots, the close, partial decryptions and the result on the ledger (docs/adr/0048): three voters, a re-vote whose
 * earlier ballot leaves the tally, two of three trustee agencies decrypt, the result checked by the rule. Every
 * refusal — at admission and at execution — with its code and the state root unchanged.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { toHex } from '../../../src/ledger/codec/bytes'
import type { LedgerNode } from '../../../src/ledger/node/node'
import { nodeGroup } from '../../../src/ledger/registries/voting/node-group'
import {
  type Election,
  createBallot,
  generateCredential,
  parseElection,
  parseEncryptedTally,
  partialDecrypt,
  resultText,
  computeResult,
} from '../../../src/ledger/registries/voting/portable/belenios'
import { ballotSeqKey, resultKey, setupKey, tallyKey } from '../../../src/ledger/registries/voting/portable/keys'
import { openElection, type RunningTally } from '../../../src/ledger/registries/voting/rules-ballot'
import { readElection } from '../../../src/ledger/registries/voting/rules-common'
import { electionUuidOf } from '../../../src/ledger/registries/voting/rules-setup'
import { combinedFactors } from '../../../src/ledger/registries/voting/rules-tally'
import { readBoard, readResult } from '../../../src/ledger/registries/voting/queries'
import { VOTING_ROUTES } from '../../../src/ledger/registries/voting/routes'
import { GENESIS_TIME } from '../helpers'
import { HOUR, accepted, block, ceremony, cleanup, draft, official, refused, root, sealCredentials, setUp, single, stranger, trustees } from './rules-harness'

afterEach(() => cleanup.run())

const G = nodeGroup()

async function openedElection(node: LedgerNode, privates: string[]): Promise<{ uuid: string; keys: Record<string, bigint>; e: Election<unknown> }> {
  const tx = single(official, 'voting.election.draft', draft())
  await accepted(node, tx)
  const uuid = electionUuidOf(toHex(tx.hash))
  const keys = await ceremony(node, uuid)
  await sealCredentials(node, uuid, privates)
  await accepted(node, single(official, 'voting.election.open', { election: uuid }))
  const r = parseElection(G, (await node.store.get(setupKey(uuid, 'election'))) as string)
  if (!r.ok) throw new Error(r.reason)
  return { uuid, keys, e: r.election }
}

/** a ballot for answer `k` of the one question (0: blank, 1…3 the candidates) */
const vote = (e: Election<unknown>, credential: string, k: number) => createBallot(G, e, credential, [[0, 1, 2, 3].map((i) => (i === k ? 1 : 0))])
const cast = (uuid: string, text: string, by = stranger) => single(by, 'voting.ballot', { election: uuid, ballot: text })

describe('voting: ballots and the tally', () => {
  it('counts the last ballot of each credential, and decrypts with two of three trustee agencies into a checked result', async () => {
    const node = await setUp()
    const privates = [generateCredential(), generateCredential(), generateCredential()]
    const { uuid, keys, e } = await openedElection(node, privates)
    // not yet open by the block's time
    await refused(node, cast(uuid, vote(e, privates[0]!, 1).text), 'VOTING_NOT_OPEN')
    expect(await block(node, [], GENESIS_TIME + HOUR)).toEqual([])
    const first = vote(e, privates[0]!, 1)
    await accepted(node, cast(uuid, first.text), cast(uuid, vote(e, privates[1]!, 2).text))
    // voter 0 votes again: the last ballot counts; voter 2 votes blank
    await accepted(node, cast(uuid, vote(e, privates[0]!, 3).text), cast(uuid, vote(e, privates[2]!, 0).text))
    const seq1 = (await node.store.get(ballotSeqKey(uuid, 1))) as Record<string, string>
    const seq3 = (await node.store.get(ballotSeqKey(uuid, 3))) as Record<string, string>
    expect(seq1.tracker).toBe(first.tracker)
    expect(seq3.replaces).toBe(first.hashHex)
    const running = (await node.store.get(tallyKey(uuid))) as unknown as RunningTally
    expect([running.numTallied, (await readElection(node.store, uuid))!.ballots]).toEqual([3, 4])
    // a ballot sent again
    await refused(node, cast(uuid, first.text), 'VOTING_BALLOT_SEEN')

    expect(await block(node, [], GENESIS_TIME + 2 * HOUR)).toEqual([])
    await refused(node, cast(uuid, vote(e, privates[1]!, 1).text), 'VOTING_NOT_OPEN') // closing time passed
    await accepted(node, single(official, 'voting.election.close', { election: uuid }))

    const tally = parseEncryptedTally(G, e, running.text)!
    const partial = (agency: string) => single(trustees[agency]!, 'voting.tally.partial', { election: uuid, message: partialDecrypt(G, e.fingerprint, keys[agency]!, tally).text })
    // a partial decryption with another agency's key
    await refused(node, single(trustees['agency-b']!, 'voting.tally.partial', { election: uuid, message: partialDecrypt(G, e.fingerprint, keys['agency-c']!, tally).text }), 'VOTING_BAD_PARTIAL')
    await accepted(node, partial('agency-d'))
    await refused(node, partial('agency-d'), 'VOTING_PARTIAL_TWICE')
    await refused(node, single(official, 'voting.election.result', { election: uuid, result: '{"result":[[1,0,1,1]]}' }), 'VOTING_NOT_ENOUGH_PARTIALS')
    await accepted(node, partial('agency-b'))

    const h = (await readElection(node.store, uuid))!
    const { F } = await combinedFactors(node.store, h)
    const result = computeResult(G, tally, F, 3n)
    expect(result).toEqual([[1n, 0n, 1n, 1n]]) // blank, 김민지, 이서준, 박지호: voter 0's first ballot no longer counts
    await refused(node, single(official, 'voting.election.result', { election: uuid, result: '{"result":[[0,1,1,1]]}' }), 'VOTING_BAD_RESULT')
    await refused(node, single(stranger, 'voting.election.result', { election: uuid, result: resultText(result) }), 'UNAUTHORIZED_ROLE')
    await accepted(node, single(official, 'voting.election.result', { election: uuid, result: resultText(result) }))
    expect(await node.store.get(resultKey(uuid))).toBe('{"result":[[1,0,1,1]]}')
    expect((await readElection(node.store, uuid))!.stage).toBe('result')
    // the board: four ballots in order, the first replaced by voter 0's second; the result by question and answer
    const board = await readBoard(node.store, (await readElection(node.store, uuid))!, 1, 10)
    expect(board.entries.map((b) => [b.seq, b.replaced])).toEqual([[1, true], [2, false], [3, false], [4, false]])
    expect(board.entries[0]!.tracker).toBe(first.tracker)
    expect([board.ballots, board.counted, board.more]).toEqual([4, 3, false])
    const read = await readResult(node.store, (await readElection(node.store, uuid))!)
    // the same through the read routes
    const call = async (path: string, params: Record<string, string>, query: Record<string, unknown> = {}) => {
      const r = VOTING_ROUTES.find((x) => x.path === `/api/v1/voting${path}`)!
      return (await r.handler({ host: { state: node.store, chain: node.chain } as never, params: params as never, query: query as never, body: undefined })).body as Record<string, unknown>
    }
    expect(((await call('/elections', {}, { limit: 10 })).elections as Array<{ uuid: string; phase: string }>).map((x) => [x.uuid, x.phase])).toEqual([[uuid, 'result']])
    expect(((await call('/elections/:uuid', { uuid })).trustees as Array<{ decrypted: boolean }>).map((t) => t.decrypted)).toEqual([true, false, true])
    expect(((await call('/elections/:uuid/board', { uuid }, { from: 2, limit: 2 })).entries as unknown[]).length).toBe(2)
    expect((await call('/elections/:uuid/result', { uuid })).text).toBe('{"result":[[1,0,1,1]]}')
    await expect(call('/elections/:uuid', { uuid: 'Hj4S8bqUWcW3s9n7PZ3N5y' })).rejects.toMatchObject({ code: 'VOTING_UNKNOWN_ELECTION' })
    expect(read?.questions).toEqual([{ question: draft().questions[0]!.question, blank: true, answers: ['김민지', '이서준', '박지호'], counts: [0, 1, 1], blankCount: 1 }])
  })

  it('refuses a ballot off the credential list, of another election, tampered, or malformed — at admission too', async () => {
    const node = await setUp()
    const privates = [generateCredential(), generateCredential(), generateCredential()]
    const { uuid, e } = await openedElection(node, privates)
    expect(await block(node, [], GENESIS_TIME + HOUR)).toEqual([])
    const outsider = vote(e, generateCredential(), 1)
    await refused(node, cast(uuid, outsider.text), 'VOTING_UNKNOWN_CREDENTIAL')
    const good = vote(e, privates[0]!, 1)
    // a proof's challenge changed: the signature no longer holds
    const tampered = good.text.replace(/"challenge":"(\d)/, (_m, d: string) => `"challenge":"${(Number(d) + 1) % 10}`)
    await refused(node, cast(uuid, tampered), 'VOTING_BAD_BALLOT')
    await refused(node, cast(uuid, 'not json'), 'VOTING_BAD_BALLOT')
    await refused(node, cast(uuid, good.text.replace(uuid, 'Hj4S8bqUWcW3s9n7PZ3N5y')), 'VOTING_BAD_BALLOT')
    // admission runs the same checks against committed state
    const before = root(node)
    await expect(node.submitBytes(cast(uuid, tampered).bytes)).rejects.toMatchObject({ code: 'VOTING_BAD_BALLOT' })
    await expect(node.submitBytes(cast(uuid, outsider.text).bytes)).rejects.toMatchObject({ code: 'VOTING_UNKNOWN_CREDENTIAL' })
    expect(root(node)).toBe(before)
    expect((await openElection(node.store, (await readElection(node.store, uuid))!)).uuid).toBe(uuid)
    await accepted(node, cast(uuid, good.text))
  })
})
