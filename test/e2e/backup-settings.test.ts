/// <reference lib="dom" />
/**
 * Settings → "Back up this node" in Chromium against a real node process (docs/adr/0065): two passphrases that
 * differ are said so and the button stays off; with the same one twice the node makes the backup, the screen shows
 * progress and then the saved file (a download), and that file is a backup of this node that `daejang backup show`
 * describes and `daejang backup restore` brings back into an empty home with the same chain and node key.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, cli, startNode, stopAll, tempHome, waitFor, type StartedNode } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'

const LONG = { timeout: 60_000 }

describe('the Settings backup', () => {
  const t = tempHome()
  let node: StartedNode
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    ensureUiBuilt()
    node = await startNode(join(t.dir, 'home'), ['--ui', '--init-if-missing', '--heartbeat-ms', '300'])
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US', acceptDownloads: true })
    await page.goto(`${node.url}/#token=${node.token}`)
  })

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    t.cleanup()
  })

  it('backs the node up to a file that restores it', { timeout: 180_000 }, async () => {
    await waitFor(async () => (await api(node, 'GET', '/api/v1/status')).body.height >= 3, 60_000, 'blocks')
    await page.getByTestId('nav-settings').click()
    await expect.poll(() => page.getByTestId('settings-backup').isVisible(), LONG).toBe(true)
    await page.getByTestId('backup-pass').fill('a long passphrase')
    await page.getByTestId('backup-pass-again').fill('another passphrase')
    await expect.poll(() => page.getByTestId('backup-pass-hint').textContent(), LONG).toContain('differ')
    expect(await page.getByTestId('backup-run').isDisabled()).toBe(true)
    await page.getByTestId('backup-pass-again').fill('a long passphrase')
    await expect.poll(() => page.getByTestId('backup-run').isDisabled(), LONG).toBe(false)
    const download = page.waitForEvent('download', { timeout: 120_000 })
    await page.getByTestId('backup-run').click()
    const file = join(t.dir, 'node.djbackup')
    await (await download).saveAs(file)
    await expect.poll(() => page.getByTestId('backup-done').isVisible(), LONG).toBe(true)
    expect(await page.getByTestId('backup-done').textContent()).toContain('Backup saved')
    expect(readFileSync(file).subarray(0, 8).toString()).toBe('DJBACKUP')

    const st = (await api(node, 'GET', '/api/v1/status')).body
    const shown = cli(['backup', 'show', file, '--json'])
    expect(shown.json).toMatchObject({ chainId: st.chainId, nodeKey: st.nodeKey, withStore: true })
    const pass = join(t.dir, 'pass.txt')
    writeFileSync(pass, 'a long passphrase')
    const r = cli(['backup', 'restore', '--home', join(t.dir, 'restored'), '--from', file, '--passphrase-file', pass, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({ chainId: st.chainId, nodeKey: st.nodeKey, withStore: true })
    expect(r.json.height).toBeGreaterThanOrEqual(3)
  })
})
