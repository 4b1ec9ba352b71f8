/// <reference lib="dom" />
/**
 * From the slaughterhouse to the shop in Chromium against a running node (issue 13, docs/adr/0041), in English then
 * Korean: two tagged animals on a farm (registered, born and tagged with the CLI); the slaughterhouse's keeper reports
 * each slaughter with its inspection and DNA sample, confirmed by retyping the number; the grader grades them (an
 * ungraded carcass takes no yield grade; grading one twice is refused in words, with what to do); the packer packs
 * both into one mixed pack (asked for a bundle number until given one); the shop sells the bundle. Each step is in
 * both animals' histories as the node answers them.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withCheckDigit } from '../../src/ledger/registries/livestock/portable/identifiers'
import { api, stopAll } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { closeNotifications, createKey, unlockKey } from './keys-ui'
import { LONG, setLanguage } from './land-setup'
import { type LivestockNode, RAW_LIVESTOCK, decided, grant, livestockNode, openScreen, report, reportKind, signed } from './livestock-report-setup'

const PASS = { slaughter: 'slaughter pass 1', grader: 'grader pass 2', packer: 'packer pass 3', shop: 'shop pass 4' }
const STEER = withCheckDigit('00287654321')
const HEIFER = withCheckDigit('00287654322')
const FARM = '200001'
const HOUSE = '300001'
const PACKER = '400001'
const SHOP = '500001'
const BUNDLE = 'L12612030001001'
const today = (): string => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10)

describe('the slaughterhouse, the grader, the packer and the shop', () => {
  let l: LivestockNode
  let browser: Browser
  let page: Page
  const k: Record<keyof typeof PASS, string> = { slaughter: '', grader: '', packer: '', shop: '' }

  beforeAll(async () => {
    ensureUiBuilt()
    l = await livestockNode(['officer', 'farmer', 'tagger'])
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 1100 }, locale: 'en-US' })
    await page.goto(`${l.node.url}/#token=${l.node.token}`)
  }, 10 * 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    l?.cleanup()
  })

  it('the businesses’ keys are made in the app; the farm’s animals are born and tagged (CLI)', { timeout: 240_000 }, async () => {
    const known: string[] = []
    for (const [who, name] of [['slaughter', 'Anseong slaughterhouse'], ['grader', 'Grader Yoon'], ['packer', 'Meat packer Kang'], ['shop', 'Butcher Seo']] as const) {
      k[who] = await createKey(page, name, PASS[who], known)
      known.push(k[who])
    }
    grant(l, l.keys.officer!, 'livestock-officer', '축산과')
    grant(l, l.keys.farmer!, 'farmer', '농장')
    grant(l, l.keys.tagger!, 'tagger', '귀표')
    grant(l, k.slaughter, 'slaughterhouse', '도축장')
    grant(l, k.grader, 'grader', '등급판정')
    grant(l, k.packer, 'packer', '포장')
    grant(l, k.shop, 'shop', '판매점')
    const site = (site: string, kind: string, name: string, keeper: string) => ({ site, kind, name, area: '4155025021', address: '경기도 안성시 일죽면 1', keepers: [keeper] })
    signed(l, 'officer', 'livestock.site.register', site(FARM, 'farm', '일죽한우농장', l.keys.farmer!))
    signed(l, 'officer', 'livestock.site.register', site(HOUSE, 'slaughterhouse', '안성도축장', k.slaughter))
    signed(l, 'officer', 'livestock.site.register', site(PACKER, 'packer', '강식육포장', k.packer))
    signed(l, 'officer', 'livestock.site.register', site(SHOP, 'shop', '서정육점', k.shop))
    for (const animal of [STEER, HEIFER]) {
      signed(l, 'farmer', 'livestock.birth', { animal, farm: FARM, date: today(), breed: 'hanwoo', sex: animal === STEER ? 'castrated' : 'female' })
      signed(l, 'tagger', 'livestock.tag', { animal, date: today() })
    }
    await page.reload()
    await closeNotifications(page)
    await setLanguage(page, 'en')
  })

  it('the slaughterhouse reports both slaughters, each confirmed by retyping its number', { timeout: 180_000 }, async () => {
    await unlockKey(page, k.slaughter, PASS.slaughter)
    await openScreen(page, 'livestock-report')
    expect(await reportKind(page).locator('option').allInnerTexts()).toEqual(['Slaughter'])
    const form = page.getByTestId('livestock-report-form')
    // the slaughterhouse this key keeps is filled in
    await expect.poll(() => form.getByTestId('livestock-report-slaughterhouse').inputValue(), LONG).toBe(HOUSE)
    for (const [animal, sample] of [[STEER, 'DNA-2026-0001'], [HEIFER, 'DNA-2026-0002']] as const) {
      await form.getByTestId('livestock-report-animal').fill(animal)
      await form.getByTestId('livestock-report-slaughterhouse').fill(HOUSE)
      await expect.poll(() => form.innerText(), LONG).toContain('안성도축장 · Slaughterhouse')
      await form.getByTestId('livestock-report-inspection').selectOption('pass')
      await form.getByTestId('livestock-report-dnaSample').fill('x')
      await expect.poll(() => form.innerText(), LONG).toContain('Letters, digits and dashes, 3 to 40 characters.')
      await form.getByTestId('livestock-report-dnaSample').fill(sample)
      const result = page.getByTestId('livestock-report-result')
      const before = (await result.count()) > 0 ? await result.getAttribute('data-hash') : null
      await form.getByTestId('livestock-report-submit').click()
      const confirm = page.getByTestId('livestock-report-confirm')
      await expect.poll(() => confirm.isVisible(), LONG).toBe(true)
      expect(await confirm.innerText()).toContain('This report cannot be undone')
      expect((await confirm.getByTestId('livestock-report-confirm-expected').innerText()).trim()).toBe(animal)
      // a number one digit off does not confirm
      await confirm.getByTestId('livestock-report-confirm-input').fill(animal.slice(0, -1))
      expect(await confirm.getByTestId('livestock-report-confirm-confirm').isDisabled()).toBe(true)
      await confirm.getByTestId('livestock-report-confirm-input').fill(animal)
      await confirm.getByTestId('livestock-report-confirm-input').press('Enter')
      await expect.poll(async () => ((await result.getAttribute('data-hash')) !== before ? result.getAttribute('data-status') : null), LONG).toBe('committed')
      const a = await api(l.node, 'GET', `/api/v1/livestock/animals/${animal}`)
      expect(a.body.head).toMatchObject({ status: 'slaughtered', slaughter: { site: HOUSE, inspection: 'pass', dnaSample: sample } })
    }
    expect(await page.getByTestId('livestock-report').innerText()).not.toMatch(RAW_LIVESTOCK)
  })

  it('the grader grades both; an ungraded carcass takes no yield grade; grading twice is refused in words', { timeout: 180_000 }, async () => {
    await unlockKey(page, k.grader, PASS.grader)
    await openScreen(page, 'livestock-report')
    const form = page.getByTestId('livestock-report-form')
    await form.getByTestId('livestock-report-animal').fill(STEER)
    await form.getByTestId('livestock-report-quality').selectOption('1++')
    await form.getByTestId('livestock-report-yield').selectOption('A')
    await form.getByTestId('livestock-report-weightKg').fill('432.55')
    await expect.poll(() => form.innerText(), LONG).toContain('A weight in kg, with at most one decimal')
    await form.getByTestId('livestock-report-weightKg').fill('432.5')
    await report(page, 'committed')

    await form.getByTestId('livestock-report-animal').fill(HEIFER)
    await form.getByTestId('livestock-report-quality').selectOption('D')
    await expect.poll(() => form.getByTestId('livestock-report-yield').count(), LONG).toBe(0)
    await form.getByTestId('livestock-report-weightKg').fill('310')
    await report(page, 'committed')

    // the steer again: refused by the node, in words, with what to do
    await form.getByTestId('livestock-report-animal').fill(STEER)
    await form.getByTestId('livestock-report-quality').selectOption('1')
    await expect.poll(() => form.getByTestId('livestock-report-yield').count(), LONG).toBe(1)
    await report(page, 'rejected')
    expect(await page.getByTestId('livestock-report-result').getByTestId('error-sentence').innerText()).toContain('The carcass has already been graded.')
    expect(await page.getByTestId('livestock-report-todo').innerText()).toBe('The grade is already recorded: nothing more to report.')
    const steer = await api(l.node, 'GET', `/api/v1/livestock/animals/${STEER}`)
    expect(steer.body.head.grade).toEqual({ quality: '1++', yield: 'A', weightKg: '432.5' })
    const heifer = await api(l.node, 'GET', `/api/v1/livestock/animals/${HEIFER}`)
    expect(heifer.body.head.grade).toEqual({ quality: 'D', yield: null, weightKg: '310' })
  })

  it('the packer packs both into a mixed pack, asked for a bundle number until given one; in Korean', { timeout: 180_000 }, async () => {
    await unlockKey(page, k.packer, PASS.packer)
    await setLanguage(page, 'ko')
    await openScreen(page, 'livestock-report')
    expect(await reportKind(page).locator('option').allInnerTexts()).toEqual(['포장'])
    const form = page.getByTestId('livestock-report-form')
    await form.getByTestId('livestock-report-packer').fill(PACKER)
    await form.getByTestId('livestock-report-animals').fill(STEER)
    expect(await form.getByTestId('livestock-report-bundle').count()).toBe(0)
    await form.getByTestId('livestock-report-animals').fill(`${STEER}\n${HEIFER}`)
    await form.getByTestId('livestock-report-cut').selectOption('mixed')
    // sent to the shop: only it may sell the pack
    await form.getByTestId('livestock-report-shop').fill(SHOP)
    await expect.poll(() => form.innerText(), LONG).toContain('서정육점 · 판매점')
    await expect.poll(() => form.getByTestId('livestock-report-bundle').count(), LONG).toBe(1)
    await form.getByTestId('livestock-report-submit').click()
    await expect.poll(() => form.innerText(), LONG).toContain('이 칸을 채우십시오.')
    expect(await page.getByTestId('livestock-report-fix').innerText()).toBe('표시된 칸을 고친 뒤 다시 보내십시오.')
    expect(await page.getByTestId('livestock-report-result').count()).toBe(0)
    await form.getByTestId('livestock-report-bundle').fill('L1261203')
    await expect.poll(() => form.innerText(), LONG).toContain('묶음번호는 L과 14자리 숫자입니다.')
    await form.getByTestId('livestock-report-bundle').fill(BUNDLE)
    await report(page, 'committed')
    const b = await api(l.node, 'GET', `/api/v1/livestock/bundles/${BUNDLE}`)
    expect(b.status).toBe(200)
    expect(b.body.bundle).toMatchObject({ bundle: BUNDLE, packer: PACKER, cut: 'mixed', animals: [STEER, HEIFER] })
    expect((await api(l.node, 'GET', `/api/v1/livestock/animals/${STEER}`)).body.events.at(-1)).toMatchObject({ kind: 'pack', detail: { shop: SHOP } })
    expect(await page.getByTestId('livestock-report').innerText()).not.toMatch(RAW_LIVESTOCK)
  })

  it('the shop sells the bundle; both animals’ histories run from birth to sale', { timeout: 180_000 }, async () => {
    await unlockKey(page, k.shop, PASS.shop)
    await openScreen(page, 'livestock-report')
    const form = page.getByTestId('livestock-report-form')
    await form.getByTestId('livestock-report-shop').fill(SHOP)
    await expect.poll(() => form.innerText(), LONG).toContain('서정육점 · 판매점')
    await form.getByTestId('livestock-report-number').fill('L12')
    await expect.poll(() => form.innerText(), LONG).toContain('12자리 이력번호나 L로 시작하는 묶음번호를 적으십시오.')
    await form.getByTestId('livestock-report-number').fill(BUNDLE.toLowerCase())
    // by keyboard: Enter in the field signs and sends the report
    expect(await decided(page, 'livestock-report-result', () => form.getByTestId('livestock-report-number').press('Enter'))).toBe('committed')
    for (const animal of [STEER, HEIFER]) {
      const a = await api(l.node, 'GET', `/api/v1/livestock/animals/${animal}`)
      expect(a.body.events.map((e: { kind: string }) => e.kind)).toEqual(['birth', 'tag', 'slaughter', 'grade', 'pack', 'sale'])
      expect(a.body.events.at(-1)).toMatchObject({ kind: 'sale', site: SHOP, detail: { bundle: BUNDLE } })
    }
  })
})
