/**
 * The voter page's ballot encryption in Chromium (npx tsx bench/voting-page.ts [runs]): the built page
 * (scripts/build-pages.mjs, out/voter/index.html) served by a stand-in for the ballot box that answers only the two
 * election reads, on a ballot of one question with five answers and on one of ten such questions. Each run types a
 * credential, chooses, clicks "encrypt" and reads the milliseconds the page itself measured around the encryption
 * and signature (the portable noble group: every proof, as the ballot box will check it). Prints the median, p90 and
 * worst of each; the target is ≤ 500 ms for the one-question ballot.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cpus, loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { generateCredential } from '../src/ledger/registries/voting/portable/belenios/credential'
import { portableGroup, randomScalar } from '../src/ledger/registries/voting/portable/belenios/group'

const ROOT = resolve(import.meta.dirname, '..')
const RUNS = Number(process.argv[2] ?? 15)

const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-pages.mjs'), 'voter'], { cwd: ROOT, encoding: 'utf8' })
if (built.status !== 0) throw new Error('voter page build failed: ' + built.stderr)
const page = readFileSync(join(ROOT, 'out', 'voter', 'index.html'))

const question = (i: number) => ({ answers: ['김하나', '이두리', '박세나', '최네모', '정다섯'], min: 1, max: 1, question: `질문 ${i + 1}` })
const questionText = (q: ReturnType<typeof question>) => `{"answers":${JSON.stringify(q.answers)},"min":${q.min},"max":${q.max},"question":${JSON.stringify(q.question)}}`
const publicKey = portableGroup.toString(portableGroup.baseMul(randomScalar()))
const elections = [
  { uuid: 'Bench1Question5x', name: 'one question, five answers', questions: [question(0)] },
  { uuid: 'BenchTenQuestions', name: 'ten questions, five answers each', questions: Array.from({ length: 10 }, (_, i) => question(i)) },
].map((e) => ({
  ...e,
  text: `{"version":1,"description":"bench","name":"${e.name}","group":"Ed25519","public_key":"${publicKey}","questions":[${e.questions.map(questionText).join(',')}],"uuid":"${e.uuid}"}`,
}))

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname
  const json = (v: unknown) => {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify(v))
  }
  if (path === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    res.end(page)
  } else if (path === '/elections') json({ elections: elections.map((e) => ({ uuid: e.uuid, name: e.name, opens: 0, closes: 0 })) })
  else {
    const e = elections.find((x) => path === `/elections/${x.uuid}`)
    if (!e) {
      res.writeHead(404).end()
      return
    }
    json({ uuid: e.uuid, name: e.name, description: '', phase: 'open', opens: Date.now() - 60_000, closes: Date.now() + 3_600_000, questions: e.questions, election: e.text })
  }
})
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
})
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!
console.log(`voter page: ballot encryption and signature in Chromium (${page.length} bytes page), ${RUNS} runs each after one warm-up; ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`)
try {
  for (const e of elections) {
    const tab = await browser.newPage()
    await tab.goto(`${base}/?election=${e.uuid}`)
    await tab.getByTestId('voter-credential').waitFor()
    const times: number[] = []
    for (let i = 0; i <= RUNS; i++) {
      await tab.getByTestId('voter-credential').fill(generateCredential())
      for (let q = 0; q < e.questions.length; q++) await tab.getByTestId(`ballot-q${q}-a${(i + q) % 5}`).check()
      await tab.getByTestId('ballot-submit').click()
      await tab.waitForSelector('[data-testid="voter-page"][data-stage="encrypted"]')
      const ms = Number(await tab.getByTestId('voter-ballot').getAttribute('data-encrypt-ms'))
      if (i > 0) times.push(ms) // the first run warms the JIT
      await tab.getByTestId('voter-challenge').click()
      await tab.getByTestId('voter-again').click()
      await tab.waitForSelector('[data-testid="voter-page"][data-stage="fill"]')
    }
    console.log(`  ${e.name.padEnd(34)} median ${pct(times, 0.5)} ms  p90 ${pct(times, 0.9)} ms  worst ${Math.max(...times)} ms`)
    await tab.close()
  }
} finally {
  await browser.close()
  server.close()
}
