/**
 * The trustees' key ceremony and the opening on the ledger (docs/adr/0048): three trustee agencies, threshold 2,
 * each step checked as Belenios's server checks it (v-pedersen), a cheating or early trustee refused with the agency
 * named and the state root unchanged; the opening builds the setup texts and their hashes.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { toHex, utf8 } from '../../../src/ledger/codec/bytes'
import { sha256 } from '../../../src/ledger/crypto/sha256'
import type { LedgerNode } from '../../../src/ledger/node/node'
import { nodeGroup } from '../../../src/ledger/registries/voting/node-group'
import { generateTrustee, makePolynomial, makeVoutput } from '../../../src/ledger/registries/voting/portable/belenios/pedersen'
import { parseTrustees } from '../../../src/ledger/registries/voting/portable/belenios/trustees'
import { setupKey } from '../../../src/ledger/registries/voting/portable/keys'
import { phaseOf } from '../../../src/ledger/registries/voting/portable/schema'
import { readElectionDto } from '../../../src/ledger/registries/voting/queries'
import { stepTexts, vinputs } from '../../../src/ledger/registries/voting/rules-ceremony'
import { readElection } from '../../../src/ledger/registries/voting/rules-common'
import { electionUuidOf } from '../../../src/ledger/registries/voting/rules-setup'
import { GENESIS_TIME } from '../helpers'
import {
  HOUR,
  accepted,
  authority,
  block,
  blockRefusals,
  cleanup,
  credentials,
  draft,
  grantTrusteeE,
  official,
  officialB,
  refused,
  setUp,
  single,
  TRUSTEE_AGENCIES,
  trusteeE,
  trusteeStep,
  value,
} from './rules-harness'

afterEach(() => cleanup.run())

const G = nodeGroup()
const AGENCIES = TRUSTEE_AGENCIES
const step = trusteeStep

async function drafted(node: LedgerNode): Promise<{ uuid: string; seeds: Record<string, string>; certs: Record<string, string> }> {
  const tx = single(official, 'voting.election.draft', draft())
  await accepted(node, tx)
  const seeds: Record<string, string> = {}
  const certs: Record<string, string> = {}
  for (const a of AGENCIES) ({ seed: seeds[a]!, cert: certs[a]! } = generateTrustee(G))
  return { uuid: electionUuidOf(toHex(tx.hash)), seeds, certs }
}

async function certTexts(node: LedgerNode, uuid: string): Promise<string[]> {
  return (await stepTexts(node.store, (await readElection(node.store, uuid))!, 'cert')) as string[]
}

async function sealed(node: LedgerNode, uuid: string): Promise<void> {
  const creds = credentials(3)
  await accepted(node, single(authority, 'voting.credentials.publish', { election: uuid, part: 1, credentials: creds }))
  await accepted(node, single(authority, 'voting.credentials.seal', { election: uuid, count: 3, hash: toHex(sha256(utf8(JSON.stringify(creds)))) }))
}

describe('voting: the key ceremony', () => {
  it('runs certificate, polynomial and voutput across three agencies at different times, then the election opens with its setup texts', async () => {
    const node = await setUp()
    const { uuid, seeds, certs } = await drafted(node)
    // the agencies come at different times; the progress names who is awaited
    await accepted(node, step('agency-c', 'cert', uuid, certs['agency-c']!))
    expect(phaseOf((await readElection(node.store, uuid))!)).toBe('ceremony')
    await accepted(node, step('agency-b', 'cert', uuid, certs['agency-b']!))
    let dto = await readElectionDto(node.store, uuid, 0)
    expect(dto?.trustees.map((t) => [t.agency, t.done, t.next, t.waiting])).toEqual([
      ['agency-b', ['cert'], 'polynomial', true],
      ['agency-c', ['cert'], 'polynomial', true],
      ['agency-d', [], 'cert', false],
    ])
    await refused(node, step('agency-b', 'polynomial', uuid, 'x'.repeat(10)), 'VOTING_CEREMONY_WAIT')
    await accepted(node, step('agency-d', 'cert', uuid, certs['agency-d']!))
    const texts = await certTexts(node, uuid)
    for (const a of AGENCIES) await accepted(node, step(a, 'polynomial', uuid, value(makePolynomial(G, seeds[a]!, texts, 2))))
    const vi = (await vinputs(node.store, (await readElection(node.store, uuid))!))!
    expect(vi).toHaveLength(3)
    for (const [i, a] of AGENCIES.entries()) {
      const r = makeVoutput(G, seeds[a]!, texts, vi[i]!)
      if (!r.ok) throw new Error(r.detail)
      await accepted(node, step(a, 'voutput', uuid, r.voutput))
    }
    dto = await readElectionDto(node.store, uuid, 0)
    expect(dto?.phase).toBe('credentials')
    expect(dto?.trustees.every((t) => t.next === null && t.done.length === 3)).toBe(true)

    await refused(node, single(official, 'voting.election.open', { election: uuid }), 'VOTING_NOT_READY') // credentials not sealed
    await sealed(node, uuid)
    await refused(node, single(officialB, 'voting.election.open', { election: uuid }), 'VOTING_NOT_OFFICIAL')
    await accepted(node, single(official, 'voting.election.open', { election: uuid }))
    expect(phaseOf((await readElection(node.store, uuid))!)).toBe('open')

    const election = (await node.store.get(setupKey(uuid, 'election'))) as string
    const trusteesText = (await node.store.get(setupKey(uuid, 'trustees'))) as string
    const hashes = (await node.store.get(setupKey(uuid, 'hashes'))) as Record<string, string>
    const e = JSON.parse(election) as Record<string, unknown>
    expect(Object.keys(e)).toEqual(['version', 'description', 'name', 'group', 'public_key', 'questions', 'uuid'])
    expect(e).toMatchObject({ version: 1, group: 'Ed25519', uuid, name: draft().name })
    expect(JSON.stringify(e)).toBe(election) // compact, as hashed
    expect(election).toContain('{"answers":["김민지","이서준","박지호"],"blank":true,"min":1,"max":1,"question":')
    expect(parseTrustees(G, trusteesText)).toHaveLength(1)
    expect(hashes.election).toBe(toHex(sha256(utf8(election))))
    expect(hashes.trustees).toBe(toHex(sha256(utf8(trusteesText))))
    expect(await node.store.get(setupKey(uuid, 'setup_data'))).toBe(`{"election":"${hashes.election}","trustees":"${hashes.trustees}","credentials":"${hashes.credentials}"}`)
    // the ceremony is over: no step after the opening
    await refused(node, step('agency-b', 'cert', uuid, certs['agency-b']!), 'VOTING_PHASE')

    // an official closes it at its closing time, not before
    await refused(node, single(official, 'voting.election.close', { election: uuid }), 'VOTING_TIMES')
    expect(await block(node, [], GENESIS_TIME + 2 * HOUR)).toEqual([])
    await accepted(node, single(official, 'voting.election.close', { election: uuid }))
    expect((await readElection(node.store, uuid))?.stage).toBe('closed')
  })

  it('refuses a trustee of another agency, a step twice or out of order, a malformed, replayed or wrong-degree message, naming the agency', async () => {
    const node = await setUp()
    await accepted(node, grantTrusteeE())
    const { uuid, seeds, certs } = await drafted(node)
    await refused(node, single(trusteeE, 'voting.trustee.cert', { election: uuid, message: certs['agency-b']! }), 'VOTING_NOT_TRUSTEE')
    await refused(node, single(official, 'voting.trustee.cert', { election: uuid, message: certs['agency-b']! }), 'UNAUTHORIZED_ROLE')
    await refused(node, step('agency-b', 'cert', uuid, '{"message":"x","signature":{"challenge":"1","response":"1"}}'), 'VOTING_BAD_MESSAGE')
    await refused(node, step('agency-b', 'polynomial', uuid, '{}'), 'VOTING_STEP_ORDER')
    // a certificate signed by another key than the one it holds
    const forged = JSON.parse(certs['agency-b']!) as { message: string; signature: unknown }
    const other = JSON.parse(certs['agency-c']!) as { signature: unknown }
    await refused(node, step('agency-b', 'cert', uuid, JSON.stringify({ message: forged.message, signature: other.signature })), 'VOTING_CEREMONY_CHECK')
    await accepted(node, step('agency-b', 'cert', uuid, certs['agency-b']!))
    await refused(node, step('agency-b', 'cert', uuid, certs['agency-b']!), 'VOTING_STEP_ORDER')
    // agency C replays B's certificate: caught, C named
    const before = toHex(node.chain.head().appHash)
    const r = await blockRefusals(node, [step('agency-c', 'cert', uuid, certs['agency-b']!)])
    expect(r.map((x) => [x.code, x.details?.trustee, x.details?.reason])).toEqual([['VOTING_CEREMONY_CHECK', 'agency-c', 'cert-duplicate']])
    expect(toHex(node.chain.head().appHash)).toBe(before)
    await accepted(node, step('agency-c', 'cert', uuid, certs['agency-c']!), step('agency-d', 'cert', uuid, certs['agency-d']!))
    const texts = await certTexts(node, uuid)
    // a polynomial of 3 coefficients where the threshold is 2
    await refused(node, step('agency-b', 'polynomial', uuid, value(makePolynomial(G, seeds['agency-b']!, texts, 3))), 'VOTING_CEREMONY_CHECK')
    // D sends C's polynomial as its own: not signed by D's key
    const ofC = value(makePolynomial(G, seeds['agency-c']!, texts, 2))
    await refused(node, step('agency-d', 'polynomial', uuid, ofC), 'VOTING_CEREMONY_CHECK')
    await accepted(node, step('agency-c', 'polynomial', uuid, ofC))
    await refused(node, step('agency-c', 'voutput', uuid, '{}'), 'VOTING_CEREMONY_WAIT')
    await refused(node, single(official, 'voting.election.open', { election: uuid }), 'VOTING_NOT_READY')
  })
})
