/**
 * `daejang election verify ARCHIVE` and `daejang election export --record F --out F.bel` over a stub host (no node
 * runs): each check printed with its number, name, count and time in Korean or English, exit status 1 on a failure;
 * --json the report; export writes the archive of the record, byte for byte.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { votingArchiveCli } from '../../../src/ledger/registries/voting/cli-archive'
import { buildArchive, type ElectionRecord } from '../../../src/ledger/registries/voting/portable/archive/archive'
import type { VerifyReport } from '../../../src/ledger/registries/voting/portable/archive/verify'
import type { CliHost, CliOptions } from '../../../src/ledger/registries/types'
import { generateElection } from './archive-fixture'

let dir: string
let record: ElectionRecord

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bel-cli-'))
  record = generateElection({ voters: 4, revoters: [1], abstainers: [] }).record
  writeFileSync(join(dir, 'good.bel'), buildArchive(record))
  const r = JSON.parse(record.result!) as { result: number[][] }
  r.result[0]![1]! += 1
  writeFileSync(join(dir, 'bad.bel'), buildArchive({ ...record, result: JSON.stringify(r) }))
  writeFileSync(join(dir, 'record.json'), JSON.stringify(record))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))
afterEach(() => {
  process.exitCode = undefined
})

async function run(args: string[], lang: 'ko' | 'en'): Promise<{ out: string; exit: number | undefined; error?: { code?: string } }> {
  let out = ''
  const program = new Command().exitOverride()
  const host = {
    program,
    act: (fn: (o: CliOptions) => Promise<void>) => fn,
    print: (o: CliOptions, value: unknown, human: () => string) => {
      out += o.json === true ? JSON.stringify(value) : human()
    },
    files: {
      read: (path: string) => new Uint8Array(readFileSync(path)),
      write: (path: string, bytes: Uint8Array) => writeFileSync(path, bytes),
      sha256: async () => '',
    },
    readJsonFile: (path: string) => JSON.parse(readFileSync(path, 'utf8')) as unknown,
    lang: () => lang,
  } as unknown as CliHost
  votingArchiveCli(host)
  process.exitCode = undefined
  try {
    await program.parseAsync(['node', 'daejang', ...args])
  } catch (e) {
    return { out, exit: process.exitCode as number | undefined, error: e as { code?: string } }
  }
  return { out, exit: process.exitCode as number | undefined }
}

describe('daejang election verify / export', () => {
  it('prints every check with its number, name, count and time, in English and Korean; exit 0 when all pass', async () => {
    const en = await run(['election', 'verify', join(dir, 'good.bel')], 'en')
    expect(en.exit).toBeUndefined()
    expect(en.out).toMatch(/^ 1\. Files and their hashes — passed, \d+ checked, [\d.]+ ms$/m)
    expect(en.out).toMatch(/^ 6\. Each ballot's signature and proofs — passed, 5 checked, [\d.]+ ms$/m)
    expect(en.out).toMatch(/^10\. Result — passed, 1 checked, [\d.]+ ms$/m)
    expect(en.out).toContain('Every check passed.')
    const ko = await run(['election', 'verify', join(dir, 'good.bel')], 'ko')
    expect(ko.out).toMatch(/^ 7\. 마지막 투표 규칙 — 통과, 5건, [\d.]+ ms$/m)
    expect(ko.out).toContain('모든 검사를 통과했습니다.')
  })

  it('exits 1 and says which check failed and why; --json gives the report', async () => {
    const en = await run(['election', 'verify', join(dir, 'bad.bel')], 'en')
    expect(en.exit).toBe(1)
    expect(en.out).toMatch(/^10\. Result — FAILED, 0 checked, [\d.]+ ms\n {4}The result is not what the tally and the partial decryptions give\./m)
    expect(en.out).toContain('Verification FAILED.')
    const js = await run(['election', 'verify', join(dir, 'bad.bel'), '--json'], 'en')
    expect(js.exit).toBe(1)
    const report = JSON.parse(js.out) as VerifyReport
    expect(report.ok).toBe(false)
    expect(report.checks.map((c) => c.state)).toEqual([...Array(9).fill('passed'), 'failed'])
    expect(report.checks[9]!.detail?.reason).toBe('bad-result')
  })

  it('refuses a file that is not an archive with a stable code', async () => {
    writeFileSync(join(dir, 'junk.bel'), 'not an archive')
    const r = await run(['election', 'verify', join(dir, 'junk.bel')], 'en')
    expect(r.error?.code).toBe('VOTING_ARCHIVE_TRUNCATED')
  })

  it('export writes the archive of a record, the same bytes each time', async () => {
    const out = join(dir, 'out.bel')
    const r = await run(['election', 'export', '--record', join(dir, 'record.json'), '--out', out, '--json'], 'en')
    expect(r.error).toBeUndefined()
    expect(Buffer.from(readFileSync(out)).equals(Buffer.from(buildArchive(record)))).toBe(true)
    expect(JSON.parse(r.out)).toMatchObject({ out, ballots: 5 })
    writeFileSync(join(dir, 'partial.json'), JSON.stringify({ ...record, election: 5 }))
    const bad = await run(['election', 'export', '--record', join(dir, 'partial.json'), '--out', join(dir, 'x.bel')], 'en')
    expect(bad.error?.code).toBe('VOTING_ARCHIVE_INCOMPLETE')
    writeFileSync(join(dir, 'broken.json'), '{"timestamp":')
    const broken = await run(['election', 'export', '--record', join(dir, 'broken.json'), '--out', join(dir, 'y.bel')], 'en')
    expect(broken.error?.code).toBe('MALFORMED_JSON')
  })
})
