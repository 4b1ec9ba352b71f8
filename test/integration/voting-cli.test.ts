/**
 * An election run end to end with the `daejang` CLI only, each step a separate process against a real node (issue 14,
 * item 3 and "Done when"; docs/adr/0058): a commission drafts it; three trustee agencies (threshold 2) take the key
 * ceremony's steps with their secret files; a credential authority (a fifth agency) generates 1,000 credentials,
 * publishes them in parts and seals the list, and prints the letters; the official opens it; a few dozen voters vote
 * with `election vote` (one re-votes, one votes blank); once the closing time has come the official closes it; two of
 * the three trustees send their partial decryptions; the official computes and sends the result; `election export`
 * writes the archive, `election verify` and sirona (an independent Belenios 2.5 verifier) accept it. Refusals along
 * the way: a secret file never overwritten, another agency's file, a ballot of a credential for another election,
 * choices that do not fit, a result before enough partials.
 */
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, ROOT, type CliResult, cli, startNode, stopAll, tempHome, waitFor } from './harness'

const SIRONA = resolve(__dirname, '../../node_modules/sirona/dist/cli')
const AGENCIES = [
  { id: 'trustee-a', name: '행정안전부' },
  { id: 'trustee-b', name: '법무부' },
  { id: 'trustee-c', name: '국가정보원' },
  { id: 'authority-x', name: '한국인터넷진흥원' },
]
const VOTERS = 1000
/** the ballots cast: a few dozen, voter 0 votes again, voter 1 votes blank */
const CAST = 30

/** the CLI in a child process without blocking the test (ballots are cast a few at a time) */
function cliAsync(args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    p.stdout.on('data', (d) => (stdout += d))
    p.stderr.on('data', (d) => (stderr += d))
    p.on('close', (code) => {
      let json: unknown
      try {
        json = JSON.parse(stdout)
      } catch {
        json = undefined
      }
      done({ code: code ?? -1, stdout, stderr, json })
    })
  })
}

describe('an election run with the CLI: three trustee agencies (2 of 3), 1,000 credentials, ballots, result, archive', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const f = (name: string): string => join(t.dir, name)
  let uuid = ''
  let closes = 0
  let perCall = 1_000
  let letters: Promise<CliResult> | null = null
  const ok = (args: string[]): any => {
    const r = cli([...args, '--home', home, '--json'])
    expect(r.code, `${args.join(' ')}: ${r.stderr}${r.stdout}`).toBe(0)
    return r.json
  }
  const refused = (args: string[], code: string): CliResult => {
    const r = cli([...args, '--home', home, '--json'])
    expect(r.code, `${args.join(' ')}: ${r.stdout}`).toBe(1)
    expect(r.json.error.code).toBe(code)
    return r
  }

  beforeAll(async () => {
    expect(cli(['init', '--home', home, '--heartbeat-ms', '200', '--agency-id', 'nec', '--agency-name', '중앙선거관리위원회', '--json']).code).toBe(0)
    await startNode(home)
    for (const a of AGENCIES) {
      const k = cli(['keys', 'create', '--home', home, '--name', a.id, '--json'])
      expect(k.code, k.stderr).toBe(0)
      writeFileSync(f(`${a.id}.json`), JSON.stringify({ id: a.id, name: a.name, admins: [k.json.publicKey], validator: null }))
      const p = cli(['governance', 'propose', '--home', home, '--admit', f(`${a.id}.json`), '--in-blocks', '15', '--json'])
      expect(p.code, p.stdout + p.stderr).toBe(0)
      const from = p.json.proposal.effectiveHeight as number
      await waitFor(async () => (cli(['status', '--home', home, '--json']).json.height as number) >= from, 60_000, `${a.id} admitted`)
    }
    const grant = (name: string, role: string, by: string): void => {
      const k = cli(['keys', 'create', '--home', home, '--name', name, '--json'])
      expect(k.code, k.stderr).toBe(0)
      const g = cli(['role', 'grant', '--home', home, '--key', by, '--subject', k.json.publicKey, '--role', role, '--label', name, '--json'])
      expect(g.code, g.stdout + g.stderr).toBe(0)
    }
    const t0 = Date.now()
    grant('official', 'election-official', 'admin')
    for (const a of AGENCIES.slice(0, 3)) grant(`${a.id}-staff`, 'trustee', a.id)
    grant('issuer', 'credential-authority', 'authority-x')
    // the pace of a CLI process on this machine now (10 of them above, half waiting for a commit; a loaded machine
    // runs each many times slower): the closing time leaves room for the ~50 processes before the last ballot, so the
    // test waits little on an idle machine and does not run out of voting time on a busy one
    perCall = (Date.now() - t0) / 10
  }, 5 * 60_000)

  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('drafts the election; the trustee agencies take the ceremony with their secret files', { timeout: 180_000 }, () => {
    // voting opens as soon as it is set up and closes once the steps and ballots below have had time at this pace
    const now = Date.now()
    closes = Math.round(now + Math.max(90_000, 100 * perCall + 45_000))
    const draft = {
      name: '2026 학생회장 선거',
      description: 'CLI',
      questions: [{ question: '학생회장', answers: ['김하나', '이두리', '박세나'], min: 1, max: 1, blank: true }],
      voters: VOTERS,
      votersHash: createHash('sha256').update('voters').digest('hex'),
      opens: now + 5_000,
      closes,
      trustees: ['trustee-a', 'trustee-b', 'trustee-c'],
      threshold: 2,
      credentialAuthority: 'authority-x',
    }
    writeFileSync(f('draft.json'), JSON.stringify(draft))
    uuid = ok(['election', 'draft', f('draft.json'), '--key', 'official']).uuid
    const secret = (a: string): string => f(`secret-${a}.json`)
    for (const a of ['trustee-a', 'trustee-b', 'trustee-c']) {
      const r = ok(['election', 'trustee', 'cert', uuid, '--key', `${a}-staff`, '--secret', secret(a)])
      expect(r).toMatchObject({ agency: a, step: 'cert' })
      expect(JSON.parse(readFileSync(secret(a), 'utf8'))).toMatchObject({ format: 'daejang-trustee-secret/1', election: uuid, agency: a })
    }
    // a secret file is never overwritten, and the agency's certificate is not sent twice
    const before = readFileSync(secret('trustee-a'), 'utf8')
    refused(['election', 'trustee', 'cert', uuid, '--key', 'trustee-a-staff', '--secret', secret('trustee-a')], 'VOTING_FILE_EXISTS')
    expect(readFileSync(secret('trustee-a'), 'utf8')).toBe(before)
    // nor is a second certificate made: the agency's next step is said, and no file is left behind
    refused(['election', 'trustee', 'cert', uuid, '--key', 'trustee-a-staff', '--secret', f('again.json')], 'VOTING_STEP_ORDER')
    expect(existsSync(f('again.json'))).toBe(false)
    // another agency's file is refused before anything is computed, in words
    refused(['election', 'trustee', 'polynomial', uuid, '--key', 'trustee-a-staff', '--secret', secret('trustee-b')], 'VOTING_SECRET_FILE')
    const ko = cli(['election', 'trustee', 'polynomial', uuid, '--key', 'trustee-a-staff', '--secret', secret('trustee-b'), '--home', home, '--lang', 'ko'])
    expect(ko.stderr).toContain('다른 기관의 파일입니다')
    for (const a of ['trustee-c', 'trustee-a', 'trustee-b']) ok(['election', 'trustee', 'polynomial', uuid, '--key', `${a}-staff`, '--secret', secret(a)])
    for (const a of ['trustee-b', 'trustee-c', 'trustee-a']) ok(['election', 'trustee', 'voutput', uuid, '--key', `${a}-staff`, '--secret', secret(a)])
    const s = ok(['election', 'status', uuid])
    expect(s.phase).toBe('credentials')
    expect(s.trustees.map((x: { next: string | null }) => x.next)).toEqual([null, null, null])
  })

  it('the credential authority generates 1,000 credentials, publishes and seals the list (resumable), prints the letters', { timeout: 180_000 }, () => {
    const creds = f('credentials.json')
    const g = ok(['election', 'credentials', 'generate', uuid, '--out', creds])
    expect(g.count).toBe(VOTERS)
    const file = JSON.parse(readFileSync(creds, 'utf8'))
    expect(file).toMatchObject({ format: 'daejang-private-credentials/1', election: uuid })
    expect(new Set(file.credentials).size).toBe(VOTERS)
    refused(['election', 'credentials', 'generate', uuid, '--out', creds], 'VOTING_FILE_EXISTS')
    // the officials cannot publish a list
    refused(['election', 'credentials', 'publish', uuid, '--key', 'official', '--file', creds], 'VOTING_NOT_AUTHORITY')
    // the parts first, without the seal; then again: every part already there is skipped, and the list sealed
    const p1 = ok(['election', 'credentials', 'publish', uuid, '--key', 'issuer', '--file', creds, '--no-seal'])
    // the default consortium's largest transaction (64 KiB) holds 906 credentials: two parts
    expect(p1).toMatchObject({ count: VOTERS, parts: 2, sent: 2, skipped: 0, sealed: false })
    const p2 = ok(['election', 'credentials', 'publish', uuid, '--key', 'issuer', '--file', creds])
    expect(p2).toMatchObject({ count: VOTERS, parts: 2, sent: 0, skipped: 2, sealed: true })
    const s = ok(['election', 'status', uuid])
    expect(s.credentials).toMatchObject({ published: VOTERS, expected: VOTERS, sealed: true, hash: p2.hash })
    // nothing private reached the node
    const state = cli(['election', 'status', uuid, '--home', home, '--json']).stdout
    expect(state).not.toContain(file.credentials[0])

    const list = f('voters.txt')
    writeFileSync(list, Array.from({ length: VOTERS }, (_, i) => `학생 ${i + 1}`).join('\n') + '\n')
    // the thousand letters are made beside the voting (checked at the end)
    letters = cliAsync(['election', 'credentials', 'letters', uuid, '--file', creds, '--voters', list, '--out', f('letters.pdf'), '--home', home, '--json'])
    // a voter list that does not match the credentials is refused, and nothing is written
    writeFileSync(f('short.txt'), '학생 1\n')
    refused(['election', 'credentials', 'letters', uuid, '--file', creds, '--voters', f('short.txt'), '--out', f('short.pdf')], 'VOTING_VOTER_LIST')
    expect(existsSync(f('short.pdf'))).toBe(false)
  })

  it('the official opens it; a few dozen voters vote (a re-vote, a blank vote); refusals change nothing', { timeout: 240_000 }, async () => {
    ok(['election', 'open', uuid, '--key', 'official'])
    const privates = JSON.parse(readFileSync(f('credentials.json'), 'utf8')).credentials as string[]
    // the ledger takes ballots from the opening time by its blocks' time
    await waitFor(async () => (ok(['election', 'status', uuid]).draft.opens as number) + 1_000 <= Date.now(), 60_000, 'the opening')
    refused(['election', 'vote', uuid, '--credential', privates[2]!, '--choices', '[[0,1,1,0]]'], 'VOTING_BAD_CHOICES')
    refused(['election', 'vote', uuid, '--credential', `DJV1:AbCdEfGhJkLmNpQrSt:${privates[2]!}`, '--choices', '[[0,1,0,0]]'], 'VOTING_BAD_CREDENTIAL_INPUT')
    // a credential not on the list is refused by the ledger
    refused(['election', 'vote', uuid, '--credential', 'AAAAA-BBBBBB-CCCCC-DDDDDD', '--choices', '[[0,1,0,0]]'], 'VOTING_UNKNOWN_CREDENTIAL')
    expect(ok(['election', 'status', uuid]).ballots).toBe(0)

    // voter i: answer i mod 3 (voter 1 blank; voter 0 first for 김하나, then again for 박세나)
    const choice = (i: number): number[] => (i === 1 ? [1, 0, 0, 0] : [0, ...[0, 1, 2].map((k) => (k === i % 3 ? 1 : 0))])
    const expected = [0, 0, 0]
    let blank = 0
    const trackers: string[] = []
    for (let start = 0; start < CAST; start += 4) {
      const batch = Array.from({ length: Math.min(4, CAST - start) }, (_, j) => start + j)
      const rs = await Promise.all(
        batch.map((i) => cliAsync(['election', 'vote', uuid, '--credential', i === 3 ? `DJV1:${uuid}:${privates[i]!}` : privates[i]!, '--choices', JSON.stringify([choice(i)]), '--home', home, '--json'])),
      )
      for (const [j, r] of rs.entries()) {
        expect(r.code, r.stdout + r.stderr).toBe(0)
        trackers.push(r.json.tracker)
        const i = batch[j]!
        if (i === 1) blank++
        else if (i !== 0) expected[i % 3]!++
      }
    }
    const again = ok(['election', 'vote', uuid, '--credential', privates[0]!, '--choices', '[[0,0,0,1]]'])
    expected[2]!++
    expect(again.tracker).not.toBe(trackers[0])
    // every ballot recorded, the replaced one too
    const s = ok(['election', 'status', uuid])
    expect(s.ballots).toBe(CAST + 1)
    writeFileSync(f('expected.json'), JSON.stringify({ expected, blank }))
  })

  it('closed once its time has come; two of three trustees decrypt; the result; export, verify and sirona accept it', { timeout: 900_000 }, async () => {
    // the official may not close before the closing time (the ledger's block time decides)
    await waitFor(async () => Date.now() >= closes + 1_000, closes - Date.now() + 60_000, 'the closing time')
    await waitFor(async () => cli(['election', 'close', uuid, '--key', 'official', '--home', home, '--json']).code === 0, 30_000, 'the close')
    refused(['election', 'result', uuid, '--key', 'official'], 'VOTING_RESULT_NOT_COMPUTED')
    // trustee c's file cannot decrypt for trustee a
    refused(['election', 'trustee', 'partial', uuid, '--key', 'trustee-a-staff', '--secret', f('secret-trustee-c.json')], 'VOTING_SECRET_FILE')
    ok(['election', 'trustee', 'partial', uuid, '--key', 'trustee-c-staff', '--secret', f('secret-trustee-c.json')])
    ok(['election', 'trustee', 'partial', uuid, '--key', 'trustee-a-staff', '--secret', f('secret-trustee-a.json')])
    const r = ok(['election', 'result', uuid, '--key', 'official'])
    const { expected, blank } = JSON.parse(readFileSync(f('expected.json'), 'utf8')) as { expected: number[]; blank: number }
    expect(r.counted).toBe(CAST)
    expect(r.questions[0]).toMatchObject({ counts: expected, blankCount: blank })
    // sent once: a second result is refused by the ledger
    refused(['election', 'result', uuid, '--key', 'official'], 'VOTING_PHASE')

    const bel = f('election.bel')
    ok(['election', 'export', '--uuid', uuid, '--out', bel])
    const v = cli(['election', 'verify', bel, '--json'])
    expect(v.code, v.stdout + v.stderr).toBe(0)
    expect(v.json.ok).toBe(true)
    expect(v.json.summary).toMatchObject({ ballots: CAST + 1, tallied: CAST })
    const dir = f('sirona')
    mkdirSync(dir)
    writeFileSync(join(dir, 'election.bel'), readFileSync(bel))
    const sv = await new Promise<{ code: number | null; out: string; err: string }>((done) => {
      const p = spawn(process.execPath, [join(SIRONA, 'sirona-election.js'), 'verify'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      let err = ''
      p.stdout.on('data', (d) => (out += d))
      p.stderr.on('data', (d) => (err += d))
      p.on('close', (code) => done({ code, out, err }))
    })
    expect(sv.err).toBe('')
    expect(sv.code).toBe(0)
    expect(sv.out).toContain(`${CAST + 1} ballots found`)

    // the letters: one page a voter, each with its voter's name and credential, and its QR code the voter's code
    const l = await letters!
    expect(l.code, l.stdout + l.stderr).toBe(0)
    expect(l.json).toMatchObject({ letters: VOTERS, out: f('letters.pdf') })
    expect(l.stderr).toContain('1,000 / 1,000 (100%)')
    const privates = JSON.parse(readFileSync(f('credentials.json'), 'utf8')).credentials as string[]
    expect(spawnSync('pdfinfo', [f('letters.pdf')], { encoding: 'utf8' }).stdout).toMatch(/Pages:\s+1000\b/)
    for (const page of [1, 1000]) {
      const text = spawnSync('pdftotext', ['-f', String(page), '-l', String(page), f('letters.pdf'), '-'], { encoding: 'utf8' }).stdout
      expect(text).toContain(`학생 ${page}`)
      expect(text).toContain(privates[page - 1])
      expect(text).toContain('2026 학생회장 선거')
      const png = f(`page-${page}`)
      expect(spawnSync('pdftoppm', ['-r', '110', '-gray', '-png', '-singlefile', '-f', String(page), '-l', String(page), f('letters.pdf'), png]).status).toBe(0)
      expect(spawnSync('zbarimg', ['-q', '--raw', `${png}.png`], { encoding: 'utf8' }).stdout.trim()).toBe(`DJV1:${uuid}:${privates[page - 1]}`)
    }
  })
})
