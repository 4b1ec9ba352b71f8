/// <reference lib="dom" />
/**
 * The first-run screen in Chromium, against real node processes started in setup mode (`daejang start --setup` on an
 * empty home, as `npm start` does; docs/adr/0063):
 * - try it alone → the page goes on to the Overview of a local consortium, blocks being made, on the same address;
 * - create with one other founding agency from its request file (`daejang join --agency-out`), after a file with a
 *   bad key is refused in words → the genesis document saved (a download) holds both agencies, and the node
 *   (3/4 of the power) makes blocks;
 * - join that consortium, in Korean, after a file that is not a genesis is refused in words → the home written with
 *   the admission request, the node running, the waiting-for-admission screen;
 * - restore this node from a backup: a damaged file refused in words after its header was shown (asked for again),
 *   then the good one, its header in words, a wrong passphrase refused (typed again), the node restored and running.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, cli, freeBase, startNode, stopAll, tempHome, waitFor, type StartedNode } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { Home, initHome } from '../../src/ledger/node/home'
import { createBackupFile } from '../../src/server/backup/create'

const LONG = { timeout: 60_000 }

describe('the first-run screen', () => {
  const t = tempHome()
  let browser: Browser
  let base: number
  const height = async (n: StartedNode): Promise<number> => {
    const r = await api(n, 'GET', '/api/v1/status')
    return r.status === 200 ? (r.body.height as number) : -1
  }
  const open = async (n: StartedNode, locale = 'en-US'): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale, acceptDownloads: true })
    await page.goto(`${n.url}/#token=${n.token}`)
    await expect.poll(() => page.getByTestId('onboarding').isVisible(), LONG).toBe(true)
    return page
  }
  const pick = async (page: Page, button: string, file: string): Promise<void> => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId(button).click()])
    await chooser.setFiles(file)
  }
  let founder: StartedNode
  let founderP2p: string
  const genesisFile = join(t.dir, 'saved-genesis.json')

  beforeAll(async () => {
    ensureUiBuilt()
    base = await freeBase(4)
    browser = await launch()
  })

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    t.cleanup()
  })

  it('try it alone: the status says setup, the choice makes a local consortium and the same page shows its Overview', async () => {
    const n = await startNode(join(t.dir, 'alone'), ['--ui', '--setup', '--heartbeat-ms', '300'])
    const st = await api(n, 'GET', '/api/v1/status')
    expect(st.body.error.code).toBe('SETUP_REQUIRED')
    const page = await open(n)
    // the frame's navigation is not offered before there is a ledger
    expect(await page.getByTestId('nav-overview').count()).toBe(0)
    await page.getByTestId('onboarding-choice-local').check()
    await page.getByTestId('onboarding-submit-local').click()
    await expect.poll(() => page.getByTestId('overview').isVisible(), LONG).toBe(true)
    await waitFor(async () => (await height(n)) >= 1, 60_000, 'blocks of the local consortium')
    expect(JSON.parse(readFileSync(join(t.dir, 'alone', 'genesis.json'), 'utf8')).label).toBe('local')
    await expect.poll(() => page.getByTestId('nav-overview').isVisible(), LONG).toBe(true)
    await page.close()
  })

  it('create: a bad request file is refused in words; with one other founder the genesis is saved and blocks are made', async () => {
    // another agency's admission request, as the CLI writes it
    const scratch = join(t.dir, 'scratch')
    expect(cli(['init', '--home', scratch, '--json']).code).toBe(0)
    const agencyOut = join(t.dir, 'livestock-agency.json')
    const joined = cli(['join', '--home', join(t.dir, 'livestock'), '--genesis', join(scratch, 'genesis.json'), '--agency-id', 'livestock-office',
      '--agency-name', 'Livestock office', '--listen', `/ip4/127.0.0.1/tcp/${base + 3}`, '--peer', `${'ab'.repeat(32)}@/ip4/127.0.0.1/tcp/1`, '--agency-out', agencyOut, '--json'])
    expect(joined.code, joined.stderr).toBe(0)
    // the signed request its home keeps (ADR 0064)
    const request = join(t.dir, 'livestock', 'admission-request.json')
    const bad = join(t.dir, 'bad-request.json')
    writeFileSync(bad, JSON.stringify({ ...JSON.parse(readFileSync(agencyOut, 'utf8')), id: 'other', validator: { publicKey: '00'.repeat(32), power: 10 } }))

    founder = await startNode(join(t.dir, 'founder'), ['--ui', '--setup', '--heartbeat-ms', '300'])
    const page = await open(founder)
    await page.getByTestId('onboarding-choice-create').check()
    // the button stays enabled: pressed too early, it says what is missing
    await page.getByTestId('onboarding-power').fill('5000')
    await page.getByTestId('onboarding-submit-create').click()
    const missing = page.getByTestId('onboarding-missing-create')
    await expect.poll(() => missing.isVisible(), LONG).toBe(true)
    expect(await missing.textContent()).toContain("the agency's id and name")
    expect(await missing.textContent()).toContain('voting power')
    await page.getByTestId('onboarding-agency-id').fill('land-office')
    await page.getByTestId('onboarding-agency-name').fill('서울 토지과 / Seoul Land Office')
    await page.getByTestId('onboarding-power').fill('30')
    await pick(page, 'onboarding-add-request', bad)
    const refusal = page.getByTestId('onboarding-request-error')
    await expect.poll(() => refusal.isVisible(), LONG).toBe(true)
    expect(await refusal.getByTestId('error-sentence').textContent()).toContain('not an admission request')
    await pick(page, 'onboarding-add-request', request)
    await expect.poll(() => page.getByTestId('onboarding-other-livestock-office').isVisible(), LONG).toBe(true)
    // the signed request file: not marked "unsigned" (a bare `--agency-out` file would be)
    expect(await page.getByTestId('onboarding-other-livestock-office').getByTestId('onboarding-other-unsigned').count()).toBe(0)
    await page.getByTestId('onboarding-chain-id').fill('daejang-e2e-consortium')
    founderP2p = `/ip4/127.0.0.1/tcp/${base}`
    await page.getByTestId('onboarding-listen').fill(founderP2p)
    await page.getByTestId('onboarding-submit-create').click()
    // a summary to confirm, as the choice cannot be undone
    const confirm = page.getByTestId('onboarding-confirm-create')
    await expect.poll(() => confirm.isVisible(), LONG).toBe(true)
    expect(await page.getByTestId('onboarding-missing-create').count()).toBe(0)
    const said = (await confirm.textContent())!
    expect(said).toContain('서울 토지과 / Seoul Land Office')
    expect(said).toContain('daejang-e2e-consortium')
    expect(said).toContain('30')
    expect(said).toContain('cannot be undone')
    await page.getByTestId('onboarding-confirm-go-create').click()
    const created = page.getByTestId('onboarding-created')
    await expect.poll(() => created.isVisible(), LONG).toBe(true)
    expect(await created.textContent()).toContain('daejang-e2e-consortium')
    const founderKey = (await api(founder, 'GET', '/api/v1/status')).body.nodeKey as string
    expect(await page.getByTestId('onboarding-peer-address').textContent()).toContain(`${founderKey}@${founderP2p}`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('onboarding-save-genesis').click()])
    await download.saveAs(genesisFile)
    const saved = JSON.parse(readFileSync(genesisFile, 'utf8'))
    expect(saved).toEqual(JSON.parse(readFileSync(join(t.dir, 'founder', 'genesis.json'), 'utf8')))
    expect(saved.agencies.map((a: { id: string }) => a.id)).toEqual(['land-office', 'livestock-office'])
    expect(saved.agencies[1]).toEqual(JSON.parse(readFileSync(agencyOut, 'utf8')))
    await waitFor(async () => (await height(founder)) >= 2, 90_000, 'blocks from the founder holding 3/4 of the power')
    await page.getByTestId('onboarding-go-overview').click()
    await expect.poll(() => page.getByTestId('overview').isVisible(), LONG).toBe(true)
    await page.close()
  })

  it('join, in Korean: a file that is not a genesis is refused in words; then the home is written and the app waits for admission', async () => {
    const home = join(t.dir, 'joiner')
    const n = await startNode(home, ['--ui', '--setup', '--heartbeat-ms', '300'])
    const page = await open(n, 'ko-KR')
    await page.getByTestId('onboarding-choice-join').check()
    const notGenesis = join(t.dir, 'not-genesis.json')
    writeFileSync(notGenesis, JSON.stringify({ hello: 'world' }))
    await pick(page, 'onboarding-import-genesis', notGenesis)
    const refusal = page.getByTestId('onboarding-genesis-error')
    await expect.poll(() => refusal.isVisible(), LONG).toBe(true)
    expect(await refusal.getByTestId('error-sentence').textContent()).toContain('제네시스 문서가 아니')
    await pick(page, 'onboarding-import-genesis', genesisFile)
    const summary = page.getByTestId('onboarding-genesis-summary')
    await expect.poll(() => summary.isVisible(), LONG).toBe(true)
    expect(await summary.textContent()).toContain('daejang-e2e-consortium')
    await page.getByTestId('onboarding-agency-id').fill('notary-busan')
    await page.getByTestId('onboarding-agency-name').fill('부산 공증 / Busan notary')
    await page.getByTestId('onboarding-listen').fill(`/ip4/127.0.0.1/tcp/${base + 1}`)
    const founderKey = (await api(founder, 'GET', '/api/v1/status')).body.nodeKey as string
    // no peers and discovery off: said when pressed
    await page.getByTestId('onboarding-submit-join').click()
    const missing = page.getByTestId('onboarding-missing-join')
    await expect.poll(() => missing.isVisible(), LONG).toBe(true)
    expect(await missing.textContent()).toContain('접속할 노드')
    await page.getByTestId('onboarding-peers').fill(`${founderKey}@${founderP2p}`)
    await expect.poll(() => missing.count(), LONG).toBe(0)
    await page.getByTestId('onboarding-submit-join').click()
    const confirm = page.getByTestId('onboarding-confirm-join')
    await expect.poll(() => confirm.isVisible(), LONG).toBe(true)
    expect(await confirm.textContent()).toContain('부산 공증 / Busan notary')
    expect(await confirm.textContent()).toContain('되돌릴 수 없습니다')
    await page.getByTestId('onboarding-confirm-go-join').click()
    const waiting = page.getByTestId('onboarding-waiting')
    await expect.poll(() => waiting.isVisible(), LONG).toBe(true)
    // the admission request the administrators are given, as ADR 0064's screen shows it
    await expect.poll(() => page.getByTestId('admission-asks').isVisible(), LONG).toBe(true)
    // the agency by its name, with its particle; its id only among the facts
    const asks = (await page.getByTestId('admission-asks').textContent())!
    expect(asks).toContain('기관 부산 공증 / Busan notary를')
    expect(asks).not.toContain('notary-busan')
    expect(JSON.parse(readFileSync(join(home, 'genesis.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(genesisFile, 'utf8')))
    expect(existsSync(join(home, 'admission-request.json'))).toBe(true)
    expect(JSON.parse(readFileSync(join(home, 'admission-request.json'), 'utf8'))).toMatchObject({ kind: 'agency', agency: { id: 'notary-busan', validator: { power: 10 } } })
    // the node runs on the page's address: its status answers, for the consortium it waits to join
    const st = await api(n, 'GET', '/api/v1/status')
    expect(st.status).toBe(200)
    expect(st.body.chainId).toBe('daejang-e2e-consortium')
    await page.close()
  })

  it('restore from a backup: a damaged file is refused, a wrong passphrase may be typed again, then the node runs', async () => {
    const old = new Home(join(t.dir, 'old-computer'))
    const made = initHome(old, { agencyId: 'land-office', agencyName: 'Land office' })
    const good = join(t.dir, 'node.djbackup')
    await createBackupFile({ home: old, passphrase: 'correct horse battery staple', store: null }, good)
    const damaged = join(t.dir, 'damaged.djbackup')
    const bytes = readFileSync(good)
    bytes[bytes.length - 40]! ^= 0x55
    writeFileSync(damaged, bytes)

    const home = join(t.dir, 'restored')
    const n = await startNode(home, ['--ui', '--setup', '--heartbeat-ms', '300'])
    const page = await open(n)
    await page.getByTestId('onboarding-choice-restore').check()
    const header = page.getByTestId('onboarding-restore-header')
    const pass = page.getByTestId('onboarding-restore-passphrase')
    const refusal = page.getByTestId('onboarding-error')

    await pick(page, 'onboarding-restore-file-choose', damaged)
    await expect.poll(() => header.isVisible(), LONG).toBe(true)
    await pass.fill('correct horse battery staple')
    await page.getByTestId('onboarding-submit-restore').click()
    await expect.poll(() => refusal.isVisible(), LONG).toBe(true)
    expect(await refusal.getByTestId('error-sentence').textContent()).toContain('damaged')
    expect(await header.count()).toBe(0) // the file is asked for again
    expect(existsSync(join(home, 'genesis.json'))).toBe(false)

    await pick(page, 'onboarding-restore-file-choose', good)
    await expect.poll(() => header.isVisible(), LONG).toBe(true)
    expect(await page.getByTestId('onboarding-restore-chain').textContent()).toContain(made.genesis.chainId)
    expect(await page.getByTestId('onboarding-restore-ledger').textContent()).toContain('keys and settings only')
    await pass.fill('not the passphrase')
    await page.getByTestId('onboarding-submit-restore').click()
    await expect.poll(async () => (await refusal.isVisible()) && (await refusal.textContent())?.includes('passphrase'), LONG).toBe(true)
    expect(await header.isVisible()).toBe(true) // the same file, another passphrase
    await pass.fill('correct horse battery staple')
    await page.getByTestId('onboarding-submit-restore').click()
    await expect.poll(() => page.getByTestId('overview').isVisible(), LONG).toBe(true)
    const st = await api(n, 'GET', '/api/v1/status')
    expect(st.status).toBe(200)
    expect(st.body.chainId).toBe(made.genesis.chainId)
    expect(st.body.nodeKey).toBe(made.nodeKey.publicKey)
    expect(existsSync(join(home, 'genesis.json'))).toBe(true)
    await page.close()
  })
})
