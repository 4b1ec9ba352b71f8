/// <reference lib="dom" />
/**
 * A voter on the voter page (issue 14 item 4, docs/adr/0057): a real node serves the ballot box endpoint and the page
 * at its root; the election opens; in Chromium the voter types her letter's QR text, chooses, and the page encrypts
 * and signs in the browser and shows the tracker. She first challenges the ballot: the page spoils it through the
 * ballot box (signed by her credential), then publishes it opened; it is shown opened (each choice and its randomness,
 * which re-encrypt to the very ciphertexts), it is on the audit list, never counted, can no longer be cast, and the
 * verifier page (opened from a file, as on another device) reads her choice from what the page shows. She chooses
 * again, casts: the page says in words that it is recorded, in Korean and in English, and finds her tracker on the
 * board, counted. The same page opened from a file reaches the ballot box at the address she types. No code or
 * transaction type shows on the screen.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Home } from '../../src/ledger/node/home'
import { nodeGroup } from '../../src/ledger/registries/voting/node-group'
import { parseElection } from '../../src/ledger/registries/voting/portable/belenios/election'
import { formatLetterCode } from '../../src/ledger/registries/voting/portable/letter-code'
import { ROOT, type StartedNode, api, startNode, stopAll, tempHome } from '../integration/harness'
import { type Consortium, type OpenElection, freePort, grantRoles, makeVotingHome, openElection } from '../server/ballot-box-fixture'
import { launch } from './browser'

const RAW = /voting\.\w|VOTING_[A-Z_]+|BALLOT_BOX_|voter\.\w+|undefined|NaN/
const LONG = { timeout: 60_000 }
const PAGE = join(ROOT, 'out', 'voter', 'index.html')
const VERIFIER = join(ROOT, 'out', 'verifier', 'index.html')
const G = nodeGroup()

describe('a voter on the voter page', () => {
  let dir: { dir: string; cleanup: () => void }
  let c: Consortium
  let node: StartedNode
  let box = ''
  let open: OpenElection
  let browser: Browser

  beforeAll(async () => {
    // the page as this tree builds it (scripts/build-pages.mjs)
    const b = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-pages.mjs'), 'voter', 'verifier'], { cwd: ROOT, encoding: 'utf8' })
    if (b.status !== 0) throw new Error('voter and verifier pages build failed: ' + b.stderr + b.stdout)
    dir = tempHome()
    c = makeVotingHome(dir.dir)
    const port = await freePort()
    const h = new Home(c.home)
    h.writeConfig({ ...h.readConfig(), ballotBox: { listen: `127.0.0.1:${port}`, trustedProxies: [] } })
    node = await startNode(c.home)
    box = `http://127.0.0.1:${port}`
    await grantRoles(node, c)
    open = await openElection(node, c, { voters: 2, openForMs: 3_600_000, name: '2026 주민자치회 위원 선거' })
    browser = await launch()
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    dir?.cleanup()
  })

  it('challenges a ballot (opened, never sent), then casts one that is recorded and found on the board', { timeout: 180_000 }, async () => {
    const page = await browser.newPage({ locale: 'ko-KR' })
    await page.goto(box + '/')
    const root = page.getByTestId('voter-page')
    // served by the ballot box: it connects by itself, and the one open election is chosen
    await expect.poll(() => page.getByTestId('voter-credential').count(), LONG).toBe(1)
    expect(await root.innerText()).toContain('2026 주민자치회 위원 선거')

    // a code for another election is refused in words; then her letter's QR text
    await page.getByTestId('voter-credential').fill(formatLetterCode('1111111111111111111111', open.credentials[0]!))
    await expect.poll(() => page.getByTestId('voter-credential-problem').innerText(), LONG).toContain('다른 선거')
    await page.getByTestId('voter-credential').fill(formatLetterCode(open.uuid, open.credentials[0]!))
    expect(await page.getByTestId('voter-credential-problem').count()).toBe(0)
    // nothing chosen yet: the form says which question to fix, and nothing is encrypted
    await page.getByTestId('ballot-submit').click()
    await expect.poll(() => page.getByTestId('ballot-summary-error').count(), LONG).toBe(1)
    expect(await root.getAttribute('data-stage')).toBe('fill')
    await page.getByTestId('ballot-q0-a1').check()
    await page.getByTestId('ballot-submit').click()
    await expect.poll(() => root.getAttribute('data-stage'), LONG).toBe('encrypted')
    const first = (await page.getByTestId('voter-tracker').innerText()).trim()
    expect(first).toMatch(/^[A-Za-z0-9+/]{43}$/)

    // Benaloh's challenge: spoiled through the ballot box, then published opened; never counted
    await page.getByTestId('voter-challenge').click()
    // irreversible: asked first, in words; cancelling leaves the ballot as it was
    expect(await page.getByTestId('voter-challenge-confirmation').innerText()).toContain('되돌릴 수 없습니다')
    await page.getByTestId('voter-challenge-cancel').click()
    expect(await root.getAttribute('data-stage')).toBe('encrypted')
    await page.getByTestId('voter-challenge').click()
    await page.getByTestId('voter-challenge-confirm').click()
    await expect.poll(() => root.getAttribute('data-stage'), LONG).toBe('challenged')
    expect(await page.getByTestId('voter-challenge-note').getAttribute('data-kind')).toBe('published')
    expect(await page.getByTestId('voter-challenge-note').innerText()).toMatch(/열린 투표지가 원장에 공개되었습니다 \(블록 \d+\)/)
    await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'voter-page-challenged.png'), fullPage: true })
    expect(await page.getByTestId('voter-challenged').innerText()).toContain('집계되지 않습니다')
    // the choices shown opened, each with its randomness
    const table = await page.getByTestId('voter-opened-q0').innerText()
    expect(table).toContain('이두리')
    expect(table).toMatch(/\d{20,}/)
    const opened = JSON.parse(await page.getByTestId('voter-opened').inputValue()) as { ballot: string; tracker: string; plaintext: number[][]; randomness: string[][] }
    expect(opened.plaintext).toEqual([[0, 0, 1, 0, 0, 0]])
    expect(opened.tracker).toBe(first)
    const text = JSON.parse(opened.ballot) as { answers: Array<{ choices: Array<{ alpha: string; beta: string }> }> }
    // the randomness opens every ciphertext: alpha = g^r, beta = y^r g^m
    const dto = (await (await fetch(`${box}/elections/${open.uuid}`)).json()) as { election: string }
    const pe = parseElection(G, dto.election)
    if (!pe.ok) throw new Error(pe.reason)
    text.answers[0]!.choices.forEach((ch, j) => {
      const r = BigInt(opened.randomness[0]![j]!)
      const m = BigInt(opened.plaintext[0]![j]!)
      expect(ch.alpha).toBe(G.toString(G.baseMul(r)))
      expect(ch.beta).toBe(G.toString(G.add(G.mul(pe.election.publicKey, r), G.baseMul(m))))
    })
    // on the ledger: audited with what it opens to, not on the board, and it can never be cast
    const audits = (await api(node, 'GET', `/api/v1/voting/elections/${open.uuid}/audit?from=1&limit=10`)).body as { audits: Array<{ tracker: string; plaintext: number[][] }> }
    expect(audits.audits.map((a) => [a.tracker, a.plaintext])).toEqual([[first, [[0, 0, 1, 0, 0, 0]]]])
    const recast = await fetch(`${box}/ballot`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: opened.ballot })
    expect([recast.status, ((await recast.json()) as { error: { code: string } }).error.code]).toEqual([409, 'VOTING_BALLOT_SEEN'])
    await page.getByTestId('voter-find-tracker').fill(first)
    await page.getByTestId('voter-find').click()
    await expect.poll(() => page.getByTestId('voter-found').getAttribute('data-answer'), LONG).toBe('missing')
    expect(((await api(node, 'GET', `/api/v1/voting/elections/${open.uuid}`)).body as { ballots: number }).ballots).toBe(0)
    expect(RAW.test(await root.innerText())).toBe(false)

    // checkable on another device: the verifier page, from a file, reads her choice from what the page shows
    const verifier = await browser.newPage({ locale: 'ko-KR' })
    await verifier.goto(pathToFileURL(VERIFIER).href)
    await verifier.getByTestId('challenge-election').fill(await page.getByTestId('voter-election-text').inputValue())
    await verifier.getByTestId('challenge-ballot').fill(await page.getByTestId('voter-opened').inputValue())
    await verifier.getByTestId('challenge-open').click()
    await expect.poll(() => verifier.getByTestId('challenge-answer').getAttribute('data-ok'), LONG).toBe('yes')
    expect(await verifier.getByTestId('challenge-choice').allInnerTexts()).toEqual(['이두리'])
    await verifier.close()

    // she chooses again: a fresh encryption, cast
    await page.getByTestId('voter-again').click()
    await expect.poll(() => root.getAttribute('data-stage'), LONG).toBe('fill')
    await page.getByTestId('ballot-submit').click()
    await expect.poll(() => root.getAttribute('data-stage'), LONG).toBe('encrypted')
    const tracker = (await page.getByTestId('voter-tracker').innerText()).trim()
    expect(tracker).not.toBe(first)
    await page.getByTestId('voter-cast').click()
    await expect.poll(() => page.getByTestId('voter-outcome').getAttribute('data-kind'), LONG).toBe('committed')
    expect(await page.getByTestId('voter-outcome').innerText()).toMatch(/투표가 원장에 기록되었습니다 \(블록 \d+\)/)
    await page.getByTestId('voter-find').click()
    await expect.poll(() => page.getByTestId('voter-found').getAttribute('data-answer'), LONG).toBe('found')
    const board = (await api(node, 'GET', `/api/v1/voting/elections/${open.uuid}/board`)).body as { entries: Array<{ tracker: string }> }
    expect(board.entries.map((e) => e.tracker)).toEqual([tracker])
    await page.getByTestId('voter-lang-en').click()
    expect(await page.getByTestId('voter-outcome').innerText()).toMatch(/Your ballot is recorded on the ledger \(block \d+\)/)
    expect(await page.getByTestId('voter-found').innerText()).toBe('On the board, and counted.')
    expect(RAW.test(await root.innerText())).toBe(false)
    await page.setViewportSize({ width: 900, height: 1500 })
    await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'voter-page.png'), fullPage: true })
    await page.close()
  })

  it('opened from a file, reaches the ballot box at the address the voter types', { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ locale: 'en-GB' })
    await page.goto(pathToFileURL(PAGE).href + `#election=${open.uuid}`)
    await page.getByTestId('voter-endpoint').fill('ftp://nowhere')
    await page.getByTestId('voter-connect').click()
    await expect.poll(() => page.getByTestId('voter-failure').innerText(), LONG).toContain('ballot box address')
    await page.getByTestId('voter-endpoint').fill(box)
    await page.getByTestId('voter-connect').click()
    await expect.poll(() => page.getByTestId('voter-credential').count(), LONG).toBe(1)
    await page.getByTestId('voter-credential').fill(open.credentials[1]!)
    await page.getByTestId('ballot-q0-blank').check()
    await page.getByTestId('ballot-submit').click()
    await expect.poll(() => page.getByTestId('voter-page').getAttribute('data-stage'), LONG).toBe('encrypted')
    await page.getByTestId('voter-cast').click()
    await expect.poll(() => page.getByTestId('voter-outcome').getAttribute('data-kind'), LONG).toBe('committed')
    expect(((await api(node, 'GET', `/api/v1/voting/elections/${open.uuid}`)).body as { ballots: number }).ballots).toBe(2)
    expect(RAW.test(await page.getByTestId('voter-page').innerText())).toBe(false)
    await page.close()
  })
})
