/// <reference lib="dom" />
/**
 * The election official prepares an election in Chromium against a running node (issue 14 items 1–2, docs/adr/
 * 0048): a consortium of five agencies (the officials' commission, three trustee agencies admitted through
 * governance, a credential authority), the official's key made in the app and its role granted by the administrator;
 * in the app the official fills the draft — each field checked in words (a threshold above the trustee count, the
 * authority chosen among the trustees, a closing before the opening) — reads the voter list from a file, confirms by
 * retyping the name and signs; the draft is recorded, listed with its phase, and its page shows the dates, the
 * questions and the key ceremony awaited from each trustee agency, in Korean and in English. Then the three trustee
 * agencies' trustees (keys made in the app, roles granted by each agency's administrator) take their steps at
 * different times: each certificate with its secret file saved, the polynomial and the key share check with the file
 * opened again; the screen says whom each step waits for; once all are in, the election awaits its credentials. The
 * credential authority's staff (another agency) generates the five voters' credentials in the app, saves the private
 * ones to a file (nothing private reaches the node), publishes the public list and seals it; the official opens the
 * election, confirmed by retyping its name. No code, transaction type or agency id shows on the screen.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publicCredential } from '../../src/ledger/registries/voting/portable/belenios/credential'
import { portableGroup } from '../../src/ledger/registries/voting/portable/belenios/group'
import { createBallot } from '../../src/ledger/registries/voting/portable/belenios/ballot'
import { parseElection } from '../../src/ledger/registries/voting/portable/belenios/election'
import { credentialPartKey, setupKey } from '../../src/ledger/registries/voting/portable/keys'
import { ROOT, type StartedNode, api, cli, startNode, stopAll, tempHome, waitFor } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { closeNotifications, confirmIrreversible, createKey, unlockKey } from './keys-ui'
import { LONG, setLanguage } from './land-setup'

const RAW = /voting\.\w|VOTING_[A-Z_]+|votingScreens\.|\bvoutput\b|trustee-[abc]\b|\bauthority-x\b|credentialAuthority/
const PASS = 'official pass 9'
const NAME = '2026 학생회장 선거'
const AGENCIES = [
  { id: 'trustee-a', name: '행정안전부' },
  { id: 'trustee-b', name: '법무부' },
  { id: 'trustee-c', name: '국가정보원' },
  { id: 'authority-x', name: '한국인터넷진흥원' },
]

describe('the official prepares an election', () => {
  let node: StartedNode
  let home: string
  let dir: { dir: string; cleanup: () => void }
  let browser: Browser
  let page: Page
  let official = ''
  let uuid = ''
  const trustees: string[] = []
  const TRUSTEE_PASS = 'trustee pass 5'

  /** A trustee takes its agency's next step of the ceremony on its screen; the secret file is kept in the test's folder. */
  async function trusteeStep(key: string, step: 'cert' | 'polynomial' | 'voutput'): Promise<void> {
    await unlockKey(page, key, TRUSTEE_PASS)
    await page.evaluate((u) => (location.hash = `#/elections/e/${u}/trustee`), uuid)
    const s = page.getByTestId('elections-trustee')
    await expect.poll(() => s.getAttribute('data-next'), LONG).toBe(step)
    const file = join(dir.dir, `secret-${key.slice(0, 8)}.json`)
    if (step === 'cert') {
      await s.getByTestId('elections-trustee-make-cert').click()
      const [download] = await Promise.all([page.waitForEvent('download'), s.getByTestId('elections-trustee-save-secret').click()])
      await download.saveAs(file)
      expect(await s.getByTestId('elections-trustee-sign').isDisabled()).toBe(true)
      await s.getByTestId('elections-trustee-kept').click()
    } else {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), s.getByTestId('elections-trustee-open-secret').click()])
      await chooser.setFiles(file)
      await expect.poll(() => s.getByTestId('elections-trustee-secret-ok').count(), LONG).toBe(1)
    }
    await s.getByTestId('elections-trustee-sign').click()
    await expect.poll(() => s.getByTestId('elections-trustee-result').getAttribute('data-status'), LONG).toBe('committed')
    expect(RAW.test(await s.innerText())).toBe(false)
  }

  beforeAll(async () => {
    ensureUiBuilt()
    dir = tempHome()
    home = join(dir.dir, 'node')
    expect(cli(['init', '--home', home, '--heartbeat-ms', '300', '--agency-id', 'nec', '--agency-name', '중앙선거관리위원회', '--json']).code).toBe(0)
    node = await startNode(home, ['--ui'])
    // the other agencies, each with its administrator, admitted by the commission (which holds all the power)
    for (const a of AGENCIES) {
      const k = cli(['keys', 'create', '--home', home, '--name', a.id, '--json'])
      expect(k.code, k.stderr).toBe(0)
      const file = join(dir.dir, `${a.id}.json`)
      writeFileSync(file, JSON.stringify({ id: a.id, name: a.name, admins: [k.json.publicKey], validator: null }))
      const p = cli(['governance', 'propose', '--home', home, '--admit', file, '--in-blocks', '5', '--json'])
      expect(p.code, p.stdout + p.stderr).toBe(0)
      expect(p.json.proposal.status).toBe('approved')
      // one change at a time: the next is proposed once this one is in force
      const from = p.json.proposal.effectiveHeight as number
      await waitFor(async () => (cli(['status', '--home', home, '--json']).json.height as number) >= from, 60_000, `${a.id} admitted`)
    }
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 1400 }, locale: 'ko-KR', acceptDownloads: true })
    await page.goto(`${node.url}/#token=${node.token}`)
  }, 10 * 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    dir?.cleanup()
  })

  it('the official makes a key in the app; the administrator grants the role', { timeout: 180_000 }, async () => {
    official = await createKey(page, '선관위 김도윤', PASS, [])
    const g = cli(['role', 'grant', '--home', home, '--subject', official, '--role', 'election-official', '--label', '선관위 김도윤', '--json'])
    expect(g.code, g.stdout + g.stderr).toBe(0)
    await page.reload()
    await closeNotifications(page)
    await setLanguage(page, 'ko')
  })

  it('drafts the election: each field checked in words, confirmed by retyping its name, recorded', { timeout: 240_000 }, async () => {
    await unlockKey(page, official, PASS)
    await page.getByTestId('nav-elections').click()
    await expect.poll(() => page.getByTestId('elections-empty').count(), LONG).toBe(1)
    await page.getByTestId('elections-tab-elections-draft').click()
    const form = page.getByTestId('elections-draft-form')
    await expect.poll(() => form.count(), LONG).toBe(1)
    // every admitted agency is offered as a trustee
    await expect.poll(() => form.getByTestId('elections-draft-trustee-authority-x').count(), LONG).toBe(1)

    // trying an empty form says what is missing, in words, and signs nothing
    await page.getByTestId('elections-draft-submit').click()
    await expect.poll(() => form.innerText(), LONG).toContain('선거인 명부 파일을 골라야 합니다.')
    expect(await form.innerText()).toContain('수탁 기관을 하나 이상 골라야 합니다.')
    expect(await page.getByTestId('elections-draft-confirm').isVisible()).toBe(false)

    /** a time `minutes` whole minutes from now, as the form takes it (the browser's time zone) */
    const inMinutes = (minutes: number): Promise<string> =>
      page.evaluate((m) => {
        const t = new Date(Date.now() + m * 60_000)
        const p = (n: number): string => String(n).padStart(2, '0')
        return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())} ${p(t.getHours())}:${p(t.getMinutes())}`
      }, minutes)
    await form.getByTestId('elections-draft-name').fill(NAME)
    await form.getByTestId('elections-draft-q0-question').fill('학생회장')
    await form.getByTestId('elections-draft-q0-answers').fill('김하나\n이두리\n박세나')
    await form.getByTestId('elections-draft-q0-max').fill('4')
    await expect.poll(() => form.innerText()).toContain('답이 3개이므로 그보다 많이 고를 수 없습니다.')
    await form.getByTestId('elections-draft-q0-max').fill('1')
    await form.getByTestId('elections-draft-q0-blank').click()
    await form.getByTestId('elections-draft-voters').setInputFiles({ name: 'voters.txt', mimeType: 'text/plain', buffer: Buffer.from('학생 1\n학생 2\n학생 3\n학생 4\n학생 5\n') })
    await expect.poll(() => page.getByTestId('elections-draft-voters-read').innerText(), LONG).toContain('선거인 5명')
    // the voting opens in two minutes (a ballot is cast below once it has), closes in two days
    await form.getByTestId('elections-draft-opens').fill(await inMinutes(2))
    await form.getByTestId('elections-draft-closes').fill(await inMinutes(1))
    await expect.poll(() => form.innerText()).toContain('투표 마감은 시작보다 뒤여야 합니다.')
    await form.getByTestId('elections-draft-closes').fill(await inMinutes(2 * 24 * 60))
    for (const a of ['trustee-a', 'trustee-b', 'trustee-c']) await form.getByTestId(`elections-draft-trustee-${a}`).click()
    await form.getByTestId('elections-draft-threshold').fill('4')
    await expect.poll(() => form.innerText()).toContain('수탁 기관이 3곳이므로 그보다 클 수 없습니다.')
    await form.getByTestId('elections-draft-threshold').fill('2')
    // a trustee agency is not offered as the authority
    const offered = await form.getByTestId('elections-draft-authority').locator('option').allInnerTexts()
    expect(offered).toContain('한국인터넷진흥원')
    expect(offered).not.toContain('법무부')
    await form.getByTestId('elections-draft-authority').selectOption('authority-x')
    expect(RAW.test(await page.getByTestId('register-elections').innerText())).toBe(false)

    await page.getByTestId('elections-draft-submit').click()
    const dialog = page.getByTestId('elections-draft-confirm')
    await expect.poll(() => dialog.isVisible(), LONG).toBe(true)
    const facts = await dialog.innerText()
    expect(facts).toContain('행정안전부, 법무부, 국가정보원')
    expect(facts).toContain('한국인터넷진흥원')
    expect(await confirmIrreversible(page, 'elections-draft-confirm')).toBe(NAME)
    const sent = page.getByTestId('elections-draft-result')
    await expect.poll(() => sent.getAttribute('data-status'), LONG).toBe('committed')
  })

  it('lists it and shows its page: phase, dates, questions, the ceremony awaited from each trustee agency', { timeout: 180_000 }, async () => {
    await page.getByTestId('elections-tab-elections-list').click()
    const row = page.getByTestId('elections-row')
    await expect.poll(() => row.count(), LONG).toBe(1)
    expect(await row.getAttribute('data-phase')).toBe('draft')
    expect(await row.innerText()).toContain('준비 중')
    uuid = (await row.getAttribute('data-uuid'))!
    await row.getByRole('link', { name: `${NAME} 보기` }).click()
    const el = page.getByTestId('elections-election')
    await expect.poll(() => el.getAttribute('data-phase'), LONG).toBe('draft')
    expect(await el.getAttribute('data-uuid')).toBe(uuid)
    const text = await el.innerText()
    expect(text).toContain(NAME)
    expect(text).toContain('김하나')
    expect(text).toContain('백지 투표 가능')
    expect(text).toContain('수탁 기관 3곳 중 2곳이 함께 있어야 개표할 수 있습니다.')
    expect(text).toContain('아직 게시된 공개 자격증명이 없습니다.')
    const rows = el.getByTestId('elections-ceremony-row')
    expect(await rows.evaluateAll((rs) => rs.map((r) => [r.getAttribute('data-agency'), r.getAttribute('data-next')]))).toEqual([
      ['trustee-a', 'cert'],
      ['trustee-b', 'cert'],
      ['trustee-c', 'cert'],
    ])
    expect(await rows.first().innerText()).toContain('행정안전부')
    // the official may not open it before the key and the credentials
    expect(await el.getByTestId('elections-open').isDisabled()).toBe(true)
    expect(RAW.test(text)).toBe(false)
    await closeNotifications(page)
    await page.mouse.move(1279, 1399)
    await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'elections-election.png') })

    // the same page in English
    await setLanguage(page, 'en')
    await expect.poll(() => el.innerText(), LONG).toContain('2 of the 3 trustee agencies must take part to count the votes.')
    expect(await el.innerText()).toContain('Being prepared')
    expect(RAW.test(await el.innerText())).toBe(false)
    await setLanguage(page, 'ko')
  })

  it('three trustee agencies take their ceremony steps at different times, each told whom it waits for', { timeout: 600_000 }, async () => {
    for (const a of AGENCIES.slice(0, 3)) {
      const k = await createKey(page, `${a.name} 수탁자`, TRUSTEE_PASS, [official, ...trustees])
      const g = cli(['role', 'grant', '--home', home, '--key', a.id, '--subject', k, '--role', 'trustee', '--label', `${a.name} 수탁자`, '--json'])
      expect(g.code, g.stdout + g.stderr).toBe(0)
      trustees.push(k)
    }
    await page.reload()
    await closeNotifications(page)
    const [ta, tb, tc] = trustees as [string, string, string]
    await trusteeStep(ta, 'cert')
    // the first agency's polynomial waits for the two others' certificates, named
    const s = page.getByTestId('elections-trustee')
    await expect.poll(() => s.getAttribute('data-next'), LONG).toBe('polynomial')
    await expect.poll(() => s.getByTestId('elections-trustee-steps').innerText(), LONG).toContain('법무부, 국가정보원의 앞 단계를 기다립니다.')
    expect(await s.getByTestId('elections-trustee-sign').count()).toBe(0)
    await trusteeStep(tb, 'cert')
    await trusteeStep(tc, 'cert')
    for (const k of [tc, ta, tb]) await trusteeStep(k, 'polynomial')
    for (const k of [tb, tc, ta]) await trusteeStep(k, 'voutput')
    await expect.poll(() => s.getAttribute('data-next'), LONG).toBe('done')
    // the election's page: every agency done, the credentials awaited
    await page.evaluate((u) => (location.hash = `#/elections/e/${u}`), uuid)
    const el = page.getByTestId('elections-election')
    await expect.poll(() => el.getAttribute('data-phase'), LONG).toBe('credentials')
    expect(await el.getByTestId('elections-ceremony-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-next')))).toEqual(['done', 'done', 'done'])
    expect(await el.getByTestId('elections-phase').innerText()).toContain('자격증명')
  })

  it('the credential authority issues the credentials; the official opens the election', { timeout: 300_000 }, async () => {
    const authority = await createKey(page, '한국인터넷진흥원 발급 담당', TRUSTEE_PASS, [official, ...trustees])
    const g = cli(['role', 'grant', '--home', home, '--key', 'authority-x', '--subject', authority, '--role', 'credential-authority', '--label', '발급 담당', '--json'])
    expect(g.code, g.stdout + g.stderr).toBe(0)
    await page.reload()
    await closeNotifications(page)
    await unlockKey(page, authority, TRUSTEE_PASS)
    await page.evaluate((u) => (location.hash = `#/elections/e/${u}`), uuid)
    await page.getByTestId('elections-to-credentials').click()
    const c = page.getByTestId('elections-credentials-page')
    await expect.poll(() => c.getByTestId('elections-credentials-generate').count(), LONG).toBe(1)
    await c.getByTestId('elections-credentials-generate').click()
    await expect.poll(() => c.innerText(), LONG).toContain('5명 중 5명의 자격증명을 만들었습니다.')
    // nothing is published before the private credentials are saved
    expect(await c.getByTestId('elections-credentials-publish').isDisabled()).toBe(true)
    const [download] = await Promise.all([page.waitForEvent('download'), c.getByTestId('elections-credentials-save').click()])
    const file = join(dir.dir, 'credentials.json')
    await download.saveAs(file)
    const privates = JSON.parse(readFileSync(file, 'utf8')).credentials as string[]
    expect(privates).toHaveLength(5)
    await c.getByTestId('elections-credentials-publish').click()
    await expect.poll(() => c.getAttribute('data-sealed'), LONG).toBe('true')
    expect(await c.getByTestId('elections-credentials-sealed').innerText()).toContain('공개 자격증명 목록이 확정되었습니다(5개)')
    expect(RAW.test(await c.innerText())).toBe(false)
    // the ledger holds the public credentials of the saved private ones, and nothing else
    const part = await api(node, 'GET', `/api/v1/state?key=${encodeURIComponent(credentialPartKey(uuid, 1))}`)
    expect(part.body.value).toEqual(privates.map((p) => publicCredential(portableGroup, uuid, p)).sort())
    for (const p of privates) expect(JSON.stringify(part.body)).not.toContain(p)

    // the official opens it
    await unlockKey(page, official, PASS)
    await page.evaluate((u) => (location.hash = `#/elections/e/${u}`), uuid)
    const el = page.getByTestId('elections-election')
    await expect.poll(() => el.getByTestId('elections-open').isEnabled(), LONG).toBe(true)
    await el.getByTestId('elections-open').click()
    expect(await confirmIrreversible(page, 'elections-confirm')).toBe(NAME)
    await expect.poll(() => el.getAttribute('data-phase'), LONG).toBe('open')
    expect(await el.getByTestId('elections-phase').innerText()).toContain('투표 중')
    expect(await el.getByTestId('elections-close').count()).toBe(1)
  })

  it('a ballot cast once the voting has opened is on the board; the voter finds it by its tracker', { timeout: 420_000 }, async () => {
    const stored = await api(node, 'GET', `/api/v1/state?key=${encodeURIComponent(setupKey(uuid, 'election'))}`)
    const election = parseElection(portableGroup, stored.body.value as string)
    if (!election.ok) throw new Error(`the election text does not parse: ${election.reason}`)
    const privates = JSON.parse(readFileSync(join(dir.dir, 'credentials.json'), 'utf8')).credentials as string[]
    // blank first, then the answers: a vote for 이두리
    const ballot = createBallot(portableGroup, election.election, privates[0]!, [[0, 0, 1, 0]])
    // the ledger takes it once its block's time has reached the opening
    await waitFor(async () => Date.now() >= (await api(node, 'GET', `/api/v1/voting/elections/${uuid}`)).body.draft.opens + 2_000, 300_000, 'the opening')
    const f = join(dir.dir, 'ballot.json')
    writeFileSync(`${f}.payload`, JSON.stringify({ election: uuid, ballot: ballot.text }))
    const signed = cli(['tx', 'sign', '--home', home, '--key', 'authority-x', '--type', 'voting.ballot', '--payload-file', `${f}.payload`, '--out', f, '--json'])
    expect(signed.code, signed.stdout + signed.stderr).toBe(0)
    const sent = cli(['tx', 'submit', f, '--home', home, '--wait', '--json'])
    expect(sent.code, sent.stdout + sent.stderr).toBe(0)

    await page.evaluate((u) => (location.hash = `#/elections/e/${u}`), uuid)
    const board = page.getByTestId('elections-board')
    await expect.poll(() => board.getAttribute('data-entries'), LONG).toBe('1')
    expect(await board.innerText()).toContain('받은 투표 1표, 그중 개표에 들어가는 투표 1표')
    await board.getByTestId('elections-board-find').fill('NotATracker')
    await expect.poll(() => board.getByTestId('elections-board-found').getAttribute('data-found'), LONG).toBe('0')
    await board.getByTestId('elections-board-find').fill(` ${ballot.tracker} `)
    await expect.poll(() => board.getByTestId('elections-board-found').innerText(), LONG).toContain('찾았습니다: 1번째로 기록된 투표입니다.')
    expect(RAW.test(await page.getByTestId('elections-election').innerText())).toBe(false)
  })
})
