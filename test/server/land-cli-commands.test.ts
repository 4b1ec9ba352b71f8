/**
 * The land CLI's new commands in words (issue 12): offices by the agency's name, a party's key required, a decision
 * with --yes bound to office, year and receipt, the register's history with blocks and dates, a commission's and a
 * rebinding's refusals — over a stub host (no node runs): the host's client answers from fixtures.
 */
import { Command } from 'commander'
import { afterEach, describe, expect, it } from 'vitest'
import { landCli } from '../../src/ledger/registries/land/cli'
import type { CliHost, CliOptions } from '../../src/ledger/registries/types'
import { errorLine, kv, table } from '../../src/server/cli/output'
import { setCliLang } from '../../src/server/cli/lang'
import { DaejangError, toDaejangError } from '../../src/shared/errors'

const HASH = 'ab'.repeat(32)
const NUMBER = '1101-2026-000001'

interface Run {
  out: string
  err: string
  paths: string[]
  submitted: Array<{ type: string; payload: unknown }>
}

async function run(args: string[], lang: 'ko' | 'en', answers: Record<string, unknown> = {}): Promise<Run> {
  const r: Run = { out: '', err: '', paths: [], submitted: [] }
  const program = new Command().exitOverride()
  setCliLang(lang)
  const host = {
    committed: (x: unknown) => x,
    program,
    act: (fn: (o: CliOptions) => Promise<void>) => fn,
    adminOptions: (c: Command) => c.requiredOption('--home <dir>').option('--key <name>', 'k', 'admin').option('--json'),
    admin: async () => ({ agency: 'court', signAndCommit: async () => ({ status: 'committed', hash: HASH, height: 7 }) }),
    client: () => ({
      get: async (path: string) => {
        r.paths.push(path)
        const k = Object.keys(answers).find((p) => path.startsWith(p))
        if (k === undefined) throw new DaejangError('NOT_FOUND', path)
        return answers[k]
      },
      post: async () => ({}),
    }),
    key: () => ({
      publicKey: '11'.repeat(32),
      signAndCommit: async (type: string, payload: unknown) => {
        r.submitted.push({ type, payload })
        return { status: 'committed', hash: HASH, height: 7 }
      },
      signAct: async () => ({ sig: 'x', signer: '11'.repeat(32), cosigners: [] }),
      sign: () => new Uint8Array(64),
    }),
    print: (o: CliOptions, v: unknown, human: () => string) => {
      r.out += (o.json ? JSON.stringify(v) : human()) + '\n'
    },
    readJsonFile: () => ({}),
    files: { read: () => new Uint8Array(), sha256: async () => '', write: () => undefined },
    format: { table, kv, time: (ms: number) => new Date(ms).toISOString() },
    lang: () => lang,
  } as unknown as CliHost
  landCli(host)
  try {
    await program.parseAsync(['node', 'daejang', 'land', ...args])
  } catch (e) {
    r.err = errorLine(toDaejangError(e), lang)
  } finally {
    setCliLang(null)
  }
  return r
}

afterEach(() => {
  process.exitCode = 0
})

const entry = (seq: number, height: number, section: 'A' | 'B', rank: string, purpose: string, cause: string, target: unknown = null) => ({
  seq,
  section,
  rank,
  purpose,
  receipt: { office: '1101', on: '2026-12-02', number: seq },
  cause,
  causeOn: '2026-12-01',
  holders: [],
  of: null,
  portion: null,
  amount: null,
  debtor: null,
  target,
  caseNo: null,
  provisional: null,
  tx: HASH,
  height,
  cancelledBy: null,
  completedBy: null,
  struck: false,
})
const REGISTER = {
  number: NUMBER,
  office: '1101',
  officeName: '서울중앙지방법원 등기국',
  agency: 'court',
  kind: 'land',
  head: { kind: 'land' },
  address: '서울특별시 종로구 세종로 1-3',
  road: null,
  height: 9,
  view: 'full',
  sections: {
    A: [entry(1, 3, 'A', '1', 'ownership.preservation', 'new-building'), entry(2, 5, 'A', '2', 'restriction.provisional-attachment', 'court-decision'), entry(3, 6, 'A', '3', 'cancellation', 'release', { section: 'A', rank: '2' })],
    B: [],
  },
  owners: [{ rank: '1', holder: { name: '박서준', key: '22'.repeat(32) }, share: '1/1' }],
  live: [],
  entries: 3,
}

describe('land offices', () => {
  it("prints the agency's name, not its id", async () => {
    const answers = {
      '/api/v1/land/offices': [{ office: '1101', name: '서울중앙지방법원 등기국', agency: 'court' }],
      '/api/v1/state?key=id%2Fagency%2Fcourt': { present: true, value: { id: 'court', name: '대법원 법원행정처' } },
    }
    const ko = await run(['offices', '--home', 'h'], 'ko', answers)
    expect(ko.out).toContain('대법원 법원행정처')
    expect(ko.out).toContain('등기소명')
    expect(ko.out).not.toMatch(/\bcourt\b/)
    const json = await run(['offices', '--home', 'h', '--json'], 'en', answers)
    expect(JSON.parse(json.out)).toEqual([{ office: '1101', name: '서울중앙지방법원 등기국', agency: 'court', agencyName: '대법원 법원행정처' }])
  })
})

describe("a party's key and a decision's year", () => {
  it('apply, withdraw and mandate name the party’s key: no default signs for a party', async () => {
    for (const args of [
      ['apply', '--home', 'h', '--file', 'r.json'],
      ['withdraw', '--home', 'h', '--office', '1101', '--year', '2026', '--receipt', '2', '--yes'],
      ['mandate', '--home', 'h', '--file', 'r.json', '--agent', '33'.repeat(32), '--out', 'm.json'],
    ]) {
      const ko = await run(args, 'ko')
      expect(ko.err, args[0]).toMatch(/--key/)
      expect(ko.err).toMatch(/신청인의 키/)
      const en = await run(args, 'en')
      expect(en.err).toMatch(/name the party's key with --key/)
    }
  })

  it('enter and reject with --yes require --year; nothing is submitted', async () => {
    const ko = await run(['enter', '--home', 'h', '--office', '1101', '--receipt', '2', '--yes'], 'ko')
    expect(ko.err).toMatch(/--year로 접수 연도를 지정하십시오/)
    expect(ko.submitted).toEqual([])
    const en = await run(['reject', '--home', 'h', '--office', '1101', '--receipt', '2', '--reason', 'x', '--yes'], 'en')
    expect(en.err).toMatch(/give the year of receipt with --year/)
    expect(en.submitted).toEqual([])
  })

  it('refuses to decide when the node answers another application than office, year and receipt', async () => {
    const other = { office: '1101', year: 2025, receipt: 2, status: 'received', findings: [], partyNames: [], parties: [], request: { holders: [] } }
    const r = await run(['enter', '--home', 'h', '--office', '1101', '--year', '2026', '--receipt', '2', '--yes', '--json'], 'en', { '/api/v1/land/applications/': other })
    expect(r.err).toMatch(/another application/)
    expect(r.submitted).toEqual([])
  })
})

describe('land history', () => {
  it('lists the changes in the order entered, each with its block and date, in words', async () => {
    const answers = { '/api/v1/land/registers/': REGISTER, '/api/v1/blocks/': { time: Date.UTC(2026, 11, 2, 1, 0) } }
    const ko = await run(['history', NUMBER, '--home', 'h'], 'ko', answers)
    expect(ko.out).toContain('가압류')
    expect(ko.out).toContain('말소 (갑구 2번)')
    expect(ko.out).toContain('2026-12-02')
    expect(ko.out).not.toMatch(/restriction\.|ownership\./)
    const json = JSON.parse((await run(['history', NUMBER, '--home', 'h', '--json'], 'en', answers)).out)
    expect(json.changes.map((c: { seq: number; height: number }) => [c.seq, c.height])).toEqual([
      [1, 3],
      [2, 5],
      [3, 6],
    ])
    expect(json.changes[0].date).toBe('2026-12-02')
  })
})

describe('land commission and rebind', () => {
  it('commission needs a request or a cancellation, said in words', async () => {
    expect((await run(['commission', '--home', 'h'], 'ko')).err).toMatch(/--file 또는 --register와 --cancel을 지정하십시오/)
  })

  it('a cancellation by the authority is a land.commission of purpose cancellation naming the rank', async () => {
    const answers = { '/api/v1/land/registers/': REGISTER, '/api/v1/land/applications?': [{ tx: HASH, year: 2026, receipt: 4 }] }
    const r = await run(['commission', '--home', 'h', '--register', NUMBER, '--cancel', '2', '--case', '2026카단1', '--json'], 'en', answers)
    expect(r.err).toBe('')
    expect(r.submitted).toMatchObject([{ type: 'land.commission', payload: { office: '1101', request: { purpose: 'cancellation', target: { section: 'A', rank: '2' }, caseNo: '2026카단1' } } }])
    expect(JSON.parse(r.out)).toMatchObject({ receipt: 4, year: 2026 })
  })

  it('rebind shows what it would do without --yes, and submits nothing', async () => {
    const r = await run(['rebind', NUMBER, '--home', 'h', '--section', 'A', '--rank', '1', '--new-key', '44'.repeat(32), '--reason', '신분증 확인'], 'ko', {
      '/api/v1/land/registers/': REGISTER,
    })
    expect(r.out).toContain('박서준')
    expect(r.out).toContain('--yes')
    expect(r.submitted).toEqual([])
    expect(process.exitCode).toBe(1)
  })
})
