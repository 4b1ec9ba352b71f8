/// <reference lib="dom" />
/**
 * Admission in Chromium (docs/adr/0064), with real processes:
 *  1. the waiting screen of a node that joined a one-validator consortium: its request (what it asks in words, the
 *     QR code whose text is the request, what to tell the administrators) and "not admitted yet — refused", turning
 *     by itself to admitted once the consortium admits it (by API), and on to voting;
 *  2. the administrators' side on a local consortium: "admit an agency from its request" refuses a request altered
 *     on the way and one for another ledger, in words; a good one is shown in words and fills in the admission
 *     proposal, which is signed and committed, and the agency becomes a member.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTx, txToJson } from '../../src/ledger/types/tx'
import { loadSigner } from '../../src/ledger/crypto/keystore'
import { api, cli, freeBase, startNode, stopAll, tempHome, waitFor, type StartedNode } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { takeLocalAdminKey } from './keys-ui'

const LONG = { timeout: 90_000 }

describe('admission in Chromium', () => {
  const t = tempHome()
  let browser: Browser

  beforeAll(async () => {
    ensureUiBuilt()
    browser = await launch()
  })

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    t.cleanup()
  })

  it('the waiting screen shows the request, says the node is refused, and turns to admitted and voting by itself', { timeout: 300_000 }, async () => {
    const base = await freeBase(4)
    const made = cli(['testnet', '--validators', '1', '--dir', t.dir, '--base-port', String(base), '--heartbeat-ms', '300', '--json'])
    expect(made.code, made.stderr).toBe(0)
    const v0 = join(t.dir, 'node0')
    const validator = await startNode(v0)
    const home = join(t.dir, 'joiner')
    const joined = cli([
      'join', '--home', home, '--genesis', join(v0, 'genesis.json'), '--agency-id', 'agency-new', '--agency-name', 'Busan Office',
      '--listen', `/ip4/127.0.0.1/tcp/${base + 2}`, '--api-port', String(base + 3), '--heartbeat-ms', '300',
      '--peer', `${made.json.nodes[0].nodeKey}@${made.json.nodes[0].p2p}`, '--json',
    ])
    expect(joined.code, joined.stderr).toBe(0)
    const node = await startNode(home, ['--ui'])
    const page: Page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' })
    await page.goto(`${node.url}/#token=${node.token}`)

    // the Overview says it is not admitted, and leads to the waiting screen
    const notice = page.getByTestId('overview-admission')
    await expect.poll(() => notice.getAttribute('data-state'), LONG).toBe('refused')
    await notice.getByRole('link').click()
    const state = page.getByTestId('admission-state')
    await expect.poll(() => state.getAttribute('data-state'), LONG).toBe('refused')
    expect(await state.textContent()).toContain('No consortium node has accepted this node yet')
    // the agency by its name; its id only among the facts
    const asksOwn = (await page.getByTestId('admission-asks').textContent())!
    expect(asksOwn).toContain('the agency Busan Office be admitted')
    expect(asksOwn).not.toContain('agency-new')
    const request = readFileSync(join(home, 'admission-request.json'), 'utf8')
    const digest = (await page.getByTestId('admission-digest').textContent())!.trim()
    expect(await page.getByTestId('admission-tell').textContent()).toContain(digest)
    // the QR code's text is the request itself: an administrator's node checks it as is
    await page.getByTestId('admission-qr-toggle').click()
    await expect.poll(() => page.getByTestId('admission-qr').count(), LONG).toBe(1)
    const qrText = await page.getByTestId('admission-qr-text').locator('textarea').inputValue()
    expect(JSON.parse(qrText)).toEqual(JSON.parse(request))
    const checked = await api(validator, 'POST', '/api/v1/admission/check', { text: qrText })
    expect(checked.status, JSON.stringify(checked.body)).toBe(200)
    await page.screenshot({ path: join(__dirname, '..', '..', 'docs', 'screenshots', 'admission-waiting.png'), fullPage: true })

    // the consortium admits it (its one administrator proposes: enacted at once)
    const chainId = made.json.chainId as string
    const head = (await api(validator, 'GET', '/api/v1/status')).body.height as number
    const admin = loadSigner(join(v0, 'keys', 'admin.json'))
    const tx = makeTx(admin, { chainId, type: 'governance.proposal.submit', nonce: Date.now(), payload: { change: checked.body.change, effectiveHeight: head + 40 } })
    const sent = await api(validator, 'POST', '/api/v1/txs?wait=commit', txToJson(tx))
    expect(sent.status, JSON.stringify(sent.body)).toBe(200)

    // the screen turns by itself: admitted (catching up, or voting from the height), then voting
    await expect.poll(() => state.getAttribute('data-state'), LONG).not.toBe('refused')
    await expect.poll(() => state.getAttribute('data-state'), { timeout: 120_000 }).toBe('voting')
    expect(await state.textContent()).toContain(`height ${head + 40}`)
    await expect.poll(() => page.getByTestId('waiting-done').count(), LONG).toBe(1)
    await page.close()
  })

  it("the administrators' side: admit an agency from its request, refusals in words", { timeout: 300_000 }, async () => {
    const admin: StartedNode = await startNode(join(t.dir, 'local'), ['--ui', '--init-if-missing', '--heartbeat-ms', '300'])
    // a request for this local consortium (no validator: the local node keeps producing alone) and one for another ledger
    const dummyPeer = `${'ab'.repeat(32)}@/ip4/127.0.0.1/tcp/9`
    const ok = cli(['join', '--home', join(t.dir, 'req-ok'), '--genesis', join(t.dir, 'local', 'genesis.json'), '--agency-id', 'jeju-office', '--agency-name', 'Jeju Office', '--power', '0', '--listen', '/ip4/127.0.0.1/tcp/0', '--peer', dummyPeer, '--json'])
    expect(ok.code, ok.stderr).toBe(0)
    const other = cli(['join', '--home', join(t.dir, 'req-other'), '--genesis', join(t.dir, 'node0', 'genesis.json'), '--agency-id', 'jeju-office', '--agency-name', 'Jeju Office', '--power', '0', '--listen', '/ip4/127.0.0.1/tcp/0', '--peer', dummyPeer, '--json'])
    expect(other.code, other.stderr).toBe(0)
    const good = readFileSync(join(t.dir, 'req-ok', 'admission-request.json'), 'utf8')
    const wrongChain = readFileSync(join(t.dir, 'req-other', 'admission-request.json'), 'utf8')
    const tampered = good.replace('"Jeju Office"', '"Jeju Office (altered)"')

    const page: Page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' })
    await page.goto(`${admin.url}/#token=${admin.token}`)
    await takeLocalAdminKey(page, 'local admin passphrase 1')
    await page.getByTestId('nav-consortium').click()
    const box = page.getByTestId('admit-request-agency')
    await expect.poll(() => box.count(), LONG).toBe(1)
    await box.getByTestId('admit-request-agency-toggle').click()
    const text = box.getByTestId('admit-request-text')
    const refused = box.getByTestId('admit-request-refused')

    await text.fill(tampered)
    await box.getByTestId('admit-request-check').click()
    await expect.poll(() => refused.getAttribute('data-code'), LONG).toBe('ADMISSION_BAD_SIGNATURE')
    expect(await refused.getByTestId('error-sentence').textContent()).toContain('changed after it was signed')
    expect(await box.getByTestId('admit-request-fill').count()).toBe(0)

    await text.fill(wrongChain)
    await box.getByTestId('admit-request-check').click()
    await expect.poll(() => refused.getAttribute('data-code'), LONG).toBe('ADMISSION_WRONG_CHAIN')
    expect(await refused.getByTestId('error-sentence').textContent()).toContain('another consortium')

    await text.fill(good)
    await box.getByTestId('admit-request-check').click()
    const asks = box.getByTestId('admit-request-asks')
    await expect.poll(() => asks.count(), LONG).toBe(1)
    expect(await asks.textContent()).toContain('the agency Jeju Office be admitted')
    expect(await asks.textContent()).toContain('without a validator')
    await box.getByTestId('admit-request-fill').click()

    // the existing proposal form, filled in from the request
    const form = page.getByTestId('proposal-form')
    await expect.poll(() => form.count(), LONG).toBe(1)
    expect(await form.getByTestId('admit-id').inputValue()).toBe('jeju-office')
    expect(await form.getByTestId('admit-name').inputValue()).toBe('Jeju Office')
    expect((await form.getByTestId('admit-admins').inputValue()).trim()).toBe(ok.json.adminKey)
    const h = (await api(admin, 'GET', '/api/v1/status')).body.height as number
    await form.getByTestId('proposal-height').fill(String(h + 60))
    await form.getByTestId('proposal-submit').click()
    const result = form.getByTestId('proposal-result')
    await expect.poll(() => result.getAttribute('data-status'), LONG).toBe('committed')
    await page.screenshot({ path: join(__dirname, '..', '..', 'docs', 'screenshots', 'admission-admit.png'), fullPage: true })

    // the agency is a member; the same request again is refused as taken
    await waitFor(async () => (await api(admin, 'GET', '/api/v1/identity/agencies')).body.some?.((a: { id: string }) => a.id === 'jeju-office'), 60_000, 'the agency admitted')
    await text.fill(good)
    await box.getByTestId('admit-request-check').click()
    await expect.poll(() => refused.getAttribute('data-code'), LONG).toBe('ADMISSION_AGENCY_TAKEN')

    // a workstation of the local agency, admitted from its request on Issue roles: the workstation role grant filled in
    const ws = cli(['join', '--workstation', '--agency-id', 'local-agency', '--home', join(t.dir, 'req-ws'), '--genesis', join(t.dir, 'local', 'genesis.json'), '--listen', '/ip4/127.0.0.1/tcp/0', '--peer', dummyPeer, '--json'])
    expect(ws.code, ws.stderr).toBe(0)
    await page.getByTestId('nav-roles').click()
    const wsBox = page.getByTestId('admit-request-workstation')
    await expect.poll(() => wsBox.count(), LONG).toBe(1)
    await wsBox.getByTestId('admit-request-workstation-toggle').click()
    // an agency's request is not a workstation's: said so, nothing filled in
    const agencyReq = cli(['join', '--home', join(t.dir, 'req-ulsan'), '--genesis', join(t.dir, 'local', 'genesis.json'), '--agency-id', 'ulsan-office', '--agency-name', 'Ulsan Office', '--power', '0', '--listen', '/ip4/127.0.0.1/tcp/0', '--peer', dummyPeer, '--json'])
    expect(agencyReq.code, agencyReq.stderr).toBe(0)
    await wsBox.getByTestId('admit-request-text').fill(readFileSync(agencyReq.json.request, 'utf8'))
    await wsBox.getByTestId('admit-request-check').click()
    await expect.poll(() => wsBox.getByTestId('admit-request-mismatch').count(), LONG).toBe(1)
    await wsBox.getByTestId('admit-request-text').fill(readFileSync(join(t.dir, 'req-ws', 'admission-request.json'), 'utf8'))
    await wsBox.getByTestId('admit-request-check').click()
    await expect.poll(() => wsBox.getByTestId('admit-request-fill').count(), LONG).toBe(1)
    await wsBox.getByTestId('admit-request-fill').click()
    const grantForm = page.getByTestId('grant-form')
    expect(await grantForm.getByTestId('grant-subject').inputValue()).toBe(ws.json.nodeKey)
    expect(await grantForm.getByTestId('grant-role').inputValue()).toBe('workstation')
    await grantForm.getByTestId('grant-submit').click()
    await expect.poll(() => grantForm.getByTestId('grant-result').getAttribute('data-status'), LONG).toBe('committed')
    const creds = (await api(admin, 'GET', `/api/v1/identity/keys/${ws.json.nodeKey}`)).body
    expect(JSON.stringify(creds)).toContain('workstation')
    await page.close()
  })
})
