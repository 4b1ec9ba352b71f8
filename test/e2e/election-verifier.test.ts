/// <reference lib="dom" />
/**
 * An observer checks an election's record on the standalone verifier page opened from a file (file://), offline, in
 * English and in Korean (docs/adr/0060): a generated election's Belenios archive passes the ten numbered checks, with
 * the count of ballots checked; a voter finds her tracker (counted, or replaced by her later ballot); a record with
 * one ballot's signature changed fails check 6 by name; a cut-short file is refused in words; a challenged ballot
 * (the booth's opened ballot and its randomness) shows its choices, and does not open with another randomness. The page is
 * `npm run build`'s (scripts/build-verifier.mjs), built here if missing. Nothing but the page is loaded. The same
 * record passes on the app's Verify screen (served by a local node).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildArchive } from '../../src/ledger/registries/voting/portable/archive/archive'
import { randomnessToText } from '../../src/ledger/registries/voting/portable/belenios/audit'
import { ballotTracker, createBallot } from '../../src/ledger/registries/voting/portable/belenios/ballot'
import { ROOT, startNode, stopAll, tempHome } from '../integration/harness'
import { G, generateElection, type GeneratedElection } from '../ledger/voting/archive-fixture'
import { VERIFIER_PAGE, ensureUiBuilt, launch } from './browser'

const LONG = { timeout: 120_000 }
/** what a person must never read: codes, ids, raw states */
const RAW = /VOTING_[A-Z_]+|not-run|not-reached|bad-[a-z]+|undefined|\{[a-z]+\}/

describe('an observer checks an election record on the standalone verifier page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'election-verifier-'))
  const f = (name: string): string => join(dir, name)
  let browser: Browser
  let gen: GeneratedElection
  /** a challenged ballot, opened: question 1 the third answer (박세찬), question 2 "Yes" */
  let challenged: { ballot: string; randomness: string[][] }

  beforeAll(async () => {
    if (!existsSync(VERIFIER_PAGE)) {
      for (const script of ['build-font.mjs', 'build-verifier.mjs']) {
        const r = spawnSync(process.execPath, [join(ROOT, 'scripts', script)], { cwd: ROOT, encoding: 'utf8' })
        if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}${r.stdout}`)
      }
    }
    // voters 0…7; voter 0 votes twice, voter 7 abstains
    gen = generateElection({ voters: 8, revoters: [0], abstainers: [7] })
    const bytes = buildArchive(gen.record)
    writeFileSync(f('election.bel'), bytes)
    const b = JSON.parse(gen.record.ballots[2]!) as { signature: { proof: { response: string } } }
    b.signature.proof.response = b.signature.proof.response === '1' ? '2' : '1'
    writeFileSync(f('tampered.bel'), buildArchive({ ...gen.record, ballots: gen.record.ballots.map((x, i) => (i === 2 ? JSON.stringify(b) : x)) }))
    writeFileSync(f('cut.bel'), bytes.subarray(0, bytes.length - 900))
    const c = createBallot(G, gen.election, gen.credentials[7]!, [[0, 0, 0, 1], [1, 0]])
    challenged = { ballot: c.text, randomness: randomnessToText(c.randomness) }
    browser = await launch()
  }, 10 * 60_000)

  afterAll(async () => {
    await browser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const states = (page: Page): Promise<Array<[string | null, string | null]>> =>
    page.getByTestId('election-check-item').evaluateAll((els) => els.map((e) => [e.getAttribute('data-n'), e.getAttribute('data-state')]))

  async function journey(lang: 'en' | 'ko'): Promise<void> {
    const words =
      lang === 'en'
        ? { ballots: "6. Each ballot's signature and proofs", counted: 'was counted', replaced: 'replaced by a later ballot', refused: 'cut short', valid: 'passed every check', notOpen: 'does not open' }
        : { ballots: '6. 각 투표의 서명과 증명', counted: '개표에 포함되었습니다', replaced: '나중에 한 투표', refused: '잘린 파일', valid: '모든 검사를 통과', notOpen: '열지 못합니다' }
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang === 'en' ? 'en-US' : 'ko-KR' })
    const page = await context.newPage()
    const url = pathToFileURL(VERIFIER_PAGE).href
    const requests: string[] = []
    page.on('request', (q) => requests.push(q.url()))
    await page.goto(url)
    await page.getByTestId(`standalone-lang-${lang}`).click()
    const report = page.getByTestId('election-report')

    // the record: every check passes, each by number and name, with the ballots checked
    await page.getByTestId('election-drop-input').setInputFiles(f('election.bel'))
    await expect.poll(() => report.getAttribute('data-verdict'), LONG).toBe('valid')
    expect(await states(page)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => [String(n), 'passed']))
    const text = await report.innerText()
    expect(text).toContain(words.ballots)
    expect(text).toContain(words.valid)
    expect(await page.getByTestId('election-summary').innerText()).toContain(String(gen.record.ballots.length))
    expect(await page.getByTestId('election-result').count()).toBe(2)
    expect(text).not.toMatch(RAW)

    // a voter finds her tracker: her last ballot counted, her first replaced
    const mine = gen.cast.filter((c) => c.voter === 0)
    const answer = page.getByTestId('election-tracker-answer')
    await page.getByTestId('election-tracker').fill(ballotTracker(mine[1]!.text))
    await page.getByTestId('election-tracker-find').click()
    await expect.poll(() => answer.getAttribute('data-state')).toBe('counted')
    expect(await answer.innerText()).toContain(words.counted)
    await page.getByTestId('election-tracker').fill(ballotTracker(mine[0]!.text))
    await page.getByTestId('election-tracker-find').click()
    await expect.poll(() => answer.getAttribute('data-state')).toBe('replaced')
    expect(await answer.innerText()).toContain(words.replaced)

    // a challenged ballot from the booth, checked against the record's election: its choices, not in the record
    const opened = page.getByTestId('challenge-answer')
    await page.getByTestId('challenge-ballot').fill(JSON.stringify(challenged))
    await page.getByTestId('challenge-open').click()
    await expect.poll(() => opened.getAttribute('data-ok'), LONG).toBe('yes')
    expect(await page.getByTestId('challenge-choice').allInnerTexts()).toEqual(['박세찬', 'Yes'])
    expect(await page.getByTestId('challenge-in-record').getAttribute('data-in-record')).toBe('no')
    // …and with the randomness of another ballot it does not open
    const other = createBallot(G, gen.election, gen.credentials[7]!, [[0, 0, 0, 1], [1, 0]])
    await page.getByTestId('challenge-ballot').fill(JSON.stringify({ ...challenged, randomness: randomnessToText(other.randomness) }))
    await page.getByTestId('challenge-open').click()
    await expect.poll(() => opened.getAttribute('data-problem'), LONG).toBe('does-not-open')
    expect(await opened.innerText()).toContain(words.notOpen)

    // a changed signature: check 6 fails by name, the checks after it that need it are not run
    await page.getByTestId('election-drop-input').setInputFiles(f('tampered.bel'))
    await expect.poll(() => report.getAttribute('data-verdict'), LONG).toBe('invalid')
    const failed = (await states(page)).filter(([, s]) => s === 'failed').map(([n]) => n)
    expect(failed).toEqual(['6'])
    expect(await page.locator('[data-testid="election-check-item"][data-n="6"]').innerText()).toContain(words.ballots)
    expect(await report.innerText()).not.toMatch(RAW)

    // a cut-short file: refused in words
    await page.getByTestId('election-drop-input').setInputFiles(f('cut.bel'))
    const refused = page.getByTestId('election-refused')
    await expect.poll(() => refused.count(), LONG).toBe(1)
    expect(await refused.innerText()).toContain(words.refused)
    expect(await refused.innerText()).not.toMatch(RAW)

    // besides the page, only its workers started from blob: URLs
    expect(requests.filter((r) => !r.startsWith('blob:'))).toEqual([url])
    await context.close()
  }

  it('in English', () => journey('en'))
  it('in Korean', () => journey('ko'))

  it("and on the app's Verify screen", async () => {
    ensureUiBuilt()
    const t = tempHome()
    try {
      const node = await startNode(join(t.dir, 'local'), ['--ui', '--init-if-missing', '--heartbeat-ms', '500'])
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })
      await page.goto(`${node.url}/#token=${node.token}`)
      await page.getByTestId('nav-verify').click()
      await page.getByTestId('election-drop-input').setInputFiles(f('election.bel'))
      const report = page.getByTestId('election-report')
      await expect.poll(() => report.getAttribute('data-verdict'), LONG).toBe('valid')
      expect(await states(page)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => [String(n), 'passed']))
      await page.close()
    } finally {
      await stopAll()
      t.cleanup()
    }
  })
})
