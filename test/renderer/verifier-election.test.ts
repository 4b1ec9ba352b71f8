/**
 * The election record check of the Verify screen and the standalone page (docs/adr/0060): a generated election's
 * archive passes every numbered check with progress and the count of ballots checked; a tampered ballot fails check 6
 * by name; hostile files (not a tar, cut short, too large, nested too deep) are refused in words; a voter's tracker is
 * found counted, replaced by her later ballot, or not found.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { buildArchive, type ElectionRecord } from '../../src/ledger/registries/voting/portable/archive/archive'
import { writeTar } from '../../src/ledger/registries/voting/portable/archive/tar'
import { ballotTracker } from '../../src/ledger/registries/voting/portable/belenios/ballot'
import { checkElectionArchive, findTracker, PAGE_LIMITS, type ArchiveCheck, type Progress } from '../../src/renderer/features/voting/verify/election-check'
import { generateElection, type GeneratedElection } from '../ledger/voting/archive-fixture'

let gen: GeneratedElection
let bytes: Uint8Array

beforeAll(() => {
  // voters 0…4; voter 0 votes twice (her first ballot is replaced), voter 4 abstains
  gen = generateElection({ voters: 5, revoters: [0], abstainers: [4] })
  bytes = buildArchive(gen.record)
})

function report(a: ArchiveCheck): Extract<ArchiveCheck, { kind: 'report' }> {
  if (a.kind !== 'report') throw new Error(`refused: ${a.code}`)
  return a
}

describe('election archive in the verifier page', () => {
  it('runs the ten numbered checks with progress, and counts the ballots checked', () => {
    const progress: Progress[] = []
    const r = report(checkElectionArchive(bytes, (p) => progress.push(p)))
    expect(r.ok).toBe(true)
    expect(r.checks.map((c) => [c.n, c.state])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => [n, 'passed']))
    expect(r.checks[5]!.name.en).toBe("Each ballot's signature and proofs")
    expect(r.ballotsChecked).toBe(gen.record.ballots.length)
    expect(r.ballots).toHaveLength(gen.record.ballots.length)
    // progress went through the ballots to the last, then the partial decryptions and the result
    const ballotsProgress = progress.filter((p) => p.step === 'check' && p.n === 6)
    expect(ballotsProgress.at(-1)).toEqual({ step: 'check', n: 6, done: gen.record.ballots.length, total: gen.record.ballots.length })
    expect(progress.some((p) => p.step === 'check' && p.n === 9)).toBe(true)
    expect(progress.some((p) => p.step === 'check' && p.n === 10)).toBe(true)
    // the result and the election's words, for the page's table
    expect(r.election.result).toEqual(gen.expected)
    expect(r.election.questions.map((q) => q.answers)).toEqual([['김하나', '이두리', '박세찬'], ['Yes', 'No']])
  })

  it('a tampered ballot fails check 6, the checks that need it are not run', () => {
    const b = JSON.parse(gen.record.ballots[1]!) as { signature: { proof: { response: string } } }
    b.signature.proof.response = b.signature.proof.response === '1' ? '2' : '1'
    const tampered: ElectionRecord = { ...gen.record, ballots: gen.record.ballots.map((x, i) => (i === 1 ? JSON.stringify(b) : x)) }
    const r = report(checkElectionArchive(buildArchive(tampered)))
    expect(r.ok).toBe(false)
    const failed = r.checks.filter((c) => c.state === 'failed')
    expect(failed.map((c) => c.n)).toEqual([6])
    expect(failed[0]!.detail?.en).toMatch(/signature|proof|form/)
    expect(r.checks.filter((c) => c.n > 6).every((c) => c.state === 'not-run')).toBe(true)
    expect(r.ballotsChecked).toBe(0)
  })

  it('refuses hostile files in words, before any check', () => {
    const refusal = (a: ArchiveCheck): string => (a.kind === 'refused' ? a.code : 'checked')
    expect(refusal(checkElectionArchive(new TextEncoder().encode('not an archive at all, just some text')))).toBe('VOTING_ARCHIVE_TRUNCATED')
    expect(refusal(checkElectionArchive(new Uint8Array(2048).fill(7)))).toBe('VOTING_ARCHIVE_MALFORMED')
    expect(refusal(checkElectionArchive(bytes.subarray(0, bytes.length - 700)))).toBe('VOTING_ARCHIVE_TRUNCATED')
    // a header claiming a file larger than the page holds (a tar bomb): refused from the header, nothing allocated
    const bomb = writeTar([{ name: 'BELENIOS', body: new TextEncoder().encode('{"version":1,"timestamp":"1"}') }], 1)
    const big = new Uint8Array(bomb.length + 512)
    big.set(bomb)
    const h = writeTar([{ name: `${'a'.repeat(64)}.data.json`, body: new Uint8Array(0) }], 1).subarray(0, 512)
    const size = (PAGE_LIMITS.maxFileBytes + 1).toString(8).padStart(11, '0')
    const header = h.slice()
    for (let i = 0; i < 11; i++) header[124 + i] = size.charCodeAt(i)
    let sum = 0
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!
    const cks = sum.toString(8).padStart(6, '0') + '\0 '
    for (let i = 0; i < 8; i++) header[148 + i] = cks.charCodeAt(i)
    big.set(header, bomb.length)
    expect(refusal(checkElectionArchive(big))).toBe('VOTING_ARCHIVE_TOO_LARGE')
    // deep JSON in a data file
    const deep = '['.repeat(10_000) + ']'.repeat(10_000)
    const withDeep = { ...gen.record, ballots: [...gen.record.ballots, deep] }
    const a = checkElectionArchive(buildArchive(withDeep))
    expect(refusal(a)).toBe('VOTING_ARCHIVE_TOO_DEEP')
    if (a.kind === 'refused') expect(a.words.ko).toMatch(/중첩/)
  })

  it("finds a voter's tracker: counted, replaced by her later ballot, or not in the record", () => {
    const r = report(checkElectionArchive(bytes))
    // voter 0 voted twice: her first ballot is replaced, her last counted
    const mine = gen.cast.filter((c) => c.voter === 0)
    expect(mine).toHaveLength(2)
    const first = findTracker(r.ballots, ballotTracker(mine[0]!.text), r.tallied)
    const last = findTracker(r.ballots, ` ${ballotTracker(mine[1]!.text)}= `, r.tallied)
    expect(first.state).toBe('replaced')
    expect(last.state).toBe('counted')
    if (first.state === 'replaced' && last.state === 'counted') expect(first.by).toBe(last.height)
    expect(findTracker(r.ballots, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', r.tallied).state).toBe('not-found')
    expect(findTracker(r.ballots, '', r.tallied).state).toBe('not-found')
    // before the tally: recorded, not yet counted
    const open = report(checkElectionArchive(buildArchive({ ...gen.record, closed: false, tally: undefined, partialDecryptions: [], result: undefined })))
    expect(open.ok).toBe(true)
    expect(findTracker(open.ballots, ballotTracker(mine[1]!.text), open.tallied).state).toBe('recorded')
  })
})
