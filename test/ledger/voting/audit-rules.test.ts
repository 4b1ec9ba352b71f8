/**
 * `voting.ballot.spoil` then `voting.ballot.audit` (ADR 0056): a challenged ballot is first spoiled (its hash, signed
 * by its credential), then published with its randomness, sent by any key. A ballot not spoiled first is never opened
 * (published before, anyone who saw it first could cast it). It opens, it is never counted, the same ballot can never be cast afterwards (nor a cast one audited), its credential still votes;
 * the read route pages the audited ballots. Every refusal — at execution and at admission — with its code and the
 * state root unchanged.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { LedgerNode } from '../../../src/ledger/node/node'
import { generateCredential, randomnessToText } from '../../../src/ledger/registries/voting/portable/belenios'
import { signSpoil } from '../../../src/ledger/registries/voting/portable/belenios/audit'
import { credentialSecret } from '../../../src/ledger/registries/voting/portable/belenios/credential'
import { portableGroup } from '../../../src/ledger/registries/voting/portable/belenios/group'
import { tallyKey } from '../../../src/ledger/registries/voting/portable/keys'
import { BallotAuditSchema } from '../../../src/ledger/registries/voting/rules-audit'
import type { RunningTally } from '../../../src/ledger/registries/voting/rules-ballot'
import { readElection } from '../../../src/ledger/registries/voting/rules-common'
import { readBoard } from '../../../src/ledger/registries/voting/queries'
import { VOTING_AUDIT_ROUTES } from '../../../src/ledger/registries/voting/routes-audit'
import { Q } from '../../../src/ledger/registries/voting/portable/belenios/group'
import { GENESIS_TIME } from '../helpers'
import { HOUR, accepted, block, cleanup, openedElection, refused, root, setUp, single, stranger, voteFor } from './rules-harness'

afterEach(() => cleanup.run())

const vote = voteFor
const cast = (uuid: string, text: string) => single(stranger, 'voting.ballot', { election: uuid, ballot: text })
const audit = (uuid: string, text: string, randomness: unknown) => single(stranger, 'voting.ballot.audit', { election: uuid, ballot: text, randomness })
/** the spoil of the ballot of hash `hashHex`, signed with the private credential `signer` */
const spoil = (uuid: string, hashHex: string, signer: string) =>
  single(stranger, 'voting.ballot.spoil', { election: uuid, ballotHash: hashHex, ...signSpoil(portableGroup, uuid, credentialSecret(uuid, signer), hashHex) })

async function counted(node: LedgerNode, uuid: string): Promise<[number, number]> {
  const running = (await node.store.get(tallyKey(uuid))) as unknown as RunningTally
  return [running.numTallied, (await readElection(node.store, uuid))!.ballots]
}

async function route(node: LedgerNode, uuid: string, query: Record<string, number>): Promise<Record<string, unknown>> {
  const r = VOTING_AUDIT_ROUTES[0]!
  const q = { from: 1, limit: 20, ...query }
  return (await r.handler({ host: { state: node.store, chain: node.chain } as never, params: { uuid } as never, query: q as never, body: undefined })).body as Record<string, unknown>
}

describe('voting.ballot.audit', () => {
  it('a challenged ballot opens, is never counted, can never be cast; its credential still votes; the route pages them', async () => {
    const node = await setUp()
    const privates = [generateCredential(), generateCredential(), generateCredential()]
    const { uuid, e } = await openedElection(node, privates)
    expect(await block(node, [], GENESIS_TIME + HOUR)).toEqual([])
    const challenged = vote(e, privates[0]!, 2)
    // not spoiled first: never opened
    await refused(node, audit(uuid, challenged.text, randomnessToText(challenged.randomness)), 'VOTING_AUDIT_NOT_SPOILED')
    await accepted(node, spoil(uuid, challenged.hashHex, privates[0]!))
    // once spoiled, the ballot can never be cast — before its text and randomness are even published
    await refused(node, cast(uuid, challenged.text), 'VOTING_BALLOT_SEEN')
    await accepted(node, audit(uuid, challenged.text, randomnessToText(challenged.randomness)))
    expect(await counted(node, uuid)).toEqual([0, 0])
    // the same ballot, cast afterwards: refused; audited again: refused
    await refused(node, cast(uuid, challenged.text), 'VOTING_BALLOT_SEEN')
    await refused(node, audit(uuid, challenged.text, randomnessToText(challenged.randomness)), 'VOTING_BALLOT_SEEN')
    // the credential votes (a new encryption), and is counted
    const real = vote(e, privates[0]!, 1)
    await accepted(node, cast(uuid, real.text))
    expect(await counted(node, uuid)).toEqual([1, 1])
    // a cast ballot cannot be audited
    await refused(node, audit(uuid, real.text, randomnessToText(real.randomness)), 'VOTING_BALLOT_SEEN')
    // a second audited ballot (blank) from the other voter; the board shows only the cast one
    await refused(node, spoil(uuid, real.hashHex, privates[0]!), 'VOTING_BALLOT_SEEN')
    const blank = vote(e, privates[1]!, 0)
    await accepted(node, spoil(uuid, blank.hashHex, privates[1]!))
    await accepted(node, audit(uuid, blank.text, randomnessToText(blank.randomness)))
    const board = await readBoard(node.store, (await readElection(node.store, uuid))!, 1, 10)
    expect(board.entries.map((b) => b.tracker)).toEqual([real.tracker])
    const page1 = await route(node, uuid, { limit: 1 })
    expect(page1).toMatchObject({ uuid, total: 2, more: true })
    expect((page1.audits as Array<Record<string, unknown>>).map((a) => [a.seq, a.tracker, a.plaintext])).toEqual([[1, challenged.tracker, [[0, 0, 1, 0]]]])
    expect((page1.audits as Array<Record<string, unknown>>)[0]).toMatchObject({ ballot: challenged.text, randomness: randomnessToText(challenged.randomness), hash: challenged.hashHex })
    const page2 = await route(node, uuid, { from: 2, limit: 5 })
    expect(page2).toMatchObject({ total: 2, more: false })
    expect((page2.audits as Array<Record<string, unknown>>).map((a) => [a.seq, a.plaintext])).toEqual([[2, [[1, 0, 0, 0]]]])
    await expect(route(node, 'Hj4S8bqUWcW3s9n7PZ3N5y', {})).rejects.toMatchObject({ code: 'VOTING_UNKNOWN_ELECTION' })
  })

  it('refuses, changing nothing: not open, a randomness that does not open it, an unlisted credential, a bad ballot — at admission too', async () => {
    const node = await setUp()
    const privates = [generateCredential(), generateCredential(), generateCredential()]
    const { uuid, e } = await openedElection(node, privates)
    const b = vote(e, privates[0]!, 3)
    const r = randomnessToText(b.randomness)
    // before the opening time
    await refused(node, audit(uuid, b.text, r), 'VOTING_NOT_OPEN')
    await refused(node, spoil(uuid, b.hashHex, privates[0]!), 'VOTING_NOT_OPEN')
    expect(await block(node, [], GENESIS_TIME + HOUR)).toEqual([])
    // a spoil signed by another credential (listed or not), or with its signature moved to another ballot: refused
    await refused(node, spoil(uuid, b.hashHex, generateCredential()), 'VOTING_BAD_SPOIL')
    const forged = spoil(uuid, b.hashHex, privates[0]!)
    const moved = { ...(forged.tx.payload as Record<string, unknown>), ballotHash: 'ab'.repeat(32) }
    await refused(node, single(stranger, 'voting.ballot.spoil', moved), 'VOTING_BAD_SPOIL')
    // spoiled by the second voter's credential: the first voter's ballot is still not openable (not hers to spoil)
    await accepted(node, spoil(uuid, b.hashHex, privates[1]!))
    await refused(node, audit(uuid, b.text, r), 'VOTING_AUDIT_NOT_SPOILED')
    await refused(node, spoil(uuid, b.hashHex, privates[0]!), 'VOTING_BALLOT_SEEN')
    // from here on, a ballot of the first voter that she spoiled herself
    const own = vote(e, privates[0]!, 3)
    await accepted(node, spoil(uuid, own.hashHex, privates[0]!))
    return refusals(node, uuid, e, privates, own)
  })

  it("a spoil by another credential does nothing to a ballot: it is still cast and counted; its own credential's spoil blocks it", async () => {
    const node = await setUp()
    const privates = [generateCredential(), generateCredential(), generateCredential()]
    const { uuid, e } = await openedElection(node, privates)
    expect(await block(node, [], GENESIS_TIME + HOUR)).toEqual([])
    // B saw A's ballot pending and spoiled its hash with her own credential: A's ballot is still accepted and counted
    const a = vote(e, privates[0]!, 1)
    await accepted(node, spoil(uuid, a.hashHex, privates[1]!))
    await accepted(node, cast(uuid, a.text))
    expect(await counted(node, uuid)).toEqual([1, 1])
    // A's own spoil of another ballot of hers: that ballot can never be cast
    const own = vote(e, privates[0]!, 2)
    await accepted(node, spoil(uuid, own.hashHex, privates[0]!))
    await refused(node, cast(uuid, own.text), 'VOTING_BALLOT_SEEN')
    expect(await counted(node, uuid)).toEqual([1, 1])
  })
})

/** The audit's own refusals, on a ballot `b` spoiled by its own credential. */
async function refusals(node: LedgerNode, uuid: string, e: Parameters<typeof vote>[0], privates: string[], b: ReturnType<typeof vote>): Promise<void> {
  {
    const r = randomnessToText(b.randomness)
    const wrong = [[r[0]![0]!, r[0]![1]!, r[0]![2]!, ((BigInt(r[0]![3]!) + 1n) % Q).toString()]]
    await refused(node, audit(uuid, b.text, wrong), 'VOTING_AUDIT_NOT_OPENED')
    await refused(node, audit(uuid, b.text, [r[0]!.slice(1)]), 'VOTING_AUDIT_NOT_OPENED')
    await refused(node, audit(uuid, b.text, [[...r[0]!.slice(0, 3), `0${r[0]![3]!}`]]), 'VOTING_AUDIT_NOT_OPENED')
    await refused(node, audit(uuid, b.text, [[...r[0]!.slice(0, 3), (BigInt(r[0]![3]!) + Q).toString()]]), 'VOTING_AUDIT_NOT_OPENED')
    const other = vote(e, privates[0]!, 3)
    await refused(node, audit(uuid, b.text, randomnessToText(other.randomness)), 'VOTING_AUDIT_NOT_OPENED')
    const outsider = vote(e, generateCredential(), 1)
    await refused(node, audit(uuid, outsider.text, randomnessToText(outsider.randomness)), 'VOTING_UNKNOWN_CREDENTIAL')
    const tampered = b.text.replace(/"challenge":"(\d)/, (_m, d: string) => `"challenge":"${(Number(d) + 1) % 10}`)
    // not spoiled: refused as such; spoiled (a hash can be signed), refused as the bad ballot it is
    await refused(node, audit(uuid, tampered, r), 'VOTING_AUDIT_NOT_SPOILED')
    const { toHex, utf8 } = await import('../../../src/ledger/codec/bytes')
    const { sha256 } = await import('../../../src/ledger/crypto/sha256')
    await accepted(node, spoil(uuid, toHex(sha256(utf8(tampered))), privates[0]!))
    await refused(node, audit(uuid, tampered, r), 'VOTING_BAD_BALLOT')
    await refused(node, audit(uuid, 'not json', r), 'VOTING_BAD_BALLOT')
    await refused(node, audit('Hj4S8bqUWcW3s9n7PZ3N5y', b.text, r), 'VOTING_UNKNOWN_ELECTION')
    // admission runs the same checks against committed state
    const before = root(node)
    await expect(node.submitBytes(audit(uuid, b.text, wrong).bytes)).rejects.toMatchObject({ code: 'VOTING_AUDIT_NOT_OPENED' })
    await expect(node.submitBytes(audit(uuid, outsider.text, randomnessToText(outsider.randomness)).bytes)).rejects.toMatchObject({ code: 'VOTING_UNKNOWN_CREDENTIAL' })
    expect(root(node)).toBe(before)
    expect(await counted(node, uuid)).toEqual([0, 0])
    // after the closing time
    expect(await block(node, [], GENESIS_TIME + 2 * HOUR)).toEqual([])
    await refused(node, audit(uuid, b.text, r), 'VOTING_NOT_OPEN')
  }
}

describe('the payloads', () => {
  it('the payload schema refuses numbers, too many lists or scalars, and unknown fields', () => {
    const ok = { election: 'Hj4S8bqUWcW3s9n7PZ3N5y', ballot: '{}', randomness: [['1']] }
    expect(BallotAuditSchema.safeParse(ok).success).toBe(true)
    for (const bad of [
      { ...ok, randomness: [[1]] },
      { ...ok, randomness: [] },
      { ...ok, randomness: [[]] },
      { ...ok, randomness: Array.from({ length: 101 }, () => ['1']) },
      { ...ok, randomness: [Array.from({ length: 202 }, () => '1')] },
      { ...ok, randomness: [['1'.repeat(78)]] },
      { ...ok, extra: 1 },
    ])
      expect(BallotAuditSchema.safeParse(bad).success).toBe(false)
  })
})
