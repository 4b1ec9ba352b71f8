/**
 * The land register's commands (docs/adr/0033, "CLI"), each with --json:
 *
 *   daejang land offices | office define --office O --name N
 *   daejang land open --file head.json                         a registrar opens a register (prints its number)
 *   daejang land apply --file request.json --cosigner KEY… --out act.json
 *                                                              the act the parties sign together; then each party
 *                                                              runs `daejang tx cosign act.json --yes`, and
 *                                                              `daejang tx submit act.json` sends it (ADR 0020)
 *   daejang land show NUMBER [--current] [--height H]          a register: 표제부, 갑구, 을구
 *   daejang land search [ADDRESS] [--number N] [--office O]    registers by address words or number
 *   daejang land queue --office O [--status S]                 an office's applications with the rules' findings
 *   daejang land enter|reject|withdraw --office O --year Y --receipt N [--reason R] --yes
 *   daejang land mandate --file request.json --agent KEY --key PARTY --out mandate.json
 *                                                              a party's mandate to a licensed agent for one request;
 *                                                              the agent adds it with land apply --mandate FILE
 *   daejang land commission --file request.json | --register N --cancel RANK
 *                                                              an authority's 가압류/가처분/압류/경매개시결정, or its
 *                                                              cancellation (prints the receipt)
 *   daejang land complex define --file complex.json           a registrar defines a 집합건물 (prints its number)
 *   daejang land rebind NUMBER --section A --rank R --holder I --new-key KEY --reason R --yes
 *   daejang land history NUMBER                                the register's changes, each with block and date
 *
 * Human output in Korean or English (--lang, else LC_ALL / LC_MESSAGES / LANG starting with "ko"); --json the same
 * in both.
 */
import { DaejangError } from '../../../shared/errors'
import type { JsonValue } from '../../types/tx'
import type { CliHost, CliOptions } from '../types'
import type { LandApplicationDto, LandEntryDto, LandFindingDto, LandOfficeDto, LandRegisterDto, LandRegisterSummaryDto } from './portable/dto'
import { formatWon } from './portable/money'
import { normalizeRegisterNumber, receiptText } from './portable/numbers'
import { APP_STATUSES, ApplySchema, type LandRequest, ComplexSchema, MandateSchema, OpenRegisterSchema, RebindSchema, RequestSchema } from './portable/schema'
import { makeMandate } from './portable/mandate'
import { CAUSE_WORDS, KIND_WORDS, LAND_RIGHT_WORDS, PURPOSE_WORDS, SECTION_WORDS } from './portable/words'
import { parseShare, shareWords } from './portable/shares'
import { LAND_CATEGORIES } from './portable/categories'
import { landExtractCli } from './cli-extract'

type Lang = 'ko' | 'en'
const enc = encodeURIComponent

const STATUS_WORDS: Readonly<Record<string, { ko: string; en: string }>> = {
  received: { ko: '접수', en: 'Received' },
  entered: { ko: '기입', en: 'Entered' },
  rejected: { ko: '각하', en: 'Rejected' },
  withdrawn: { ko: '취하', en: 'Withdrawn' },
}

/** Labels of the human output. */
const L = {
  number: { ko: '부동산고유번호', en: 'Register number' },
  kind: { ko: '종류', en: 'Kind' },
  address: { ko: '소재지번', en: 'Location' },
  road: { ko: '도로명주소', en: 'Road-name address' },
  office: { ko: '등기소', en: 'Registry office' },
  asOf: { ko: '기준', en: 'As of' },
  block: { ko: '블록', en: 'block' },
  view: { ko: '열람 범위', en: 'View' },
  full: { ko: '등기사항전부', en: 'All entries' },
  current: { ko: '현재 유효사항', en: 'Entries in force' },
  head: { ko: '표제부', en: 'Description of the property' },
  owners: { ko: '현재 소유자', en: 'Current owners' },
  rank: { ko: '순위번호', en: 'Rank' },
  purpose: { ko: '등기목적', en: 'Purpose' },
  receipt: { ko: '접수', en: 'Receipt' },
  cause: { ko: '등기원인', en: 'Cause' },
  holders: { ko: '권리자 및 기타사항', en: 'Holders and particulars' },
  cancelledBy: { ko: '말소', en: 'cancelled by rank' },
  none: { ko: '(없음)', en: '(none)' },
  status: { ko: '상태', en: 'Status' },
  register: { ko: '등기기록', en: 'Register' },
  parties: { ko: '신청인', en: 'Applicants' },
  findings: { ko: '접수 시 심사', en: 'Findings at receipt' },
  findingNow: { ko: '지금 기입하면', en: 'Entering it now' },
  clear: { ko: '걸림 없음', en: 'nothing stands in the way' },
  reason: { ko: '사유', en: 'Reason' },
  area: { ko: '면적', en: 'Area' },
  floors: { ko: '층별 면적', en: 'Floor areas' },
  structure: { ko: '구조', en: 'Structure' },
  use: { ko: '용도', en: 'Use' },
  unit: { ko: '전유부분', en: 'Unit' },
  complex: { ko: '1동의 건물', en: 'Building of the complex' },
  landRight: { ko: '대지권', en: 'Land right' },
  category: { ko: '지목', en: 'Category' },
  entries: { ko: '등기 수', en: 'Entries' },
  officeName: { ko: '등기소명', en: 'Office name' },
  agency: { ko: '관리 기관', en: 'Agency' },
  date: { ko: '일자', en: 'Date' },
  change: { ko: '변경 내용', en: 'Change' },
  mandates: { ko: '위임인', en: 'Mandates' },
  together: { ko: '연건신청', en: 'Filed together with' },
} as const
type Label = keyof typeof L

const short = (k: string): string => `${k.slice(0, 12)}…`

/** A share as the register prints it: 2분의 1 / 1/2; the whole as 단독 / sole (portable/shares.ts). */
export function shareIn(text: string, lang: Lang): string {
  const s = parseShare(text)
  return s === null ? text : shareWords(s, lang)
}

export function landCli({ program, act, adminOptions, admin, client, committed, key, print, readJsonFile, files, format, lang: cliLang }: CliHost): void {
  /** the Korean or the English of a pair, in the CLI's language */
  const say = (ko: string, en: string): string => (cliLang() === 'ko' ? ko : en)
  const t = (lang: Lang, l: Label): string => L[l][lang]
  const words = (table: Readonly<Record<string, { ko: string; en: string }>>, id: string, lang: Lang): string => table[id]?.[lang] ?? id
  /** a finding: its sentence, then the node's detail (which party, holder, share); in Korean an English one labelled 상세(영문) */
  const finding = (f: LandFindingDto, lang: Lang): string => {
    if (!f.text) return f.message
    const m = f.message.trim()
    if (m === '' || m === f.text.en || m === f.text.ko) return f.text[lang]
    return `${f.text[lang]} (${lang === 'ko' && !/니다|시오/.test(m) ? '상세(영문): ' : ''}${m})`
  }

  function headLines(r: LandRegisterDto, lang: Lang): Array<[string, unknown]> {
    const h = r.head
    const lines: Array<[string, unknown]> = [
      [t(lang, 'number'), r.number],
      [t(lang, 'kind'), words(KIND_WORDS, r.kind, lang)],
      [t(lang, 'address'), r.address],
    ]
    if (r.road) lines.push([t(lang, 'road'), r.road])
    if (h.kind === 'land') {
      const cat = LAND_CATEGORIES.find((c) => c.id === h.category)
      lines.push([t(lang, 'category'), cat ? cat.words[lang] : h.category], [t(lang, 'area'), `${h.area}㎡`])
    } else if (h.kind === 'building') {
      lines.push(
        [t(lang, 'structure'), `${h.structure} ${h.roof}`],
        [t(lang, 'use'), h.use],
        [t(lang, 'floors'), h.floors.map((f) => `${f.floor} ${f.area}㎡`).join(', ')],
      )
    } else {
      lines.push(
        [t(lang, 'complex'), h.complex],
        [t(lang, 'unit'), `${h.unit} (${h.floor})`],
        [t(lang, 'structure'), h.structure],
        [t(lang, 'area'), `${h.area}㎡`],
        [t(lang, 'landRight'), `${words(LAND_RIGHT_WORDS, h.landRight.kind, lang)} ${shareIn(h.landRight.share, lang)}`],
      )
    }
    lines.push([t(lang, 'office'), r.officeName ? `${r.officeName} (${r.office})` : r.office], [t(lang, 'asOf'), `${t(lang, 'block')} ${r.height}`], [t(lang, 'view'), t(lang, r.view)])
    return lines
  }

  function entryRow(e: LandEntryDto, lang: Lang): Record<string, unknown> {
    const who = e.holders.map((h) => `${h.name}${h.id ? ` ${h.id}` : ''}${h.share && h.share !== '1/1' ? ` (${shareIn(h.share, lang)})` : ''}`)
    const extra = [
      ...(e.amount ? [formatWon(e.amount, lang)] : []),
      ...(e.debtor ? [`${lang === 'ko' ? '채무자' : 'debtor'} ${e.debtor.name}`] : []),
      ...(e.target ? [`${lang === 'ko' ? `${e.target.rank}번 등기` : `entry ${e.target.rank}`}`] : []),
      ...(e.caseNo ? [e.caseNo] : []),
    ]
    const struck = e.cancelledBy !== null ? ` [${lang === 'ko' ? `${e.cancelledBy}번으로 말소` : `cancelled by rank ${e.cancelledBy}`}]` : ''
    return {
      [t(lang, 'rank')]: e.rank,
      [t(lang, 'purpose')]: words(PURPOSE_WORDS, e.purpose, lang) + struck,
      [t(lang, 'receipt')]: `${e.receipt.on} ${receiptText(e.receipt.number, lang)}`,
      [t(lang, 'cause')]: `${e.causeOn} ${words(CAUSE_WORDS, e.cause, lang)}`,
      [t(lang, 'holders')]: [...who, ...extra].join(', '),
    }
  }

  function describeRegister(r: LandRegisterDto, lang: Lang): string {
    const cols = (['rank', 'purpose', 'receipt', 'cause', 'holders'] as const).map((l) => t(lang, l))
    const section = (s: 'A' | 'B'): string =>
      `[${SECTION_WORDS[s][lang]}]\n${r.sections[s].length === 0 ? t(lang, 'none') : format.table(r.sections[s].map((e) => entryRow(e, lang)), cols)}`
    const owners = r.owners.map((o) => `${o.holder.name} ${shareIn(o.share, lang)}`).join(', ') || t(lang, 'none')
    return [`[${t(lang, 'head')}]`, format.kv([...headLines(r, lang), [t(lang, 'owners'), owners]]), '', section('A'), '', section('B')].join('\n')
  }

  function describeApplication(a: LandApplicationDto, lang: Lang): string {
    return format.kv([
      [t(lang, 'receipt'), `${a.office} ${a.year} ${receiptText(a.receipt, lang)} (${a.on})`],
      [t(lang, 'status'), words(STATUS_WORDS, a.status, lang) + (a.reason ? ` — ${a.reason}` : '')],
      [t(lang, 'register'), a.register],
      [t(lang, 'purpose'), `${words(PURPOSE_WORDS, a.purpose, lang)}, ${words(CAUSE_WORDS, a.request.cause, lang)} ${a.request.causeOn}`],
      [
        t(lang, 'parties'),
        [
          ...a.partyNames.map((n, i) => n ?? ((a.mandates ?? []).some((m) => m.agent === a.parties[i]) ? say('법무사', 'licensed agent') : short(a.parties[i]!))),
          ...(a.authority ? [a.authority] : []),
        ].join(', '),
      ],
      ...((a.mandates ?? []).length > 0
        ? [[t(lang, 'mandates'), (a.mandates ?? []).map((m) => m.name ?? short(m.party)).join(', ') + say(' (법무사가 위임받아 서명)', ' (signed for by a licensed agent under mandate)')] as [string, unknown]]
        : []),
      ...(a.together ? [[t(lang, 'together'), `${a.together.office} ${a.together.year} ${receiptText(a.together.receipt, lang)}`] as [string, unknown]] : []),
      [t(lang, 'findings'), a.findings.length === 0 ? t(lang, 'clear') : a.findings.map((f) => finding(f, lang)).join('; ')],
      ...(a.status === 'received' ? [[t(lang, 'findingNow'), a.findingNow ? finding(a.findingNow, lang) : t(lang, 'clear')] as [string, unknown]] : []),
    ])
  }

  /** a command signing with a key of the home; a party's command has no default key (`defaultKey` undefined) */
  const withKey = (cmd: ReturnType<typeof program.command>, defaultKey: string | undefined) =>
    cmd
      .requiredOption('--home <dir>', 'node home directory')
      .option('--key <name>', defaultKey === undefined ? "the party's key name in the home (required)" : 'key name in the home', defaultKey)
      .option('--passphrase-file <file>', 'passphrase of an encrypted key (or DAEJANG_PASSPHRASE)')
      .option('--lang <lang>', 'ko or en (default: from LC_ALL / LC_MESSAGES / LANG)')
      .option('--json', 'JSON output')
  const reading = (cmd: ReturnType<typeof program.command>) =>
    cmd
      .requiredOption('--home <dir>', 'node home directory')
      .option('--lang <lang>', 'ko or en (default: from LC_ALL / LC_MESSAGES / LANG)')
      .option('--json', 'JSON output')

  /** sign with the key of the options, submit and wait: a transaction not committed is an error */
  async function submit(o: CliOptions, type: string, payload: JsonValue) {
    return committed(await key(o).signAndCommit(type, payload))
  }

  /** a party's command names its key: never a default that signs as the node's administrator */
  function requirePartyKey(o: CliOptions): void {
    if (typeof o.key !== 'string' || o.key === '') {
      throw new DaejangError(
        'SCHEMA_INVALID',
        say('신청인의 키를 --key 이름으로 지정하십시오(daejang keys list로 확인). 관리자 키로 대신 서명하지 않습니다.', "name the party's key with --key NAME (see daejang keys list); the administrator key does not sign for a party"),
      )
    }
  }

  /** a JSON file checked against a schema: a refusal names the file and the field, in the CLI's language */
  function parseFile<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, file: string, what: string, raw?: unknown): T {
    const r = schema.safeParse(raw ?? readJsonFile(file, what))
    if (r.success) return r.data
    const i = r.error.issues[0]
    const field = i?.path.map(String).join('.') || say('파일', 'file')
    throw new DaejangError('BAD_PAYLOAD', say(`${file}: ${field}의 값이 형식에 맞지 않습니다.`, `${file}: ${field}: ${i?.message ?? 'invalid'}`))
  }

  /** the request of a file holding either the request or {office, request, …} */
  function requestOf(file: string): { raw: Record<string, unknown>; request: LandRequest } {
    const raw = readJsonFile(file, 'request file') as Record<string, unknown>
    const inner = raw !== null && typeof raw === 'object' && 'request' in raw ? raw.request : raw
    const req = RequestSchema.safeParse(inner)
    if (!req.success) {
      const i = req.error.issues[0]
      const field = `request${i && i.path.length > 0 ? `.${i.path.join('.')}` : ''}`
      throw new DaejangError('BAD_PAYLOAD', say(`${file}: ${field}의 값이 형식에 맞지 않습니다.`, `${file}: ${field}: ${i?.message ?? 'invalid'}`))
    }
    return { raw: raw ?? {}, request: req.data }
  }

  /** the office of a request: given, in the file, or the register's */
  async function officeOf(o: CliOptions, raw: Record<string, unknown>, register: string): Promise<string> {
    const given = (o.office as string | undefined) ?? (typeof raw.office === 'string' ? raw.office : undefined)
    return given ?? (await client(o).get<LandRegisterDto>(`/api/v1/land/registers/${enc(register)}`)).office
  }

  /** the application a committed transaction made (its receipt), found in the office's list for its register */
  async function applicationOf(o: CliOptions, office: string, register: string, tx: string): Promise<LandApplicationDto | null> {
    const q = new URLSearchParams({ office, register, limit: '200' })
    const apps = await client(o).get<LandApplicationDto[]>(`/api/v1/land/applications?${q.toString()}`)
    return apps.find((a) => a.tx === tx) ?? null
  }

  /** a state value as of a block (GET /api/v1/state) */
  async function stateValue(o: CliOptions, key: string, height?: number): Promise<unknown> {
    const q = new URLSearchParams({ key })
    if (height !== undefined) q.set('height', String(height))
    const v = await client(o).get<{ present: boolean; value: unknown }>(`/api/v1/state?${q.toString()}`)
    return v.present ? v.value : undefined
  }

  /** a whole number option; a clear error in words otherwise */
  function wholeOption(v: unknown, name: string, min = 1): number {
    const n = Number(v)
    if (v === undefined || !Number.isSafeInteger(n) || n < min) {
      throw new DaejangError('SCHEMA_INVALID', say(`${name}는 ${min} 이상의 자연수입니다.`, `${name} is a whole number from ${min}`))
    }
    return n
  }

  const land = program.command('land').description('the land register (부동산 등기부)')
  landExtractCli(land, { act, client, print, files, lang: cliLang })

  reading(land.command('offices').description('the registry offices: code, name and agency')).action(
    act(async (o) => {
      const lang = cliLang()
      const offices = await client(o).get<LandOfficeDto[]>('/api/v1/land/offices')
      // the agency's name as the consortium has it (id/agency/<id>), not its id
      const names = new Map<string, string | null>()
      for (const a of new Set(offices.map((x) => x.agency))) {
        const rec = (await stateValue(o, `id/agency/${a}`).catch(() => undefined)) as { name?: unknown } | undefined
        names.set(a, typeof rec?.name === 'string' ? rec.name : null)
      }
      const out = offices.map((x) => ({ ...x, agencyName: names.get(x.agency) ?? null }))
      const cols = [t(lang, 'office'), t(lang, 'officeName'), t(lang, 'agency')]
      print(o, out, () =>
        out.length === 0
          ? t(lang, 'none')
          : format.table(out.map((x) => ({ [cols[0]!]: x.office, [cols[1]!]: x.name, [cols[2]!]: x.agencyName ?? say('(이름 없는 기관)', '(agency without a name)') })), cols),
      )
    }),
  )

  const office = land.command('office').description('registry offices')
  adminOptions(
    office
      .command('define')
      .description("define a registry office of the administrator's agency; waits for commit")
      .requiredOption('--office <code>', 'the office code (four digits, e.g. 1101)')
      .requiredOption('--name <name>', 'its name, e.g. 서울중앙지방법원 등기국')
      .option('--lang <lang>', 'ko or en'),
  ).action(
    act(async (o) => {
      const lang = cliLang()
      const a = await admin(o)
      const r = await a.signAndCommit('land.office.define', { agency: a.agency, office: o.office as string, name: o.name as string })
      const out = { office: o.office, name: o.name, agency: a.agency, txHash: r.hash, height: r.height }
      print(o, out, () => (lang === 'ko' ? `${o.name as string}(${o.office as string}) 등기소 지정 (블록 ${r.height}): ${r.hash}` : `registry office ${o.office as string} (${o.name as string}) defined in block ${r.height}: ${r.hash}`))
    }),
  )

  withKey(
    land
      .command('open')
      .description('open a register (a registrar of the office): the file holds office, head (표제부), owners, cause and causeOn; waits for commit and prints its number')
      .requiredOption('--file <file>', 'the register to open (JSON, the payload of land.register.open)'),
    'registrar',
  ).action(
    act(async (o) => {
      const lang = cliLang()
      const parsed = OpenRegisterSchema.safeParse(readJsonFile(o.file as string, 'register file'))
      if (!parsed.success) {
        const i = parsed.error.issues[0]
        const field = i?.path.join('.') || say('파일', 'file')
        throw new DaejangError('BAD_PAYLOAD', say(`${o.file as string}: ${field}의 값이 형식에 맞지 않습니다.`, `${o.file as string}: ${field}: ${i?.message ?? 'invalid'}`))
      }
      const r = await submit(o, 'land.register.open', parsed.data as unknown as JsonValue)
      // the number is assigned by execution: the register of this office whose first entry is this transaction
      const found = await client(o).get<LandRegisterSummaryDto[]>(`/api/v1/land/search?office=${parsed.data.office}&openedBy=${r.hash}`)
      const reg = found.find((s) => s.openedTx === r.hash)
      const out = { number: reg?.number ?? null, office: parsed.data.office, txHash: r.hash, height: r.height }
      print(o, out, () =>
        lang === 'ko' ? `등기기록 개설 ${out.number ?? '?'} (블록 ${r.height}): ${r.hash}` : `register ${out.number ?? '?'} opened in block ${r.height}: ${r.hash}`,
      )
    }),
  )

  withKey(
    land
      .command('apply')
      .description(
        'make an application the parties sign together: the file holds the request (register, purpose, cause, causeOn, holders, …) or {office, request}; signed by this key (--key, required), written with --out for each --cosigner to sign (daejang tx cosign FILE --yes), then sent with daejang tx submit FILE; a licensed agent adds the mandates of the parties it signs for (--mandate)',
      )
      .requiredOption('--file <file>', 'the request (JSON)')
      .option('--office <code>', "the registry office (default: the register's)")
      .option('--cosigner <publicKey>', 'a party who must co-sign (repeat for several)', (v: string, acc: string[]) => [...acc, v.toLowerCase()], [] as string[])
      .option('--mandate <file>', "a party's mandate for this request (daejang land mandate), for an agent signing for it (repeat)", (v: string, acc: string[]) => [...acc, v], [] as string[])
      .option('--together <year/receipt>', 'filed together with this application of the office (연건신청): a buyer’s mortgage with its sale')
      .option('--out <file>', 'write the act here (default: print it)'),
    undefined,
  ).action(
    act(async (o) => {
      const lang = cliLang()
      requirePartyKey(o)
      const { raw, request } = requestOf(o.file as string)
      const officeCode = await officeOf(o, raw, request.register)
      const mandates = (o.mandate as string[]).map((f) => parseFile(MandateSchema, f, 'mandate file'))
      let together: { office: string; year: number; receipt: number } | undefined
      if (o.together !== undefined) {
        const m = /^(\d{4})\/(\d{1,7})$/.exec(String(o.together))
        if (m === null) throw new DaejangError('SCHEMA_INVALID', say('--together는 연도/접수번호 형식입니다(예: 2026/17).', '--together is year/receipt, e.g. 2026/17'))
        together = { office: officeCode, year: Number(m[1]), receipt: Number(m[2]) }
      }
      const payload = ApplySchema.parse({
        office: officeCode,
        request,
        ...(mandates.length > 0 ? { mandates } : {}),
        ...(together !== undefined ? { together } : {}),
      })
      const cosigners = o.cosigner as string[]
      for (const c of cosigners) if (!/^[0-9a-f]{64}$/.test(c)) throw new DaejangError('SCHEMA_INVALID', say(`--cosigner ${c}: 공개키는 64자리 16진수(32바이트)입니다.`, `--cosigner ${c}: a public key is 32 bytes of hex`))
      const a = await key(o).signAct('land.apply', payload as unknown as JsonValue, cosigners)
      const missing = [...(a.sig === null ? [a.signer] : []), ...(a.cosigners ?? []).filter((c) => c.sig === null).map((c) => c.key)]
      if (o.out) files.write(o.out as string, new TextEncoder().encode(JSON.stringify(a, null, 2) + '\n'))
      const what = `${request.register} ${words(PURPOSE_WORDS, request.purpose, lang)}`
      print(o, o.out ? { ...a, missing, out: o.out } : { ...a, missing }, () => {
        if (!o.out) return JSON.stringify(a, null, 2)
        if (missing.length === 0) {
          return lang === 'ko' ? `${what} 신청서 서명 완료 → ${o.out as string}; daejang tx submit 으로 제출하십시오` : `application ${what} signed by every party → ${o.out as string}; send it with daejang tx submit`
        }
        return lang === 'ko'
          ? `${what} 신청서 → ${o.out as string}; 남은 서명: ${missing.map(short).join(', ')} (daejang tx cosign ${o.out as string} --yes)`
          : `application ${what} → ${o.out as string}; still to sign: ${missing.map(short).join(', ')} (daejang tx cosign ${o.out as string} --yes)`
      })
    }),
  )

  reading(
    land
      .command('show')
      .description('a register by its number: 표제부, 갑구, 을구 (cancelled entries marked)')
      .argument('<number>', 'the register number NNNN-YYYY-NNNNNN')
      .option('--current', 'only what is in force (현재 유효사항)')
      .option('--height <height>', 'as of this block'),
  ).action((number: string, o: CliOptions) =>
    act(async () => {
      const lang = cliLang()
      const n = normalizeRegisterNumber(number)
      if (n === null) throw new DaejangError('SCHEMA_INVALID', say(`부동산고유번호가 아닙니다: ${number} (NNNN-YYYY-NNNNNN 형식)`, `not a register number: ${number} (NNNN-YYYY-NNNNNN)`))
      const q = new URLSearchParams()
      if (o.current) q.set('view', 'current')
      if (o.height !== undefined) q.set('height', String(o.height))
      const r = await client(o).get<LandRegisterDto>(`/api/v1/land/registers/${enc(n)}${q.size > 0 ? `?${q.toString()}` : ''}`)
      print(o, r, () => describeRegister(r, lang))
    })(o),
  )

  reading(
    land
      .command('search')
      .description('registers by address words (서울 종로구 세종로 1) or by number; or every register of an office')
      .argument('[address]', 'address words')
      .option('--number <number>', 'a register number')
      .option('--office <code>', 'only registers of this office')
      .option('--limit <n>', 'at most this many', '50'),
  ).action((address: string | undefined, o: CliOptions) =>
    act(async () => {
      const lang = cliLang()
      if (address === undefined && o.number === undefined && o.office === undefined) throw new DaejangError('SCHEMA_INVALID', say('주소, --number 또는 --office를 지정하십시오.', 'give an address, --number or --office'))
      const limit = Number(o.limit)
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > 499) throw new DaejangError('SCHEMA_INVALID', say('--limit은 1부터 499까지의 자연수입니다.', '--limit is a whole number from 1 to 499'))
      // asked as limit + 1: the extra one says that the list was cut (review-ui 5)
      const q = new URLSearchParams({ limit: String(limit + 1) })
      if (address !== undefined) q.set('address', address)
      if (o.number !== undefined) q.set('number', o.number as string)
      if (o.office !== undefined) q.set('office', o.office as string)
      const all = await client(o).get<LandRegisterSummaryDto[]>(`/api/v1/land/search?${q.toString()}`)
      const found = all.slice(0, limit)
      const more = all.length > limit ? `\n${say(`처음 ${limit}건만 표시합니다. 주소를 더 자세히 입력하거나 --limit를 늘리십시오.`, `Only the first ${limit} are shown; give more of the address or a larger --limit.`)}` : ''
      print(o, found, () =>
        format.table(
          found.map((s) => ({
            [t(lang, 'number')]: s.number,
            [t(lang, 'kind')]: words(KIND_WORDS, s.kind, lang),
            [t(lang, 'address')]: s.address,
            [t(lang, 'owners')]: s.owners.map((x) => `${x.name} ${shareIn(x.share, lang)}`).join(', '),
          })),
          [t(lang, 'number'), t(lang, 'kind'), t(lang, 'address'), t(lang, 'owners')],
        ) + more,
      )
    })(o),
  )

  reading(
    land
      .command('queue')
      .description("an office's applications in receipt order (default: those received, awaiting the registrar), with the rules' findings")
      .requiredOption('--office <code>', 'the registry office')
      .option('--status <status>', `one of ${APP_STATUSES.join(', ')}`, 'received')
      .option('--year <year>', 'only this year')
      .option('--limit <n>', 'at most this many (1–199)', '100'),
  ).action(
    act(async (o) => {
      const lang = cliLang()
      if (!(APP_STATUSES as readonly string[]).includes(o.status as string)) throw new DaejangError('SCHEMA_INVALID', say(`--status는 ${APP_STATUSES.join(', ')} 중 하나입니다.`, `--status is one of ${APP_STATUSES.join(', ')}`))
      const limit = Number(o.limit)
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > 199) throw new DaejangError('SCHEMA_INVALID', say('--limit은 1부터 199까지의 자연수입니다.', '--limit is a whole number from 1 to 199'))
      // asked as limit + 1: the extra one says that the list was cut (review-ui 5)
      const q = new URLSearchParams({ office: o.office as string, status: o.status as string, limit: String(limit + 1) })
      if (o.year !== undefined) q.set('year', String(o.year))
      const all = await client(o).get<LandApplicationDto[]>(`/api/v1/land/applications?${q.toString()}`)
      const apps = all.slice(0, limit)
      const more = all.length > limit ? `\n\n${say(`처음 ${limit}건만 표시합니다. --year나 --status로 좁히거나 --limit를 늘리십시오.`, `Only the first ${limit} are shown; narrow with --year or --status, or give a larger --limit.`)}` : ''
      print(o, apps, () => (apps.length === 0 ? t(lang, 'none') : apps.map((a) => describeApplication(a, lang)).join('\n\n') + more))
    }),
  )

  const decisions = {
    enter: { type: 'land.enter', ko: '기입', en: 'enter', desc: 'enter a received application on the register (a registrar of the office); the rules run again as of the block' },
    reject: { type: 'land.reject', ko: '각하', en: 'reject', desc: 'reject a received application with a reason (a registrar of the office)' },
    withdraw: { type: 'land.withdraw', ko: '취하', en: 'withdraw', desc: 'withdraw an application not yet examined (a party that signed it)' },
  } as const
  for (const [name, d] of Object.entries(decisions)) {
    const cmd = withKey(
      land
        .command(name)
        .description(`${d.desc}; irreversible: shown, and done only with --yes; waits for commit`)
        .requiredOption('--office <code>', 'the registry office')
        .requiredOption('--receipt <n>', 'the receipt number')
        .option('--year <year>', 'the year of receipt (required with --yes; shown without it: this year, Korean time)')
        .option('--yes', 'do it, having read the application'),
      name === 'withdraw' ? undefined : 'registrar',
    )
    if (name === 'reject') cmd.requiredOption('--reason <text>', 'why, in words the applicants read')
    cmd.action(
      act(async (o) => {
        const lang = cliLang()
        if (name === 'withdraw') requirePartyKey(o)
        // a decision binds office, year and receipt: with --yes the year is given, never taken from the clock
        if (o.yes && o.year === undefined) {
          throw new DaejangError(
            'SCHEMA_INVALID',
            say(`--yes로 ${d.ko}하려면 --year로 접수 연도를 지정하십시오(등기소·연도·접수번호로 신청을 특정합니다).`, `to ${d.en} with --yes, give the year of receipt with --year (office, year and receipt name the application)`),
          )
        }
        const year = o.year !== undefined ? Number(o.year) : Number(new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 4))
        const receipt = Number(o.receipt)
        if (!Number.isSafeInteger(year) || !Number.isSafeInteger(receipt) || receipt < 1) {
          throw new DaejangError('SCHEMA_INVALID', say('--year와 --receipt는 자연수입니다.', '--year and --receipt are whole numbers'))
        }
        const ref = { office: o.office as string, year, receipt }
        const path = `/api/v1/land/applications/${enc(ref.office)}/${year}/${receipt}`
        const before = await client(o).get<LandApplicationDto>(path)
        if (before.office !== ref.office || before.year !== year || before.receipt !== receipt) {
          throw new DaejangError('LAND_APP_UNKNOWN', say(`${ref.office} ${year} ${receiptText(receipt, lang)} 신청이 아닙니다.`, `the node answered another application than ${ref.office} ${year} ${receiptText(receipt, lang)}`))
        }
        if (!o.yes) {
          const shown = { done: false, action: name, application: before }
          const note =
            lang === 'ko'
              ? `${d.ko}하지 않았습니다. 위 신청을 확인한 뒤 --yes 를 붙여 다시 실행하십시오.`
              : `Not done: read the application above, then run the command again with --yes to ${d.en} it.`
          print(o, shown, () => `${describeApplication(before, lang)}\n${note}`)
          process.exitCode = 1
          return
        }
        const payload = name === 'reject' ? { ...ref, reason: o.reason as string } : ref
        const r = await submit(o, d.type, payload)
        const after = await client(o).get<LandApplicationDto>(path)
        const out = { done: true, action: name, txHash: r.hash, height: r.height, application: after }
        print(o, out, () =>
          lang === 'ko'
            ? `${ref.office} ${year} ${receiptText(receipt, lang)} 신청 ${words(STATUS_WORDS, after.status, lang)} (블록 ${r.height}): ${r.hash}`
            : `application ${ref.office} ${year} ${receiptText(receipt, lang)} ${words(STATUS_WORDS, after.status, lang).toLowerCase()} in block ${r.height}: ${r.hash}`,
        )
      }),
    )
  }

  // ------------------------------------------------------------------------------------------ mandates, commissions,
  // complexes, rebinding, history

  withKey(
    land
      .command('mandate')
      .description(
        "a party's mandate to a licensed agent (법무사) for one exact request: signed with the party's key (--key, required), for the agent's key and the office; the agent adds the file to its application (land apply --mandate FILE)",
      )
      .requiredOption('--file <file>', 'the request the mandate is for (JSON, as for land apply)')
      .requiredOption('--agent <publicKey>', "the licensed agent's public key")
      .option('--office <code>', "the registry office (default: the register's)")
      .requiredOption('--out <file>', 'write the mandate here'),
    undefined,
  ).action(
    act(async (o) => {
      const lang = cliLang()
      requirePartyKey(o)
      const agent = String(o.agent).toLowerCase()
      if (!/^[0-9a-f]{64}$/.test(agent)) throw new DaejangError('SCHEMA_INVALID', say(`--agent ${agent}: 공개키는 64자리 16진수(32바이트)입니다.`, `--agent ${agent}: a public key is 32 bytes of hex`))
      const { raw, request } = requestOf(o.file as string)
      const officeCode = await officeOf(o, raw, request.register)
      const k = key(o)
      const { chainId } = await client(o).get<{ chainId: string }>('/api/v1/genesis')
      const m = makeMandate(k.publicKey, (msg) => k.sign(msg), agent, officeCode, request, chainId)
      files.write(o.out as string, new TextEncoder().encode(JSON.stringify(m, null, 2) + '\n'))
      const what = `${request.register} ${words(PURPOSE_WORDS, request.purpose, lang)}`
      print(o, { ...m, out: o.out }, () =>
        lang === 'ko'
          ? `${what} 신청에 대한 위임장 → ${o.out as string} (대리인 ${short(agent)}, 등기소 ${officeCode}); 대리인이 land apply --mandate ${o.out as string} 로 첨부합니다`
          : `mandate for ${what} → ${o.out as string} (agent ${short(agent)}, office ${officeCode}); the agent attaches it with land apply --mandate ${o.out as string}`,
      )
    }),
  )

  withKey(
    land
      .command('commission')
      .description(
        "an authority's commissioned entry (촉탁: 가압류, 가처분, 압류, 경매개시결정; a land-authority key) from a request file, or its cancellation (--register N --cancel RANK); waits for commit and prints the receipt the registrar examines",
      )
      .option('--file <file>', 'the request (JSON): purpose restriction.*, holders naming the authority’s agency, caseNo')
      .option('--register <number>', 'with --cancel: the register')
      .option('--cancel <rank>', "cancel the authority's entry of this rank in 갑구 (해제, release)")
      .option('--case <caseNo>', 'with --cancel: the case number (사건번호)')
      .option('--office <code>', "the registry office (default: the register's)"),
    'authority',
  ).action(
    act(async (o) => {
      const lang = cliLang()
      let raw: Record<string, unknown> = {}
      let request: LandRequest
      if (o.file !== undefined) {
        ;({ raw, request } = requestOf(o.file as string))
      } else if (o.cancel !== undefined && o.register !== undefined) {
        const n = normalizeRegisterNumber(String(o.register))
        if (n === null) throw new DaejangError('SCHEMA_INVALID', say(`부동산고유번호가 아닙니다: ${String(o.register)}`, `not a register number: ${String(o.register)}`))
        const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10)
        request = parseFile(RequestSchema, '--cancel', 'request', {
          register: n,
          purpose: 'cancellation',
          cause: 'release',
          causeOn: today,
          holders: [],
          of: null,
          portion: null,
          amount: null,
          debtor: null,
          target: { section: 'A', rank: String(o.cancel) },
          caseNo: (o.case as string | undefined) ?? null,
          mandate: null,
        })
      } else {
        throw new DaejangError('SCHEMA_INVALID', say('--file 또는 --register와 --cancel을 지정하십시오.', 'give --file, or --register with --cancel'))
      }
      const officeCode = await officeOf(o, raw, request.register)
      const payload = ApplySchema.parse({ office: officeCode, request })
      const r = await submit(o, 'land.commission', payload as unknown as JsonValue)
      const a = await applicationOf(o, officeCode, request.register, r.hash)
      const out = { office: officeCode, year: a?.year ?? null, receipt: a?.receipt ?? null, txHash: r.hash, height: r.height, application: a }
      const what = `${request.register} ${words(PURPOSE_WORDS, request.purpose, lang)}`
      print(o, out, () =>
        lang === 'ko'
          ? `${what} 촉탁 접수: ${officeCode} ${out.year ?? '?'}년 ${out.receipt === null ? '?' : receiptText(out.receipt, lang)} (블록 ${r.height}); 등기관의 기입을 기다립니다`
          : `commission of ${what} received: ${officeCode} ${out.year ?? '?'} ${out.receipt === null ? '?' : receiptText(out.receipt, lang)} (block ${r.height}); it awaits the registrar`,
      )
    }),
  )

  const complex = land.command('complex').description('condominium complexes (집합건물: 1동의 건물의 표시)')
  withKey(
    complex
      .command('define')
      .description("define a complex (a registrar of the office): the file holds office and complex (name, location, structure, floors, lands); waits for commit and prints its number, which each unit's register names")
      .requiredOption('--file <file>', 'the complex (JSON, the payload of land.complex.define)'),
    'registrar',
  ).action(
    act(async (o) => {
      const lang = cliLang()
      const raw = readJsonFile(o.file as string, 'complex file') as Record<string, unknown>
      const officeCode = typeof raw?.office === 'string' ? raw.office : ''
      const cx = parseFile(ComplexSchema, o.file as string, 'complex file', raw?.complex ?? null)
      const r = await submit(o, 'land.complex.define', { office: officeCode, complex: cx } as unknown as JsonValue)
      // the number is assigned by execution: the office's sequence of the block's year, walked back to this transaction
      const block = await client(o).get<{ time: number }>(`/api/v1/blocks/${r.height ?? 0}`)
      const year = new Date(block.time + 9 * 3600_000).toISOString().slice(0, 4)
      const last = await stateValue(o, `ld/of/${officeCode}/seq/${year}`, r.height)
      let number: string | null = null
      const top = typeof last === 'number' ? last : 0
      // registers opened in the same block take numbers of the same sequence: look back at most 5,000 of them
      for (let seq = top; seq >= Math.max(1, top - 5000) && number === null; seq--) {
        const n = `${officeCode}-${year}-${String(seq).padStart(6, '0')}`
        const head = (await stateValue(o, `ld/cx/${n}/head`, r.height)) as { tx?: unknown } | undefined
        if (head?.tx === r.hash) number = n
      }
      const out = { number, office: officeCode, txHash: r.hash, height: r.height }
      print(o, out, () => (lang === 'ko' ? `집합건물 ${cx.name} 지정 ${number ?? '?'} (블록 ${r.height}): ${r.hash}` : `complex ${cx.name} defined as ${number ?? '?'} in block ${r.height}: ${r.hash}`))
    }),
  )

  withKey(
    land
      .command('rebind')
      .description(
        "bind a new key to a holder after checking the person's identity (a lost key, a migrated register; a registrar of the office): recorded as an entry with the reason; irreversible: shown, done only with --yes",
      )
      .argument('<number>', 'the register number')
      .requiredOption('--section <A|B>', '갑구 (A) or 을구 (B)')
      .requiredOption('--rank <rank>', 'the entry whose holder it is (순위번호)')
      .option('--holder <n>', 'which holder of that entry, from 1', '1')
      .requiredOption('--new-key <publicKey>', "the holder's new public key")
      .requiredOption('--reason <text>', 'what was checked (the identity document seen, the decision)')
      .option('--yes', 'do it, having read the register'),
    'registrar',
  ).action((number: string, o: CliOptions) =>
    act(async () => {
      const lang = cliLang()
      const n = normalizeRegisterNumber(number)
      if (n === null) throw new DaejangError('SCHEMA_INVALID', say(`부동산고유번호가 아닙니다: ${number} (NNNN-YYYY-NNNNNN 형식)`, `not a register number: ${number} (NNNN-YYYY-NNNNNN)`))
      const holder = wholeOption(o.holder, '--holder')
      const payload = parseFile(RebindSchema, '--rebind', 'rebind', {
        register: n,
        section: String(o.section).toUpperCase(),
        rank: String(o.rank),
        holder: holder - 1,
        key: String(o.newKey).toLowerCase(),
        reason: String(o.reason),
      })
      const reg = await client(o).get<LandRegisterDto>(`/api/v1/land/registers/${enc(n)}`)
      const holders =
        payload.section === 'A' && reg.owners.some((x) => x.rank === payload.rank)
          ? reg.owners.filter((x) => x.rank === payload.rank).map((x) => x.holder)
          : (reg.live.find((l) => l.section === payload.section && l.rank === payload.rank)?.holders ?? [])
      const who = holders[payload.holder]
      const where = `${n} ${SECTION_WORDS[payload.section][lang]} ${payload.rank}`
      if (!o.yes) {
        const note =
          lang === 'ko'
            ? `${where}번 ${who?.name ?? '(권리자 없음)'}의 키를 ${short(payload.key)}로 바꾸지 않았습니다. 확인한 뒤 --yes 를 붙여 다시 실행하십시오.`
            : `Not done: ${where}, ${who?.name ?? '(no such holder)'} would be bound to ${short(payload.key)}; run again with --yes.`
        print(o, { done: false, register: n, holder: who ?? null, key: payload.key }, () => note)
        process.exitCode = 1
        return
      }
      const r = await submit(o, 'land.holder.rebind', payload as unknown as JsonValue)
      const out = { done: true, register: n, holder: who?.name ?? null, key: payload.key, txHash: r.hash, height: r.height }
      print(o, out, () =>
        lang === 'ko' ? `${where}번 ${who?.name ?? ''}의 키 변경 등기 (블록 ${r.height}): ${r.hash}` : `${where}: ${who?.name ?? ''} bound to a new key in block ${r.height}: ${r.hash}`,
      )
    })(o),
  )

  reading(
    land
      .command('history')
      .description("a register's changes in the order they were entered, each with its block and date (Korean time)")
      .argument('<number>', 'the register number NNNN-YYYY-NNNNNN'),
  ).action((number: string, o: CliOptions) =>
    act(async () => {
      const lang = cliLang()
      const n = normalizeRegisterNumber(number)
      if (n === null) throw new DaejangError('SCHEMA_INVALID', say(`부동산고유번호가 아닙니다: ${number} (NNNN-YYYY-NNNNNN 형식)`, `not a register number: ${number} (NNNN-YYYY-NNNNNN)`))
      const r = await client(o).get<LandRegisterDto>(`/api/v1/land/registers/${enc(n)}`)
      const entries = [...r.sections.A, ...r.sections.B].sort((a, b) => a.seq - b.seq)
      const times = new Map<number, number>()
      for (const h of new Set(entries.map((e) => e.height))) times.set(h, (await client(o).get<{ time: number }>(`/api/v1/blocks/${h}`)).time)
      const changes = entries.map((e) => {
        const time = times.get(e.height) ?? 0
        return {
          seq: e.seq,
          height: e.height,
          time,
          date: new Date(time + 9 * 3600_000).toISOString().slice(0, 10),
          section: e.section,
          rank: e.rank,
          purpose: e.purpose,
          cause: e.cause,
          receipt: e.receipt,
          target: e.target,
          holders: e.holders.map((h) => h.name),
          cancelledBy: e.cancelledBy,
          tx: e.tx,
        }
      })
      const cols = [t(lang, 'block'), t(lang, 'date'), t(lang, 'rank'), t(lang, 'change'), t(lang, 'receipt'), t(lang, 'holders')]
      print(o, { number: n, changes }, () =>
        format.table(
          changes.map((c) => ({
            [cols[0]!]: c.height,
            [cols[1]!]: c.date,
            [cols[2]!]: `${SECTION_WORDS[c.section][lang]} ${c.rank}`,
            [cols[3]!]:
              words(PURPOSE_WORDS, c.purpose, lang) +
              (c.target ? (lang === 'ko' ? ` (${SECTION_WORDS[c.target.section][lang]} ${c.target.rank}번)` : ` (${SECTION_WORDS[c.target.section][lang]} ${c.target.rank})`) : '') +
              ` — ${words(CAUSE_WORDS, c.cause, lang)}`,
            [cols[4]!]: `${c.receipt.on} ${receiptText(c.receipt.number, lang)}`,
            [cols[5]!]: c.holders.join(', '),
          })),
          cols,
        ),
      )
    })(o),
  )
}
