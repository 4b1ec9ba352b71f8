/// <reference lib="dom" />
/**
 * Offline reads, with their freshness said (issue 15 item 6, docs/adr/0066), in Chromium against a real consortium
 * of two validators on loopback: a land register, a calf's life, an election and blocks are written while both run;
 * on the first node's screens the freshness says as of which block and when, and that it has a peer. A screen that
 * does not follow new blocks (the calf) falls behind: the freshness says how many blocks and "show the latest" reads
 * it again. Then the other validator's process is killed by its PID: blocks stop (no quorum), and the first node's
 * land register, the calf, the election and the explorer still show their data, each saying it has had no peers for
 * a while and how old its last block is — in English and in Korean — and, past a minute, that no block has come.
 * A node that makes its blocks alone says it needs no peers.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withCheckDigit } from '../../src/ledger/registries/livestock/portable/identifiers'
import { api, cli, freeBase, startNode, stopAll, tempHome, waitFor, type StartedNode } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { LONG, OFFICE, holder, setLanguage } from './land-setup'

describe('reading screens with the network down', () => {
  const t = tempHome()
  let a: StartedNode
  let b: StartedNode
  let homeA = ''
  let browser: Browser
  let page: Page
  let register = ''
  let uuid = ''
  const calf = withCheckDigit('00250001234')
  const day = (ago: number): string => new Date(Date.now() + 9 * 3600_000 - ago * 86_400_000).toISOString().slice(0, 10)
  const status = async (n: StartedNode) => (await api(n, 'GET', '/api/v1/status')).body
  const file = (name: string, body: unknown): string => {
    const f = join(t.dir, name)
    writeFileSync(f, JSON.stringify(body))
    return f
  }
  const ok = (args: string[]): any => {
    const r = cli([...args, '--home', homeA, '--json'])
    expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(0)
    return r.json
  }
  const key = (name: string): string => ok(['keys', 'create', '--name', name]).publicKey as string
  const signed = (signer: string, type: string, payload: unknown): void => {
    const name = `${type}-${Math.random().toString(36).slice(2)}`
    const out = join(t.dir, `${name}.json`)
    ok(['tx', 'sign', '--key', signer, '--type', type, '--payload-file', file(`${name}.payload`, payload), '--out', out])
    ok(['tx', 'submit', out, '--wait'])
  }
  const open = async (hash: string, testid: string): Promise<void> => {
    await page.evaluate((h) => (location.hash = h), hash)
    await expect.poll(() => page.getByTestId(testid).count(), LONG).toBe(1)
  }
  const freshness = () => page.getByTestId('freshness')

  beforeAll(async () => {
    ensureUiBuilt()
    const base = await freeBase(8)
    const made = cli(['testnet', '--validators', '2', '--dir', t.dir, '--base-port', String(base), '--heartbeat-ms', '300', '--json'])
    expect(made.code, made.stderr).toBe(0)
    homeA = join(t.dir, 'node0')
    a = await startNode(homeA, ['--ui'])
    b = await startNode(join(t.dir, 'node1'))
    await waitFor(async () => (await status(a)).peers === 1 && (await status(a)).height >= 2, 120_000, 'the two validators making blocks')

    // a land register
    const registrar = key('registrar')
    const owner = key('owner')
    ok(['role', 'grant', '--subject', registrar, '--role', 'registrar', '--label', '등기관'])
    ok(['land', 'office', 'define', '--office', OFFICE, '--name', '서울중앙지방법원 등기국'])
    const head = { kind: 'land', location: { sido: '서울특별시', sigungu: '종로구', dong: '세종로', ri: null, mountain: false, main: 9, sub: 3 }, road: null, category: 'building-site', area: '330.00' }
    register = ok(['land', 'open', '--key', 'registrar', '--file', file('open.json', { office: OFFICE, head, owners: [holder('최오프', owner)], cause: 'new-building', causeOn: day(2) })]).number
    // a calf on a farm
    const officer = key('officer')
    const farmer = key('farmer')
    ok(['role', 'grant', '--subject', officer, '--role', 'livestock-officer', '--label', '방역관'])
    ok(['role', 'grant', '--subject', farmer, '--role', 'farmer', '--label', '농장주'])
    signed('officer', 'livestock.site.register', { site: '100001', kind: 'farm', name: '오프라인 농장', area: '4717025021', address: '경상북도 안동시 풍산읍', keepers: [farmer] })
    signed('farmer', 'livestock.birth', { animal: calf, farm: '100001', date: day(1), breed: 'hanwoo', sex: 'female' })
    // an election drafted
    const official = key('official')
    ok(['role', 'grant', '--subject', official, '--role', 'election-official', '--label', '선거 담당관'])
    uuid = ok([
      'election', 'draft', file('draft.json', {
        name: '오프라인 읽기 선거',
        description: '',
        questions: [{ question: '대표로 누구를 뽑으시겠습니까?', answers: ['김하나', '이두리'], min: 1, max: 1, blank: true }],
        voters: 3,
        votersHash: 'ab'.repeat(32),
        opens: Date.now() + 3_600_000,
        closes: Date.now() + 2 * 86_400_000,
        trustees: ['agency-0'],
        threshold: 1,
        credentialAuthority: 'agency-1',
      }),
      '--key', 'official',
    ]).uuid

    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' })
    await page.goto(`${a.url}/#token=${a.token}`)
  }, 10 * 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    t.cleanup()
  })

  it('says, while both validators run, as of which block a screen is and its peer; a screen left behind says so and reads again', { timeout: 180_000 }, async () => {
    await setLanguage(page, 'en')
    await open(`#/land/registers/${register}`, 'land-register')
    await expect.poll(() => freshness().getAttribute('data-network'), LONG).toBe('peers')
    expect(await page.getByTestId('freshness-network').innerText()).toBe('Connected to 1 peer.')
    await expect.poll(() => page.getByTestId('freshness-block').innerText(), LONG).toMatch(/^This screen is as of block [\d,]+, made \d+ seconds? ago \(.+\)\.$/)
    expect(await page.getByTestId('freshness-live').getAttribute('aria-live')).toBe('polite')

    // the calf's page reads once: as blocks come, it falls behind the node, says so, and reads again when asked
    await open(`#/livestock/animals/${calf}`, 'livestock-animal')
    await expect.poll(() => page.getByTestId('livestock-animal').innerText(), LONG).toContain('오프라인 농장')
    const behind = page.getByTestId('freshness-behind')
    await expect.poll(() => behind.count(), LONG).toBe(1)
    expect(await behind.innerText()).toMatch(/The node has [\d,]+ newer blocks? than this screen shows\./)
    expect(await freshness().getAttribute('data-warn')).toBe('true')
    const before = Number(await freshness().getAttribute('data-height'))
    await page.getByTestId('freshness-refresh').click()
    await expect.poll(async () => Number(await freshness().getAttribute('data-height')), LONG).toBeGreaterThan(before)
    await expect.poll(() => page.getByTestId('livestock-animal').innerText(), LONG).toContain('오프라인 농장')
  })

  it('reads the register, the calf, the election and the explorer with the other validator gone, saying since when and how old', { timeout: 400_000 }, async () => {
    const pid = b.proc.pid!
    const gone = new Promise<void>((r) => b.proc.once('exit', () => r()))
    process.kill(pid, 'SIGKILL')
    await gone
    await waitFor(async () => {
      const s = await status(a)
      return s.peers === 0 && typeof s.noPeersSince === 'number'
    }, 60_000, 'the first node without its peer')
    const stopped = (await status(a)).height as number

    const offline = async (): Promise<void> => {
      await expect.poll(() => freshness().getAttribute('data-network'), LONG).toBe('no-peers')
      await expect.poll(() => page.getByTestId('freshness-network').innerText(), LONG).toMatch(/^No peers for \d+ (seconds?|minutes?): what you see may be behind the consortium\.$/)
      expect(await page.getByTestId('freshness-block').innerText()).toMatch(/as of block [\d,]+, made \d+ (seconds?|minutes?) ago/)
      expect(Number(await freshness().getAttribute('data-height'))).toBeLessThanOrEqual(stopped + 1)
      expect(await freshness().getAttribute('data-warn')).toBe('true')
    }

    await open(`#/land/registers/${register}`, 'land-register')
    await expect.poll(() => page.getByTestId('land-register').innerText(), LONG).toContain('최오프')
    await offline()

    await open(`#/livestock/animals/${calf}`, 'livestock-animal')
    await expect.poll(() => page.getByTestId('livestock-animal').innerText(), LONG).toContain('오프라인 농장')
    await offline()

    await open(`#/elections/e/${uuid}`, 'elections-election')
    await expect.poll(() => page.getByTestId('elections-election').innerText(), LONG).toContain('오프라인 읽기 선거')
    await offline()

    await open('#/explorer', 'explorer-blocks')
    // the blocks that hold transactions (the explorer's default), each with its hash and proposer
    await expect.poll(() => page.getByTestId('explorer-blocks').innerText(), LONG).toMatch(/\n[\d,]+\t.+\t\d+\t[0-9a-f]{8}…[0-9a-f]{6}\t/)
    await offline()

    await setLanguage(page, 'ko')
    await expect.poll(() => page.getByTestId('freshness-network').innerText(), LONG).toMatch(/^피어 없이 \d+(초가|분이) 지났습니다: 보이는 내용이 컨소시엄보다 늦을 수 있습니다\.$/)
    expect(await page.getByTestId('freshness-block').innerText()).toMatch(/^이 화면은 블록 [\d,]+ 기준입니다 \(\d+(초|분) 전, .+에 만들어진 블록\)\.$/)
    // past a minute without a block (ten heartbeats, and at least a minute), the silence is said too
    const quiet = page.getByTestId('freshness-quiet')
    await expect.poll(() => quiet.count(), { timeout: 150_000 }).toBe(1)
    expect(await quiet.innerText()).toMatch(/^새 블록 없이 \d+분이 지났습니다: 컨소시엄이 정족수를 채우지 못하고 있을 수 있습니다\.$/)
    expect(await page.getByTestId('explorer-blocks').count()).toBe(1)
  })

  it('says a node that makes its blocks alone needs no peers', { timeout: 180_000 }, async () => {
    const home = join(t.dir, 'alone')
    expect(cli(['init', '--home', home, '--heartbeat-ms', '300', '--json']).code).toBe(0)
    const alone = await startNode(home, ['--ui'])
    const p = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
    await p.goto(`${alone.url}/#token=${alone.token}`)
    await setLanguage(p, 'en')
    await p.evaluate(() => (location.hash = '#/explorer'))
    const f = p.getByTestId('freshness')
    await expect.poll(() => f.getAttribute('data-network'), LONG).toBe('alone')
    expect(await p.getByTestId('freshness-network').innerText()).toBe('This node makes the blocks on its own: it is up to date without peers.')
    expect(await f.getAttribute('data-warn')).toBe('false')
    await p.close()
  })
})
