/**
 * One computation of the count for the app and the CLI (portable/trustee-file.ts): the app's partial decryption and
 * result (features/voting/tally/tally.ts, the portable group) and the CLI's steps (`daejang election trustee …
 * partial`, `election result`: partialDecryptionStep and resultStep, with the native group the CLI uses where it loads,
 * and the portable one) give byte-identical texts for the same inputs and the same proof randomness; and they refuse
 * the same inputs for the same reasons.
 */
import { describe, expect, it } from 'vitest'
import { portableGroup, type Group, type ScalarSource } from '../../src/ledger/registries/voting/portable/belenios/group'
import { loadNativeGroup } from '../../src/ledger/registries/voting/belenios-native'
import { partialDecryptionStep, resultStep } from '../../src/ledger/registries/voting/portable/trustee-file'
import { SECRET_FORMAT, type TrusteeSecret } from '../../src/renderer/features/voting/trustee-ceremony'
import { computeResultText, makePartial, tallyRecord, type TallyRecord } from '../../src/renderer/features/voting/tally/tally'
import { generateElection } from '../ledger/voting/archive-fixture'

const gen = generateElection({ voters: 7, revoters: [2], abstainers: [6] })
const { record, ceremony } = gen
const tally = record.tally!
const running = { text: tally.encryptedTally, numTallied: tally.numTallied, totalWeight: tally.totalWeight }
const secret = (i: number): TrusteeSecret => ({ format: SECRET_FORMAT, election: gen.uuid, agency: `agency-${i}`, seed: ceremony.seeds[i - 1]! })
const voutput = (i: number): string => ceremony.voutputs[i - 1]!.text

/** The same proof randomness for every path: a counter, so two runs draw the same scalars in the same order. */
const counter = (): ScalarSource => {
  let n = 1000n
  return () => (n += 7919n)
}

function rec(): TallyRecord {
  const r = tallyRecord(record.election, record.trustees, running)
  if ('problem' in r) throw new Error(r.problem)
  return r
}

// the native group where the machine loads it (the CLI falls back to the portable one where it does not)
const native = loadNativeGroup()
const groups: Array<[string, Group<unknown>]> = [['portable', portableGroup as Group<unknown>], ...(native === null ? [] : [['native', native as Group<unknown>] as [string, Group<unknown>]])]

const cliPartial = (G: Group<unknown>, j: number, seed: string, rnd?: ScalarSource) =>
  partialDecryptionStep(G, { seed, index: j, election: record.election, trustees: record.trustees, encryptedTally: tally.encryptedTally, voutput: voutput(j) }, rnd)

describe('the count: one computation for the app and the CLI', () => {
  for (const [name, G] of groups) {
    it(`gives byte-identical partial decryptions in the app and in the CLI (${name} group)`, () => {
      const r = rec()
      for (const j of [1, 2, 3]) {
        const app = makePartial(r, secret(j), j, voutput(j), counter())
        const cli = cliPartial(G, j, ceremony.seeds[j - 1]!, counter())
        if (!app.ok || !cli.ok) throw new Error(`trustee ${j}: ${JSON.stringify([app, cli])}`)
        expect(cli.text).toBe(app.text)
      }
    })

    it(`gives the byte-identical result in the app and in the CLI, from any two of three (${name} group)`, () => {
      const r = rec()
      const made = [1, 2, 3].map((j) => {
        const m = makePartial(r, secret(j), j, voutput(j))
        if (!m.ok) throw new Error(m.problem)
        return m.text
      })
      for (const pick of [[1, 2], [1, 3], [2, 3], [1, 2, 3]]) {
        const app = computeResultText(r, 2, made.map((t, i) => (pick.includes(i + 1) ? t : null)))
        const cli = resultStep(G, {
          election: record.election,
          trustees: record.trustees,
          encryptedTally: tally.encryptedTally,
          totalWeight: BigInt(tally.totalWeight),
          threshold: 2,
          partials: pick.map((j) => ({ owner: j, text: made[j - 1]! })),
        })
        if (!app.ok || !cli.ok) throw new Error(JSON.stringify(pick))
        expect(cli.text).toBe(app.text)
        expect(app.text).toBe(record.result)
        expect(cli.used).toEqual(app.used)
        expect(app.used).toEqual(pick.slice(0, 2))
      }
    })

    it(`refuses the same inputs for the same reasons in the app and in the CLI (${name} group)`, () => {
      const r = rec()
      // another trustee's seed; a voutput given as another trustee's
      expect(makePartial(r, secret(2), 1, voutput(1))).toEqual({ ok: false, problem: 'notOurs' })
      expect(cliPartial(G, 1, ceremony.seeds[1]!)).toEqual({ ok: false, reason: 'key' })
      const p1 = makePartial(r, secret(1), 1, voutput(1))
      if (!p1.ok) throw new Error(p1.problem)
      // trustee 1's text sent as trustee 2's: both name trustee 2
      expect(computeResultText(r, 2, [p1.text, p1.text, null])).toEqual({ ok: false, reason: 'badPartial', trustee: 2 })
      const base = { election: record.election, trustees: record.trustees, encryptedTally: tally.encryptedTally, totalWeight: BigInt(tally.totalWeight), threshold: 2 }
      expect(resultStep(G, { ...base, partials: [{ owner: 1, text: p1.text }, { owner: 2, text: p1.text }] })).toEqual({ ok: false, reason: 'bad-partial', owner: 2 })
      // one trustee's partial given twice counts once: too few, not a result
      expect(resultStep(G, { ...base, partials: [{ owner: 1, text: p1.text }, { owner: 1, text: p1.text }] })).toEqual({ ok: false, reason: 'bad-partial', owner: 1 })
      expect(computeResultText(r, 2, [p1.text, null, null])).toEqual({ ok: false, reason: 'notEnough', have: 1 })
      expect(resultStep(G, { ...base, partials: [{ owner: 1, text: p1.text }] })).toEqual({ ok: false, reason: 'not-enough', count: 1 })
    })
  }
})
