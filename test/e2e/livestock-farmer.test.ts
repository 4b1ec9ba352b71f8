/// <reference lib="dom" />
/**
 * The farmer's journey in Chromium against a running node (issue 13, docs/adr/0041), in Korean then English: a
 * livestock officer registers two farms with their keepers' keys on "Farms and businesses"; the first farm's farmer
 * reports a calf's birth (the number's check digit refused as typed; the same birth reported again is refused in words
 * with what to do); an ear tagger tags it; the farmer moves it to the other farm — signed, handed over as a file, the
 * move shown as waiting until the other farm's keeper imports it, co-signs and sends it, then as recorded; a vet
 * vaccinates it (in English). Each step is in the animal's history as the node answers it. Every key is made in the
 * app (as each person would on their own machine); the roles are granted with the CLI by the agency's administrator.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withCheckDigit } from '../../src/ledger/registries/livestock/portable/identifiers'
import { ROOT, api, stopAll } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { closeNotifications, confirmIrreversible, createKey, unlockKey } from './keys-ui'
import { LONG, cosignInOutbox, setLanguage } from './land-setup'
import { type LivestockNode, RAW_LIVESTOCK, decided, grant, livestockNode, openScreen, report, reportKind } from './livestock-report-setup'

const PASS = { officer: 'officer pass 1', farmerA: 'farmer a pass 2', farmerB: 'farmer b pass 3', tagger: 'tagger pass 4', vet: 'vet pass 5' }
const CALF = withCheckDigit('00212345678')
/** the calf's number with its check digit off by one */
const TYPO = CALF.slice(0, 11) + String((Number(CALF[11]) + 1) % 10)
const FARM_A = '100001'
const FARM_B = '100002'

describe("the farmer's journey: farms registered, a birth, a tag, a co-signed move, a vaccination", () => {
  let l: LivestockNode
  let browser: Browser
  let page: Page
  const k: Record<keyof typeof PASS, string> = { officer: '', farmerA: '', farmerB: '', tagger: '', vet: '' }

  beforeAll(async () => {
    ensureUiBuilt()
    l = await livestockNode()
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 1100 }, locale: 'ko-KR', acceptDownloads: true })
    await page.goto(`${l.node.url}/#token=${l.node.token}`)
  }, 10 * 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    l?.cleanup()
  })

  it('makes each person’s key in the app; the administrator grants their roles', { timeout: 240_000 }, async () => {
    const known: string[] = []
    for (const [who, name] of [['officer', '축산과 이정민'], ['farmerA', '햇살농장 김농부'], ['farmerB', '푸른농장 박농부'], ['tagger', '귀표 부착 최담당'], ['vet', '수의사 한지원']] as const) {
      k[who] = await createKey(page, name, PASS[who], known)
      known.push(k[who])
    }
    grant(l, k.officer, 'livestock-officer', '축산과 이정민')
    grant(l, k.farmerA, 'farmer', '햇살농장')
    grant(l, k.farmerB, 'farmer', '푸른농장')
    grant(l, k.tagger, 'tagger', '귀표 부착')
    grant(l, k.vet, 'vet', '수의사')
    await page.reload()
    await closeNotifications(page)
    await setLanguage(page, 'ko')
  })

  it('the officer registers the two farms with their keepers, each field checked in words', { timeout: 180_000 }, async () => {
    await unlockKey(page, k.officer, PASS.officer)
    await openScreen(page, 'livestock-sites')
    const form = page.getByTestId('livestock-site-register')
    await form.getByTestId('livestock-site-number').fill('10001')
    await form.getByTestId('livestock-site-area').fill('47170')
    await form.getByTestId('livestock-site-keepers').fill('not a key')
    await expect.poll(() => form.innerText(), LONG).toContain('농장·업소 번호는 6자리 숫자입니다.')
    expect(await form.innerText()).toContain('법정동 코드는 10자리 숫자입니다.')
    expect(await form.innerText()).toContain('1번째 줄: 공개 키는 64자리 16진수입니다.')
    await form.getByTestId('livestock-site-register-submit').click()
    await expect.poll(() => form.innerText(), LONG).toContain('이 칸을 채우십시오.')
    expect(await page.getByTestId('livestock-site-register-result').count()).toBe(0)

    for (const [site, name, keeper] of [[FARM_A, '햇살한우농장', k.farmerA], [FARM_B, '푸른목장', k.farmerB]] as const) {
      await form.getByTestId('livestock-site-number').fill(site)
      await form.getByTestId('livestock-site-kind').selectOption('farm')
      await form.getByTestId('livestock-site-name').fill(name)
      await form.getByTestId('livestock-site-area').fill('4717012300')
      await form.getByTestId('livestock-site-address').fill('경상북도 안동시 풍산읍 소산리 12')
      await form.getByTestId('livestock-site-keepers').fill(keeper)
      expect(await decided(page, 'livestock-site-register-result', () => form.getByTestId('livestock-site-register-submit').click())).toBe('committed')
      const s = await api(l.node, 'GET', `/api/v1/livestock/sites/${site}`)
      expect(s.status).toBe(200)
      expect(s.body.site).toMatchObject({ site, kind: 'farm', name, keepers: [keeper], closed: false })
    }
    expect(await page.getByTestId('livestock-sites').innerText()).not.toMatch(RAW_LIVESTOCK)
  })

  it('the farmer reports the birth: the check digit refused as typed; the same birth again refused in words, with what to do', { timeout: 180_000 }, async () => {
    await unlockKey(page, k.farmerA, PASS.farmerA)
    await openScreen(page, 'livestock-report')
    const form = page.getByTestId('livestock-report-form')
    // a farmer is offered a farmer's reports, a birth first
    expect(await reportKind(page).locator('option').allInnerTexts()).toEqual(['출생', '이동(양도·양수)', '폐사', '수입', '수출'])
    expect(await form.getAttribute('data-kind')).toBe('birth')
    await form.getByTestId('livestock-report-animal').fill(TYPO)
    await expect.poll(() => form.innerText(), LONG).toContain('이력번호의 마지막 자리(검증 숫자)가 맞지 않습니다')
    await form.getByTestId('livestock-report-animal').fill(`${CALF.slice(0, 3)} ${CALF.slice(3, 7)} ${CALF.slice(7, 11)} ${CALF[11]}`)
    // the farm this key keeps is filled in
    await expect.poll(() => form.getByTestId('livestock-report-farm').inputValue(), LONG).toBe(FARM_A)
    await expect.poll(() => form.innerText(), LONG).toContain('햇살한우농장 · 농장')
    expect(await form.innerText()).not.toContain('검증 숫자')
    await form.getByTestId('livestock-report-breed').selectOption('hanwoo')
    await form.getByTestId('livestock-report-sex').selectOption('female')
    await report(page, 'committed')

    // the same report is not signed twice; the same calf born again (as a male) is refused by the node, in words, with what to do
    expect(await form.getByTestId('livestock-report-submit').isDisabled()).toBe(true)
    expect(await page.getByTestId('livestock-report-already').count()).toBe(1)
    await form.getByTestId('livestock-report-sex').selectOption('male')
    await form.getByTestId('livestock-report-submit').click()
    const result = page.getByTestId('livestock-report-result')
    await expect.poll(() => result.getAttribute('data-status'), LONG).toBe('rejected')
    expect(await result.getByTestId('error-sentence').innerText()).toContain('이 이력번호의 소가 이미 등록되어 있습니다.')
    expect(await page.getByTestId('livestock-report-todo').innerText()).toContain('이미 신고된 소입니다')
    expect(await page.getByTestId('livestock-report').innerText()).not.toMatch(RAW_LIVESTOCK)
  })

  it('the tagger tags the calf', { timeout: 120_000 }, async () => {
    await unlockKey(page, k.tagger, PASS.tagger)
    await openScreen(page, 'livestock-report')
    expect(await reportKind(page).locator('option').allInnerTexts()).toEqual(['출생', '귀표 부착'])
    await reportKind(page).selectOption('tag')
    const form = page.getByTestId('livestock-report-form')
    await expect.poll(() => form.getAttribute('data-kind'), LONG).toBe('tag')
    await form.getByTestId('livestock-report-animal').fill(CALF)
    await report(page, 'committed')
  })

  it('the farmer moves it to the other farm: signed, waiting, handed over as a file; the other farm’s keeper co-signs; recorded', { timeout: 240_000 }, async () => {
    await unlockKey(page, k.farmerA, PASS.farmerA)
    await openScreen(page, 'livestock-report')
    await reportKind(page).selectOption('move')
    const form = page.getByTestId('livestock-report-form')
    await expect.poll(() => form.getAttribute('data-kind'), LONG).toBe('move')
    await form.getByTestId('livestock-report-animals').fill(CALF)
    await form.getByTestId('livestock-report-from').fill(FARM_A)
    await form.getByTestId('livestock-report-to').fill(FARM_A)
    await expect.poll(() => form.innerText(), LONG).toContain('보내는 곳과 받는 곳이 같습니다.')
    await form.getByTestId('livestock-report-to').fill(FARM_B)
    // the receiving farm read: its keeper offered as the co-signer, by the name this device knows the key by
    await expect.poll(() => form.getByTestId('livestock-report-toKeeper').inputValue(), LONG).toBe(k.farmerB)
    expect(await form.innerText()).toContain('푸른목장 · 농장')
    await form.getByTestId('livestock-report-submit').click()
    await expect.poll(() => page.getByTestId('livestock-report-made').count(), LONG).toBe(1)
    const move = page.getByTestId('livestock-move')
    await expect.poll(() => move.getAttribute('data-state'), LONG).toBe('waiting')
    expect(await move.innerText()).toContain('받는 곳의 서명을 기다립니다')
    expect(await move.innerText()).toContain(`${FARM_A} → ${FARM_B}`)

    await page.getByTestId('livestock-report-to-outbox').click()
    const act = page.getByTestId('act-item')
    await expect.poll(() => act.count(), LONG).toBe(1)
    const [download] = await Promise.all([page.waitForEvent('download'), act.getByTestId('act-export').click()])
    const file = l.file('move-act.json')
    await download.saveAs(file)
    const text = readFileSync(file, 'utf8')
    const parsed = JSON.parse(text)
    expect(parsed.type).toBe('livestock.move')
    expect(parsed.signer).toBe(k.farmerA)
    expect(parsed.cosigners).toEqual([{ key: k.farmerB, sig: null }])
    expect(parsed.payload).toMatchObject({ animals: [CALF], from: FARM_A, to: FARM_B })
    // the file goes to the other farm (the act leaves this device's list, as it would on another machine)
    await act.getByTestId('act-remove').click()
    await expect.poll(() => act.count(), LONG).toBe(0)

    await unlockKey(page, k.farmerB, PASS.farmerB)
    await cosignInOutbox(page, text, 'livestock.move')
    // the receiving farmer's report screen shows the move recorded
    await openScreen(page, 'livestock-report')
    await expect.poll(() => page.getByTestId('livestock-move').getAttribute('data-state'), LONG).toBe('committed')
    expect(await page.getByTestId('livestock-move').innerText()).toMatch(/블록 \d+에 기록되었습니다/)
    const a = await api(l.node, 'GET', `/api/v1/livestock/animals/${CALF}`)
    expect(a.body.head.site).toBe(FARM_B)
  })

  it('the vet vaccinates it, in English; the history holds every step in order', { timeout: 180_000 }, async () => {
    await unlockKey(page, k.vet, PASS.vet)
    await setLanguage(page, 'en')
    await openScreen(page, 'livestock-report')
    expect(await reportKind(page).locator('option').allInnerTexts()).toEqual(['Vaccination', 'Disease test', 'Death'])
    const form = page.getByTestId('livestock-report-form')
    await form.getByTestId('livestock-report-animals').fill(`${CALF}\n${TYPO}`)
    await expect.poll(() => form.innerText(), LONG).toContain('Line 2: the last digit (the check digit) does not match.')
    await form.getByTestId('livestock-report-animals').fill(CALF)
    await form.getByTestId('livestock-report-disease').selectOption('fmd')
    await form.getByTestId('livestock-report-product').fill('구제역 백신 O+A형')
    expect(await form.innerText()).toContain('Foot-and-mouth disease')
    await report(page, 'committed')
    expect(await page.getByTestId('livestock-report').innerText()).not.toMatch(RAW_LIVESTOCK)

    const a = await api(l.node, 'GET', `/api/v1/livestock/animals/${CALF}`)
    expect(a.status).toBe(200)
    expect(a.body.events.map((e: { kind: string }) => e.kind)).toEqual(['birth', 'tag', 'move', 'vaccination'])
    expect(a.body.head).toMatchObject({ status: 'alive', site: FARM_B, breed: 'hanwoo', sex: 'female' })
    expect(a.body.head.tagged).not.toBeNull()
    expect(a.body.events.find((e: { kind: string }) => e.kind === 'move').by).toBe(k.farmerA)
  })

  it('the officer orders a standstill on the second farm and an area, sees both in force, and lifts the farm’s; in Korean', { timeout: 180_000 }, async () => {
    await unlockKey(page, k.officer, PASS.officer)
    await setLanguage(page, 'ko')
    await openScreen(page, 'livestock-standstills')
    await expect.poll(() => page.getByTestId('livestock-standstills-none').count(), LONG).toBe(1)
    const form = page.getByTestId('livestock-standstill-place')
    await form.getByTestId('livestock-standstill-order').fill('FMD-2026-001')
    await form.getByTestId('livestock-standstill-targets').fill(`${FARM_B}\n4817`)
    await expect.poll(() => form.innerText(), LONG).toContain('2번째 줄: 농장·업소 번호(6자리)나 지역 코드')
    await form.getByTestId('livestock-standstill-targets').fill(`${FARM_B}\n48`)
    await expect.poll(() => form.innerText(), LONG).toContain('1곳의 농장·업소, 1곳의 지역')
    await form.getByTestId('livestock-standstill-disease').selectOption('fmd')
    await form.getByTestId('livestock-standstill-reason').fill('구제역 의심 신고')
    const placed = decided(page, 'livestock-standstill-result', async () => {
      await form.getByTestId('livestock-standstill-submit').click()
      // the farm is named in the confirmation, not only numbered
      const dialog = page.getByTestId('livestock-standstill-confirm')
      await expect.poll(() => dialog.isVisible(), LONG).toBe(true)
      await expect.poll(() => dialog.innerText(), LONG).toContain('푸른목장')
      expect(await confirmIrreversible(page, 'livestock-standstill-confirm')).toBe('FMD-2026-001')
    })
    expect(await placed).toBe('committed')
    const rows = page.getByTestId('livestock-standstill')
    await expect.poll(() => rows.count(), LONG).toBe(2)
    const farmRow = page.locator(`[data-testid="livestock-standstill"][data-target="${FARM_B}"]`)
    expect(await farmRow.innerText()).toContain('구제역')
    const site = await api(l.node, 'GET', `/api/v1/livestock/sites/${FARM_B}`)
    expect(site.body.standstills.map((x: { order: string }) => x.order)).toEqual(['FMD-2026-001'])

    await farmRow.getByTestId('livestock-standstill-lift').click()
    const lift = page.getByTestId('livestock-standstill-lift-form')
    await lift.getByTestId('livestock-standstill-lift-submit').click()
    await expect.poll(() => lift.innerText(), LONG).toContain('이 칸을 채우십시오.')
    await lift.getByTestId('livestock-standstill-lift-reason').fill('정밀검사 음성')
    const lifted = decided(page, 'livestock-standstill-lift-result', async () => {
      await lift.getByTestId('livestock-standstill-lift-submit').click()
      expect(await confirmIrreversible(page, 'livestock-standstill-confirm')).toBe('FMD-2026-001')
    })
    expect(await lifted).toBe('committed')
    await expect.poll(() => rows.count(), LONG).toBe(1)
    expect(await rows.first().getAttribute('data-target')).toBe('48')
    expect(await page.getByTestId('livestock-standstills').innerText()).not.toMatch(RAW_LIVESTOCK)
  })

  it('the officer renames the second farm, then closes it after retyping its number', { timeout: 120_000 }, async () => {
    await openScreen(page, 'livestock-sites')
    await page.getByTestId('livestock-site-read-number').fill(FARM_B)
    await page.getByTestId('livestock-site-read-number').press('Enter')
    const form = page.getByTestId('livestock-site-update')
    await expect.poll(() => form.count(), LONG).toBe(1)
    expect(await form.getByTestId('livestock-site-update-name').inputValue()).toBe('푸른목장')
    await form.getByTestId('livestock-site-update-submit').click()
    await expect.poll(() => form.innerText(), LONG).toContain('바뀐 것이 없습니다.')
    await form.getByTestId('livestock-site-update-name').fill('푸른목장 2호')
    expect(await decided(page, 'livestock-site-update-result', () => form.getByTestId('livestock-site-update-submit').click())).toBe('committed')
    await form.getByTestId('livestock-site-update-close').click()
    const closed = decided(page, 'livestock-site-update-result', async () => {
      await form.getByTestId('livestock-site-update-submit').click()
      expect(await confirmIrreversible(page, 'livestock-site-confirm')).toBe(FARM_B)
    })
    expect(await closed).toBe('committed')
    const s = await api(l.node, 'GET', `/api/v1/livestock/sites/${FARM_B}`)
    expect(s.body.site).toMatchObject({ name: '푸른목장 2호', closed: true, keepers: [k.farmerB] })
  })

  it('the report screen, pictured for the README', { timeout: 60_000 }, async () => {
    await unlockKey(page, k.farmerA, PASS.farmerA)
    await setLanguage(page, 'ko')
    await openScreen(page, 'livestock-report')
    const form = page.getByTestId('livestock-report-form')
    await form.getByTestId('livestock-report-animal').fill(withCheckDigit('00212345680'))
    await form.getByTestId('livestock-report-farm').fill(FARM_A)
    await expect.poll(() => form.innerText(), LONG).toContain('햇살한우농장 · 농장')
    await closeNotifications(page)
    await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'livestock-report.png') })
    // nothing was signed for the picture
    expect(await page.getByTestId('livestock-report-result').count()).toBe(0)
  })
})
