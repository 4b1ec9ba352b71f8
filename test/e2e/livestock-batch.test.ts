/// <reference lib="dom" />
/**
 * A farmer's day of reports sent as one file on the batch screen (issue 13 item 7, docs/adr/0047), in Chromium against
 * a running node: the farmer's key made in the app; a JSON Lines file read with its line numbers; the dry run's
 * findings in words (a birth reported twice, a line that is not JSON, a farm the farmer does not keep, a mother that
 * is not a female); a calf registered meanwhile by a tagger (CLI), so the ledger refuses at commit what the dry run
 * accepted; sent, the committed outcome says which lines were refused and why. Then a CSV file in Korean: an event
 * of a type the farmer's role does not report is refused in words. No code, type or field name on the screen.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LIVESTOCK_ERRORS } from '../../src/ledger/registries/livestock/portable/errors'
import { withCheckDigit } from '../../src/ledger/registries/livestock/portable/identifiers'
import { api, stopAll } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { closeNotifications, createKey, unlockKey } from './keys-ui'
import { LONG, setLanguage } from './land-setup'
import { type LivestockNode, RAW_LIVESTOCK, grant, livestockNode, openScreen, signed } from './livestock-report-setup'

const PASS = 'farmer batch pass 1'
const FARM = '210001'
const OTHER_FARM = '210002'
const num = (n: number): string => withCheckDigit(`00288000${String(n).padStart(3, '0')}`)
const [COW, BULL, DUP, CALF, LATE, CSV_CALF] = [num(11), num(12), num(13), num(14), num(15), num(16)] as const
const today = (): string => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10)
const birth = (animal: string, o: Record<string, unknown> = {}) => JSON.stringify({ type: 'livestock.birth', payload: { animal, farm: FARM, date: today(), breed: 'hanwoo', sex: 'female', ...o } })
const said = (code: keyof typeof LIVESTOCK_ERRORS, lang: 'ko' | 'en'): string => LIVESTOCK_ERRORS[code].text[lang]

/** the report's rows: line number → reason, as the table shows them */
async function reportRows(page: Page): Promise<Record<number, string>> {
  const rows = page.getByTestId('livestock-batch-report').locator('tbody tr')
  const out: Record<number, string> = {}
  for (let i = 0; i < (await rows.count()); i++) {
    const r = rows.nth(i)
    out[Number(await r.getAttribute('data-line'))] = (await r.locator('td').nth(3).innerText()).trim()
  }
  return out
}

describe('a farmer sends a day of reports as one file', () => {
  let l: LivestockNode
  let browser: Browser
  let page: Page
  let farmer = ''

  beforeAll(async () => {
    ensureUiBuilt()
    l = await livestockNode(['officer', 'tagger'])
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 1100 }, locale: 'en-US' })
    await page.goto(`${l.node.url}/#token=${l.node.token}`)
  }, 10 * 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    l?.cleanup()
  })

  it('the farmer’s key is made in the app; the farm is registered with it (CLI)', { timeout: 240_000 }, async () => {
    farmer = await createKey(page, 'Farmer Batch', PASS, [])
    grant(l, l.keys.officer!, 'livestock-officer', '축산과')
    grant(l, l.keys.tagger!, 'tagger', '귀표')
    grant(l, farmer, 'farmer', '농장')
    const site = (site: string, name: string, keeper: string) => ({ site, kind: 'farm', name, area: '4155025021', address: '경기도 안성시 일죽면 2', keepers: [keeper] })
    signed(l, 'officer', 'livestock.site.register', site(FARM, '일죽목장', farmer))
    signed(l, 'officer', 'livestock.site.register', site(OTHER_FARM, '이웃목장', l.keys.tagger!))
    await page.reload()
    await closeNotifications(page)
    await setLanguage(page, 'en')
  })

  it('JSON lines: the dry run’s findings in words; sent, the ledger’s refusals by line and reason', { timeout: 240_000 }, async () => {
    await unlockKey(page, farmer, PASS)
    await openScreen(page, 'livestock-batch')
    const file = [
      birth(COW), // 1 accepted
      birth(BULL, { sex: 'male' }), // 2 accepted
      birth(COW), // 3 refused: line 1 registered it
      '{"type": "livestock.birth", "payload": ', // 4 not JSON
      birth(DUP, { farm: OTHER_FARM }), // 5 refused: not the farmer's farm
      birth(CALF, { mother: BULL }), // 6 refused: the mother named is a male
      birth(LATE), // 7 accepted by the dry run; registered by a tagger before the file is sent
    ].join('\n')
    await page.getByTestId('livestock-batch-file').setInputFiles({ name: 'births.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(file) })
    await expect.poll(() => page.getByTestId('livestock-batch-read').innerText(), LONG).toBe('Lines read: 7 — reports: 6; not in the format: 1.')
    await page.getByTestId('livestock-batch-check').click()
    await expect.poll(() => page.getByTestId('livestock-batch-checked').count(), LONG).toBe(1)
    expect(await page.getByTestId('livestock-batch-checked').innerText()).toBe('Against the ledger as it is now, 3 would be accepted and 4 refused.')
    const dry = await reportRows(page)
    expect(Object.keys(dry).map(Number)).toEqual([3, 4, 5, 6])
    expect(dry[3]).toBe(said('LIVESTOCK_ANIMAL_EXISTS', 'en'))
    expect(dry[4]).toBe('The line is not JSON.')
    expect(dry[5]).toBe(said('LIVESTOCK_NOT_KEEPER', 'en'))
    expect(dry[6]).toBe(said('LIVESTOCK_MOTHER_NOT_FEMALE', 'en'))
    const row6 = page.getByTestId('livestock-batch-report').locator('tr[data-line="6"] td')
    expect((await row6.nth(1).innerText()).replace(/\D/g, '')).toBe(CALF)
    expect(await row6.nth(2).innerText()).not.toMatch(RAW_LIVESTOCK)
    // nothing was written by the dry run
    expect((await api(l.node, 'GET', `/api/v1/livestock/animals/${COW}`)).status).toBe(404)
    // meanwhile a tagger reports line 7's calf on the farm's behalf
    signed(l, 'tagger', 'livestock.birth', { animal: LATE, farm: FARM, date: today(), breed: 'hanwoo', sex: 'male' })
    await page.getByTestId('livestock-batch-send').click()
    await expect.poll(() => page.getByTestId('livestock-batch-done').count(), LONG).toBe(1)
    expect(await page.getByTestId('livestock-batch-done').innerText()).toBe('Done: 2 accepted, 5 refused.')
    const sent = await reportRows(page)
    expect(Object.keys(sent).map(Number)).toEqual([3, 4, 5, 6, 7])
    expect(sent[7]).toBe(said('LIVESTOCK_ANIMAL_EXISTS', 'en'))
    for (const [animal, status] of [[COW, 200], [BULL, 200], [CALF, 404], [DUP, 404]] as const) {
      expect((await api(l.node, 'GET', `/api/v1/livestock/animals/${animal}`)).status).toBe(status)
    }
    expect((await api(l.node, 'GET', `/api/v1/livestock/animals/${LATE}`)).body.events[0].by).toBe(l.keys.tagger)
    // the intro says "slaughterhouse" as an English word: the report and the outcome carry no raw code, type or field
    expect(await page.getByTestId('livestock-batch-report').innerText()).not.toMatch(RAW_LIVESTOCK)
    expect(await page.getByTestId('livestock-batch-done').innerText()).not.toMatch(RAW_LIVESTOCK)
  })

  it('CSV, in Korean: a tag is not the farmer’s to report, said in words; the birth is recorded', { timeout: 240_000 }, async () => {
    await setLanguage(page, 'ko')
    await openScreen(page, 'livestock-batch')
    const csv = ['type,animal,farm,date,breed,sex,mother', `birth,${CSV_CALF},${FARM},${today()},hanwoo,male,${COW}`, `tag,${CSV_CALF},,${today()},,,`].join('\r\n')
    await page.getByTestId('livestock-batch-file').setInputFiles({ name: 'day.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await expect.poll(() => page.getByTestId('livestock-batch-read').count(), LONG).toBe(1)
    await page.getByTestId('livestock-batch-check').click()
    await expect.poll(() => page.getByTestId('livestock-batch-checked').count(), LONG).toBe(1)
    expect(await page.getByTestId('livestock-batch-checked').innerText()).toBe('지금 원장 기준으로 1건은 반영되고 1건은 거절됩니다.')
    expect(await reportRows(page)).toEqual({ 3: said('LIVESTOCK_BATCH_ROLE', 'ko') })
    await page.getByTestId('livestock-batch-send').click()
    await expect.poll(() => page.getByTestId('livestock-batch-done').count(), LONG).toBe(1)
    expect(await page.getByTestId('livestock-batch-done').innerText()).toBe('끝났습니다: 1건 반영, 1건 거절.')
    const calf = await api(l.node, 'GET', `/api/v1/livestock/animals/${CSV_CALF}`)
    expect(calf.body.head).toMatchObject({ mother: COW, site: FARM, tagged: null })
    expect(await page.getByTestId('livestock-batch').innerText()).not.toMatch(RAW_LIVESTOCK)
  })
})
