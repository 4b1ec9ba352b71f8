/// <reference lib="dom" />
/**
 * The voting booth of a polling station in Chromium, in Korean (issue 14 item 4, ADR 0056), on an election opened by
 * the lead's fixture (test/e2e/voting-setup.ts). The official starts the booth with a passphrase: the kiosk is on, the
 * app's frame inert, and no other screen can be reached. A voter scans her letter's code, chooses, reviews, encrypts
 * and casts: the tracker is shown large and is on the public board. Another voter challenges his ballot: it is opened
 * to him (its choices and randomness), published as audited, never counted; then he votes again and casts. After
 * each voter nothing of the last is on screen. A letter for another election is refused in words. Ending the booth
 * needs the official's passphrase. No code, transaction type or agency id shows.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatLetterCode } from '../../src/ledger/registries/voting/portable/letter-code'
import { api, stopAll, waitFor } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { LONG } from './land-setup'
import { RAW_VOTING, type OpenElection, type VotingNode, openElection, votingNode } from './voting-setup'

const PASS = 'booth official 7'

describe('the voting booth', () => {
  let v: VotingNode
  let e: OpenElection
  let browser: Browser
  let page: Page

  const booth = () => page.getByTestId('booth')
  const stepIs = (s: string) => expect.poll(() => booth().getAttribute('data-step'), LONG).toBe(s)
  const board = async (): Promise<{ trackers: string[]; counted: number }> => {
    const r = await api(v.node, 'GET', `/api/v1/voting/elections/${e.uuid}/board`)
    return { trackers: (r.body.entries as Array<{ tracker: string }>).map((x) => x.tracker), counted: r.body.counted as number }
  }

  /** A voter from the letter to the encrypted ballot: answer `k` of the one question; the tracker shown. */
  async function encryptFor(letter: string, k: number): Promise<string> {
    await stepIs('credential')
    await page.getByTestId('booth-letter').fill(letter)
    await page.getByTestId('booth-letter').press('Enter')
    await stepIs('ballot')
    // keyboard only: the answer's radio focused and chosen with the space bar
    await page.getByTestId(`ballot-q0-a${k}`).focus()
    await page.keyboard.press('Space')
    await page.getByTestId('ballot-submit').click()
    await stepIs('review')
    expect(await page.getByTestId('booth-review-q0').innerText()).toBe(e.questions[0]!.answers[k])
    await page.getByTestId('booth-encrypt').click()
    await stepIs('tracker')
    return (await page.getByTestId('booth-tracker-value').innerText()).trim()
  }

  beforeAll(async () => {
    ensureUiBuilt()
    v = await votingNode()
    e = await openElection(v, { voters: 3, opensInMs: 10_000 })
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'ko-KR' })
    await page.goto(`${v.node.url}/#token=${v.node.token}`)
  }, 10 * 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    v?.cleanup()
  })

  it('the official starts the booth: kiosk on, the frame inert, no other screen reachable', { timeout: 180_000 }, async () => {
    // the booth by its address; asked again while it is not shown (on a loaded machine the app may still be taking
    // its first screen when the address changes): once the booth is on screen the router is ready and it stays
    await expect
      .poll(async () => {
        if ((await booth().count()) === 0) await page.evaluate((u) => (location.hash = `#/elections/e/${u}/booth`), e.uuid)
        return booth().count()
      }, LONG)
      .toBe(1)
    await stepIs('setup')
    await page.getByTestId('booth-pass1').fill(PASS)
    await page.getByTestId('booth-pass2').fill(PASS)
    await page.getByTestId('booth-start').click()
    await stepIs('credential')
    expect(await booth().getAttribute('data-kiosk')).toBe('on')
    expect(await page.evaluate(() => document.getElementById('app')?.hasAttribute('inert'))).toBe(true)
    // another screen, asked for by its address: the booth stays
    await page.evaluate(() => (location.hash = '#/elections'))
    await expect.poll(() => page.evaluate(() => location.hash), LONG).toContain('/booth')
    await stepIs('credential')
    expect(await page.getByTestId('elections-list').count()).toBe(0)
    // a letter for another election, and something that is no credential: refused in words
    await page.getByTestId('booth-letter').fill(formatLetterCode('Hj4S8bqUWcW3s9n7PZ3N5y', e.credentials[0]!))
    await page.getByTestId('booth-letter-next').click()
    await expect.poll(() => page.getByTestId('booth-problem').innerText(), LONG).toBe('이 안내문은 다른 선거의 것입니다.')
    await page.getByTestId('booth-letter').fill('hello')
    await page.getByTestId('booth-letter-next').click()
    await expect.poll(() => page.getByTestId('booth-problem').innerText(), LONG).toContain('자격증명이 아닙니다')
    await page.getByTestId('booth-letter').fill('')
  })

  it('a voter casts: committed, the tracker large and on the board; the booth resets', { timeout: 240_000 }, async () => {
    await waitFor(async () => Date.now() >= e.opens + 1_000, e.opens - Date.now() + 60_000, 'the opening time')
    const tracker = await encryptFor(formatLetterCode(e.uuid, e.credentials[0]!), 1)
    await page.getByTestId('booth-cast').click()
    await stepIs('cast')
    expect((await page.getByTestId('booth-receipt-tracker').innerText()).trim()).toBe(tracker)
    expect(RAW_VOTING.test(await booth().innerText())).toBe(false)
    await expect.poll(async () => (await board()).trackers, LONG).toContain(tracker)
    await page.getByTestId('booth-next').click()
    await stepIs('credential')
    expect(await page.getByTestId('booth-letter').inputValue()).toBe('')
    expect(await booth().innerText()).not.toContain(tracker)
  })

  it('another voter challenges: opened, audited, never counted; then votes again and casts', { timeout: 300_000 }, async () => {
    const before = await board()
    const challenged = await encryptFor(e.credentials[1]!, 2)
    await page.getByTestId('booth-challenge').click()
    await stepIs('challenged')
    await expect.poll(() => page.getByTestId('booth-audited').count(), LONG).toBe(1)
    // the choice shown opened, each with its randomness; the ballot text is the one tracked
    const opened = await page.getByTestId('booth-opened-q0').innerText()
    expect(opened).toContain(e.questions[0]!.answers[2]!)
    expect(opened).toMatch(/\d{20,}/)
    expect(JSON.parse(await page.getByTestId('booth-randomness').inputValue())).toHaveLength(1)
    expect(RAW_VOTING.test(await booth().innerText())).toBe(false)
    const audit = await api(v.node, 'GET', `/api/v1/voting/elections/${e.uuid}/audit`)
    expect(audit.body.total).toBe(1)
    expect((audit.body.audits as Array<{ tracker: string }>)[0]!.tracker).toBe(challenged)
    const mid = await board()
    expect(mid.trackers).not.toContain(challenged)
    expect(mid.counted).toBe(before.counted)
    // he votes again, with the same credential (kept for this voter only)
    await page.getByTestId('booth-vote-again').click()
    await stepIs('ballot')
    await page.getByTestId('ballot-q0-a0').check()
    await page.getByTestId('ballot-submit').click()
    await stepIs('review')
    await page.getByTestId('booth-encrypt').click()
    await stepIs('tracker')
    const cast = (await page.getByTestId('booth-tracker-value').innerText()).trim()
    expect(cast).not.toBe(challenged)
    await page.getByTestId('booth-cast').click()
    await stepIs('cast')
    await expect.poll(async () => (await board()).counted, LONG).toBe(before.counted + 1)
    expect((await board()).trackers).toContain(cast)
    await page.getByTestId('booth-next').click()
    await stepIs('credential')
  })

  it('ending the booth needs the official’s passphrase', { timeout: 120_000 }, async () => {
    await page.getByTestId('booth-leave').click()
    await page.getByTestId('booth-leave-pass').fill('not the passphrase')
    await page.getByTestId('booth-leave-confirm').click()
    await expect.poll(() => page.getByTestId('booth-problem').innerText(), LONG).toBe('암호가 맞지 않습니다.')
    expect(await page.evaluate(() => location.hash)).toContain('/booth')
    await page.getByTestId('booth-leave-pass').fill(PASS)
    await page.getByTestId('booth-leave-confirm').click()
    await expect.poll(() => page.evaluate(() => location.hash), LONG).toBe(`#/elections/e/${e.uuid}`)
    expect(await page.evaluate(() => document.getElementById('app')?.hasAttribute('inert'))).toBe(false)
    expect(await page.getByTestId('booth').count()).toBe(0)
  })
})
