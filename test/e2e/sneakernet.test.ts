/// <reference lib="dom" />
/**
 * The Sneakernet screen in Chromium, against real processes (docs/adr/0062): a local consortium's node runs and
 * commits blocks; an air-gapped workstation node of the same genesis (its one peer an address where nothing listens)
 * stays at height 0. On the connected node's screen a bundle of blocks is exported and saved (a download); on the
 * air-gapped node's screen, in Korean, a cut-short copy is refused in words with nothing applied, then the whole file
 * is chosen: its upload and check show progress, the preview says what it will apply, and on confirmation the blocks
 * are applied and the result shown. The same file again: nothing changes, and the screen says so. Back the other
 * way: a transaction submitted to the air-gapped node is exported from its screen as a bundle of pending
 * transactions, imported on the connected node's screen, admitted and committed there.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, cli, freeBase, startNode, stopAll, tempHome, waitFor, type StartedNode } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'

const LONG = { timeout: 60_000 }

describe('the Sneakernet screen', () => {
  const t = tempHome()
  let connected: StartedNode
  let gapped: StartedNode
  let browser: Browser
  let pageA: Page
  let pageB: Page
  const file = join(t.dir, 'bundle.djb')
  const height = async (n: StartedNode): Promise<number> => (await api(n, 'GET', '/api/v1/status')).body.height as number

  beforeAll(async () => {
    ensureUiBuilt()
    const base = await freeBase(3)
    const homeA = join(t.dir, 'a')
    connected = await startNode(homeA, ['--ui', '--init-if-missing', '--heartbeat-ms', '300'])
    const nodeKey = (await api(connected, 'GET', '/api/v1/status')).body.nodeKey as string
    const homeB = join(t.dir, 'b')
    const joined = cli(['join', '--workstation', '--home', homeB, '--genesis', join(homeA, 'genesis.json'), '--listen', `/ip4/127.0.0.1/tcp/${base}`,
      '--api-port', String(base + 1), '--peer', `${nodeKey}@/ip4/127.0.0.1/tcp/${base + 2}`, '--json'])
    expect(joined.code, joined.stderr).toBe(0)
    gapped = await startNode(homeB, ['--ui'])
    browser = await launch()
    pageA = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US', acceptDownloads: true })
    await pageA.goto(`${connected.url}/#token=${connected.token}`)
    pageB = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ko-KR' })
    await pageB.goto(`${gapped.url}/#token=${gapped.token}`)
  })

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    t.cleanup()
  })

  it('exports the blocks from the connected node to a file', async () => {
    await waitFor(async () => (await height(connected)) >= 5, 60_000, 'blocks on the connected node')
    expect(await height(gapped)).toBe(0)
    await pageA.getByTestId('nav-sneakernet').click()
    await expect.poll(() => pageA.getByTestId('sneakernet').isVisible(), LONG).toBe(true)
    await pageA.getByTestId('sn-export-from').fill('1')
    await pageA.getByTestId('sn-export-to').fill('5')
    await pageA.getByTestId('sn-export-run').click()
    const done = pageA.getByTestId('sn-export-done')
    await expect.poll(() => done.isVisible(), LONG).toBe(true)
    expect(await done.textContent()).toContain('blocks 5')
    const [download] = await Promise.all([pageA.waitForEvent('download'), pageA.getByTestId('sn-export-save').click()])
    await download.saveAs(file)
    expect(readFileSync(file).subarray(0, 8).toString()).toBe('DJBUNDLE')
  })

  it('refuses a cut-short copy in words, then previews and applies the whole file, and says a second import changes nothing', async () => {
    await pageB.getByTestId('nav-sneakernet').click()
    await expect.poll(() => pageB.getByTestId('sneakernet').isVisible(), LONG).toBe(true)
    expect(await pageB.getByTestId('sneakernet').textContent()).toContain('오프라인 전달')

    const cut = join(t.dir, 'cut.djb')
    writeFileSync(cut, readFileSync(file).subarray(0, 3000))
    await pageB.getByTestId('sn-import-file').setInputFiles(cut)
    const err = pageB.getByTestId('sn-import-error')
    await expect.poll(() => err.isVisible(), LONG).toBe(true)
    expect(await err.locator('[data-code]').getAttribute('data-code')).toBe('BUNDLE_TRUNCATED')
    expect(await err.textContent()).toContain('아무것도 바뀌지 않았습니다')
    expect(await height(gapped)).toBe(0)

    await pageB.getByTestId('sn-import-file').setInputFiles(file)
    const preview = pageB.getByTestId('sn-preview')
    await expect.poll(() => preview.isVisible(), LONG).toBe(true)
    expect(await pageB.getByTestId('sn-preview-new').textContent()).toContain('1–5 (5개)')
    expect(await pageB.getByTestId('sn-preview-exporter').textContent()).toContain('검증자 노드')
    expect(await height(gapped)).toBe(0)
    await pageB.getByTestId('sn-import-apply').click()
    const result = pageB.getByTestId('sn-result')
    await expect.poll(() => result.isVisible(), LONG).toBe(true)
    expect(await result.textContent()).toContain('블록 5개')
    expect(await height(gapped)).toBe(5)
    const a5 = (await api(connected, 'GET', '/api/v1/blocks/5')).body
    const b5 = (await api(gapped, 'GET', '/api/v1/blocks/5')).body
    expect(b5.hash).toBe(a5.hash)

    await pageB.getByTestId('sn-import-file').setInputFiles(file)
    await expect.poll(() => pageB.getByTestId('sn-up-to-date').isVisible(), LONG).toBe(true)
    expect(await pageB.getByTestId('sn-import-apply').isDisabled()).toBe(true)
    expect(await height(gapped)).toBe(5)
  })

  it('carries the air-gapped node\'s pending transaction back to the connected node', async () => {
    const homeA = join(t.dir, 'a')
    const homeB = join(t.dir, 'b')
    const clerk = cli(['keys', 'create', '--home', homeA, '--name', 'clerk', '--json'])
    const agency = (await api(connected, 'GET', '/api/v1/identity/agencies')).body[0].id as string
    const signed = cli(['tx', 'sign', '--home', homeA, '--key', 'admin', '--type', 'identity.role.grant', '--payload',
      JSON.stringify({ agency, subject: clerk.json.publicKey, role: 'notary', expiresAt: null }), '--out', join(t.dir, 'tx.json'), '--json'])
    expect(signed.code, signed.stderr).toBe(0)
    const sent = cli(['tx', 'submit', '--home', homeB, '--file', join(t.dir, 'tx.json'), '--json'])
    expect(sent.code, sent.stderr).toBe(0)
    const hash = sent.json.hash as string

    await pageB.getByTestId('sn-export-pending').click()
    await pageB.getByTestId('sn-export-run').click()
    await expect.poll(() => pageB.getByTestId('sn-export-done').isVisible(), LONG).toBe(true)
    const back = join(t.dir, 'pending.djb')
    const [download] = await Promise.all([pageB.waitForEvent('download'), pageB.getByTestId('sn-export-save').click()])
    await download.saveAs(back)

    await pageA.getByTestId('sn-import-file').setInputFiles(back)
    await expect.poll(() => pageA.getByTestId('sn-preview').isVisible(), LONG).toBe(true)
    expect(await pageA.getByTestId('sn-preview-txs').textContent()).toContain('1')
    expect(await pageA.getByTestId('sn-preview-registries').textContent()).toContain('1')
    await pageA.getByTestId('sn-import-apply').click()
    const result = pageA.getByTestId('sn-result')
    await expect.poll(() => result.isVisible(), LONG).toBe(true)
    expect(await result.textContent()).toContain('Transactions admitted to the pending queue: 1.')
    await waitFor(async () => (await api(connected, 'GET', `/api/v1/txs/${hash}`)).body.status === 'committed', 60_000, 'committed on the connected node')
  })
})
