/**
 * The land CLI's words (review-ui 1, 3, 5, 7, 9; review-land 16, 17), over a stub host: no node runs, the host's client
 * answers from fixtures and its key "submits". Errors are read as a person reads them: errorLine() in ko and en.
 */
import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { landCli } from '../../src/ledger/registries/land/cli'
import type { CliHost, CliOptions } from '../../src/ledger/registries/types'
import { committed } from '../../src/server/cli/context'
import { errorLine, kv, table } from '../../src/server/cli/output'
import { setCliLang } from '../../src/server/cli/lang'
import { DaejangError, toDaejangError } from '../../src/shared/errors'

const HASH = 'ab'.repeat(32)
const KEY_A = '11'.repeat(32)

const APP = {
  office: '1101',
  year: 2026,
  receipt: 17,
  on: '2026-12-02',
  request: { register: '1101-2026-000001', purpose: 'transfer', cause: 'sale', causeOn: '2026-12-01', holders: [] },
  purpose: 'transfer',
  register: '1101-2026-000001',
  parties: [KEY_A, '22'.repeat(32)],
  partyNames: ['홍길동', null],
  authority: 'SEOUL-COURT',
  status: 'received',
  findings: [{ code: 'LAND_SHARES', message: 'the share of 홍길동 is missing', text: { ko: '지분의 합이 맞지 않습니다.', en: 'The shares do not add up.' } }],
  findingNow: null,
  reason: null,
  decidedBy: null,
  decidedAt: null,
  tx: HASH,
  height: 5,
}

interface Run {
  out: string
  err: string
  paths: string[]
}

/** Run `daejang land …args` on a stub host in `lang`; `answers` maps a path's start to the client's answer. */
async function run(args: string[], lang: 'ko' | 'en', answers: Record<string, unknown> = {}, status = 'committed'): Promise<Run> {
  const r: Run = { out: '', err: '', paths: [] }
  const program = new Command().exitOverride()
  setCliLang(lang)
  const host = {
    committed: (r: { hash: string; status: string }) => committed(r, lang),
    program,
    act: (fn: (o: CliOptions) => Promise<void>) => fn,
    adminOptions: (c: Command) => c.requiredOption('--home <dir>').option('--key <name>', 'k', 'admin').option('--json'),
    admin: async () => ({ agency: 'SEOUL-COURT', signAndCommit: async () => ({ status, hash: HASH, height: 7 }) }),
    client: () => ({
      get: async (path: string) => {
        r.paths.push(path)
        const k = Object.keys(answers).find((p) => path.startsWith(p))
        if (k === undefined) throw new DaejangError('NOT_FOUND', path)
        return answers[k]
      },
      post: async () => ({}),
    }),
    key: (o: CliOptions) => ({
      publicKey: KEY_A,
      signAndCommit: async () => ({ status, hash: HASH, height: 7, key: o.key }),
      signAct: async () => ({ sig: 'x', signer: KEY_A, cosigners: [] }),
    }),
    print: (o: CliOptions, v: unknown, human: () => string) => {
      r.out += (o.json ? JSON.stringify(v) : human()) + '\n'
    },
    readJsonFile: () => ({ office: '1101' }),
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

describe('land CLI: errors keep their specific reason in Korean (review-ui 1)', () => {
  it('a transaction still pending is TX_PENDING with its hash, not "the node is not running"', async () => {
    const answers = { '/api/v1/land/applications/': APP }
    const ko = await run(['enter', '--home', 'h', '--office', '1101', '--year', '2026', '--receipt', '17', '--yes'], 'ko', answers, 'pending')
    expect(ko.err).not.toMatch(/실행 중이 아닙니다/)
    expect(ko.err).toMatch(/^오류: 거래를 보냈으나 아직 확정되지 않았습니다/)
    expect(ko.err).toContain(`daejang tx show --hash ${HASH}`)
    const en = await run(['enter', '--home', 'h', '--office', '1101', '--year', '2026', '--receipt', '17', '--yes'], 'en', answers, 'pending')
    expect(en.err).toMatch(/not committed yet/)
    expect(en.err).toContain(`daejang tx show --hash ${HASH}`)
  })

  it('a bad file names the file and its field in Korean; the command details are said in Korean', async () => {
    const ko = await run(['open', '--home', 'h', '--file', 'register.json'], 'ko')
    expect(ko.err).toMatch(/^오류: .*\(상세: register\.json: [a-z.]+의 값이 형식에 맞지 않습니다\.\)$/)
    expect((await run(['search', '--home', 'h'], 'ko')).err).toMatch(/주소, --number 또는 --office를 지정하십시오/)
    expect((await run(['show', 'x', '--home', 'h'], 'ko')).err).toMatch(/부동산고유번호가 아닙니다: x/)
    expect((await run(['queue', '--home', 'h', '--office', '1101', '--status', 'x'], 'ko')).err).toMatch(/--status는 .* 중 하나입니다/)
    expect((await run(['enter', '--home', 'h', '--office', '1101', '--year', 'x', '--receipt', '1', '--yes'], 'ko')).err).toMatch(/자연수/)
  })

  it("a node's refusal still in English is kept in Korean, labelled 상세(영문); a code's default message is not repeated", () => {
    const line = errorLine(new DaejangError('RULE_VIOLATION', 'the share of 홍길동 is missing'), 'ko')
    expect(line).toMatch(/\(상세\(영문\): the share of 홍길동 is missing\)$/)
    expect(errorLine(new DaejangError('NODE_NOT_RUNNING'), 'ko')).toBe('오류: 노드가 실행 중이 아닙니다.')
  })
})

describe('land CLI: findings (review-ui 2, review-land 16)', () => {
  it("a finding's English detail is labelled 상세(영문) in Korean, plain in English", async () => {
    const answers = { '/api/v1/land/applications': [APP] }
    const ko = await run(['queue', '--home', 'h', '--office', '1101'], 'ko', answers)
    expect(ko.out).toContain('지분의 합이 맞지 않습니다. (상세(영문): the share of 홍길동 is missing)')
    const en = await run(['queue', '--home', 'h', '--office', '1101'], 'en', answers)
    expect(en.out).toContain('The shares do not add up. (the share of 홍길동 is missing)')
  })
})

const UNIT_REGISTER = {
  number: '1101-2026-000010',
  office: '1101',
  officeName: '서울중앙지방법원 등기국',
  agency: 'SEOUL-COURT',
  kind: 'unit',
  head: { kind: 'unit', complex: '1101-2026-000009', unit: '제101동 제12층 제1203호', floor: '제12층', structure: '철근콘크리트조', area: '84.5', landRight: { kind: 'ownership', share: '1/10' } },
  address: '제101동 제12층 제1203호',
  road: null,
  height: 9,
  view: 'full',
  sections: { A: [], B: [] },
  owners: [{ holder: { name: '홍길동' }, share: '1/1' }],
  live: [],
  entries: 1,
}

describe('land CLI: a unit register in words (review-ui 3, review-land 16)', () => {
  it('prints the land right, structure and area on their own rows; shares in words', async () => {
    const answers = { '/api/v1/land/registers/': UNIT_REGISTER }
    const ko = await run(['show', '1101-2026-000010', '--home', 'h'], 'ko', answers)
    expect(ko.out).toMatch(/대지권\s+소유권대지권 10분의 1/)
    expect(ko.out).toMatch(/구조\s+철근콘크리트조/)
    expect(ko.out).toMatch(/면적\s+84\.5㎡/)
    expect(ko.out).toMatch(/현재 소유자\s+홍길동 단독/)
    expect(ko.out).not.toMatch(/ownership|1\/1/)
    const en = await run(['show', '1101-2026-000010', '--home', 'h'], 'en', answers)
    expect(en.out).toMatch(/Land right\s+Ownership of the land 1\/10/)
    expect(en.out).toMatch(/Current owners\s+홍길동 sole/)
  })
})

describe('docs/land-examples (review-ui 4)', () => {
  it('the example files are valid payloads of land open and land apply', async () => {
    const { readFileSync } = await import('node:fs')
    const { ApplySchema, OpenRegisterSchema } = await import('../../src/ledger/registries/land/portable/schema')
    const read = (f: string): unknown => JSON.parse(readFileSync(new URL(`../../docs/land-examples/${f}`, import.meta.url), 'utf8'))
    expect(OpenRegisterSchema.safeParse(read('register.json')).error).toBeUndefined()
    expect(ApplySchema.safeParse(read('request.json')).error).toBeUndefined()
  })
})

describe('land CLI: a cut list says so (review-ui 5)', () => {
  it('queue and search ask limit + 1 and say when more exist', async () => {
    const q = await run(['queue', '--home', 'h', '--office', '1101', '--limit', '1'], 'ko', { '/api/v1/land/applications': [APP, APP] })
    expect(q.paths[0]).toContain('limit=2')
    expect(q.out).toContain('처음 1건만 표시합니다')
    expect(q.out.match(/접수 시 심사/g)).toHaveLength(1)
    const s = await run(['search', '세종로', '--home', 'h', '--limit', '1'], 'en', { '/api/v1/land/search': [{ number: 'n1', kind: 'land', address: 'a', owners: [] }, { number: 'n2', kind: 'land', address: 'b', owners: [] }] })
    expect(s.out).toContain('Only the first 1 are shown')
    expect(s.out).not.toContain('n2')
    const all = await run(['queue', '--home', 'h', '--office', '1101'], 'en', { '/api/v1/land/applications': [APP] })
    expect(all.out).not.toContain('Only the first')
  })
})
