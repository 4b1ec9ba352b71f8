/**
 * The count as the app makes it in the renderer (npx tsx bench/voting-tally-app.ts; features/voting/tally/tally.ts,
 * portable group): for a ballot of one question with five answers and one of ten such questions, the time of the
 * tally's strict read, of adding the counted ballots up to check it against the board (per ballot), of one trustee's
 * partial decryption with its proofs, and of the result from two of three partial decryptions (each checked, combined,
 * the counts found). Median of five runs, milliseconds. The ballots are generated (the fixture of the archive tests).
 */
import { SECRET_FORMAT } from '../src/renderer/features/voting/trustee-ceremony'
import { computeResultText, makePartial, sumBallots, tallyRecord } from '../src/renderer/features/voting/tally/tally'
import { generateElection, type QuestionSpec } from '../test/ledger/voting/archive-fixture'

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
function time(f: () => unknown): number {
  const t0 = performance.now()
  f()
  return performance.now() - t0
}
const five = (i: number): QuestionSpec => ({ question: `Q${i}`, answers: ['a', 'b', 'c', 'd', 'e'], min: 1, max: 1 })

for (const [label, questions, voters] of [
  ['1 question × 5 answers', [five(0)], 200],
  ['10 questions × 5 answers', Array.from({ length: 10 }, (_, i) => five(i)), 40],
] as const) {
  const gen = generateElection({ voters, questions: [...questions], ascii: true })
  const r = gen.record
  const running = { text: r.tally!.encryptedTally, numTallied: r.tally!.numTallied, totalWeight: r.tally!.totalWeight }
  const rec = tallyRecord(r.election, r.trustees, running)
  if ('problem' in rec) throw new Error(rec.problem)
  const secret = (i: number) => ({ format: SECRET_FORMAT, election: gen.uuid, agency: `a${i}`, seed: gen.ceremony.seeds[i - 1]! }) as const
  const counted = [...new Map(gen.cast.map((c) => [c.voter, c.text])).values()]
  const out: Record<string, number[]> = { read: [], sumPerBallot: [], partial: [], result: [] }
  for (let k = 0; k < 5; k++) {
    out.read!.push(time(() => tallyRecord(r.election, r.trustees, running)))
    out.sumPerBallot!.push(time(() => sumBallots(rec.election, counted)) / counted.length)
    let p1 = ''
    out.partial!.push(
      time(() => {
        const m = makePartial(rec, secret(1), 1, gen.ceremony.voutputs[0]!.text)
        if (!m.ok) throw new Error(m.problem)
        p1 = m.text
      }),
    )
    const m3 = makePartial(rec, secret(3), 3, gen.ceremony.voutputs[2]!.text)
    if (!m3.ok) throw new Error(m3.problem)
    out.result!.push(
      time(() => {
        const res = computeResultText(rec, 2, [p1, null, m3.text])
        if (!res.ok) throw new Error(res.reason)
      }),
    )
  }
  console.log(
    `${label} (${counted.length} ballots counted): tally read ${median(out.read!).toFixed(1)} ms, board check ${median(out.sumPerBallot!).toFixed(2)} ms a ballot, ` +
      `partial decryption ${median(out.partial!).toFixed(1)} ms, result from 2 of 3 ${median(out.result!).toFixed(1)} ms`,
  )
}
