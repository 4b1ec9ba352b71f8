/// <reference lib="dom" />
/**
 * Settings → "Back up this node" in Chromium against a real node process (docs/adr/0065): two passphrases that
 * differ are said so and the button stays off; with the same one twice the node makes the backup, the screen shows
 * progress and then the saved file (a download), and that file is a backup of this node that `daejang backup show`
 * describes and `daejang backup restore` brings back into an empty home with the same chain and node key. A staff
 * key on this device (the local administrator's, taken on Keys & roles first) is offered in the same step, chosen,
 * and saved as its encrypted key file (a second download) that opens with its own passphrase to the same key.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Download, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { publicKeyFromSeed } from '../../src/ledger/crypto/ed25519'
import { parseKeyFile, unlockSeed } from '../../src/ledger/crypto/keystore'
import { api, cli, startNode, stopAll, tempHome, waitFor, type StartedNode } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { takeLocalAdminKey } from './keys-ui'

const LONG = { timeout: 60_000 }
const STAFF_PASS = 'a staff key passphrase'

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
    // a staff key on this device first: the backup step offers it
    const staffKey = await takeLocalAdminKey(page, STAFF_PASS)
    await page.getByTestId('nav-settings').click()
    await expect.poll(() => page.getByTestId('settings-backup').isVisible(), LONG).toBe(true)
    const offered = page.getByTestId(`backup-staff-${staffKey.slice(0, 8)}`)
    await expect.poll(() => offered.isVisible(), LONG).toBe(true)
    // chosen by default
    expect(await offered.getAttribute('aria-checked')).toBe('true')
    await page.getByTestId('backup-pass').fill('a long passphrase')
    await page.getByTestId('backup-pass-again').fill('another passphrase')
    await expect.poll(() => page.getByTestId('backup-pass-hint').textContent(), LONG).toContain('differ')
    expect(await page.getByTestId('backup-run').isDisabled()).toBe(true)
    await page.getByTestId('backup-pass-again').fill('a long passphrase')
    await expect.poll(() => page.getByTestId('backup-run').isDisabled(), LONG).toBe(false)
    // two files: the node's backup, then the staff key's
    const downloads: Download[] = []
    page.on('download', (d) => downloads.push(d))
    await page.getByTestId('backup-run').click()
    await expect.poll(() => downloads.length, { timeout: 120_000 }).toBe(2)
    const file = join(t.dir, 'node.djbackup')
    await downloads[0]!.saveAs(file)
    await expect.poll(() => page.getByTestId('backup-done').isVisible(), LONG).toBe(true)
    const doneText = await page.getByTestId('backup-done').textContent()
    expect(doneText).toContain('Backup saved')
    expect(doneText).toContain('Backups of 1 staff keys saved')
    expect(readFileSync(file).subarray(0, 8).toString()).toBe('DJBACKUP')
    // the staff key's file: its encrypted key file, which opens with the key's passphrase to the same key
    expect(downloads[1]!.suggestedFilename()).toMatch(/^daejang-key-.+\.json$/)
    const keyFile = join(t.dir, 'staff-key.json')
    await downloads[1]!.saveAs(keyFile)
    const parsed = parseKeyFile(JSON.parse(readFileSync(keyFile, 'utf8')))
    expect(toHex(publicKeyFromSeed(unlockSeed(parsed, STAFF_PASS)))).toBe(staffKey)

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
