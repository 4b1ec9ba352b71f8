import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadNativeGroup } from '../../../src/ledger/registries/voting/belenios-native'
import { buildArchive, readArchive } from '../../../src/ledger/registries/voting/portable/archive/archive'
import { beleniosVerifierCrypto } from '../../../src/ledger/registries/voting/portable/archive/crypto'
import { CHECKS } from '../../../src/ledger/registries/voting/portable/archive/messages'
import { verifyArchive } from '../../../src/ledger/registries/voting/portable/archive/verify'
import { G, generateElection } from './archive-fixture'

describe("Daejang's verifier of a Belenios archive", () => {
  const gen = generateElection({ voters: 12, revoters: [0, 5] })
  const bytes = buildArchive(gen.record)

  it('passes every numbered check of a generated election, with counts, on both group backends', () => {
    const report = verifyArchive(readArchive(bytes), G, beleniosVerifierCrypto(G))
    expect(report.checks.map((c) => [c.n, c.id, c.state])).toEqual(CHECKS.map((c) => [c.n, c.id, 'passed']))
    expect(report.ok).toBe(true)
    const count = Object.fromEntries(report.checks.map((c) => [c.id, c.count]))
    // 11 voters voted (one abstained), two of them twice: 13 ballots, 11 tallied
    expect(count).toMatchObject({ ballots: 13, 'last-ballot': 13, tally: 11, credentials: 12, 'partial-decryptions': 2, result: 1, trustees: 1, parameters: 2 })
    expect(report.summary).toMatchObject({ uuid: gen.uuid, ballots: 13, tallied: 11, result: gen.expected })
    for (const c of report.checks) {
      expect(c.ms).toBeGreaterThanOrEqual(0)
      expect(c.name.ko.length).toBeGreaterThan(0)
      expect(c.name.en.length).toBeGreaterThan(0)
    }
    const native = loadNativeGroup()
    expect(native).not.toBeNull()
    const again = verifyArchive(readArchive(bytes), native!, beleniosVerifierCrypto(native!))
    expect(again.checks.map((c) => c.state)).toEqual(report.checks.map((c) => c.state))
  })

  it('reports an election in progress: the steps not reached are not failures', () => {
    const open = buildArchive({ ...gen.record, closed: false, tally: undefined, partialDecryptions: [], result: undefined })
    const report = verifyArchive(readArchive(open), G, beleniosVerifierCrypto(G))
    expect(report.ok).toBe(true)
    expect(report.checks.filter((c) => c.state === 'not-reached').map((c) => c.n)).toEqual([8, 9, 10])
    const tallied = buildArchive({ ...gen.record, partialDecryptions: gen.record.partialDecryptions.slice(0, 1), result: undefined })
    const r2 = verifyArchive(readArchive(tallied), G, beleniosVerifierCrypto(G))
    expect(r2.checks.map((c) => c.state)).toEqual(['passed', 'passed', 'passed', 'passed', 'passed', 'passed', 'passed', 'passed', 'passed', 'not-reached'])
  })

  it('without the cryptography, the proofs are "not run", never passed', () => {
    const report = verifyArchive(readArchive(bytes), G)
    expect(report.ok).toBe(false)
    const state = Object.fromEntries(report.checks.map((c) => [c.n, c.state]))
    expect(state).toMatchObject({ 1: 'passed', 2: 'passed', 3: 'passed', 4: 'not-run', 5: 'passed', 6: 'not-run' })
  })

  it('a random change anywhere in the record (hashes and chain made consistent) is a failed check, never a crash (property)', () => {
    const native = loadNativeGroup()!
    const small = generateElection({ voters: 4, revoters: [2], abstainers: [] }).record
    const texts = (r: typeof small): Array<[string, string]> => [
      ['election', r.election],
      ['trustees', r.trustees],
      ['publicCredentials', r.publicCredentials],
      ...r.ballots.map((b, i): [string, string] => [`ballot${i}`, b]),
      ['tally', r.tally!.encryptedTally],
      ...r.partialDecryptions.map((p, i): [string, string] => [`pd${i}`, p.text]),
      ['result', r.result!],
    ]
    const which = texts(small)
    fc.assert(
      fc.property(fc.nat(which.length - 1), fc.nat(1_000_000), fc.constantFrom(...'0123456789abcdef"{}[],:x '), (k, at, ch) => {
        const [name, text] = which[k]!
        const i = at % text.length
        fc.pre(text[i] !== ch)
        const changed = text.slice(0, i) + ch + text.slice(i + 1)
        const r = structuredClone(small)
        const ballots = [...r.ballots]
        const pds = r.partialDecryptions.map((p) => ({ ...p }))
        if (name === 'election' || name === 'trustees' || name === 'publicCredentials') r[name] = changed
        else if (name.startsWith('ballot')) ballots[Number(name.slice(6))] = changed
        else if (name === 'tally') r.tally!.encryptedTally = changed
        else if (name.startsWith('pd')) pds[Number(name.slice(2))]!.text = changed
        else r.result = changed
        r.ballots = ballots
        r.partialDecryptions = pds
        const report = verifyArchive(readArchive(buildArchive(r)), native, beleniosVerifierCrypto(native))
        expect(report.checks.length).toBe(10)
        expect(report.ok).toBe(false)
        expect(report.checks.find((c) => !c.ok)!.state).toBe('failed')
      }),
      { numRuns: 25 },
    )
  })
})
