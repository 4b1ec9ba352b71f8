/**
 * The election record check in the standalone verifier page (npx tsx bench/election-page.ts [voters]): a generated
 * election of `voters` voters (default 200, one question of five answers), its archive dropped on the built page
 * (out/verifier/index.html, `npm run build` or scripts/build-verifier.mjs) in headless Chromium from file://; prints
 * the page's size, the archive's, the time to the report as the page measured it (its worker: read, ten checks) and
 * the ballots checked per second. Run it with `uptime`: the figures depend on the machine's load.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { buildArchive } from '../src/ledger/registries/voting/portable/archive/archive'
import { generateElection } from '../test/ledger/voting/archive-fixture'

const ROOT = resolve(import.meta.dirname, '..')
const PAGE = join(ROOT, 'out', 'verifier', 'index.html')
const VOTERS = Number(process.argv[2] ?? 200)

const dir = mkdtempSync(join(tmpdir(), 'daejang-bench-election-page-'))
try {
  const gen = generateElection({
    voters: VOTERS,
    revoters: [0],
    abstainers: [],
    questions: [{ question: 'Choose one', answers: ['A', 'B', 'C', 'D', 'E'], min: 1, max: 1 }],
    vote: (v) => [[0, 1, 2, 3, 4].map((k) => (k === v % 5 ? 1 : 0))],
  })
  const bel = join(dir, 'election.bel')
  writeFileSync(bel, buildArchive(gen.record))
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
  try {
    const page = await browser.newPage()
    await page.goto(pathToFileURL(PAGE).href)
    const t0 = Date.now()
    await page.getByTestId('election-drop-input').setInputFiles(bel)
    const report = page.getByTestId('election-report')
    await report.waitFor({ timeout: 30 * 60_000 })
    const wall = Date.now() - t0
    const verdict = await report.getAttribute('data-verdict')
    const ballots = Number(await report.getAttribute('data-ballots'))
    const ms = Number(await report.getAttribute('data-ms'))
    const ballotMs = Number(await page.locator('[data-testid="election-check-item"][data-n="6"]').getAttribute('data-ms'))
    console.log(`page ${(statSync(PAGE).size / 1024).toFixed(0)} KiB; archive ${(statSync(bel).size / 1024).toFixed(0)} KiB, ${gen.record.ballots.length} ballots (1 question, 5 answers)`)
    console.log(`verdict ${verdict}; report in ${ms} ms (page's worker), ${wall} ms from the drop; check 6: ${ballots} ballots in ${ballotMs} ms = ${((ballots * 1000) / ballotMs).toFixed(1)} ballots/s (${(ballotMs / ballots).toFixed(1)} ms a ballot)`)
  } finally {
    await browser.close()
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
