/**
 * The voting registry's test harness: a consortium of five agencies (A runs elections, B, C and D are trustees, E is
 * the credential authority), their staff keys with roles, and blocks made at a chosen time so that an election's
 * opening and closing times can be reached without waiting.
 */
import { expect } from 'vitest'
import { ed25519 } from '@noble/curves/ed25519.js'
import { toHex } from '../../../src/ledger/codec/bytes'
import type { Signer } from '../../../src/ledger/crypto/ed25519'
import type { CheckedTx } from '../../../src/ledger/mempool/checker'
import type { LedgerNode } from '../../../src/ledger/node/node'
import { REGISTRIES } from '../../../src/ledger/registries'
import { sha256 } from '../../../src/ledger/crypto/sha256'
import { utf8 } from '../../../src/ledger/codec/bytes'
import { parseGenesis } from '../../../src/ledger/types/genesis'
import { type JsonValue, encodeTx, makeTx } from '../../../src/ledger/types/tx'
import { nodeGroup } from '../../../src/ledger/registries/voting/node-group'
import { generateTrustee, makePolynomial, makeVoutput } from '../../../src/ledger/registries/voting/portable/belenios/pedersen'
import { type Election, createBallot, parseElection, publicCredential } from '../../../src/ledger/registries/voting/portable/belenios'
import { setupKey } from '../../../src/ledger/registries/voting/portable/keys'
import { electionUuidOf } from '../../../src/ledger/registries/voting/rules-setup'
import { publicCredentialsText } from '../../../src/ledger/registries/voting/portable/setup-texts'
import { stepTexts, vinputs } from '../../../src/ledger/registries/voting/rules-ceremony'
import { readElection } from '../../../src/ledger/registries/voting/rules-common'
import { Cleanup, GENESIS_TIME, type Fixture, grantTx, makeChecker, openNode, signCommit, signerFor } from '../helpers'

const validator = signerFor('vt/validator')
export const admins = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((x) => [`agency-${x}`, signerFor(`vt/admin-${x}`)])) as Record<string, Signer>
export const pk = (s: Signer): string => toHex(s.publicKey)

export const fx: Fixture = {
  genesis: parseGenesis({
    format: 'daejang-genesis/1',
    chainId: 'daejang-voting-test',
    genesisTime: GENESIS_TIME,
    agencies: Object.entries(admins).map(([id, admin], i) => ({
      id,
      name: `Agency ${id.slice(-1).toUpperCase()}`,
      validator: i === 0 ? { publicKey: pk(validator), power: 10 } : null,
      admins: [pk(admin)],
    })),
  }),
  chainId: 'daejang-voting-test',
  validator,
  admin: admins['agency-a']!,
  agencyA: 'agency-a',
  adminB: admins['agency-b']!,
  agencyB: 'agency-b',
}
const checker = makeChecker(fx.genesis, REGISTRIES)

export const official = signerFor('vt/official-a')
export const officialB = signerFor('vt/official-b')
export const trustees = { 'agency-b': signerFor('vt/trustee-b'), 'agency-c': signerFor('vt/trustee-c'), 'agency-d': signerFor('vt/trustee-d') } as Record<string, Signer>
export const authority = signerFor('vt/authority-e')
/** an authority key of agency A, the officials' own agency */
export const authorityA = signerFor('vt/authority-a')
export const stranger = signerFor('vt/stranger')

export const HOUR = 3_600_000
/** the time of the next block (the harness moves it forward) */
let clock = GENESIS_TIME + 60_000
export const now = (): number => clock
let nonce = 0
export const cleanup = new Cleanup()

export const single = (signer: Signer, type: string, payload: unknown): CheckedTx =>
  checker.fromBytes(encodeTx(makeTx(signer, { chainId: fx.chainId, type, payload: payload as JsonValue, nonce: ++nonce, time: clock })))
const grant = (subject: Signer, role: string, agency: string): CheckedTx =>
  checker.fromBytes(encodeTx(grantTx(admins[agency]!, fx, { nonce: ++nonce, subject, role: role as never, agency, time: clock })))

/** One block of `txs` at `time` (default: a second after the last): the codes of those refused, in order. */
export async function block(node: LedgerNode, txs: CheckedTx[], time = clock + 1000): Promise<string[]> {
  return (await blockRefusals(node, txs, time)).map((r) => r.code)
}

/** One block of `txs`: the refusals, with their details. */
export async function blockRefusals(node: LedgerNode, txs: CheckedTx[], time = clock + 1000): Promise<Array<{ code: string; details?: Record<string, unknown> }>> {
  clock = time
  const head = node.chain.head()
  const h = head.height + 1
  const lastCommit = head.height === 0 ? null : await node.getCommit(head.height)
  const { prepared, rejected } = await node.chain.buildBlock(txs, fx.validator.publicKey, time, lastCommit)
  await node.chain.commit(prepared, signCommit(fx.chainId, [fx.validator], h, prepared.hash))
  return rejected.map((r) => ({ code: r.error.code, details: r.error.details as Record<string, unknown> | undefined }))
}

export const root = (node: LedgerNode): string => toHex(node.chain.head().appHash)

/** A transaction refused with `code` in a block of its own, and the state root the same after it as before. */
export async function refused(node: LedgerNode, tx: CheckedTx, code: string): Promise<void> {
  const before = root(node)
  expect(await block(node, [tx])).toEqual([code])
  expect(root(node)).toBe(before)
}

export async function accepted(node: LedgerNode, ...txs: CheckedTx[]): Promise<void> {
  const before = root(node)
  expect(await block(node, txs)).toEqual([])
  expect(root(node)).not.toBe(before)
}

/** Public credentials: points g^k written as Belenios does (the compressed number, big-endian hex), sorted. */
export function credentials(n: number, tag = 'c'): string[] {
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const k = BigInt('0x' + toHex(sha256(utf8(`${tag}/${i}`)))) % ed25519.Point.CURVE().n
    out.push(toHex(ed25519.Point.BASE.multiply(k === 0n ? 1n : k).toBytes().reverse()))
  }
  return out.sort()
}

export const draft = (o: Record<string, unknown> = {}) => ({
  name: '2027년 조합장 선거',
  description: '조합원 투표',
  questions: [{ question: '조합장으로 누구를 뽑으시겠습니까?', answers: ['김민지', '이서준', '박지호'], min: 1, max: 1, blank: true }],
  voters: 3,
  votersHash: 'ab'.repeat(32),
  opens: GENESIS_TIME + HOUR,
  closes: GENESIS_TIME + 2 * HOUR,
  trustees: ['agency-b', 'agency-c', 'agency-d'],
  threshold: 2,
  credentialAuthority: 'agency-e',
  ...o,
})

/** The roles: an official of A and of B, a trustee of B, C and D, the authority of E (and one of A). */
export async function setUp(): Promise<LedgerNode> {
  clock = GENESIS_TIME + 60_000
  const node = await openNode(cleanup, fx, { registries: REGISTRIES, now: () => clock })
  await accepted(
    node,
    grant(official, 'election-official', 'agency-a'),
    grant(officialB, 'election-official', 'agency-b'),
    ...Object.entries(trustees).map(([a, s]) => grant(s, 'trustee', a)),
    grant(authority, 'credential-authority', 'agency-e'),
    grant(authorityA, 'credential-authority', 'agency-a'),
  )
  return node
}

/** A trustee of agency E, which no election of the tests names. */
export const trusteeE = signerFor('vt/trustee-e')
export const grantTrusteeE = (): CheckedTx => grant(trusteeE, 'trustee', 'agency-e')

// ---------------------------------------------------------------------------------------------- a whole setup

const G = nodeGroup()
export const TRUSTEE_AGENCIES = ['agency-b', 'agency-c', 'agency-d'] as const
export const trusteeStep = (agency: string, type: string, election: string, message: string): CheckedTx =>
  single(trustees[agency]!, `voting.trustee.${type}`, { election, message })

export const value = <T>(r: { ok: true; value: T } | { ok: false; detail: string }): T => {
  if (!r.ok) throw new Error(r.detail)
  return r.value
}

/** Every trustee agency takes every step (in one block a step): their decryption keys, by agency. */
export async function ceremony(node: LedgerNode, uuid: string): Promise<Record<string, bigint>> {
  const made = TRUSTEE_AGENCIES.map((a) => ({ a, ...generateTrustee(G) }))
  await accepted(node, ...made.map((m) => trusteeStep(m.a, 'cert', uuid, m.cert)))
  const h = (await readElection(node.store, uuid))!
  const texts = (await stepTexts(node.store, h, 'cert')) as string[]
  await accepted(node, ...made.map((m) => trusteeStep(m.a, 'polynomial', uuid, value(makePolynomial(G, m.seed, texts, 2)))))
  const vi = (await vinputs(node.store, (await readElection(node.store, uuid))!))!
  const keys: Record<string, bigint> = {}
  const outs = made.map((m, i) => {
    const r = makeVoutput(G, m.seed, texts, vi[i]!)
    if (!r.ok) throw new Error(r.detail)
    keys[m.a] = r.decryptionKey
    return trusteeStep(m.a, 'voutput', uuid, r.voutput)
  })
  await accepted(node, ...outs)
  return keys
}

/** The credential list of private credentials published and sealed by the authority. */
export async function sealCredentials(node: LedgerNode, uuid: string, privates: readonly string[]): Promise<void> {
  const creds = privates.map((c) => publicCredential(G, uuid, c)).sort()
  await accepted(node, single(authority, 'voting.credentials.publish', { election: uuid, part: 1, credentials: creds }))
  await accepted(node, single(authority, 'voting.credentials.seal', { election: uuid, count: creds.length, hash: toHex(sha256(utf8(publicCredentialsText(creds)))) }))
}

/** An election drafted (draft()), its ceremony done, `privates`' credentials sealed and opened; its parsed election text. */
export async function openedElection(node: LedgerNode, privates: string[]): Promise<{ uuid: string; e: Election<unknown> }> {
  const tx = single(official, 'voting.election.draft', draft())
  await accepted(node, tx)
  const uuid = electionUuidOf(toHex(tx.hash))
  await ceremony(node, uuid)
  await sealCredentials(node, uuid, privates)
  await accepted(node, single(official, 'voting.election.open', { election: uuid }))
  const r = parseElection(G, (await node.store.get(setupKey(uuid, 'election'))) as string)
  if (!r.ok) throw new Error(r.reason)
  return { uuid, e: r.election }
}

/** a ballot for answer `k` of draft()'s one question (0: blank, 1…3 the candidates) */
export const voteFor = (e: Election<unknown>, credential: string, k: number) => createBallot(G, e, credential, [[0, 1, 2, 3].map((i) => (i === k ? 1 : 0))])
