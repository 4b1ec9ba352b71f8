/**
 * The election archive on the command line (docs/voting-belenios.md):
 *
 *   daejang election verify ARCHIVE [--json] [--lang ko|en]
 *       offline: reads a Belenios 2.5 archive (.bel) and runs the verifier's numbered checks, printing each with its
 *       number, name, count and time; exit status 1 when any check fails or could not run
 *   daejang election export --uuid UUID --home DIR --out FILE.bel [--json]
 *       writes the archive of an election from the node's ledger (the record route, a page of ballots at a time)
 *   daejang election export --record FILE --out FILE.bel [--json]
 *       writes the archive of an election record (the exact texts in ledger order, JSON: archive.ts ElectionRecord);
 *       the same record gives the same bytes
 *
 * Registered by one line in the voting registry's `cli` (index.ts), after its own commands (cli.ts).
 */
import type { Command } from 'commander'
import { DaejangError } from '../../../shared/errors'
import type { CliHost, CliOptions } from '../types'
import type { ElectionRecord } from './portable/archive/archive'
import { archiveError } from './portable/archive/tar'
import { CREDENTIAL_PAGE_MAX, RECORD_PAGE_MAX, allCredentials, publicCredentialsJson, type CredentialsPageDto, type RecordPageDto } from './export'

/** an archive read whole: the largest accepted (the reader's own default) */
const MAX_ARCHIVE_BYTES = 2 ** 31
/** a record file: under the longest string the JavaScript engine holds (its text is parsed whole) */
const MAX_RECORD_BYTES = 2 ** 28

export function votingArchiveCli({ program, act, client, files, print, lang: cliLang }: CliHost): void {
  const election: Command = program.commands.find((c) => c.name() === 'election') ?? program.command('election').description('elections (Belenios 2.5 on the ledger)')

  election
    .command('verify <archive>')
    .description('verify a Belenios election archive (.bel) offline: each numbered check with its count and time; exit 1 on any failure')
    .option('--lang <lang>', 'ko or en (default: from LC_ALL / LC_MESSAGES / LANG)')
    .option('--json', 'JSON output')
    .action((path: string, opts: CliOptions) =>
      act(async (o) => {
        const bytes = files.read(path, 'the election archive', MAX_ARCHIVE_BYTES)
        // loaded here, not at every command's start: the wasm verification group (ADR 0069: only public values here),
        // else the native group (libsodium), else the portable one
        const [{ readArchive }, { verifyArchive }, { loadNativeGroup }, { portableGroup }, { beleniosVerifierCrypto }, { loadVerifyGroup }] = await Promise.all([
          import('./portable/archive/archive'),
          import('./portable/archive/verify'),
          import('./belenios-native'),
          import('./portable/belenios/group'),
          import('./portable/archive/crypto'),
          import('./wasm/load'),
        ])
        const archive = readArchive(bytes)
        const wasm = loadVerifyGroup()
        const native = wasm === null ? loadNativeGroup() : null
        const report =
          wasm !== null
            ? verifyArchive(archive, wasm, beleniosVerifierCrypto(wasm))
            : native !== null
              ? verifyArchive(archive, native, beleniosVerifierCrypto(native))
              : verifyArchive(archive, portableGroup, beleniosVerifierCrypto(portableGroup))
        const lang = cliLang()
        print(o, report, () => {
          const lines = report.checks.map((c) => {
            const state =
              c.state === 'passed'
                ? lang === 'ko'
                  ? '통과'
                  : 'passed'
                : c.state === 'not-reached'
                  ? lang === 'ko'
                    ? '해당 없음'
                    : 'not reached'
                  : c.state === 'not-run'
                    ? lang === 'ko'
                      ? '실행 안 함'
                      : 'not run'
                    : lang === 'ko'
                      ? '실패'
                      : 'FAILED'
            const count = lang === 'ko' ? `${c.count.toLocaleString('ko-KR')}건` : `${c.count.toLocaleString('en-US')} checked`
            const head = `${String(c.n).padStart(2)}. ${c.name[lang]} — ${state}, ${count}, ${c.ms.toFixed(1)} ms`
            return c.detail === undefined || c.state === 'passed' ? head : `${head}\n    ${c.detail[lang]}`
          })
          const total = report.ok ? (lang === 'ko' ? '모든 검사를 통과했습니다.' : 'Every check passed.') : lang === 'ko' ? '검증에 실패했습니다.' : 'Verification FAILED.'
          const uuid = report.summary.uuid === undefined ? '' : lang === 'ko' ? `선거 ${report.summary.uuid}, 투표 ${report.summary.ballots}건\n` : `Election ${report.summary.uuid}, ${report.summary.ballots} ballots\n`
          return `${uuid}${lines.join('\n')}\n${total}`
        })
        if (!report.ok) process.exitCode = 1
      })({ ...opts }),
    )

  election
    .command('export')
    .description("write the Belenios archive (.bel) of an election: from a node's ledger (--uuid, --home) or from a record file (--record); the same ledger or record gives the same bytes")
    .option('--uuid <uuid>', "the election, read from the node's ledger (with --home)")
    .option('--home <dir>', 'node home directory (with --uuid)')
    .option('--record <file>', 'the election record (JSON: the exact texts in ledger order)')
    .requiredOption('--out <file>', 'the archive to write')
    .option('--lang <lang>', 'ko or en (default: from LC_ALL / LC_MESSAGES / LANG)')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const say = (ko: string, en: string): string => (cliLang() === 'ko' ? ko : en)
        const fromLedger = o.uuid !== undefined
        if (fromLedger === (o.record !== undefined))
          throw new DaejangError('BAD_REQUEST', say('--uuid(노드의 원장에서) 또는 --record(기록 파일에서) 중 하나만 주십시오.', 'give one of --uuid (from the node\'s ledger) or --record (from a record file)'))
        if (fromLedger && o.home === undefined) throw new DaejangError('BAD_REQUEST', say('--uuid에는 노드 홈 디렉터리(--home)가 필요합니다.', '--uuid needs the node home directory (--home)'))
        const { buildArchive, recordFromJson } = await import('./portable/archive/record')
        let record: ElectionRecord
        if (fromLedger) {
          record = await recordFromNode(client(o), String(o.uuid))
        } else {
          // a record holds every ballot: larger than the CLI's usual JSON files
          let parsed: unknown
          try {
            parsed = JSON.parse(new TextDecoder().decode(files.read(String(o.record), 'the election record', MAX_RECORD_BYTES)))
          } catch (e) {
            if (e instanceof DaejangError) throw e
            throw new DaejangError('MALFORMED_JSON', `the election record ${String(o.record)} is not valid JSON`)
          }
          record = recordFromJson(parsed)
        }
        const bytes = buildArchive(record)
        files.write(String(o.out), bytes)
        if (fromLedger) await (await import('./export-audit')).writeAuditBeside(client(o), files, String(o.uuid), String(o.out)) // challenged ballots beside, never inside (ADR 0056)
        const { sha256Hex } = await import('./portable/archive/archive')
        const value = { out: String(o.out), bytes: bytes.length, sha256: sha256Hex(bytes), ballots: record.ballots.length, ...(fromLedger ? { uuid: String(o.uuid) } : {}) }
        print(o, value, () =>
          say(
            `선거 기록을 ${value.out}에 썼습니다: ${value.bytes.toLocaleString('ko-KR')}바이트, 투표 ${value.ballots}건, SHA-256 ${value.sha256}`,
            `Wrote the election archive to ${value.out}: ${value.bytes.toLocaleString('en-US')} bytes, ${value.ballots} ballots, SHA-256 ${value.sha256}`,
          ),
        )
      }),
    )
}

/**
 * The record of election `uuid` from a node (GET /api/v1/voting/elections/:uuid/record), a page of ballots at a time
 * (and its credential list a few parts at a time, GET …/record/credentials),
 * every later page read against the first page's count of ballots: one record even while voting goes on.
 */
export async function recordFromNode(api: { get<T>(path: string): Promise<T> }, uuid: string, limit = RECORD_PAGE_MAX): Promise<ElectionRecord> {
  const base = `/api/v1/voting/elections/${encodeURIComponent(uuid)}/record`
  const first = await api.get<RecordPageDto>(`${base}?from=1&limit=${limit}`)
  if (first.setup === undefined) throw archiveError('VOTING_ARCHIVE_INCOMPLETE', 'the setup texts')
  const { credentialParts, ...setup } = first.setup
  const credentials = await allCredentials((from) => api.get<CredentialsPageDto>(`${base}/credentials?from=${from}&limit=${CREDENTIAL_PAGE_MAX}`), credentialParts)
  const ballots = [...first.ballots]
  let more = first.more
  while (more && ballots.length < first.total) {
    const page = await api.get<RecordPageDto>(`${base}?from=${ballots.length + 1}&limit=${limit}&total=${first.total}`)
    if (page.ballots.length === 0) break
    ballots.push(...page.ballots)
    more = page.more
  }
  if (ballots.length !== first.total) throw archiveError('VOTING_ARCHIVE_INCOMPLETE', `${ballots.length} of ${first.total} ballots`)
  return { ...setup, publicCredentials: publicCredentialsJson(credentials), ballots }
}
