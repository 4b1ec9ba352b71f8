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
})
