/**
 * The notary registry's commands: `daejang notary register | certificate | revoke | suspend | reinstate | show`.
 * `daejang verify` is the core's (server/cli/verify-command.ts): it verifies the notary's certificates with the
 * verifier the registry declares in its portable barrel.
 */
import { resolveParticles } from '../../../shared/particles'
import type { AgencyDto, KeyInfoDto, NotaryDocumentDto, NotaryNextNumberDto, RoleCredentialDto, SubmitResultDto } from '../../../shared/api'
import { DaejangError } from '../../../shared/errors'
import type { JsonValue } from '../../types/tx'
import type { CliHost, CliOptions } from '../types'
import { buildBatch } from './portable/batch'
import { ACTS, NOTARY_ROLE } from './portable/schema'
import type { NotaryStatusProofJson } from './portable/state-cert'

const enc = encodeURIComponent
const iso = (ms: number | null): string => (ms === null ? '—' : new Date(ms).toISOString())
const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path

/** A record's status, and the events of its history, in words. */
const STATUS = {
  issued: { ko: '유효', en: 'in force' },
  suspended: { ko: '정지됨', en: 'suspended' },
  revoked: { ko: '취소됨', en: 'revoked' },
} as const
const EVENT = {
  register: { ko: '등록', en: 'registered' },
  revoke: { ko: '취소', en: 'revoked' },
  suspend: { ko: '정지', en: 'suspended' },
  reinstate: { ko: '효력 회복', en: 'reinstated' },
} as const
const ACT = { apostille: { ko: '아포스티유', en: 'apostille' }, notarization: { ko: '공증', en: 'notarization' } } as const

type Lang = 'ko' | 'en'
const pick = <K extends string>(table: Record<K, Record<Lang, string>>, k: string, lang: Lang): string =>
  (table as Record<string, Record<Lang, string>>)[k]?.[lang] ?? k

/** A document's record as the e-Register shows it, in the CLI's language. */
export function describeDocumentWords(d: NotaryDocumentDto, lang: Lang, kv: (pairs: Array<[string, unknown]>) => string): string {
  const ko = lang === 'ko'
  const when = (ms: number | null): string => iso(ms)
  const event = (e: NotaryDocumentDto['history'][number]): string =>
    ko
      ? `블록 ${e.height}에서 ${pick(EVENT, e.action, lang)} (${when(e.time)})${e.reason ? ` — ${e.reason}` : ''}`
      : `${pick(EVENT, e.action, lang)} at block ${e.height} (${when(e.time)})${e.reason ? ` — ${e.reason}` : ''}`
  return kv([
    [ko ? '번호' : 'number', d.number],
    [ko ? '상태' : 'status', pick(STATUS, d.status, lang) + (d.statusReason ? ` — ${d.statusReason} (${when(d.statusTime)})` : '')],
    [ko ? '행위' : 'act', `${pick(ACT, d.act, lang)}, ${d.date}`],
    [ko ? '발행 기관' : 'authority', d.issuingAuthority],
    [ko ? '서명자' : 'signer', `${d.signerName} (${d.signerCapacity})`],
    [ko ? '등록 기관' : 'agency', d.agency],
    [ko ? '문서' : 'document', `${d.documentType ?? '—'}${d.holder ? ', ' + d.holder : ''}`],
    ['SHA-256', d.documentHash ?? (ko ? '(이 노드에는 일괄 등록의 문서 목록이 없습니다)' : '(batch list not held by this node)')],
    [ko ? '등록' : 'registered', ko ? `블록 ${d.height}, ${when(d.time)}, 거래 ${d.tx}` : `block ${d.height}, ${when(d.time)}, transaction ${d.tx}`],
    [ko ? '이력' : 'history', d.history.map(event).join('; ')],
  ])
}

/** 으로 or 로 after a word (the word itself is quoted before it) */
const toParticle = (word: string): string => resolveParticles(`${word}[으로/로]`).slice(word.length)

export function notaryCli({ program, act, client, committed, key, print, files, format, lang }: CliHost): void {
  /** sign with the key of the options, submit and wait: a transaction not committed is an error */
  async function submit(o: CliOptions, type: string, payload: JsonValue): Promise<SubmitResultDto> {
    const r = committed(await key(o).signAndCommit(type, payload))
    return r as SubmitResultDto
  }

  /** The agency the key is a notary of (the one asked for, or its only/first one). */
  async function notaryAgency(o: CliOptions): Promise<RoleCredentialDto> {
    const publicKey = key(o).publicKey
    const asked = o.agency as string | undefined
    const info = await client(o).get<KeyInfoDto>(`/api/v1/identity/keys/${publicKey}`)
    const creds = info.roles.filter((r) => r.role === NOTARY_ROLE && r.active && (!asked || r.agency === asked))
    if (!creds[0]) {
      throw new DaejangError(
        'UNAUTHORIZED_ROLE',
        `key ${publicKey.slice(0, 12)}… holds no active notary credential${asked ? ` of agency "${asked}"` : ''}; an administrator grants one with daejang role grant --role notary`,
      )
    }
    return creds[0]
  }

  const keyOptions = (cmd: ReturnType<typeof program.command>) =>
    cmd
      .requiredOption('--home <dir>', 'node home directory')
      .option('--key <name>', 'key name in the home (a notary, or an administrator for status changes)', 'admin')
      .option('--passphrase-file <file>', 'passphrase of an encrypted key (or DAEJANG_PASSPHRASE)')
      .option('--json', 'JSON output')

  const describeDocument = (d: NotaryDocumentDto): string => describeDocumentWords(d, lang(), format.kv)
  const say = (ko: string, en: string): string => (lang() === 'ko' ? ko : en)

  const notary = program.command('notary').description('the notary and apostille registry')

  keyOptions(
    notary
      .command('register')
      .description('register a document by its SHA-256 (several --file: one batch under one Merkle root); waits for commit')
      .requiredOption('--file <file...>', 'the document file(s); only their SHA-256 goes on the ledger')
      .option('--number <number>', 'number (default: the next AGENCY-YYYY-NNNNNN); a batch numbers its documents NUMBER/001 …')
      .option('--agency <id>', 'agency the key is a notary of (default: its first)')
      .option('--act <act>', `one of ${ACTS.join(', ')}`, 'notarization')
      .option('--type <text>', 'document type, e.g. "Diploma"', 'Document')
      .option('--date <YYYY-MM-DD>', 'date of the act (default: today)')
      .option('--authority <text>', 'issuing authority (default: the agency name)')
      .option('--signer-name <text>', "the signer's name (default: the credential's label)")
      .option('--capacity <text>', "the signer's capacity", 'Notary')
      .option('--holder <text>', 'the person the document concerns (a name; never a resident registration number)')
      .option('--language <tag>', 'language of the document (BCP 47, e.g. ko)'),
  ).action(
    act(async (o) => {
      const c = client(o)
      const cred = await notaryAgency(o)
      const agency = cred.agency
      const paths = o.file as string[]
      // one after the other, each read as a stream (documents may exceed 2 GiB)
      const hashes: string[] = []
      for (const f of paths) hashes.push(await files.sha256(f))
      const number = (o.number as string | undefined) ?? (await c.get<NotaryNextNumberDto>(`/api/v1/notary/next-number?agency=${enc(agency)}`)).number
      // the issuing authority: as given, else the agency's name in the consortium
      const issuingAuthority =
        (o.authority as string | undefined) ?? (await c.get<AgencyDto[]>('/api/v1/identity/agencies')).find((a) => a.id === agency)?.name ?? agency
      const common = {
        agency,
        number,
        act: o.act as string,
        date: (o.date as string | undefined) ?? new Date().toISOString().slice(0, 10),
        issuingAuthority,
        signerName: (o.signerName as string | undefined) ?? (cred.label || (o.key as string)),
        signerCapacity: o.capacity as string,
      }
      const doc = (hash: string) => ({
        documentHash: hash,
        documentType: o.type as string,
        ...(o.holder ? { holder: o.holder as string } : {}),
        ...(o.language ? { language: o.language as string } : {}),
      })
      if (paths.length === 1) {
        const r = await submit(o, 'notary.register', { ...common, ...doc(hashes[0]!) })
        const out = { number, documentHash: hashes[0]!, txHash: r.hash, height: r.height, agency }
        print(o, out, () => say(`${number} 등록 완료 (SHA-256 ${out.documentHash}), 블록 ${r.height}, 거래 ${r.hash}`, `registered ${number} (SHA-256 ${out.documentHash}) in block ${r.height}: ${r.hash}`))
        return
      }
      const docs = hashes.map(doc)
      const built = buildBatch(number, docs)
      const r = await submit(o, 'notary.batch.register', { ...common, count: docs.length, root: built.root })
      await c.post(`/api/v1/notary/batches/${enc(number)}/documents`, { documents: docs })
      const documents = built.documents.map((d, i) => ({ number: d.number, documentHash: d.documentHash, file: paths[i]! }))
      const out = { number, root: built.root, txHash: r.hash, height: r.height, agency, documentHash: documents[0]!.documentHash, documents }
      print(o, out, () =>
        [
          say(
            `일괄 등록 ${number} 완료 (문서 ${docs.length}건, 루트 ${built.root}), 블록 ${r.height}, 거래 ${r.hash}`,
            `registered batch ${number} (${docs.length} documents, root ${built.root}) in block ${r.height}: ${r.hash}`,
          ),
          ...documents.map((d) => `  ${d.number}  ${d.documentHash}  ${baseName(d.file)}`),
        ].join('\n'),
      )
    }),
  )

  notary
    .command('certificate')
    .description("write a document's certificate (PDF with the QR proof and the proof bundle attached)")
    .requiredOption('--home <dir>', 'node home directory')
    .requiredOption('--number <number>', 'the document number')
    .requiredOption('--out <file>', 'the PDF to write')
    .option('--lang <lang>', 'ko or en', 'ko')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        if (o.lang !== 'ko' && o.lang !== 'en') throw new DaejangError('SCHEMA_INVALID', say('--lang은 ko 또는 en입니다.', '--lang is ko or en'))
        const r = await client(o).get<{ data: string; qr: Record<string, number | string> }>(
          `/api/v1/notary/documents/${enc(o.number as string)}/certificate?lang=${o.lang as string}`,
        )
        const pdf = Uint8Array.from(atob(r.data), (ch) => ch.charCodeAt(0))
        files.write(o.out as string, pdf)
        const out = { number: o.number, out: o.out, bytes: pdf.length, lang: o.lang, qr: r.qr }
        print(o, out, () =>
          say(
            `${o.number as string}의 확인서 → ${o.out as string} (${pdf.length}바이트, QR 버전 ${r.qr.version}-${r.qr.level})`,
            `certificate of ${o.number as string} → ${o.out as string} (${pdf.length} bytes; QR version ${r.qr.version}-${r.qr.level})`,
          ),
        )
      }),
    )

  notary
    .command('status-proof')
    .description(
      "write a document's status proof: its record and every status change, proven as of a block by a state proof and that block's commit — checked offline, so it may come from any node",
    )
    .requiredOption('--home <dir>', 'node home directory')
    .requiredOption('--number <number>', 'the document number')
    .requiredOption('--out <file>', 'the JSON file to write')
    .option('--height <height>', 'as of this block (default: the head)')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const q = o.height !== undefined ? `?height=${enc(String(o.height))}` : ''
        const sp = await client(o).get<NotaryStatusProofJson>(`/api/v1/notary/documents/${enc(o.number as string)}/status-proof${q}`)
        const text = JSON.stringify(sp, null, 1)
        files.write(o.out as string, new TextEncoder().encode(text))
        const header = (sp.state as { header?: { height?: number; time?: number } }).header
        const out = { number: sp.number, out: o.out, bytes: text.length, height: header?.height ?? null, time: header?.time ?? null }
        print(o, out, () =>
          say(
            `${sp.number}의 상태 증명, 블록 ${out.height ?? '?'} (${iso(out.time)}) 기준 → ${o.out as string} (${text.length}바이트)`,
            `status proof of ${sp.number} as of block ${out.height ?? '?'} (${iso(out.time)}) → ${o.out as string} (${text.length} bytes)`,
          ),
        )
      }),
    )

  for (const action of ['revoke', 'suspend', 'reinstate'] as const) {
    keyOptions(
      notary
        .command(action)
        .description(`${action} a document (by a notary or an administrator of the issuing agency); waits for commit`)
        .requiredOption('--number <number>', 'the document number')
        .requiredOption('--reason <text>', 'why'),
    ).action(
      act(async (o) => {
        const r = await submit(o, 'notary.status', { number: o.number as string, action, reason: o.reason as string })
        const d = await client(o).get<NotaryDocumentDto>(`/api/v1/notary/documents/${enc(o.number as string)}`)
        const out = { number: d.number, action, txHash: r.hash, height: r.height, status: d.status, reason: d.statusReason }
        print(o, out, () => say(`${d.number}의 상태가 ‘${pick(STATUS, d.status, 'ko')}’${toParticle(pick(STATUS, d.status, 'ko'))} 바뀌었습니다 (블록 ${r.height}, 거래 ${r.hash})`, `${d.number} is now ${pick(STATUS, d.status, 'en')} (block ${r.height}): ${r.hash}`))
      }),
    )
  }

  notary
    .command('show')
    .description('e-Register: a document by number (--number) or by file (--file: every record of its SHA-256)')
    .requiredOption('--home <dir>', 'node home directory')
    .option('--number <number>', 'the document number')
    .option('--file <file>', 'a document file')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const c = client(o)
        if (o.number) {
          const d = await c.get<NotaryDocumentDto>(`/api/v1/notary/documents/${enc(o.number as string)}`)
          print(o, d, () => describeDocument(d))
          return
        }
        if (!o.file) throw new DaejangError('SCHEMA_INVALID', say('--number 또는 --file을 지정하십시오.', 'give --number or --file'))
        const ds = await c.get<NotaryDocumentDto[]>(`/api/v1/notary/hashes/${await files.sha256(o.file as string)}`)
        if (ds.length === 0) throw new DaejangError('NOT_FOUND', say('이 파일의 등록 기록이 없습니다.', 'no record of this file'))
        print(o, ds, () => ds.map(describeDocument).join('\n\n'))
      }),
    )
}
