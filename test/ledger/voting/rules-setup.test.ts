/**
 * The voting registry's setup rules (docs/adr/0048) on a real node driven block by block: a draft and its uuid, the
 * credential list in parts and its seal, the close; every refusal with its code and the state root unchanged.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { toHex, utf8 } from '../../../src/ledger/codec/bytes'
import { sha256 } from '../../../src/ledger/crypto/sha256'
import { credentialKey, credentialPartKey, electionIndexKey } from '../../../src/ledger/registries/voting/portable/keys'
import { DraftSchema, phaseOf } from '../../../src/ledger/registries/voting/portable/schema'
import { readElectionDto } from '../../../src/ledger/registries/voting/queries'
import { readElection } from '../../../src/ledger/registries/voting/rules-common'
import { electionUuidOf } from '../../../src/ledger/registries/voting/rules-setup'
import { GENESIS_TIME } from '../helpers'
import { HOUR, accepted, authority, authorityA, block, cleanup, credentials, draft, now, official, officialB, refused, setUp, single, stranger, trustees } from './rules-harness'

afterEach(() => cleanup.run())

const listHash = (creds: string[]): string => toHex(sha256(utf8(JSON.stringify(creds))))

async function drafted(node: Awaited<ReturnType<typeof setUp>>, o: Record<string, unknown> = {}): Promise<string> {
  const tx = single(official, 'voting.election.draft', draft(o))
  await accepted(node, tx)
  return electionUuidOf(toHex(tx.hash))
}

describe('voting: the draft', () => {
  it('is recorded under the uuid taken from its transaction hash, listed, and read with each trustee agency awaited', async () => {
    const node = await setUp()
    const uuid = await drafted(node)
    expect(uuid).toMatch(/^[1-9A-HJ-NP-Za-km-z]{14,}$/)
    const h = await readElection(node.store, uuid)
    expect(h?.agency).toBe('agency-a')
    expect(phaseOf(h!)).toBe('draft')
    expect(await node.store.get(electionIndexKey(uuid))).toBeDefined()
    const dto = await readElectionDto(node.store, uuid, node.chain.head().height)
    expect(dto?.trustees.map((t) => [t.agency, t.next, t.waiting])).toEqual([
      ['agency-b', 'cert', false],
      ['agency-c', 'cert', false],
      ['agency-d', 'cert', false],
    ])
    expect(dto?.credentials).toEqual({ published: 0, parts: 0, expected: 3, sealed: false, hash: null })
  })

  it('is refused unless its agencies are members, its authority is not the officials’ agency and it opens later', async () => {
    const node = await setUp()
    await refused(node, single(official, 'voting.election.draft', draft({ trustees: ['agency-b', 'agency-x'] })), 'VOTING_UNKNOWN_AGENCY')
    await refused(node, single(official, 'voting.election.draft', draft({ credentialAuthority: 'agency-z' })), 'VOTING_UNKNOWN_AGENCY')
    await refused(node, single(official, 'voting.election.draft', draft({ credentialAuthority: 'agency-a' })), 'VOTING_AUTHORITY_IS_OFFICIAL')
    await refused(node, single(official, 'voting.election.draft', draft({ opens: now() - 1000 })), 'VOTING_TIMES')
    await refused(node, single(stranger, 'voting.election.draft', draft()), 'UNAUTHORIZED_ROLE')
    await refused(node, single(trustees['agency-b']!, 'voting.election.draft', draft()), 'UNAUTHORIZED_ROLE')
  })

  it('is bounded and consistent by its schema (questions, answers, min and max, trustees and threshold)', () => {
    const ok = (o: Record<string, unknown>) => DraftSchema.safeParse(draft(o)).success
    expect(ok({})).toBe(true)
    expect(ok({ threshold: 4 })).toBe(false)
    expect(ok({ threshold: 0 })).toBe(false)
    expect(ok({ trustees: ['agency-b', 'agency-b'] })).toBe(false)
    expect(ok({ trustees: ['agency-b', 'agency-e'] })).toBe(false) // the authority is not a trustee
    expect(ok({ trustees: [] })).toBe(false)
    expect(ok({ trustees: Array.from({ length: 11 }, (_, i) => `agency-${i}`) })).toBe(false)
    expect(ok({ closes: GENESIS_TIME + HOUR })).toBe(false)
    expect(ok({ questions: [] })).toBe(false)
    expect(ok({ questions: Array.from({ length: 11 }, () => ({ question: 'q', answers: ['a', 'b'], min: 1, max: 1 })) })).toBe(false)
    expect(ok({ questions: [{ question: 'q', answers: Array.from({ length: 51 }, (_, i) => `a${i}`), min: 1, max: 1 }] })).toBe(false)
    expect(ok({ questions: [{ question: 'q', answers: ['a', 'b'], min: 2, max: 1 }] })).toBe(false)
    expect(ok({ questions: [{ question: 'q', answers: ['a', 'b'], min: 1, max: 3 }] })).toBe(false)
    expect(ok({ questions: [{ question: 'q', answers: ['a', 'a'], min: 1, max: 1 }] })).toBe(false)
    expect(ok({ name: 'x'.repeat(201) })).toBe(false)
    expect(ok({ name: 'a\u202eb' })).toBe(false)
    expect(ok({ voters: 0 })).toBe(false)
    expect(ok({ extra: 1 })).toBe(false)
  })
})

describe('voting: the public credential list', () => {
  it('is published in parts, in order, by the named authority, and sealed with one credential per voter and the hash of the list', async () => {
    const node = await setUp()
    const uuid = await drafted(node)
    const creds = credentials(3)
    await accepted(node, single(authority, 'voting.credentials.publish', { election: uuid, part: 1, credentials: creds.slice(0, 2) }))
    await accepted(node, single(authority, 'voting.credentials.publish', { election: uuid, part: 2, credentials: creds.slice(2) }))
    expect(await node.store.get(credentialPartKey(uuid, 2))).toEqual(creds.slice(2))
    expect(await node.store.get(credentialKey(uuid, creds[1]!))).toBe(true)
    await accepted(node, single(authority, 'voting.credentials.seal', { election: uuid, count: 3, hash: listHash(creds) }))
    const dto = await readElectionDto(node.store, uuid, 0)
    expect(dto?.credentials).toEqual({ published: 3, parts: 2, expected: 3, sealed: true, hash: listHash(creds) })
    // sealed: nothing more
    await refused(node, single(authority, 'voting.credentials.publish', { election: uuid, part: 3, credentials: credentials(1, 'late') }), 'VOTING_CREDENTIAL_PART')
    await refused(node, single(authority, 'voting.credentials.seal', { election: uuid, count: 3, hash: listHash(creds) }), 'VOTING_CREDENTIAL_PART')
  })

  it('refuses another agency’s authority, an official, a part out of order, an unsorted or repeated credential, a point off the group, too many, a wrong count or hash', async () => {
    const node = await setUp()
    const uuid = await drafted(node)
    const creds = credentials(3)
    const publish = (part: number, c: string[], by = authority) => single(by, 'voting.credentials.publish', { election: uuid, part, credentials: c })
    await refused(node, publish(1, creds, authorityA), 'VOTING_NOT_AUTHORITY')
    await refused(node, publish(1, creds, official), 'UNAUTHORIZED_ROLE')
    await refused(node, publish(2, creds), 'VOTING_CREDENTIAL_PART')
    await refused(node, publish(1, [creds[1]!, creds[0]!]), 'VOTING_CREDENTIAL_ORDER')
    await refused(node, publish(1, [creds[0]!, creds[0]!]), 'VOTING_CREDENTIAL_ORDER')
    await refused(node, publish(1, [...creds, ...credentials(1, 'more')].sort()), 'VOTING_CREDENTIAL_COUNT')
    const identity = '01'.padStart(64, '0') // the neutral element: y = 1
    const offCurve = '02'.padStart(64, '0') // y = 2 is on no point of the curve
    const notReduced = 'ff'.repeat(32) // y ≥ p
    for (const bad of [identity, offCurve, notReduced]) await refused(node, publish(1, [bad]), 'VOTING_BAD_CREDENTIAL')
    // a point of small order: (0, -1) compressed is p - 1
    await refused(node, publish(1, ['7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffec']), 'VOTING_BAD_CREDENTIAL')
    await refused(node, single(authority, 'voting.credentials.publish', { election: 'Hj4S8bqUWcW3s9n7PZ3N5y', part: 1, credentials: creds }), 'VOTING_UNKNOWN_ELECTION')
    await accepted(node, publish(1, creds.slice(0, 2)))
    await refused(node, publish(2, [creds[0]!]), 'VOTING_CREDENTIAL_ORDER') // not above the last one published
    await refused(node, single(authority, 'voting.credentials.seal', { election: uuid, count: 2, hash: listHash(creds.slice(0, 2)) }), 'VOTING_CREDENTIAL_COUNT')
    await accepted(node, publish(2, creds.slice(2)))
    await refused(node, single(authority, 'voting.credentials.seal', { election: uuid, count: 3, hash: listHash(creds.slice().reverse()) }), 'VOTING_CREDENTIAL_HASH')
    await refused(node, single(authorityA, 'voting.credentials.seal', { election: uuid, count: 3, hash: listHash(creds) }), 'VOTING_NOT_AUTHORITY')
  })
})

describe('voting: the close', () => {
  it('is refused before the election is open, and by another agency’s official', async () => {
    const node = await setUp()
    const uuid = await drafted(node)
    await refused(node, single(official, 'voting.election.close', { election: uuid }), 'VOTING_PHASE')
    await refused(node, single(officialB, 'voting.election.close', { election: uuid }), 'VOTING_NOT_OFFICIAL')
    expect(await block(node, [], GENESIS_TIME + 3 * HOUR)).toEqual([])
    await refused(node, single(official, 'voting.election.close', { election: uuid }), 'VOTING_PHASE')
  })
})
