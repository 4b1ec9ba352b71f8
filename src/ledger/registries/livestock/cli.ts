/**
 * The livestock register's commands (docs/adr/0041), each with --json, signed with a key of the home (--key NAME:
 * the reporter's, never a default):
 *
 *   daejang livestock site register --site S --kind K --name N --area CODE --address A --keeper KEY…   (officer)
 *   daejang livestock site update S [--name N] [--address A] [--keeper KEY…] [--close | --reopen]       (officer)
 *   daejang livestock site show S
 *   daejang livestock birth --animal N --farm S --breed B --sex X [--mother N] [--date D]
 *   daejang livestock tag --animal N [--date D]
 *   daejang livestock move --animal N… --from S --to S [--date D] [--cosigner KEY --out act.json]
 *                      the keeper of `to` co-signs: the act is written for `daejang tx cosign act.json --yes` and
 *                      sent with `daejang tx submit act.json` (ADR 0020); without --cosigner it is sent at once
 *   daejang livestock vet --animal N… --act vaccination|test --disease D [--product P | --result R] [--date D]
 *   daejang livestock death --animal N --cause C --disposal X [--date D]
 *   daejang livestock import --animal N --farm S --lot L --country C --foreign-id F --breed B --sex X --birth-date D [--date D]
 *   daejang livestock export --animal N --farm S --country C [--date D]
 *   daejang livestock slaughter --animal N --slaughterhouse S --inspection pass|fail --dna-sample X [--date D]
 *   daejang livestock grade --animal N --quality Q [--yield Y] --weight KG [--date D]
 *   daejang livestock pack --packer S --animal N… --cut C [--bundle L…] [--shop S] [--date D]
 *   daejang livestock sell --shop S --number N|L… [--date D]
 *   daejang livestock dna --sample X --animal N --shop S --result match|mismatch [--date D]
 *   daejang livestock standstill place --order O [--site S…] [--area A…] --disease D --reason R
 *   daejang livestock standstill lift --order O [--site S…] [--area A…] --reason R
 *   daejang livestock standstill list
 *   daejang livestock animal show N          an animal's record and history
 *   daejang livestock bundle show L          a mixed pack and its animals
 *
 * A date defaults to today in Korean time. Human output in Korean or English (--lang, else the locale); --json the
 * same in both.
 */
import type { Command } from 'commander'
import type { z } from 'zod'
import { DaejangError } from '../../../shared/errors'
import type { JsonValue } from '../../types/tx'
import type { CliHost, CliOptions } from '../types'
import type { LivestockAnimalDto, LivestockBundleDto, LivestockSiteDto, LivestockStandstillDto, LivestockStandstillsDto } from './portable/dto'
import { formatAnimalNumber, parseAnimalNumber } from './portable/identifiers'
import {
  BirthSchema,
  DeathSchema,
  DnaSchema,
  ExportSchema,
  GradeSchema,
  ImportSchema,
  LiftSchema,
  MoveSchema,
  PackSchema,
  SaleSchema,
  SiteRegisterSchema,
  SiteUpdateSchema,
  SlaughterSchema,
  StandstillSchema,
  TagSchema,
  VetSchema,
} from './portable/schema'
import { BREED_WORDS, CUT_WORDS, DISEASE_WORDS, EVENT_WORDS, QUALITY_WORDS, SEX_WORDS, SITE_KIND_WORDS, YIELD_WORDS, words as lvWords } from './portable/words'

type Lang = 'ko' | 'en'
type W = Readonly<Record<string, { ko: string; en: string }>>
const enc = encodeURIComponent
const short = (k: string): string => `${k.slice(0, 12)}…`
const many = (v: string, acc: string[]): string[] => [...acc, v]
/** today in Korean time */
const today = (): string => new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10)
/** a typed animal number with spaces or dashes ("002 1234 5678 8") as its 12 digits; left as typed when it is not one */
const animalArg = (s: string): string => parseAnimalNumber(s) ?? s.trim()

const L = {
  animal: { ko: '이력번호', en: 'Animal number' },
  breed: { ko: '품종', en: 'Breed' },
  sex: { ko: '성별', en: 'Sex' },
  birth: { ko: '출생일', en: 'Born' },
  origin: { ko: '출처', en: 'Origin' },
  status: { ko: '상태', en: 'Status' },
  site: { ko: '현재(마지막) 사육지', en: 'Farm (current or last)' },
  stays: { ko: '사육지 이력', en: 'Farms' },
  tagged: { ko: '귀표 부착일', en: 'Tagged' },
  slaughter: { ko: '도축', en: 'Slaughter' },
  grade: { ko: '등급', en: 'Grade' },
  alerts: { ko: 'DNA 불일치 경보', en: 'DNA mismatch alerts' },
  history: { ko: '이력', en: 'History' },
  date: { ko: '일자', en: 'Date' },
  event: { ko: '구분', en: 'Event' },
  where: { ko: '장소', en: 'Where' },
  late: { ko: '지연 신고', en: 'Late' },
  none: { ko: '(없음)', en: '(none)' },
  kind: { ko: '종류', en: 'Kind' },
  siteNo: { ko: '농장·업소 번호', en: 'Farm or business number' },
  name: { ko: '이름', en: 'Name' },
  area: { ko: '지역(법정동 코드)', en: 'Area (legal-dong code)' },
  address: { ko: '주소', en: 'Address' },
  keepers: { ko: '관리자', en: 'Keepers' },
  closed: { ko: '폐업', en: 'Closed' },
  standstills: { ko: '이동제한', en: 'Standstills' },
  order: { ko: '명령 번호', en: 'Order' },
  on: { ko: '대상', en: 'On' },
  placed: { ko: '명령일', en: 'Placed on' },
  disease: { ko: '질병', en: 'Disease' },
  reason: { ko: '사유', en: 'Reason' },
  bundle: { ko: '묶음번호', en: 'Bundle' },
  packer: { ko: '포장처리업소', en: 'Packer' },
  cut: { ko: '부위', en: 'Cut' },
  animals: { ko: '포함된 소', en: 'Animals' },
} as const

const STATUS_WORDS: W = {
  alive: { ko: '사육 중', en: 'Alive' },
  dead: { ko: '폐사', en: 'Dead' },
  slaughtered: { ko: '도축', en: 'Slaughtered' },
  exported: { ko: '수출', en: 'Exported' },
}

/** A report command: its options, and how they make the payload of its type. */
interface Report {
  name: string
  type: string
  schema: z.ZodType
  description: string
  options(cmd: Command): Command
  payload(o: CliOptions): Record<string, unknown>
}

const opt = (o: CliOptions, name: string): string | undefined => (typeof o[name] === 'string' ? (o[name] as string) : undefined)
const list = (o: CliOptions, name: string): string[] => (Array.isArray(o[name]) ? (o[name] as string[]) : [])
/** the optional fields given */
const some = (pairs: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(pairs).filter(([, v]) => v !== undefined))
const dateOf = (o: CliOptions): string => opt(o, 'date') ?? today()
const dateOption = (cmd: Command): Command => cmd.option('--date <day>', 'the day it happened, YYYY-MM-DD (default: today, Korean time)')

const REPORTS: readonly Report[] = [
  {
    name: 'birth',
    type: 'livestock.birth',
    schema: BirthSchema,
    description: 'report a birth on a farm (its keeper, or a tagger on its behalf); due within 5 days',
    options: (c) =>
      dateOption(
        c
          .requiredOption('--animal <number>', 'the calf’s 12-digit number')
          .requiredOption('--farm <site>', 'the farm (6 digits)')
          .requiredOption('--breed <breed>', 'hanwoo, beef, dairy or other')
          .requiredOption('--sex <sex>', 'female, male or castrated')
          .option('--mother <number>', 'the mother’s number'),
      ),
    payload: (o) => some({ animal: animalArg(opt(o, 'animal')!), farm: opt(o, 'farm'), date: dateOf(o), breed: opt(o, 'breed'), sex: opt(o, 'sex'), mother: opt(o, 'mother') && animalArg(opt(o, 'mother')!) }),
  },
  {
    name: 'tag',
    type: 'livestock.tag',
    schema: TagSchema,
    description: 'report an ear tag fitted (a tagger); due within 30 days of birth, before any move',
    options: (c) => dateOption(c.requiredOption('--animal <number>', 'the animal’s number')),
    payload: (o) => ({ animal: animalArg(opt(o, 'animal')!), date: dateOf(o) }),
  },
  {
    name: 'vet',
    type: 'livestock.vet',
    schema: VetSchema,
    description: 'record a vaccination or a disease test (a vet)',
    options: (c) =>
      dateOption(
        c
          .requiredOption('--animal <number>', 'an animal (repeat for several)', many, [] as string[])
          .requiredOption('--act <act>', 'vaccination or test')
          .requiredOption('--disease <disease>', 'fmd, brucellosis, tuberculosis, lumpy-skin, bse, anthrax or other')
          .option('--product <name>', 'the vaccine (a vaccination)')
          .option('--result <result>', 'negative, positive or inconclusive (a test)'),
      ),
    payload: (o) => some({ animals: list(o, 'animal').map(animalArg), date: dateOf(o), act: opt(o, 'act'), disease: opt(o, 'disease'), product: opt(o, 'product'), result: opt(o, 'result') }),
  },
  {
    name: 'death',
    type: 'livestock.death',
    schema: DeathSchema,
    description: 'report a death on the farm (its keeper, or a vet); due within 5 days',
    options: (c) =>
      dateOption(
        c
          .requiredOption('--animal <number>', 'the animal’s number')
          .requiredOption('--cause <text>', 'the cause')
          .requiredOption('--disposal <how>', 'burial, incineration, rendering or other'),
      ),
    payload: (o) => ({ animal: animalArg(opt(o, 'animal')!), date: dateOf(o), cause: opt(o, 'cause'), disposal: opt(o, 'disposal') }),
  },
  {
    name: 'import',
    type: 'livestock.import',
    schema: ImportSchema,
    description: 'report an imported animal given its Korean number on a farm (its keeper, or an officer); tagged on import',
    options: (c) =>
      dateOption(
        c
          .requiredOption('--animal <number>', 'the Korean number given to it')
          .requiredOption('--farm <site>', 'the farm it arrives on')
          .requiredOption('--lot <lot>', 'the import lot')
          .requiredOption('--country <code>', 'the country of origin (two letters, e.g. AU)')
          .requiredOption('--foreign-id <id>', 'its identifier in the country of origin')
          .requiredOption('--breed <breed>', 'hanwoo, beef, dairy or other')
          .requiredOption('--sex <sex>', 'female, male or castrated')
          .requiredOption('--birth-date <day>', 'its date of birth'),
      ),
    payload: (o) => ({
      animal: animalArg(opt(o, 'animal')!),
      farm: opt(o, 'farm'),
      date: dateOf(o),
      lot: opt(o, 'lot'),
      country: opt(o, 'country'),
      foreignId: opt(o, 'foreignId'),
      breed: opt(o, 'breed'),
      sex: opt(o, 'sex'),
      birthDate: opt(o, 'birthDate'),
    }),
  },
  {
    name: 'export',
    type: 'livestock.export',
    schema: ExportSchema,
    description: 'report a live animal exported from its farm (its keeper)',
    options: (c) => dateOption(c.requiredOption('--animal <number>', 'the animal’s number').requiredOption('--farm <site>', 'the farm it leaves').requiredOption('--country <code>', 'the country it goes to')),
    payload: (o) => ({ animal: animalArg(opt(o, 'animal')!), farm: opt(o, 'farm'), date: dateOf(o), country: opt(o, 'country') }),
  },
  {
    name: 'slaughter',
    type: 'livestock.slaughter',
    schema: SlaughterSchema,
    description: 'report a slaughter (a keeper of the slaughterhouse) with the inspection result and the DNA sample',
    options: (c) =>
      dateOption(
        c
          .requiredOption('--animal <number>', 'the animal’s number')
          .requiredOption('--slaughterhouse <site>', 'the slaughterhouse')
          .requiredOption('--inspection <result>', 'pass or fail')
          .requiredOption('--dna-sample <number>', 'the DNA sample number'),
      ),
    payload: (o) => ({ animal: animalArg(opt(o, 'animal')!), slaughterhouse: opt(o, 'slaughterhouse'), date: dateOf(o), inspection: opt(o, 'inspection'), dnaSample: opt(o, 'dnaSample') }),
  },
  {
    name: 'grade',
    type: 'livestock.grade',
    schema: GradeSchema,
    description: 'grade a carcass (a grader): quality 1++, 1+, 1, 2, 3 or D, yield A, B or C, carcass weight',
    options: (c) =>
      dateOption(
        c
          .requiredOption('--animal <number>', 'the animal’s number')
          .requiredOption('--quality <grade>', '1++, 1+, 1, 2, 3 or D (등외)')
          .option('--yield <grade>', 'A, B or C (none for D)')
          .requiredOption('--weight <kg>', 'carcass weight in kg, e.g. 432.5'),
      ),
    payload: (o) => some({ animal: animalArg(opt(o, 'animal')!), date: dateOf(o), quality: opt(o, 'quality'), yield: opt(o, 'yield'), weightKg: opt(o, 'weight') }),
  },
  {
    name: 'pack',
    type: 'livestock.pack',
    schema: PackSchema,
    description: 'report cuts packed (a keeper of the packer); several animals need a bundle number',
    options: (c) =>
      dateOption(
        c
          .requiredOption('--packer <site>', 'the packing plant')
          .requiredOption('--animal <number>', 'an animal (repeat for a mixed pack)', many, [] as string[])
          .requiredOption('--cut <cut>', 'tenderloin, sirloin, striploin, chuck, blade, round, bottom-round, brisket, shank, rib or mixed')
          .option('--bundle <number>', 'the bundle number (L and 14 digits)')
          .option('--shop <site>', 'the shop the cuts are sent to (only it may sell them)'),
      ),
    payload: (o) => some({ packer: opt(o, 'packer'), date: dateOf(o), animals: list(o, 'animal').map(animalArg), cut: opt(o, 'cut'), bundle: opt(o, 'bundle'), shop: opt(o, 'shop') }),
  },
  {
    name: 'sell',
    type: 'livestock.sale',
    schema: SaleSchema,
    description: 'report a sale (a keeper of the shop) of meat labelled with an animal or a bundle number',
    options: (c) => dateOption(c.requiredOption('--shop <site>', 'the shop').requiredOption('--number <number>', 'the animal or bundle number on the label')),
    payload: (o) => {
      const n = opt(o, 'number')!.trim()
      return { shop: opt(o, 'shop'), date: dateOf(o), number: n.startsWith('L') ? n : animalArg(n) }
    },
  },
  {
    name: 'dna',
    type: 'livestock.dna',
    schema: DnaSchema,
    description: "record a DNA comparison (a lab) of meat from a shop with the animal's slaughter sample; a mismatch raises an alert",
    options: (c) =>
      dateOption(
        c
          .requiredOption('--sample <number>', 'the sample taken at the shop')
          .requiredOption('--animal <number>', 'the animal the label claims')
          .requiredOption('--shop <site>', 'the shop')
          .requiredOption('--result <result>', 'match or mismatch'),
      ),
    payload: (o) => ({ sample: opt(o, 'sample'), animal: animalArg(opt(o, 'animal')!), shop: opt(o, 'shop'), date: dateOf(o), result: opt(o, 'result') }),
  },
]

const targetsOf = (o: CliOptions): Array<{ kind: 'site'; site: string } | { kind: 'area'; area: string }> => [
  ...list(o, 'site').map((site) => ({ kind: 'site' as const, site })),
  ...list(o, 'area').map((area) => ({ kind: 'area' as const, area })),
]

export function livestockCli({ program, act, client, committed, key, print, files, format, lang: cliLang }: CliHost): void {
  const say = (ko: string, en: string): string => (cliLang() === 'ko' ? ko : en)
  const t = (lang: Lang, l: keyof typeof L): string => L[l][lang]
  const w = (table: W, id: string | null | undefined, lang: Lang): string => (id == null ? t(lang, 'none') : (table[id]?.[lang] ?? id))

  /** a command signing with the reporter's key (no default key: the administrator does not report for anyone) */
  const signing = (cmd: Command): Command =>
    cmd
      .requiredOption('--home <dir>', 'node home directory')
      .requiredOption('--key <name>', "the reporter's key name in the home")
      .option('--passphrase-file <file>', 'passphrase of an encrypted key (or DAEJANG_PASSPHRASE)')
      .option('--lang <lang>', 'ko or en (default: from LC_ALL / LC_MESSAGES / LANG)')
      .option('--json', 'JSON output')
  const reading = (cmd: Command): Command =>
    cmd
      .requiredOption('--home <dir>', 'node home directory')
      .option('--lang <lang>', 'ko or en (default: from LC_ALL / LC_MESSAGES / LANG)')
      .option('--json', 'JSON output')

  /** the payload checked by its schema: a refusal names the field, in the CLI's language */
  function parse(schema: z.ZodType, payload: unknown): JsonValue {
    const r = schema.safeParse(payload)
    if (r.success) return r.data as JsonValue
    const i = r.error.issues[0]
    const field = i?.path.map(String).join('.') || say('입력', 'input')
    const number = i !== undefined && /animal number/.test(i.message)
    if (number) throw new DaejangError('LIVESTOCK_BAD_NUMBER', `${field}: ${i.message}`)
    throw new DaejangError('BAD_PAYLOAD', say(`${field}의 값이 형식에 맞지 않습니다. (${i?.message ?? ''})`, `${field}: ${i?.message ?? 'invalid'}`))
  }

  /** sign, submit, wait; print what was done in words */
  async function report(o: CliOptions, type: string, payload: JsonValue): Promise<void> {
    const lang = cliLang()
    const r = committed(await key(o).signAndCommit(type, payload))
    const line = lvWords.describe?.(type, payload, lang) ?? type
    print(o, { type, payload, txHash: r.hash, height: r.height }, () => say(`${line} — 블록 ${r.height}: ${r.hash}`, `${line} — block ${r.height}: ${r.hash}`))
  }

  const lv = program.command('livestock').description('the livestock traceability register (가축 이력제): farms, reports from birth to shop, standstills')

  for (const rep of REPORTS) {
    signing(rep.options(lv.command(rep.name).description(`${rep.description}; waits for commit`))).action(
      act(async (o) => report(o, rep.type, parse(rep.schema, rep.payload(o)))),
    )
  }

  // ------------------------------------------------------------------------------------------ moves (co-signed)

  signing(
    dateOption(
      lv
        .command('move')
        .description(
          'report a move between farms and markets: signed by a keeper of --from; the keeper of --to co-signs the act written to --out (daejang tx cosign FILE --yes, then daejang tx submit FILE); without --cosigner (one key keeps both) it is sent at once',
        )
        .requiredOption('--animal <number>', 'an animal (repeat for several)', many, [] as string[])
        .requiredOption('--from <site>', 'the farm or market it leaves')
        .requiredOption('--to <site>', 'the farm or market it goes to')
        .option('--cosigner <publicKey>', "the public key of the receiving site's keeper")
        .option('--out <file>', 'write the act here (with --cosigner)'),
    ),
  ).action(
    act(async (o) => {
      const lang = cliLang()
      const payload = parse(MoveSchema, { animals: list(o, 'animal').map(animalArg), from: opt(o, 'from'), to: opt(o, 'to'), date: dateOf(o) })
      const co = opt(o, 'cosigner')?.toLowerCase()
      if (co === undefined) return report(o, 'livestock.move', payload)
      if (!/^[0-9a-f]{64}$/.test(co)) throw new DaejangError('SCHEMA_INVALID', say(`--cosigner ${co}: 공개키는 64자리 16진수(32바이트)입니다.`, `--cosigner ${co}: a public key is 32 bytes of hex`))
      const out = opt(o, 'out')
      if (out === undefined) throw new DaejangError('SCHEMA_INVALID', say('--cosigner와 함께 --out으로 서명할 파일을 지정하십시오.', 'with --cosigner, name the act file to hand over with --out'))
      const a = await key(o).signAct('livestock.move', payload, [co])
      files.write(out, new TextEncoder().encode(JSON.stringify(a, null, 2) + '\n'))
      const missing = (a.cosigners ?? []).filter((c) => c.sig === null).map((c) => c.key)
      const line = lvWords.describe?.('livestock.move', payload, lang) ?? 'livestock.move'
      print(o, { ...a, missing, out }, () =>
        say(`${line} → ${out}; 받는 곳의 서명이 남았습니다: ${missing.map(short).join(', ')} (daejang tx cosign ${out} --yes, 그다음 daejang tx submit ${out})`, `${line} → ${out}; still to sign: ${missing.map(short).join(', ')} (daejang tx cosign ${out} --yes, then daejang tx submit ${out})`),
      )
    }),
  )

  // ------------------------------------------------------------------------------------------ sites

  const site = lv.command('site').description('farms and businesses (농장·업소) and their keepers')
  signing(
    site
      .command('register')
      .description('register a farm, market, slaughterhouse, packer or shop with its keepers (a livestock officer); waits for commit')
      .requiredOption('--site <number>', 'its 6-digit number')
      .requiredOption('--kind <kind>', 'farm, market, slaughterhouse, packer or shop')
      .requiredOption('--name <name>', 'its name')
      .requiredOption('--area <code>', 'its 10-digit 법정동 code')
      .requiredOption('--address <address>', 'its address')
      .requiredOption('--keeper <publicKey>', 'a keeper’s public key (repeat for several)', many, [] as string[]),
  ).action(
    act(async (o) =>
      report(
        o,
        'livestock.site.register',
        parse(SiteRegisterSchema, { site: opt(o, 'site'), kind: opt(o, 'kind'), name: opt(o, 'name'), area: opt(o, 'area'), address: opt(o, 'address'), keepers: list(o, 'keeper').map((k) => k.toLowerCase()) }),
      ),
    ),
  )
  signing(
    site
      .command('update')
      .description("change a site's name, address or keepers, or close or reopen it (an officer of the agency that registered it); waits for commit")
      .argument('<site>', 'its 6-digit number')
      .option('--name <name>', 'its new name')
      .option('--address <address>', 'its new address')
      .option('--keeper <publicKey>', 'the keepers from now on (repeat; replaces the list)', many, [] as string[])
      .option('--close', 'close it: it takes no animals')
      .option('--reopen', 'reopen it'),
  ).action((s: string, o: CliOptions) =>
    act(async () => {
      if (o.close && o.reopen) throw new DaejangError('SCHEMA_INVALID', say('--close와 --reopen은 함께 쓸 수 없습니다.', '--close and --reopen exclude each other'))
      const keepers = list(o, 'keeper').map((k) => k.toLowerCase())
      const payload = some({
        site: s,
        name: opt(o, 'name'),
        address: opt(o, 'address'),
        keepers: keepers.length > 0 ? keepers : undefined,
        closed: o.close ? true : o.reopen ? false : undefined,
      })
      await report(o, 'livestock.site.update', parse(SiteUpdateSchema, payload))
    })(o),
  )
  reading(site.command('show').description('a site: kind, name, area, keepers, and the standstills in force on it or its areas').argument('<site>', 'its 6-digit number')).action(
    (s: string, o: CliOptions) =>
      act(async () => {
        const lang = cliLang()
        const r = await client(o).get<LivestockSiteDto>(`/api/v1/livestock/sites/${enc(s)}`)
        print(o, r, () =>
          format.kv([
            [t(lang, 'siteNo'), r.site.site],
            [t(lang, 'kind'), w(SITE_KIND_WORDS, r.site.kind, lang)],
            [t(lang, 'name'), r.site.name],
            [t(lang, 'area'), r.site.area],
            [t(lang, 'address'), r.site.address],
            [t(lang, 'keepers'), r.site.keepers.map(short).join(', ')],
            [t(lang, 'closed'), r.site.closed ? say('예', 'yes') : say('아니요', 'no')],
            [t(lang, 'standstills'), r.standstills.length === 0 ? t(lang, 'none') : r.standstills.map((x) => standstillLine(x, lang)).join('; ')],
          ]),
        )
      })(o),
  )

  const standstillLine = (x: LivestockStandstillDto, lang: Lang): string => {
    const on = x.target.kind === 'site' ? `${say('농장·업소', 'site')} ${x.target.site}` : `${say('지역', 'area')} ${x.target.area}`
    return `${x.order} ${w(DISEASE_WORDS, x.disease, lang)} — ${on} (${x.placedOn})`
  }

  // ------------------------------------------------------------------------------------------ standstills

  const ss = lv.command('standstill').description('standstills (이동제한) on farms, businesses and areas during an outbreak')
  const targets = (c: Command): Command =>
    c
      .requiredOption('--order <number>', 'the order number')
      .option('--site <number>', 'a farm or business (repeat)', many, [] as string[])
      .option('--area <prefix>', 'an area: 2 (시도), 5 (시군구) or 8 (읍면동) digits of a 법정동 code (repeat)', many, [] as string[])
      .requiredOption('--reason <text>', 'why, in words')
  signing(targets(ss.command('place').description('order a standstill on sites and areas (a livestock officer); waits for commit')).requiredOption('--disease <disease>', 'fmd, brucellosis, tuberculosis, lumpy-skin, bse, anthrax or other')).action(
    act(async (o) => report(o, 'livestock.standstill.place', parse(StandstillSchema, { order: opt(o, 'order'), targets: targetsOf(o), disease: opt(o, 'disease'), reason: opt(o, 'reason') }))),
  )
  signing(targets(ss.command('lift').description('lift the standstills an order placed, on the sites and areas named (a livestock officer); waits for commit'))).action(
    act(async (o) => report(o, 'livestock.standstill.lift', parse(LiftSchema, { order: opt(o, 'order'), targets: targetsOf(o), reason: opt(o, 'reason') }))),
  )
  reading(ss.command('list').description('the standstills in force').option('--limit <n>', 'at most this many (1–5000)', '1000')).action(
    act(async (o) => {
      const lang = cliLang()
      const r = await client(o).get<LivestockStandstillsDto>(`/api/v1/livestock/standstills?limit=${enc(String(o.limit))}`)
      const cols = [t(lang, 'order'), t(lang, 'on'), t(lang, 'disease'), t(lang, 'placed'), t(lang, 'reason')]
      print(o, r, () =>
        r.standstills.length === 0
          ? t(lang, 'none')
          : format.table(
              r.standstills.map((x) => ({
                [cols[0]!]: x.order,
                [cols[1]!]: x.target.kind === 'site' ? `${say('농장·업소', 'site')} ${x.target.site}` : `${say('지역', 'area')} ${x.target.area}`,
                [cols[2]!]: w(DISEASE_WORDS, x.disease, lang),
                [cols[3]!]: x.placedOn,
                [cols[4]!]: x.reason,
              })),
              cols,
            ) + (r.more ? `\n${say('더 있습니다: --limit를 늘리십시오.', 'There are more: give a larger --limit.')}` : ''),
      )
    }),
  )

  // ------------------------------------------------------------------------------------------ reading

  const animal = lv.command('animal').description('animals')
  reading(animal.command('show').description("an animal's record and its whole history, oldest first").argument('<number>', 'its 12-digit number (spaces allowed)')).action(
    (n: string, o: CliOptions) =>
      act(async () => {
        const lang = cliLang()
        const number = parseAnimalNumber(n)
        if (number === null) throw new DaejangError('LIVESTOCK_BAD_NUMBER', say(`이력번호가 아닙니다: ${n}`, `not an animal number: ${n}`))
        const r = await client(o).get<LivestockAnimalDto>(`/api/v1/livestock/animals/${number}`)
        print(o, r, () => describeAnimal(r, lang))
      })(o),
  )
  const bundle = lv.command('bundle').description('bundles (묶음): packs that mix animals')
  reading(bundle.command('show').description('a bundle: its packer, cut, date and animals').argument('<number>', 'L and 14 digits')).action((b: string, o: CliOptions) =>
    act(async () => {
      const lang = cliLang()
      const r = await client(o).get<LivestockBundleDto>(`/api/v1/livestock/bundles/${enc(b.trim())}`)
      print(o, r, () =>
        format.kv([
          [t(lang, 'bundle'), r.bundle.bundle],
          [t(lang, 'packer'), r.bundle.packer],
          [t(lang, 'cut'), w(CUT_WORDS, r.bundle.cut, lang)],
          [t(lang, 'date'), r.bundle.date],
          [t(lang, 'animals'), r.bundle.animals.map(formatAnimalNumber).join(', ')],
        ]),
      )
    })(o),
  )

  function describeAnimal(r: LivestockAnimalDto, lang: Lang): string {
    const h = r.head
    const origin =
      h.origin.kind === 'born'
        ? say(`출생 (농장 ${h.origin.farm})`, `born on farm ${h.origin.farm}`)
        : say(`수입 (${h.origin.country}, 로트 ${h.origin.lot}, 외국 번호 ${h.origin.foreignId})`, `imported from ${h.origin.country} (lot ${h.origin.lot}, foreign id ${h.origin.foreignId})`)
    const head = format.kv([
      [t(lang, 'animal'), formatAnimalNumber(h.animal)],
      [t(lang, 'breed'), w(BREED_WORDS, h.breed, lang)],
      [t(lang, 'sex'), w(SEX_WORDS, h.sex, lang)],
      [t(lang, 'birth'), h.birthDate],
      [t(lang, 'origin'), origin],
      [t(lang, 'status'), w(STATUS_WORDS, h.status, lang)],
      [t(lang, 'tagged'), h.tagged ?? t(lang, 'none')],
      [t(lang, 'stays'), h.stays.map((s) => `${s.site} ${s.from}~${s.to ?? ''}`).join(', ')],
      [t(lang, 'slaughter'), h.slaughter ? `${h.slaughter.site} ${h.slaughter.date} (${h.slaughter.inspection === 'pass' ? say('합격', 'passed') : say('불합격', 'failed')})` : t(lang, 'none')],
      [t(lang, 'grade'), h.grade ? `${w(QUALITY_WORDS, h.grade.quality, lang)}${h.grade.yield ? ` ${w(YIELD_WORDS, h.grade.yield, lang)}` : ''} ${h.grade.weightKg}kg` : t(lang, 'none')],
      ...(h.alerts > 0 ? [[t(lang, 'alerts'), String(h.alerts)] as [string, unknown]] : []),
    ])
    const cols = [t(lang, 'date'), t(lang, 'event'), t(lang, 'where'), t(lang, 'late')]
    const rows = r.events.map((e) => ({
      [cols[0]!]: e.date,
      [cols[1]!]: w(EVENT_WORDS, e.kind, lang),
      [cols[2]!]: e.site ?? '',
      [cols[3]!]: e.late > 0 ? say(`${e.late}일 늦음`, `${e.late} days late`) : '',
    }))
    return `${head}\n\n${t(lang, 'history')}\n${format.table(rows, cols)}`
  }
}
