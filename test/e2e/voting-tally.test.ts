/// <reference lib="dom" />
/**
 * The count on screen (issue 14 item 5, docs/adr/0059), in Chromium against a real node: an election opened by the
 * lead's fixture (test/e2e/voting-setup.ts), five voters' ballots cast (one re-vote, one blank) and the election
 * closed; two of the three trustee agencies' trustees (keys made in the app, roles granted by their agencies) open
 * their secret files and send their partial decryptions on the trustee screen — the first in Korean, the second in
 * English — each told how many more are needed and from whom, by name (another agency's file refused first); then the
 * official computes the result, sees it, confirms by retyping the election's name and publishes it. Everyone then sees
 * the chart and the table with the counts of the ballots the test cast (the re-vote's last ballot counting), the
 * ballots counted and the one replaced, in Korean and in English. No code, transaction type or agency id shows.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, stopAll } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { closeNotifications, confirmIrreversible, createKey, unlockKey } from './keys-ui'
import { LONG, setLanguage } from './land-setup'
import { type OpenElection, type VotingNode, RAW_VOTING, openElection, votingNode } from './voting-setup'

const PASS = 'tally pass 7'

/** Each voter's ballots in the order cast: the choices of the one question [blank, 김하나, 이두리, 박세나]. */
const CAST: Array<[number, number[]]> = [
  [0, [0, 1, 0, 0]],
  [1, [0, 0, 1, 0]],
  [2, [0, 0, 1, 0]],
  [3, [1, 0, 0, 0]],
  [4, [0, 0, 0, 1]],
  // voter 0 votes again: this one counts, the first does not
  [0, [0, 0, 1, 0]],
]

/** The counts the table must show, from the plaintexts above: the last ballot of each voter, summed. */
function expectedRows(): Array<[string, number]> {
  const last = new Map<number, number[]>()
  for (const [v, c] of CAST) last.set(v, c)
  const sum = [0, 0, 0, 0]
  for (const c of last.values()) c.forEach((x, j) => (sum[j]! += x))
  return [
    ['김하나', sum[1]!],
    ['이두리', sum[2]!],
    ['박세나', sum[3]!],
    ['', sum[0]!],
  ]
}

describe('the count on screen', () => {
  let v: VotingNode
  let e: OpenElection
  let browser: Browser
  let page: Page
  const keys: Record<string, string> = {}

  const goto = (hash: string): Promise<unknown> => page.evaluate((h) => (location.hash = h), hash)

  /** The result table of question 0 as [answer, count] rows (the blank row's answer given as ''). */
  async function tableRows(blankLabel: string): Promise<Array<[string, number]>> {
    const rows = await page
      .getByTestId('elections-result-q0')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent?.trim() ?? '', tr.querySelector('td')?.textContent?.trim() ?? '']))
    return rows.map(([a, n]) => [a === blankLabel ? '' : a!, Number(n!.replace(/[^\d]/g, ''))])
  }

  /** A trustee decrypts on its screen with its agency's secret file. */
  async function decrypt(agency: string): Promise<void> {
    await unlockKey(page, keys[agency]!, PASS)
    await goto(`#/elections/e/${e.uuid}/trustee`)
    const d = page.getByTestId('elections-decrypt')
    await expect.poll(() => d.getAttribute('data-state'), LONG).toBe('now')
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), d.getByTestId('elections-decrypt-open-secret').click()])
    await chooser.setFiles(e.secretFiles[agency]!)
    await expect.poll(() => d.getByTestId('elections-decrypt-secret-ok').count(), LONG).toBe(1)
    await d.getByTestId('elections-decrypt-sign').click()
    await expect.poll(() => d.getByTestId('elections-decrypt-result').getAttribute('data-status'), LONG).toBe('committed')
    await expect.poll(() => d.getAttribute('data-state'), LONG).toBe('sent')
    // the tally was checked against the five counted ballots on the board
    expect(await d.getByTestId('elections-decrypt-checked').innerText()).toMatch(/5/)
    expect(RAW_VOTING.test(await page.getByTestId('elections-trustee').innerText())).toBe(false)
  }

  beforeAll(async () => {
    ensureUiBuilt()
    v = await votingNode()
    e = await openElection(v, { voters: 5, opensInMs: 10_000, closesAfterMs: 30_000 })
    for (const [i, choices] of CAST) await e.cast(i, [choices])
    await e.close()
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 1400 }, locale: 'ko-KR' })
    await page.goto(`${v.node.url}/#token=${v.node.token}`)
  }, 10 * 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    v?.cleanup()
  })

  it('the trustees and the official make their keys in the app; their agencies grant the roles', { timeout: 180_000 }, async () => {
    keys['trustee-a'] = await createKey(page, '행정안전부 수탁자', PASS, [])
    keys['trustee-c'] = await createKey(page, '국가정보원 수탁자', PASS, [keys['trustee-a']])
    keys.official = await createKey(page, '선관위 개표 담당', PASS, [keys['trustee-a'], keys['trustee-c']])
    v.grant('trustee-a', keys['trustee-a'], 'trustee', '행정안전부 수탁자')
    v.grant('trustee-c', keys['trustee-c'], 'trustee', '국가정보원 수탁자')
    v.grant('nec', keys.official, 'election-official', '선관위 개표 담당')
    await page.reload()
    await closeNotifications(page)
    await setLanguage(page, 'ko')
    // closed: every agency sees the count awaited, by name
    await goto(`#/elections/e/${e.uuid}`)
    const el = page.getByTestId('elections-election')
    await expect.poll(() => el.getAttribute('data-phase'), LONG).toBe('closed')
    await expect.poll(() => el.getByTestId('elections-count-needed').innerText(), LONG).toBe('2곳이 더 보내야 합니다. 아직 보내지 않은 기관: 행정안전부, 법무부, 국가정보원.')
  })

  it('a trustee refuses another agency\u2019s file, then decrypts with its own (Korean)', { timeout: 300_000 }, async () => {
    await unlockKey(page, keys['trustee-a']!, PASS)
    await goto(`#/elections/e/${e.uuid}/trustee`)
    const d = page.getByTestId('elections-decrypt')
    await expect.poll(() => d.getAttribute('data-state'), LONG).toBe('now')
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), d.getByTestId('elections-decrypt-open-secret').click()])
    await chooser.setFiles(e.secretFiles['trustee-c']!)
    await expect.poll(() => d.getByTestId('elections-decrypt-secret-problem').innerText(), LONG).toBe('다른 수탁 기관의 비밀 파일입니다.')
    expect(await d.getByTestId('elections-decrypt-sign').isDisabled()).toBe(true)

    await decrypt('trustee-a')
    const count = page.getByTestId('elections-count')
    await expect.poll(() => count.getAttribute('data-needed'), LONG).toBe('1')
    expect(await count.getByTestId('elections-count-needed').innerText()).toBe('1곳이 더 보내야 합니다. 아직 보내지 않은 기관: 법무부, 국가정보원.')
  })

  it('a second trustee decrypts (English); enough are in', { timeout: 300_000 }, async () => {
    await setLanguage(page, 'en')
    await decrypt('trustee-c')
    const count = page.getByTestId('elections-count')
    await expect.poll(() => count.getAttribute('data-needed'), LONG).toBe('0')
    expect(await count.getByTestId('elections-count-needed').innerText()).toBe('Enough partial decryptions are in to compute the result.')
    expect(await count.getByTestId('elections-count-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-sent')))).toEqual(['true', 'false', 'true'])
    await setLanguage(page, 'ko')
  })

  it('the official computes the result, sees it, confirms and publishes it', { timeout: 300_000 }, async () => {
    await unlockKey(page, keys.official!, PASS)
    await goto(`#/elections/e/${e.uuid}`)
    const el = page.getByTestId('elections-election')
    await expect.poll(() => el.getAttribute('data-phase'), LONG).toBe('decrypting')
    const p = el.getByTestId('elections-publish')
    await p.getByTestId('elections-publish-compute').click()
    await expect.poll(() => p.getByTestId('elections-publish-preview').count(), LONG).toBe(1)
    expect(await tableRows('백지')).toEqual(expectedRows())
    await p.getByTestId('elections-publish-sign').click()
    expect(await confirmIrreversible(page, 'elections-publish-confirm')).toBe(e.name)
    await expect.poll(() => p.getByTestId('elections-publish-result').getAttribute('data-status'), LONG).toBe('committed')
    await expect.poll(() => el.getAttribute('data-phase'), LONG).toBe('result')
    // the ledger has the result the screen showed
    const r = await api(v.node, 'GET', `/api/v1/voting/elections/${e.uuid}/result`)
    expect(r.status).toBe(200)
    expect(r.body.questions[0].counts).toEqual(expectedRows().slice(0, 3).map(([, n]) => n))
    expect(r.body.questions[0].blankCount).toBe(expectedRows()[3]![1])
  })

  it('everyone sees the result as a chart and a table, with the ballots counted and replaced, in both languages', { timeout: 180_000 }, async () => {
    await goto('#/elections')
    await goto(`#/elections/e/${e.uuid}`)
    const el = page.getByTestId('elections-election')
    await expect.poll(() => el.getByTestId('elections-result-q0').count(), LONG).toBe(1)
    expect(await tableRows('백지')).toEqual(expectedRows())
    expect(await el.getByTestId('elections-result-counted').innerText()).toBe('집계된 투표: 5개 같은 자격증명으로 다시 투표해 대체된 투표 1개는 집계에 들어가지 않았습니다.')
    // the chart is drawn: its canvas holds painted pixels
    const painted = await el
      .getByTestId('elections-result-q0')
      .locator('canvas')
      .evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
        let n = 0
        for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++
        return n
      })
    expect(painted).toBeGreaterThan(100)
    expect(RAW_VOTING.test(await el.innerText())).toBe(false)

    await setLanguage(page, 'en')
    await expect.poll(() => el.getByTestId('elections-result-counted').innerText(), LONG).toBe('Ballots counted: 5 One ballot, replaced by a later ballot under the same credential, was not counted.')
    expect(await tableRows('Blank')).toEqual(expectedRows())
    expect(RAW_VOTING.test(await el.innerText())).toBe(false)
    await setLanguage(page, 'ko')
  })
})
