/**
 * Interoperability, the proof of correctness (issue 14): an election run with Daejang's code, written by Daejang's
 * archive writer, is accepted by an independent Belenios 2.5 verifier — the npm package `sirona` (0.0.28, a
 * devDependency used here only; its code is never read into ours), run as its command line in a temporary directory
 * holding the .bel. And the other way: an archive sirona builds (its `archive init`), with ballots sirona makes
 * (`election generate-ballot`) for credentials of ours, appended by sirona (`archive add-event`), is read and
 * verified by Daejang's reader and verifier.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildArchive, readArchive } from '../../../src/ledger/registries/voting/portable/archive/archive'
import { beleniosVerifierCrypto } from '../../../src/ledger/registries/voting/portable/archive/crypto'
import { verifyArchive } from '../../../src/ledger/registries/voting/portable/archive/verify'
import { verifyBallot } from '../../../src/ledger/registries/voting/portable/belenios/ballot'
import { G, generateElection, type QuestionSpec } from './archive-fixture'

const SIRONA = resolve(__dirname, '../../../node_modules/sirona/dist/cli')
const dirs: string[] = []

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sirona-'))
  dirs.push(d)
  return d
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** sirona's command line in `dir`; its exit status, output and errors */
function sirona(dir: string, script: 'election' | 'archive', args: string[], input?: string): { status: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(SIRONA, `sirona-${script}.js`), ...args], { cwd: dir, encoding: 'utf8', input, timeout: 170_000 })
  return { status: r.status, out: r.stdout, err: r.stderr }
}

function sironaVerify(bel: Uint8Array): { status: number | null; out: string; err: string } {
  const dir = tempDir()
  writeFileSync(join(dir, 'election.bel'), bel)
  return sirona(dir, 'election', ['verify'])
}

const QUESTIONS: QuestionSpec[] = [
  { question: '위원장을 고르십시오 / Choose the chair', answers: ['김하나', '이두리', '박세찬', '최네모'], min: 1, max: 1, blank: true },
  { question: 'Approve the budget? / 예산안에 찬성하십니까?', answers: ['Yes', 'No'], min: 0, max: 1 },
  { question: 'Board (up to 2) / 이사 (2명까지)', answers: ['A', 'B', 'C'], min: 0, max: 2 },
]

describe('Belenios interoperability (sirona 0.0.28)', () => {
  it('sirona accepts the archive of an election run by Daejang: 3 trustees (Pedersen, threshold 2), 24 voters, re-votes, a blank vote, tally, 2 partial decryptions, result', () => {
    const gen = generateElection({ voters: 24, questions: QUESTIONS, revoters: [0, 7], abstainers: [23], deciders: [1, 3] })
    const bel = buildArchive(gen.record)
    // ours first: every check passes, and the blank vote and re-votes are in
    const ours = verifyArchive(readArchive(bel), G, beleniosVerifierCrypto(G))
    expect(ours.checks.filter((c) => !c.ok)).toEqual([])
    expect(ours.summary.result).toEqual(gen.expected)
    expect(gen.expected[0]![0]).toBeGreaterThan(0) // a blank vote counted as blank
    expect(ours.summary).toMatchObject({ ballots: 25, tallied: 23 })
    const r = sironaVerify(bel)
    expect(r.err).toBe('')
    expect(r.status).toBe(0)
    expect(r.out).toContain(`${gen.record.ballots.length} ballots found`)
  })

  it('sirona refuses the same archive with a wrong result (the harness can fail)', () => {
    const gen = generateElection({ voters: 4, abstainers: [], revoters: [] })
    const result = JSON.parse(gen.record.result!) as { result: number[][] }
    result.result[1]![0]! += 1
    const r = sironaVerify(buildArchive({ ...gen.record, result: JSON.stringify(result) }))
    expect(r.status).not.toBe(0)
    expect(r.err).toMatch(/Invalid result/)
  })

  it('Daejang reads and verifies an archive sirona builds, with ballots sirona makes (a re-vote, a blank vote)', () => {
    // ASCII names: sirona's own archive writer (not its verifier) sizes a file by its characters, not its bytes
    const questions: QuestionSpec[] = [
      { question: 'Choose the chair', answers: ['Kim', 'Lee', 'Park', 'Choi'], min: 1, max: 1, blank: true },
      { question: 'Approve the budget?', answers: ['Yes', 'No'], min: 0, max: 1 },
    ]
    const gen = generateElection({ voters: 5, questions, abstainers: [], revoters: [], ascii: true })
    const dir = tempDir()
    writeFileSync(join(dir, 'election.json'), gen.record.election)
    writeFileSync(join(dir, 'trustees.json'), gen.record.trustees)
    writeFileSync(join(dir, 'public_creds.json'), gen.record.publicCredentials)
    const init = sirona(dir, 'archive', ['init'])
    expect(init.err).toBe('')
    expect(init.status).toBe(0)
    const votes: Array<[number, number[][]]> = [
      [0, [[0, 1, 0, 0, 0], [1, 0]]],
      [1, [[1, 0, 0, 0, 0], [0, 0]]], // blank on the first question
      [2, [[0, 0, 0, 1, 0], [0, 1]]],
      [0, [[0, 0, 1, 0, 0], [1, 0]]], // voter 0 votes again
    ]
    const ballots: string[] = []
    for (const [voter, choice] of votes) {
      writeFileSync(join(dir, 'privcred.txt'), gen.credentials[voter]!)
      writeFileSync(join(dir, 'choice.json'), JSON.stringify(choice))
      const b = sirona(dir, 'election', ['generate-ballot', '--privcred', 'privcred.txt', '--choice', 'choice.json'])
      expect(b.err).toBe('')
      const ballot = b.out.trim()
      // sirona's ballot is a valid Belenios ballot to our code, for the right credential
      const check = verifyBallot(G, gen.election, ballot)
      expect(check.ok).toBe(true)
      if (check.ok) expect(check.ballot.credential).toBe(gen.publicCredentials[voter])
      const add = sirona(dir, 'archive', ['add-event', '--type', 'Ballot'], `${ballot}\n`)
      expect(add.status).toBe(0)
      ballots.push(ballot)
    }
    const bel = readdirSync(dir).find((f) => f.endsWith('.bel'))!
    const archive = readArchive(new Uint8Array(readFileSync(join(dir, bel))))
    const report = verifyArchive(archive, G, beleniosVerifierCrypto(G))
    expect(report.checks.map((c) => [c.n, c.state])).toEqual([
      [1, 'passed'],
      [2, 'passed'],
      [3, 'passed'],
      [4, 'passed'],
      [5, 'passed'],
      [6, 'passed'],
      [7, 'passed'],
      [8, 'not-reached'],
      [9, 'not-reached'],
      [10, 'not-reached'],
    ])
    expect(report.checks.find((c) => c.id === 'ballots')!.count).toBe(4)
    expect(report.summary.uuid).toBe(gen.uuid)
    // and sirona's own verifier agrees on its archive
    const own = sirona(dir, 'election', ['verify'])
    expect(own.err).toBe('')
    expect(own.out).toContain('4 ballots found')
  })
})
