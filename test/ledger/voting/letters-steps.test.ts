/**
 * The portable steps behind `daejang election trustee … partial` and `election result` and the trustee's secret file
 * (portable/trustee-file.ts, docs/adr/0058), on a generated election (3 trustees, threshold 2): the partial decryption
 * made from a seed and the ledger's texts is the one the verifier accepts, and the result is the expected one; a seed
 * of another trustee, too few partials, a forged partial and wrong files are refused by name.
 */
import { describe, expect, it } from 'vitest'
import { verifyPartialDecryption } from '../../../src/ledger/registries/voting/portable/belenios/tally'
import { ownerKey } from '../../../src/ledger/registries/voting/portable/belenios/trustees'
import { partialDecryptionStep, readTrusteeFile, resultStep, seedMatchesCert, trusteeFileText } from '../../../src/ledger/registries/voting/portable/trustee-file'
import { G, generateElection } from './archive-fixture'

const gen = generateElection({ voters: 8, deciders: [1, 3] })
const { record, ceremony } = gen
const tally = record.tally!

describe('the trustee secret file and the count, portable', () => {
  it('reads a secret file for its election and agency only, and matches it to the published certificate', () => {
    const file = trusteeFileText({ format: 'daejang-trustee-secret/1', election: gen.uuid, agency: 'trustee-a', seed: ceremony.seeds[0]! })
    expect(readTrusteeFile(file, gen.uuid, 'trustee-a')).toMatchObject({ seed: ceremony.seeds[0] })
    expect(readTrusteeFile(file, gen.uuid, 'trustee-b')).toEqual({ problem: 'otherAgency' })
    expect(readTrusteeFile(file, 'AnotherElection1234', 'trustee-a')).toEqual({ problem: 'otherElection' })
    expect(readTrusteeFile('{"format":"daejang-trustee-secret/1"}', gen.uuid, 'trustee-a')).toEqual({ problem: 'unreadable' })
    expect(readTrusteeFile('not json', gen.uuid, 'trustee-a')).toEqual({ problem: 'unreadable' })
    expect(seedMatchesCert(G, ceremony.seeds[0]!, ceremony.certTexts[0]!)).toBe(true)
    expect(seedMatchesCert(G, ceremony.seeds[1]!, ceremony.certTexts[0]!)).toBe(false)
    expect(seedMatchesCert(G, ceremony.seeds[0]!, null)).toBe(false)
  })

  it("makes a trustee's partial decryption from its seed and voutput that the verifier accepts; another trustee's seed is refused", () => {
    const input = (j: number, seed: string) => ({ seed, index: j, election: record.election, trustees: record.trustees, encryptedTally: tally.encryptedTally, voutput: ceremony.voutputs[j - 1]!.text })
    const r = partialDecryptionStep(G, input(2, ceremony.seeds[1]!))
    if (!r.ok) throw new Error(r.reason)
    const vk = ownerKey(ceremony.trustees, 2)!
    expect(verifyPartialDecryption(G, gen.election.fingerprint, G.toString(vk.publicKey), gen.tally, r.text).ok).toBe(true)
    expect(partialDecryptionStep(G, input(2, ceremony.seeds[0]!))).toEqual({ ok: false, reason: 'key' })
    // trustee 2's voutput given as trustee 1's: its key is not trustee 1's verification key
    expect(partialDecryptionStep(G, { ...input(2, ceremony.seeds[1]!), index: 1 })).toEqual({ ok: false, reason: 'key' })
    expect(partialDecryptionStep(G, { ...input(2, ceremony.seeds[1]!), encryptedTally: '[]' })).toEqual({ ok: false, reason: 'tally' })
  })

  it('computes the result from threshold partials; too few or a forged one is refused, naming its trustee', () => {
    const base = { election: record.election, trustees: record.trustees, encryptedTally: tally.encryptedTally, totalWeight: BigInt(tally.totalWeight), threshold: 2 }
    const r = resultStep(G, { ...base, partials: record.partialDecryptions })
    if (!r.ok) throw new Error(r.reason)
    expect(r.result.map((row) => row.map(Number))).toEqual(gen.expected)
    expect(r.text).toBe(record.result)
    expect(resultStep(G, { ...base, partials: record.partialDecryptions.slice(0, 1) })).toEqual({ ok: false, reason: 'not-enough', count: 1 })
    // trustee 3's text sent as trustee 2's
    const forged = [record.partialDecryptions[0]!, { owner: 2, text: record.partialDecryptions[1]!.text }]
    expect(resultStep(G, { ...base, partials: forged })).toEqual({ ok: false, reason: 'bad-partial', owner: 2 })
  })
})
