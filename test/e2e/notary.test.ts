/// <reference lib="dom" />
/**
 * The notary's and the verifier's flows in Chromium against a local consortium node (whose administrator holds the
 * notary role of the local agency): the UI takes the administrator key; a document is dropped on Documents → Register
 * new (hashed in the page), registered and committed; its certificate is saved; on the Verify screen (no role needed)
 * the document and the certificate verify — three checks pass, status asked live; one byte changed fails integrity.
 * The standalone verifier page, opened from file:// with the trust list, says valid without a single network request.
 * Then the record is revoked with a reason, and the Verify screen shows the revocation and its reason.
 * Saves docs/screenshots/notary-register.png, notary-record.png, verify-valid.png, verify-revoked.png,
 * verifier-page.png.
 */
import { createHash } from 'node:crypto'
import { readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, api, startNode, stopAll, tempHome, type StartedNode } from '../integration/harness'
import { VERIFIER_PAGE, ensureUiBuilt, launch } from './browser'
import { closeNotifications, confirmIrreversible, keyCard } from './keys-ui'

const PASS = 'local admin passphrase 1'
const LONG = { timeout: 60_000 }
const SHOTS = join(ROOT, 'docs', 'screenshots')
const REASON = 'Issued in error: the holder’s name is misspelt'

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

/** A screenshot with `top` scrolled to the top of the screen, without notifications or a hover highlight. */
async function shoot(page: Page, name: string, top: Locator): Promise<void> {
  await closeNotifications(page)
  await top.evaluate((el) => el.scrollIntoView({ block: 'start' }))
  await page.mouse.move(1279, 899)
  await page.screenshot({ path: join(SHOTS, name) })
}

/** Drops files on an element the way a file manager does (a drop event carrying a DataTransfer). */
async function dropFiles(page: Page, target: Locator, files: { name: string; bytes: Buffer; type: string }[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.type, b64: f.bytes.toString('base64') }))
  const dt = await page.evaluateHandle((list) => {
    const d = new DataTransfer()
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))
      d.items.add(new File([bytes], f.name, { type: f.type }))
    }
    return d
  }, payload)
  await target.dispatchEvent('drop', { dataTransfer: dt })
}

const checkResults = async (page: Page): Promise<Record<string, string | null>> => {
  const out: Record<string, string | null> = {}
  for (const c of await page.getByTestId('verify-check').all()) out[(await c.getAttribute('data-check'))!] = await c.getAttribute('data-result')
  return out
}

describe('notary and verifier flows in Chromium', () => {
  const t = tempHome()
  let node: StartedNode
  let browser: Browser
  let page: Page
  let number = ''
  const docPath = join(t.dir, 'diploma.pdf')
  const tamperedPath = join(t.dir, 'diploma-changed.pdf')
  const certPath = join(t.dir, 'certificate.pdf')
  const trustPath = join(t.dir, 'trust.json')
  // a PDF without our proof attached: the Verify screen must take it as the document, not as a certificate
  const docBytes = Buffer.from('%PDF-1.4\n% Diploma of Hong Gildong, Seoul National University, 2026\n%%EOF\n')

  beforeAll(async () => {
    ensureUiBuilt()
    writeFileSync(docPath, docBytes)
    const changed = Buffer.from(docBytes)
    changed[20] = changed[20]! ^ 0x01
    writeFileSync(tamperedPath, changed)
    node = await startNode(join(t.dir, 'node'), ['--ui', '--init-if-missing', '--heartbeat-ms', '300'])
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US', acceptDownloads: true })
    await page.goto(`${node.url}/#token=${node.token}`)
  })

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    t.cleanup()
  })

  it('offers Verify to everyone, and Documents only with the notary role', async () => {
    await page.getByTestId('nav-verify').click()
    await expect.poll(() => page.getByTestId('verify-page').count(), LONG).toBe(1)
    expect(await page.getByTestId('nav-verify').locator('.app-nav__locked').count()).toBe(0)
    await page.getByTestId('nav-documents').click()
    await expect.poll(() => page.getByTestId('role-gate').getAttribute('data-requires'), LONG).toBe('notary')
  })

  it('takes the local administrator key, a notary of the local agency', async () => {
    await page.getByTestId('nav-keys').click()
    const local = page.getByTestId('first-run-local')
    await expect.poll(() => local.count(), LONG).toBe(1)
    await local.getByTestId('local-admin-passphrase').fill(PASS)
    await local.getByTestId('local-admin-passphrase2').fill(PASS)
    await local.getByTestId('local-admin-submit').click()
    const cards = page.getByTestId('key-card')
    await expect.poll(() => cards.count(), LONG).toBe(1)
    const admin = (await cards.first().getAttribute('data-public-key'))!
    await expect.poll(() => keyCard(page, admin).getAttribute('data-unlocked'), LONG).toBe('true')
    await expect.poll(() => page.getByTestId('nav-documents').locator('.app-nav__locked').count(), LONG).toBe(0)
  })

  it('registers a dropped document: hashed in the page, signed, committed', async () => {
    await page.getByTestId('nav-documents').click()
    await page.getByTestId('documents-tab-register').click()
    const form = page.getByTestId('register-form')
    await expect.poll(() => form.count(), LONG).toBe(1)
    await expect.poll(() => form.getByTestId('register-number').inputValue(), LONG).toMatch(/^LOCAL-AGENCY-\d{4}-000001$/)
    await dropFiles(page, form.getByTestId('register-drop'), [{ name: 'diploma.pdf', bytes: docBytes, type: 'application/pdf' }])
    await expect.poll(() => form.getByTestId('register-file').getAttribute('data-hash'), LONG).toBe(sha256(docBytes))
    number = await form.getByTestId('register-number').inputValue()

    // the form refuses what the node would refuse, and says why
    await form.getByTestId('register-submit').click()
    await expect.poll(() => form.getByTestId('register-problems').innerText(), LONG).toContain('Fill in Document type')
    expect(await page.getByTestId('register-result').count()).toBe(0)
    // a date after today is shown under the field as it is typed, and keeps the form from signing
    const today = await form.getByTestId('register-date').inputValue()
    await form.getByTestId('register-date').fill('2199-12-31')
    await expect.poll(() => form.getByTestId('register-date-problem').innerText(), LONG).toContain('cannot be after today')
    await form.getByTestId('register-submit').click()
    await expect.poll(() => form.getByTestId('register-problems').innerText(), LONG).toContain('cannot be after today')
    expect(await page.getByTestId('register-result').count()).toBe(0)
    await form.getByTestId('register-date').fill(today)
    await expect.poll(() => form.getByTestId('register-date-problem').count(), LONG).toBe(0)

    await form.getByTestId('register-act').selectOption('apostille')
    await form.getByTestId('register-type').fill('Diploma')
    await form.getByTestId('register-holder').fill('Hong Gildong')
    await form.getByTestId('register-language').selectOption('ko')
    expect(await form.getByTestId('register-authority').inputValue()).not.toBe('')
    expect(await form.getByTestId('register-signer').inputValue()).not.toBe('')
    await shoot(page, 'notary-register.png', form)
    await form.getByTestId('register-submit').click()
    const result = form.getByTestId('register-result')
    await expect.poll(() => result.getAttribute('data-status'), LONG).toBe('committed')
    // committed: the form is reset for the next document (no file, no description, the next number), so a second
    // press cannot sign the same document again; the new record stays shown with its link
    await expect.poll(() => form.getByTestId('register-file').count(), LONG).toBe(0)
    expect(await form.getByTestId('register-type').inputValue()).toBe('')
    expect(await form.getByTestId('register-holder').inputValue()).toBe('')
    await expect.poll(() => form.getByTestId('register-number').inputValue(), LONG).toMatch(/^LOCAL-AGENCY-\d{4}-000002$/)
    expect(await result.getAttribute('data-number')).toBe(number)
    await form.getByTestId('register-submit').click()
    await expect.poll(() => form.getByTestId('register-problems').innerText(), LONG).toContain('Drop at least one file')
    expect(await result.getAttribute('data-number')).toBe(number)
    await closeNotifications(page)
    await form.getByTestId('register-open').click()
    const detail = page.getByTestId('document-detail')
    await expect.poll(() => detail.getAttribute('data-number'), LONG).toBe(number)
    expect(await detail.getAttribute('data-status')).toBe('issued')
    expect(await detail.locator('[data-field="hash"] dd').innerText()).toBe(sha256(docBytes))
    // the language by its name, not its tag
    expect(await detail.locator('[data-field="language"] dd').innerText()).toBe('Korean')
    const onNode = (await api(node, 'GET', `/api/v1/notary/documents/${encodeURIComponent(number)}`)).body
    expect(onNode).toMatchObject({ number, act: 'apostille', documentType: 'Diploma', holder: 'Hong Gildong', language: 'ko', status: 'issued' })
  })

  it('names a dropped file that can no longer be read, leaves it out, and still hashes the next one', async () => {
    await page.getByTestId('nav-documents').click()
    await page.getByTestId('documents-tab-register').click()
    const form = page.getByTestId('register-form')
    await expect.poll(() => form.count(), LONG).toBe(1)
    const path = join(t.dir, 'moved-away.pdf')
    writeFileSync(path, docBytes)
    // a File taken from the disk, then the file changes there (as when it is moved or saved over): reading it fails
    const picker = await page.evaluateHandle(() => {
      const i = document.createElement('input')
      i.type = 'file'
      i.hidden = true
      document.body.append(i)
      return i
    })
    await picker.setInputFiles(path)
    writeFileSync(path, Buffer.concat([docBytes, Buffer.from('saved over')]))
    utimesSync(path, new Date(), new Date(Date.now() + 60_000))
    const dt = await page.evaluateHandle((i) => {
      const d = new DataTransfer()
      d.items.add(i.files![0]!)
      i.remove()
      return d
    }, picker)
    await form.getByTestId('register-drop').dispatchEvent('drop', { dataTransfer: dt })
    await expect.poll(() => form.getByTestId('register-unreadable').count(), LONG).toBe(1)
    expect(await form.getByTestId('register-unreadable').innerText()).toContain('moved-away.pdf')
    await expect.poll(() => form.getByTestId('register-hashing').count(), LONG).toBe(0)
    expect(await form.getByTestId('register-file').count()).toBe(0)
    // the next file dropped is hashed as ever
    await dropFiles(page, form.getByTestId('register-drop'), [{ name: 'next.pdf', bytes: docBytes, type: 'application/pdf' }])
    await expect.poll(() => form.getByTestId('register-file').getAttribute('data-hash'), LONG).toBe(sha256(docBytes))
    expect(await form.getByTestId('register-unreadable').count()).toBe(0)
    await form.getByRole('button', { name: 'Remove all files' }).click()
    await expect.poll(() => form.getByTestId('register-file').count(), LONG).toBe(0)
  })

  it('lists and finds the record in the register', async () => {
    await page.getByTestId('documents-tab-list').click()
    const row = page.locator(`[data-testid="document-row"][data-number="${number}"]`)
    await expect.poll(() => row.count(), LONG).toBe(1)
    await page.getByTestId('documents-search').fill('Hong')
    await expect.poll(() => page.getByTestId('document-row').count(), LONG).toBe(1)
    await page.getByTestId('documents-search').fill('nobody such')
    await expect.poll(() => page.getByTestId('document-row').count(), LONG).toBe(0)
    await page.getByTestId('documents-search').fill('')
    await expect.poll(() => row.count(), LONG).toBe(1)
    await row.getByTestId('document-link').click()
    await expect.poll(() => page.getByTestId('document-detail').getAttribute('data-number'), LONG).toBe(number)
  })

  it('previews the certificate in a frame and saves it (English)', async () => {
    const panel = page.getByTestId('certificate-panel')
    await panel.getByTestId('certificate-lang-en').check()
    await expect.poll(() => panel.getByTestId('certificate-frame').getAttribute('src'), LONG).toMatch(/^blob:/)
    await expect.poll(() => panel.getByTestId('certificate-save').isEnabled(), LONG).toBe(true)
    const [download] = await Promise.all([page.waitForEvent('download', LONG), panel.getByTestId('certificate-save').click()])
    expect(download.suggestedFilename()).toMatch(/-en\.pdf$/)
    await download.saveAs(certPath)
    expect(readFileSync(certPath).subarray(0, 5).toString()).toBe('%PDF-')
    await shoot(page, 'notary-record.png', page.getByTestId('document-detail'))
  })

  it('verifies the document and its certificate on the Verify screen: valid, three checks pass, status live', async () => {
    await page.getByTestId('nav-verify').click()
    await page.getByTestId('verify-drop-input').setInputFiles([docPath, certPath])
    const result = page.getByTestId('verify-result')
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('valid')
    expect(await checkResults(page)).toEqual({ integrity: 'pass', status: 'pass', issuer: 'pass' })
    expect(await page.getByTestId('verify-status-mode').getAttribute('data-live')).toBe('true')
    expect(await page.getByTestId('verify-verdict').innerText()).toBe('Valid')
    expect(await page.getByTestId('verify-document-hash').innerText()).toContain(sha256(docBytes))
    expect(await page.getByTestId('verify-record').locator('[data-field="number"] dd').innerText()).toBe(number)
    expect(await page.getByTestId('verify-record').locator('[data-field="language"] dd').innerText()).toBe('Korean')
    // the agency by its name (the proof carries its id), in the record and in the issuer check
    expect(await page.getByTestId('verify-record').locator('[data-field="agency"] dd').innerText()).toBe('Local agency (this computer)')
    const issuer = page.locator('[data-testid="verify-check"][data-check="issuer"]')
    expect(await issuer.getByTestId('verify-check-text').first().innerText()).toContain('Local agency (this computer)')
    await shoot(page, 'verify-valid.png', result)
  })

  it('fails integrity when one byte of the document changed', async () => {
    await page.getByTestId('verify-clear').click()
    await page.getByTestId('verify-drop-input').setInputFiles([tamperedPath, certPath])
    const result = page.getByTestId('verify-result')
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('invalid')
    expect(await checkResults(page)).toEqual({ integrity: 'fail', status: 'pass', issuer: 'pass' })
    const integrity = page.locator('[data-testid="verify-check"][data-check="integrity"]')
    expect(await integrity.getByTestId('verify-check-text').innerText()).toContain('differs from the registered one')
  })

  it('verifies offline in the standalone page from file://, with no network request at all', async () => {
    writeFileSync(trustPath, JSON.stringify((await api(node, 'GET', '/api/v1/trust')).body))
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
    const standalone = await context.newPage()
    const requests: string[] = []
    standalone.on('request', (r) => requests.push(r.url()))
    standalone.on('websocket', (w) => requests.push(w.url()))
    const url = pathToFileURL(VERIFIER_PAGE).href
    await standalone.goto(url)
    await expect.poll(() => standalone.getByTestId('verify-trust-needed').count(), LONG).toBe(1)
    await standalone.getByTestId('verify-drop-input').setInputFiles([trustPath, certPath, docPath])
    const result = standalone.getByTestId('verify-result')
    // offline: valid as of the registering block, in amber, never the green "Valid"
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('valid-as-of')
    expect(await checkResults(standalone)).toEqual({ integrity: 'pass', status: 'pass', issuer: 'pass' })
    expect(await standalone.getByTestId('verify-verdict-box').getAttribute('data-tone')).toBe('caution')
    expect(await standalone.getByTestId('verify-verdict').innerText()).toMatch(/^Valid as of block \d+ \(.+\) — later revocation not checked$/)
    // as of the checkpoint, and said so
    expect(await standalone.getByTestId('verify-status-mode').getAttribute('data-live')).toBe('false')
    expect(await standalone.getByTestId('verify-status-mode').innerText()).toContain('as of the registering block')
    // the agency by the name the consortium published with its trust list, never its id
    const agencyNames = new Map<string, string>(((await api(node, 'GET', '/api/v1/identity/agencies')).body as { id: string; name: string }[]).map((a) => [a.id, a.name]))
    const shownAgency = await standalone.getByTestId('verify-record').locator('[data-field="agency"] dd').innerText()
    expect([...agencyNames.values()]).toContain(shownAgency)
    expect(agencyNames.has(shownAgency)).toBe(false)
    // the QR text alone verifies too
    const qr = (await api(node, 'GET', `/api/v1/notary/documents/${encodeURIComponent(number)}/proof`)).body.qr as string
    await standalone.getByTestId('verify-clear').click()
    await standalone.getByTestId('verify-qr').fill(qr)
    await standalone.getByTestId('verify-submit').click()
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('valid-as-of-no-document')
    await standalone.getByTestId('verify-drop-input').setInputFiles([certPath, docPath])
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('valid-as-of')
    await standalone.mouse.move(1279, 899)
    await standalone.screenshot({ path: join(SHOTS, 'verifier-page.png'), fullPage: true })
    // besides the page itself, only its hashing worker, inlined in the page and started from a blob: URL (no network)
    expect(requests.filter((r) => !r.startsWith('blob:'))).toEqual([url])
    expect(requests.filter((r) => r.startsWith('blob:'))).toHaveLength(1)
    await context.close()
  })

  it('revokes the record with a reason, followed to committed', async () => {
    await page.getByTestId('nav-documents').click()
    await page.getByTestId('documents-tab-list').click()
    await page.locator(`[data-testid="document-row"][data-number="${number}"]`).getByTestId('document-link').click()
    const detail = page.getByTestId('document-detail')
    await expect.poll(() => detail.getAttribute('data-status'), LONG).toBe('issued')
    const form = page.getByTestId('status-form')
    await form.getByTestId('status-action').selectOption('revoke')
    await form.getByTestId('status-submit').click()
    await expect.poll(() => form.locator('.problems').innerText(), LONG).toContain('Give a reason')
    await form.getByTestId('status-reason').fill(REASON)
    // irreversible: a confirmation names the number, the holder and the reason; cancelled, nothing is signed
    await form.getByTestId('status-submit').click()
    const dialog = page.getByTestId('status-confirm')
    await expect.poll(() => dialog.isVisible(), LONG).toBe(true)
    const said = await dialog.innerText()
    for (const fact of [number, 'Hong Gildong', REASON, 'cannot be undone']) expect(said).toContain(fact)
    await dialog.getByTestId('status-confirm-cancel').click()
    await expect.poll(() => dialog.count(), LONG).toBe(0)
    expect(await form.getByTestId('status-result').count()).toBe(0)
    expect(await detail.getAttribute('data-status')).toBe('issued')
    // signed only once the number is retyped
    await form.getByTestId('status-submit').click()
    expect(await confirmIrreversible(page, 'status-confirm')).toBe(number)
    await expect.poll(() => detail.getAttribute('data-status'), LONG).toBe('revoked')
    expect(await page.getByTestId('document-status-reason').innerText()).toContain(REASON)
    expect(await page.locator('[data-testid="history-row"][data-action="revoke"]').count()).toBe(1)
    await expect.poll(() => page.getByTestId('status-final').count(), LONG).toBe(1)
  })

  it('verifies again: the revocation and its reason are shown', async () => {
    await closeNotifications(page)
    await page.getByTestId('nav-verify').click()
    await page.getByTestId('verify-clear').click()
    await page.getByTestId('verify-drop-input').setInputFiles([docPath, certPath])
    const result = page.getByTestId('verify-result')
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('invalid')
    expect(await checkResults(page)).toEqual({ integrity: 'pass', status: 'fail', issuer: 'pass' })
    const status = page.locator('[data-testid="verify-check"][data-check="status"]')
    // the node's status proof proves it: the revocation, then the block it is proven as of (format 2)
    const text = (await status.getByTestId('verify-check-text').allInnerTexts()).join('\n')
    expect(text).toContain('Revoked on')
    expect(text).toContain(REASON)
    expect(text).toMatch(/\(As of block \d+ \(.+\), proven by a state proof\.\)/)
    expect(await page.getByTestId('verify-verdict').innerText()).toBe('Not valid')
    await shoot(page, 'verify-revoked.png', result)
  })

  it('offline, the revoked record is not shown as a green "valid": valid as of its block, later revocation not checked, amber', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
    const standalone = await context.newPage()
    await standalone.goto(pathToFileURL(VERIFIER_PAGE).href)
    await standalone.getByTestId('verify-drop-input').setInputFiles([trustPath, certPath, docPath])
    const result = standalone.getByTestId('verify-result')
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('valid-as-of')
    const box = standalone.getByTestId('verify-verdict-box')
    expect(await box.getAttribute('data-tone')).toBe('caution')
    expect(await standalone.getByTestId('verify-verdict').innerText()).toContain('later revocation not checked')
    // drawn in amber: the title's colour is the caution colour, not the green of a proven "valid"
    const colours = await standalone.getByTestId('verify-verdict').evaluate((el) => {
      const root = getComputedStyle(document.documentElement)
      const probe = (v: string): string => {
        const d = document.createElement('span')
        d.style.color = root.getPropertyValue(v)
        document.body.append(d)
        const c = getComputedStyle(d).color
        d.remove()
        return c
      }
      return { title: getComputedStyle(el).color, caution: probe('--caution'), ok: probe('--ok') }
    })
    expect(colours.title).toBe(colours.caution)
    expect(colours.title).not.toBe(colours.ok)
    await context.close()
  })

  it('registers three dropped files as one batch; the node gets their list; a batch document verifies by number', async () => {
    const files = ['a', 'b', 'c'].map((x) => {
      const path = join(t.dir, `batch-${x}.txt`)
      writeFileSync(path, `batch document ${x}\n`)
      return { path, hash: sha256(readFileSync(path)) }
    })
    await page.getByTestId('nav-documents').click()
    await page.getByTestId('documents-tab-register').click()
    const form = page.getByTestId('register-form')
    await expect.poll(() => form.getByTestId('register-number').inputValue(), LONG).toMatch(/^LOCAL-AGENCY-\d{4}-000002$/)
    const batch = await form.getByTestId('register-number').inputValue()
    await form.getByTestId('register-drop-input').setInputFiles(files.map((f) => f.path))
    await expect
      .poll(async () => Promise.all((await form.getByTestId('register-file').all()).map((r) => r.getAttribute('data-hash'))), LONG)
      .toEqual(files.map((f) => f.hash))
    expect(await form.getByTestId('register-batch-note').innerText()).toContain(`${batch}/001`)
    await form.getByTestId('register-type').fill('Transcript')
    await form.getByTestId('register-submit').click()
    await expect.poll(() => form.getByTestId('register-result').getAttribute('data-status'), LONG).toBe('committed')
    await expect.poll(() => form.getByTestId('register-upload').getAttribute('data-state'), LONG).toBe('done')
    expect((await api(node, 'GET', `/api/v1/notary/batches/${encodeURIComponent(batch)}`)).body).toMatchObject({ count: 3, documentsHeld: true })
    await form.getByTestId('register-open').click()
    const detail = page.getByTestId('document-detail')
    await expect.poll(() => detail.getAttribute('data-number'), LONG).toBe(`${batch}/001`)
    expect(await detail.locator('[data-field="hash"] dd').innerText()).toBe(files[0]!.hash)

    await closeNotifications(page)
    await page.getByTestId('nav-verify').click()
    await page.getByTestId('verify-clear').click()
    await page.getByTestId('verify-number').fill(`${batch}/002`)
    await page.getByTestId('verify-document-input').setInputFiles(files[1]!.path)
    await page.getByTestId('verify-submit').click()
    const result = page.getByTestId('verify-result')
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('valid')
    expect(await checkResults(page)).toEqual({ integrity: 'pass', status: 'pass', issuer: 'pass' })
    expect(await page.getByTestId('verify-record').locator('[data-field="batch"] dd').innerText()).toContain('document 2 of 3')

    // an error is scrolled into view like a result, above the status bar (on a short window it was below the fold)
    const size = page.viewportSize()
    await page.setViewportSize({ width: 1100, height: 520 })
    await page.getByTestId('verify-clear').click()
    await page.locator('#main').evaluate((m) => m.scrollTo({ top: 0 }))
    await page.getByTestId('verify-number').fill('NOPE-2026-000001')
    await page.getByTestId('verify-submit').click()
    const problem = page.getByTestId('verify-problem')
    await expect.poll(() => problem.count(), LONG).toBe(1)
    const inView = (): Promise<boolean> =>
      problem.evaluate((el) => {
        const r = el.getBoundingClientRect()
        const bar = document.querySelector('.status-bar')?.getBoundingClientRect().top ?? window.innerHeight
        return r.top >= 0 && r.top < bar && Math.min(r.bottom, bar) - r.top > 10
      })
    await expect.poll(inView, LONG).toBe(true)
    if (size) await page.setViewportSize(size)
  })

  it('a rejected registration re-opens in the register form: the fields as sent, the document hash shown, never typed', async () => {
    const path = join(t.dir, 'second.txt')
    writeFileSync(path, 'a second document\n')
    await closeNotifications(page)
    await page.getByTestId('nav-documents').click()
    await page.getByTestId('documents-tab-register').click()
    const form = page.getByTestId('register-form')
    await form.getByTestId('register-drop-input').setInputFiles(path)
    await expect.poll(() => form.getByTestId('register-file').getAttribute('data-hash'), LONG).toBe(sha256(readFileSync(path)))
    await form.getByTestId('register-number').fill(number) // taken: rejected by the node
    await form.getByTestId('register-type').fill('Certificate of residence')
    await form.getByTestId('register-submit').click()
    await expect.poll(() => form.getByTestId('register-result').getAttribute('data-status'), LONG).toBe('rejected')

    await page.getByTestId('nav-outbox').click()
    const rejected = page.locator('[data-testid="outbox-item"][data-status="rejected"]')
    await expect.poll(() => rejected.count(), LONG).toBe(1)
    await rejected.getByTestId('outbox-edit').click()
    await expect.poll(() => page.getByTestId('resubmit-banner').count(), LONG).toBe(1)
    const again = page.getByTestId('register-form')
    expect(await again.getByTestId('register-number').inputValue()).toBe(number)
    expect(await again.getByTestId('register-type').inputValue()).toBe('Certificate of residence')
    const hash = again.getByTestId('register-fixed-hash')
    expect(await hash.innerText()).toBe(sha256(readFileSync(path)))
    expect(await hash.evaluate((el) => el.tagName === 'CODE' && !(el as HTMLElement).isContentEditable)).toBe(true)
    // checked as in the form: an emptied field is named before anything is signed
    await again.getByTestId('register-type').fill('')
    await again.getByTestId('register-submit').click()
    await expect.poll(() => again.getByTestId('register-problems').innerText(), LONG).toContain('Fill in Document type')
    await again.getByTestId('register-type').fill('Certificate of residence')
    await again.getByTestId('register-suggest').click()
    await expect.poll(() => again.getByTestId('register-number').inputValue(), LONG).not.toBe(number)
    const next = await again.getByTestId('register-number').inputValue()
    await again.getByTestId('register-submit').click()
    await expect.poll(() => again.getByTestId('register-result').getAttribute('data-status'), LONG).toBe('committed')
    await expect.poll(() => page.getByTestId('resubmit-banner').count(), LONG).toBe(0)
    const onNode = (await api(node, 'GET', `/api/v1/notary/documents/${encodeURIComponent(next)}`)).body
    expect(onNode).toMatchObject({ number: next, documentHash: sha256(readFileSync(path)), documentType: 'Certificate of residence' })
    // the same outbox item, re-signed: nothing rejected is left
    await page.getByTestId('nav-outbox').click()
    await expect.poll(() => rejected.count(), LONG).toBe(0)
  })

  it('after a reload the key is locked: the screen offers to unlock it in place, not a missing role', async () => {
    await page.reload()
    await page.getByTestId('nav-documents').click()
    const gate = page.getByTestId('role-gate-locked')
    await expect.poll(() => gate.count(), LONG).toBe(1)
    expect(await page.getByTestId('role-gate').count()).toBe(0)
    await gate.getByTestId('unlock-passphrase').fill(PASS)
    await gate.getByTestId('unlock-submit').click()
    await expect.poll(() => page.getByTestId('documents-tab-register').count(), LONG).toBe(1)
    expect(await page.getByTestId('role-gate').count()).toBe(0)
  })
})
