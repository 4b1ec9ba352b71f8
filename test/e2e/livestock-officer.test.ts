/// <reference lib="dom" />
/**
 * The livestock officer traces an outbreak (issue 13 item 5, docs/adr/0046) in Chromium against a running node: a small
 * chain seeded with the CLI (two farms kept by one farmer, a slaughterhouse; four calves born, tagged, one moved to
 * the other farm), then in the app the officer — key made in the app, role granted by the administrator — traces from
 * the moved calf over ten days at depth 2, sees the graph and the tables (every calf, both farms), downloads the CSV,
 * chooses the farms and signs a standstill order from the result (confirmed by retyping its number); a move from one
 * of those farms is then refused. No code, tx type or payload key shows on the screen.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withCheckDigit } from '../../src/ledger/registries/livestock/portable/identifiers'
import { type StartedNode, api, cli, startNode, stopAll, tempHome } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { closeNotifications, confirmIrreversible, createKey, unlockKey } from './keys-ui'
import { LONG, setLanguage } from './land-setup'

const RAW = /livestock\.\w|LIVESTOCK_[A-Z_]+|livestockTrace\.|\bslaughterhouse\b|\bfmd\b/
const PASS = 'officer pass 7'
const FARM_A = '100001'
const FARM_B = '100002'
const HOUSE = '300001'
const CALVES = [1, 2, 3, 4].map((n) => withCheckDigit(`0021000000${n}`))
const day = (back: number): string => new Date(Date.now() + 9 * 3_600_000 - back * 86_400_000).toISOString().slice(0, 10)

describe('the officer traces an outbreak and issues standstill orders from the result', () => {
  let node: StartedNode
  let home: string
  let dir: { dir: string; cleanup: () => void }
  let browser: Browser
  let page: Page
  let officer = ''

  /** a CLI key signs a transaction and submits it, waiting for the node's decision: its JSON answer and exit code */
  const send = (key: string, type: string, payload: unknown): { code: number; out: string } => {
    const f = join(dir.dir, `tx-${Math.random().toString(36).slice(2)}.json`)
    writeFileSync(`${f}.payload`, JSON.stringify(payload))
    const s = cli(['tx', 'sign', '--home', home, '--key', key, '--type', type, '--payload-file', `${f}.payload`, '--out', f, '--json'])
    expect(s.code, s.stdout + s.stderr).toBe(0)
    const r = cli(['tx', 'submit', f, '--home', home, '--wait', '--json'])
    return { code: r.code, out: r.stdout + r.stderr + readFileSync(f, 'utf8') }
  }
  const ok = (key: string, type: string, payload: unknown): void => {
    const r = send(key, type, payload)
    expect(r.code, r.out).toBe(0)
  }

  beforeAll(async () => {
    ensureUiBuilt()
    dir = tempHome()
    home = join(dir.dir, 'node')
    expect(cli(['init', '--home', home, '--heartbeat-ms', '300', '--agency-id', 'mafra', '--agency-name', '농림축산식품부', '--json']).code).toBe(0)
    node = await startNode(home, ['--ui'])
    const keys: Record<string, string> = {}
    for (const name of ['registrar', 'farmer', 'tagger', 'butcher']) {
      const k = cli(['keys', 'create', '--home', home, '--name', name, '--json'])
      expect(k.code, k.stderr).toBe(0)
      keys[name] = k.json.publicKey
    }
    for (const [name, role] of [['registrar', 'livestock-officer'], ['farmer', 'farmer'], ['tagger', 'tagger'], ['butcher', 'slaughterhouse']] as const) {
      const g = cli(['role', 'grant', '--home', home, '--subject', keys[name]!, '--role', role, '--label', name, '--json'])
      expect(g.code, g.stdout + g.stderr).toBe(0)
    }
    const site = (code: string, kind: string, name: string, area: string, keeper: string) => ({ site: code, kind, name, area, address: '경상북도 안동시 풍산읍', keepers: [keeper] })
    ok('registrar', 'livestock.site.register', site(FARM_A, 'farm', '햇살한우농장', '4717025021', keys.farmer!))
    ok('registrar', 'livestock.site.register', site(FARM_B, 'farm', '푸른목장', '4717031022', keys.farmer!))
    ok('registrar', 'livestock.site.register', site(HOUSE, 'slaughterhouse', '안동도축장', '4717025000', keys.butcher!))
    for (const [i, calf] of CALVES.entries()) {
      ok('farmer', 'livestock.birth', { animal: calf, farm: i === 3 ? FARM_B : FARM_A, date: day(3), breed: 'hanwoo', sex: 'female' })
      ok('tagger', 'livestock.tag', { animal: calf, date: day(2) })
    }
    // the first calf moves from farm A to farm B today (one farmer keeps both: signed alone)
    ok('farmer', 'livestock.move', { animals: [CALVES[0]], from: FARM_A, to: FARM_B, date: day(0) })

    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 1100 }, locale: 'ko-KR', acceptDownloads: true })
    await page.goto(`${node.url}/#token=${node.token}`)
  }, 10 * 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    dir?.cleanup()
  })

  it('the officer makes a key in the app; the administrator grants the role', { timeout: 180_000 }, async () => {
    officer = await createKey(page, '축산과 이정민', PASS, [])
    const g = cli(['role', 'grant', '--home', home, '--subject', officer, '--role', 'livestock-officer', '--label', '축산과 이정민', '--json'])
    expect(g.code, g.stdout + g.stderr).toBe(0)
    await page.reload()
    await closeNotifications(page)
    await setLanguage(page, 'ko')
  })

  it('traces from the moved calf: the graph, the tables, the CSV', { timeout: 240_000 }, async () => {
    await unlockKey(page, officer, PASS)
    await page.getByTestId('nav-livestock').click()
    await page.evaluate(() => (location.hash = '#/livestock/trace'))
    const screen = page.getByTestId('livestock-trace')
    await expect.poll(() => screen.count(), LONG).toBe(1)
    await screen.getByTestId('livestock-trace-number').fill('12345')
    await screen.getByTestId('livestock-trace-run').click()
    await expect.poll(() => screen.innerText(), LONG).toContain('이력번호는 12자리 숫자입니다.')

    await screen.getByTestId('livestock-trace-number').fill(CALVES[0]!)
    await screen.getByTestId('livestock-trace-from').fill(day(10))
    await screen.getByTestId('livestock-trace-to').fill(day(0))
    await screen.getByTestId('livestock-trace-run').click()
    const summary = screen.getByTestId('livestock-trace-summary')
    // the calf met the two others on farm A, then the fourth on farm B (the index follows the blocks: wait for it)
    await expect.poll(async () => ((await summary.count()) > 0 ? summary.getAttribute('data-animals') : null), LONG).toBe('4')
    expect(await summary.getAttribute('data-farms')).toBe('2')
    expect(await summary.innerText()).toContain('소 4마리, 농장 2곳')
    const graph = screen.getByTestId('livestock-trace-graph')
    expect(await graph.getAttribute('data-nodes')).toBe('4')
    await expect.poll(() => graph.locator('canvas').count(), LONG).toBeGreaterThan(0)
    const animals = await screen.getByTestId('livestock-trace-animal').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-animal')))
    expect([...animals].sort()).toEqual([...CALVES].sort())
    const sites = await screen.getByTestId('livestock-trace-site').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-site')))
    expect([...sites].sort()).toEqual([FARM_A, FARM_B])
    expect(await screen.getByTestId('livestock-trace-history').innerText()).toContain(FARM_A)

    const [download] = await Promise.all([page.waitForEvent('download'), screen.getByTestId('livestock-trace-csv').click()])
    const csv = readFileSync((await download.path())!, 'utf8')
    expect(csv).toContain('이력번호')
    for (const calf of CALVES) expect(csv).toContain(calf)
    expect(await screen.innerText()).not.toMatch(RAW)

    // the same trace and the dashboard on the command line, with the CSV
    const tr = cli(['livestock', 'trace', '--home', home, '--animal', CALVES[0]!, '--from', day(10), '--to', day(0), '--depth', '2', '--json'])
    expect(tr.code, tr.stdout + tr.stderr).toBe(0)
    expect(tr.json.counts.animals).toBe(4)
    const human = cli(['livestock', 'trace', '--home', home, '--site', FARM_B, '--from', day(0), '--to', day(0), '--depth', '1', '--lang', 'ko'])
    expect(human.code, human.stderr).toBe(0)
    expect(human.stdout).toContain('소 2마리')
    const csvFile = join(dir.dir, 'dash.csv')
    const dash = cli(['livestock', 'dashboard', '--home', home, '--region', '47', '--csv', csvFile, '--lang', 'en'])
    expect(dash.code, dash.stderr).toBe(0)
    expect(dash.stdout).toContain('As of')
    expect(readFileSync(csvFile, 'utf8')).toContain('By month')
  })

  it('turns the farms reached into a standstill order, after which a move from them is refused', { timeout: 240_000 }, async () => {
    const screen = page.getByTestId('livestock-trace')
    await screen.getByTestId('livestock-trace-choose-farms').click()
    const form = screen.getByTestId('livestock-trace-standstill')
    await form.getByTestId('livestock-trace-order').fill('FMD-TRACE-1')
    await form.getByTestId('livestock-trace-reason').fill('구제역 의심 개체와 접촉')
    const result = screen.getByTestId('livestock-trace-standstill-result')
    await form.getByTestId('livestock-trace-standstill-submit').click()
    // the places are named in the confirmation, not given as bare numbers
    const dialog = page.getByTestId('livestock-trace-confirm')
    await expect.poll(() => dialog.isVisible(), LONG).toBe(true)
    expect(await dialog.innerText()).toContain('햇살한우농장')
    expect(await confirmIrreversible(page, 'livestock-trace-confirm')).toBe('FMD-TRACE-1')
    await expect.poll(async () => ((await result.count()) > 0 ? result.getAttribute('data-status') : null), LONG).toBe('committed')

    const standstills = await api(node, 'GET', '/api/v1/livestock/standstills')
    const targets = (standstills.body.standstills as Array<{ order: string; target: { site?: string } }>).filter((s) => s.order === 'FMD-TRACE-1').map((s) => s.target.site)
    expect(targets.sort()).toEqual([FARM_A, FARM_B])
    const moved = send('farmer', 'livestock.move', { animals: [CALVES[1]], from: FARM_A, to: FARM_B, date: day(0) })
    expect(moved.code).not.toBe(0)
    expect(moved.out).toContain('LIVESTOCK_STANDSTILL')
    expect(await screen.innerText()).not.toMatch(RAW)
  })

  it('the dashboard names the farm of a late report beside its number', { timeout: 180_000 }, async () => {
    // a calf born 9 days ago reported today: 4 days late, on farm A
    const late = withCheckDigit('00210000009')
    ok('farmer', 'livestock.birth', { animal: late, farm: FARM_A, date: day(9), breed: 'hanwoo', sex: 'male' })
    await page.evaluate(() => (location.hash = '#/livestock/dashboard'))
    const screen = page.getByTestId('livestock-dashboard')
    await expect.poll(() => screen.count(), LONG).toBe(1)
    await screen.getByTestId('livestock-dashboard-show').click()
    const row = screen.locator(`[data-testid="livestock-dashboard-late-row"][data-animal="${late}"]`)
    await expect.poll(() => row.count(), LONG).toBe(1)
    expect((await row.getByTestId('livestock-dashboard-site').innerText()).trim()).toBe(`햇살한우농장 (${FARM_A})`)
    expect(await screen.innerText()).not.toMatch(RAW)
  })
})
