/**
 * The tamper corpus (issue 14, Tests): each mutation of a generated election's archive is caught by the RIGHT numbered
 * check — the first check that fails is the one named, for the reason named; every check before it passes.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { archiveFiles, buildArchive, readArchive, sha256Hex, type ElectionRecord } from '../../../src/ledger/registries/voting/portable/archive/archive'
import { beleniosVerifierCrypto } from '../../../src/ledger/registries/voting/portable/archive/crypto'
import { verifyArchive } from '../../../src/ledger/registries/voting/portable/archive/verify'
import { writeTar, type TarFile } from '../../../src/ledger/registries/voting/portable/archive/tar'
import { createBallot } from '../../../src/ledger/registries/voting/portable/belenios/ballot'
import { credentialSecret } from '../../../src/ledger/registries/voting/portable/belenios/credential'
import { Q, randomScalar, scalarToString } from '../../../src/ledger/registries/voting/portable/belenios/group'
import { sha256B64 } from '../../../src/ledger/registries/voting/portable/belenios/hash'
import { schnorrProve, signaturePrefix } from '../../../src/ledger/registries/voting/portable/belenios/proofs'
import { G, generateElection, type GeneratedElection } from './archive-fixture'
import { loadVerifyGroup } from '../../../src/ledger/registries/voting/wasm/load'

/** the identity (0, 1) and a point of order 2 (0, −1), written as the specification writes points */
const IDENTITY = '0'.repeat(63) + '1'
const SMALL_ORDER = (2n ** 255n - 19n - 1n).toString(16).padStart(64, '0')

let gen: GeneratedElection
let rec: ElectionRecord

beforeAll(() => {
  // voters 0…5; voter 5 abstains, voter 0 votes twice
  gen = generateElection({ voters: 6, revoters: [0], abstainers: [5] })
  rec = gen.record
})

function verdict(bytes: Uint8Array): { n: number; reason: string; passedBefore: boolean } {
  const report = verifyArchive(readArchive(bytes), G, beleniosVerifierCrypto(G))
  // the verification group of the node and the CLI (docs/adr/0069) gives the very same report
  const W = loadVerifyGroup()!
  const same = (r: typeof report) => r.checks.map((c) => [c.n, c.state, c.ok, c.detail?.reason])
  expect(same(verifyArchive(readArchive(bytes), W, beleniosVerifierCrypto(W)))).toEqual(same(report))
  const i = report.checks.findIndex((c) => !c.ok)
  if (i < 0) return { n: 0, reason: 'none', passedBefore: true }
  const c = report.checks[i]!
  return { n: c.n, reason: `${c.state}:${c.detail?.reason}`, passedBefore: report.checks.slice(0, i).every((x) => x.state === 'passed') }
}

function caught(bytes: Uint8Array, n: number, reason: string): void {
  const v = verdict(bytes)
  expect({ n: v.n, reason: v.reason }).toEqual({ n, reason: `failed:${reason}` })
  expect(v.passedBefore).toBe(true)
}

const json = <T>(s: string): T => JSON.parse(s) as T
type BallotJson = { election_uuid: string; election_hash: string; credential: string; answers: Array<Record<string, unknown>>; signature: { hash: string; proof: { challenge: string; response: string } } }

/** a ballot re-signed with a voter's credential after a change (the signature valid, whatever else is not) */
function resign(b: BallotJson, voter: number): string {
  const unsigned = JSON.stringify({ election_uuid: b.election_uuid, election_hash: b.election_hash, credential: b.credential, answers: b.answers })
  const hash = sha256B64(unsigned)
  const p = schnorrProve(G, credentialSecret(gen.uuid, gen.credentials[voter]!), signaturePrefix(hash), randomScalar)
  return `${unsigned.slice(0, -1)},"signature":{"hash":"${hash}","proof":{"challenge":"${scalarToString(p.challenge)}","response":"${scalarToString(p.response)}"}}}`
}

function withBallot(i: number, text: string): ElectionRecord {
  return { ...rec, ballots: rec.ballots.map((b, k) => (k === i ? text : b)) }
}

function tar(files: TarFile[]): Uint8Array {
  return writeTar(files, rec.timestamp)
}

describe('the tamper corpus: each mutation caught by the right numbered check', () => {
  it('the untouched archive passes every check', () => {
    expect(verdict(buildArchive(rec))).toEqual({ n: 0, reason: 'none', passedBefore: true })
  })

  it('1 — a file whose content no longer has its name’s hash', () => {
    const files = archiveFiles(rec)
    const i = files.findIndex((f) => new TextDecoder().decode(f.body) === rec.ballots[1])
    const body = new TextEncoder().encode(rec.ballots[1]!.replace('"election_uuid"', '"election_uuid" '))
    files[i] = { name: files[i]!.name, body }
    caught(tar(files), 1, 'hash-mismatch')
  })

  it('2 — a reordered archive (two ballots swapped)', () => {
    const files = archiveFiles(rec)
    // header, 4 setup data, Setup; then each ballot is [data, event]
    const a = 6
    const b = 8
    const swapped = [...files.slice(0, a), files[b]!, files[b + 1]!, files[a]!, files[a + 1]!, ...files.slice(b + 2)]
    caught(tar(swapped), 2, 'bad-height')
  })

  it('2 — a broken parent hash (the event renamed to its new hash)', () => {
    const files = archiveFiles(rec)
    const i = files.findIndex((f) => f.name.endsWith('.event.json') && new TextDecoder().decode(f.body).includes('"height":3'))
    const ev = json<Record<string, unknown>>(new TextDecoder().decode(files[i]!.body))
    ev.parent = 'ab'.repeat(32)
    const body = new TextEncoder().encode(JSON.stringify(ev))
    files[i] = { name: `${sha256Hex(body)}.event.json`, body }
    caught(tar(files), 2, 'bad-parent')
  })

  it('2 — an event before the data it names', () => {
    const files = archiveFiles(rec)
    const moved = [...files.slice(0, 6), files[7]!, files[6]!, ...files.slice(8)]
    caught(tar(moved), 2, 'missing-payload')
  })

  it('3 — a re-serialised setup: the same election JSON with other spacing, or another field order', () => {
    const e = json<Record<string, unknown>>(rec.election)
    caught(buildArchive({ ...rec, election: JSON.stringify(e, null, 1) }), 3, 'not-canonical')
    const { name, description, ...rest } = e
    caught(buildArchive({ ...rec, election: JSON.stringify({ ...rest, description, name }) }), 3, 'not-canonical')
    const t = json<unknown>(rec.trustees)
    caught(buildArchive({ ...rec, trustees: JSON.stringify(t, null, 2) }), 3, 'not-canonical')
  })

  it('3 — another group (and so another generator)', () => {
    caught(buildArchive({ ...rec, election: rec.election.replace('"group":"Ed25519"', '"group":"Ed25519-h"') }), 3, 'bad-group')
  })

  it('3 — the identity or a small-order point as the election key', () => {
    const y = json<{ public_key: string }>(rec.election).public_key
    caught(buildArchive({ ...rec, election: rec.election.replace(y, IDENTITY) }), 3, 'bad-point')
    caught(buildArchive({ ...rec, election: rec.election.replace(y, SMALL_ORDER) }), 3, 'bad-point')
  })

  it('4 — the identity or a small-order point as a trustee key', () => {
    const t = json<Array<[string, { verification_keys: Array<{ public_key: string }> }]>>(rec.trustees)
    const vk = t[0]![1].verification_keys[1]!.public_key
    caught(buildArchive({ ...rec, trustees: rec.trustees.replace(vk, IDENTITY) }), 4, 'bad-point')
    caught(buildArchive({ ...rec, trustees: rec.trustees.replace(vk, SMALL_ORDER) }), 4, 'bad-point')
  })

  it("4 — a trustee's proof of knowledge made with another generator", () => {
    const t = json<Array<[string, { verification_keys: Array<{ pok: { challenge: string; response: string }; public_key: string }> }]>>(rec.trustees)
    const k = t[0]![1].verification_keys[0]!
    const x = gen.ceremony.keys[0]!
    const h = G.baseMul(7n) // another generator
    const w = randomScalar()
    const A = G.mul(h, w)
    const challenge = BigInt('0x' + sha256Hex(`pok|Ed25519|${k.public_key}|${G.toString(A)}`)) % Q
    const response = (((w - x * challenge) % Q) + Q) % Q
    const forged = rec.trustees.replace(JSON.stringify(k.pok), JSON.stringify({ challenge: scalarToString(challenge), response: scalarToString(response) }))
    expect(forged).not.toBe(rec.trustees)
    caught(buildArchive({ ...rec, trustees: forged }), 4, 'bad-proof')
  })

  it('5 — a credential listed twice, or not a valid point', () => {
    const creds = json<string[]>(rec.publicCredentials)
    caught(buildArchive({ ...rec, publicCredentials: JSON.stringify([...creds, creds[2]!]) }), 5, 'duplicate-credential')
    caught(buildArchive({ ...rec, publicCredentials: JSON.stringify([...creds, SMALL_ORDER]) }), 5, 'bad-point')
  })

  it('6 — weak Fiat–Shamir: proofs whose challenges leave out the election hash', () => {
    // the proofs made as if φ were empty, the ballot then re-labelled with φ and re-signed: its signature holds
    const weak = createBallot(G, { ...gen.election, fingerprint: '' }, gen.credentials[2]!, gen.cast.find((c) => c.voter === 2)!.plaintext)
    const b = json<BallotJson>(weak.text)
    b.election_hash = gen.election.fingerprint
    caught(buildArchive(withBallot(2, resign(b, 2))), 6, 'bad-ballot-proof')
  })

  it("6 — weak Fiat–Shamir: proofs made for another voter's statement (credential), re-signed by this voter", () => {
    const other = createBallot(G, gen.election, gen.credentials[5]!, gen.cast.find((c) => c.voter === 2)!.plaintext)
    const b = json<BallotJson>(other.text)
    b.credential = gen.publicCredentials[2]!
    caught(buildArchive(withBallot(2, resign(b, 2))), 6, 'bad-ballot-proof')
  })

  it('6 — a ballot copied under another credential', () => {
    const copied = rec.ballots[1]!.replace(json<BallotJson>(rec.ballots[1]!).credential, gen.publicCredentials[5]!)
    caught(buildArchive({ ...rec, ballots: [...rec.ballots.slice(0, 3), copied, ...rec.ballots.slice(3)] }), 6, 'bad-signature')
  })

  it('6 — the identity or a small-order point as a ciphertext part', () => {
    for (const bad of [IDENTITY, SMALL_ORDER]) {
      const b = json<BallotJson>(rec.ballots[1]!)
      const choices = b.answers[0]!.choices as Array<{ alpha: string; beta: string }>
      choices[1]!.alpha = bad
      caught(buildArchive(withBallot(1, resign(b, gen.cast[1]!.voter))), 6, 'bad-point')
    }
  })

  it('6 — a scalar not reduced (v + q) in a ballot’s signature', () => {
    const b = json<BallotJson>(rec.ballots[1]!)
    const v = BigInt(b.signature.proof.response)
    const text = rec.ballots[1]!.replace(`"response":"${b.signature.proof.response}"}}}`, `"response":"${(v + Q).toString()}"}}}`)
    expect(text).not.toBe(rec.ballots[1])
    caught(buildArchive(withBallot(1, text)), 6, 'malformed')
  })

  it('6 — a ballot for another election (its uuid)', () => {
    const b = json<BallotJson>(rec.ballots[1]!)
    b.election_uuid = 'x' + b.election_uuid.slice(1)
    caught(buildArchive(withBallot(1, resign(b, gen.cast[1]!.voter))), 6, 'wrong-election')
  })

  it('7 — a ballot re-sent (the same ballot recorded again)', () => {
    caught(buildArchive({ ...rec, ballots: [...rec.ballots, rec.ballots[2]!] }), 7, 'ballot-replayed')
  })

  it('7 — two voters given one tracker (a clash: one ballot stands for two)', () => {
    caught(buildArchive(withBallot(3, rec.ballots[4]!)), 7, 'ballot-replayed')
  })

  it('8 — a ballot dropped from the tally, or one added', () => {
    // voter 3's only ballot dropped: 4 tallied, the tally says 5
    const dropped = rec.ballots.filter((_, i) => gen.cast[i]!.voter !== 3)
    caught(buildArchive({ ...rec, ballots: dropped }), 8, 'bad-count')
    // the count fixed to match, the tally still holds the dropped ballot
    caught(buildArchive({ ...rec, ballots: dropped, tally: { ...rec.tally!, numTallied: 4, totalWeight: 4 } }), 8, 'bad-tally')
    // voter 5 (who abstained) votes, the tally left as it was
    const added = createBallot(G, gen.election, gen.credentials[5]!, gen.cast[0]!.plaintext).text
    caught(buildArchive({ ...rec, ballots: [...rec.ballots, added] }), 8, 'bad-count')
  })

  it('8 — the identity or a small-order point as a tally component', () => {
    const t = json<Array<Array<{ alpha: string; beta: string }>>>(rec.tally!.encryptedTally)
    t[1]![0]!.alpha = IDENTITY
    caught(buildArchive({ ...rec, tally: { ...rec.tally!, encryptedTally: JSON.stringify(t) } }), 8, 'bad-tally')
    t[1]![0]!.alpha = SMALL_ORDER
    caught(buildArchive({ ...rec, tally: { ...rec.tally!, encryptedTally: JSON.stringify(t) } }), 8, 'bad-point')
  })

  it('9 — a wrong partial decryption, or one with a scalar not reduced', () => {
    const pd = json<{ decryption_factors: string[][]; decryption_proofs: Array<Array<{ challenge: string; response: string }>> }>(rec.partialDecryptions[0]!.text)
    const wrong = structuredClone(pd)
    wrong.decryption_factors[0]![1] = G.toString(G.add(G.parse(wrong.decryption_factors[0]![1]!)!, G.g))
    const replace = (text: string) => ({ ...rec, partialDecryptions: [{ owner: rec.partialDecryptions[0]!.owner, text }, ...rec.partialDecryptions.slice(1)] })
    caught(buildArchive(replace(JSON.stringify(wrong))), 9, 'bad-decryption')
    const unreduced = structuredClone(pd)
    unreduced.decryption_proofs[0]![0]!.response = (BigInt(pd.decryption_proofs[0]![0]!.response) + Q).toString()
    caught(buildArchive(replace(JSON.stringify(unreduced))), 9, 'malformed')
    // a decryption claimed by another trustee than the one who made it
    caught(buildArchive({ ...rec, partialDecryptions: [{ owner: 2, text: rec.partialDecryptions[0]!.text }, rec.partialDecryptions[1]!] }), 9, 'bad-decryption')
    // a trustee the election does not have, or one trustee twice
    caught(buildArchive({ ...rec, partialDecryptions: [{ owner: 9, text: rec.partialDecryptions[0]!.text }, rec.partialDecryptions[1]!] }), 9, 'bad-owner')
    caught(buildArchive({ ...rec, partialDecryptions: [rec.partialDecryptions[0]!, rec.partialDecryptions[0]!] }), 9, 'bad-owner')
  })

  it('10 — a result that is not the decryption of the tally', () => {
    const r = json<{ result: number[][] }>(rec.result!)
    r.result[1]![1]! += 1
    caught(buildArchive({ ...rec, result: JSON.stringify(r) }), 10, 'bad-result')
  })
})
