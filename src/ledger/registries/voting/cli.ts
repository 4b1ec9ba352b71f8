/**
 * The election register's commands (docs/adr/0048), each with --json; those that sign use a key of the home (--key
 * NAME: the official's, the trustee's or the authority's, never a default):
 *
 *   daejang election draft FILE          an official drafts the election described in FILE (JSON: name, description,
 *                                        questions, voters, votersHash, opens, closes — ISO times or ms —, trustees,
 *                                        threshold, credentialAuthority); prints its uuid
 *   daejang election status UUID         its phase, each trustee agency's progress, the credential list, the ballots
 *   daejang election list                the elections
 *   daejang election close UUID          an official closes it once its closing time has come
 *
 * Human output in Korean or English (--lang, else the locale); --json the same in both.
 */
import { DaejangError } from '../../../shared/errors'
import type { JsonValue } from '../../types/tx'
import type { CliHost, CliOptions } from '../types'
import type { ElectionDto, ElectionListDto } from './portable/dto'
import { DraftSchema, ElectionActSchema } from './portable/schema'
import { PHASE_WORDS, STEP_WORDS, words as vtWords } from './portable/words'
import { readingOptions, signingOptions } from './cli-common'

const enc = encodeURIComponent

/** a time in a draft file: ms since the epoch, or an ISO 8601 instant with its offset */
function instant(v: unknown): unknown {
  if (typeof v !== 'string') return v
  const ms = Date.parse(v)
  return /\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(ms) ? ms : v
}

export function votingCli({ program, act, client, committed, key, print, readJsonFile, format, lang: cliLang }: CliHost): void {
  const say = (ko: string, en: string): string => (cliLang() === 'ko' ? ko : en)

  const signing = signingOptions
  const reading = readingOptions

  function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, v: unknown): T {
    const r = schema.safeParse(v)
    if (r.success) return r.data
    const i = r.error.issues[0]
    const field = i?.path.map(String).join('.') || say('입력', 'input')
    throw new DaejangError('BAD_PAYLOAD', say(`${field}의 값이 형식에 맞지 않습니다. (${i?.message ?? ''})`, `${field}: ${i?.message ?? 'invalid'}`))
  }

  async function submit(o: CliOptions, type: string, payload: JsonValue, extra: Record<string, unknown> = {}): Promise<void> {
    const r = committed(await key(o).signAndCommit(type, payload))
    const line = vtWords.describe?.(type, payload, cliLang()) ?? type
    print(o, { type, payload, txHash: r.hash, height: r.height, ...extra }, () => say(`${line} — 블록 ${r.height}: ${r.hash}`, `${line} — block ${r.height}: ${r.hash}`))
  }

  const el = program.command('election').description('elections (선거): Belenios 2.5 on the ledger — drafts, the key ceremony, credentials, ballots, the tally')

  signing(el.command('draft').description('draft an election from a JSON file (an election official); waits for commit and prints its uuid').argument('<file>', 'the election, as JSON')).action(
    (file: string, o: CliOptions) =>
      act(async () => {
        const raw = readJsonFile(file, say('선거 파일', 'election file'))
        const obj = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {}
        const payload = parse(DraftSchema, { ...obj, opens: instant(obj.opens), closes: instant(obj.closes) })
        const r = committed(await key(o).signAndCommit('voting.election.draft', payload as unknown as JsonValue))
        const { electionUuidOf } = await import('./rules-setup')
        const uuid = electionUuidOf(r.hash)
        const line = vtWords.describe?.('voting.election.draft', payload, cliLang()) ?? ''
        print(o, { uuid, txHash: r.hash, height: r.height }, () => say(`${line}\n선거 식별자: ${uuid} (블록 ${r.height})`, `${line}\nElection uuid: ${uuid} (block ${r.height})`))
      })(o),
  )

  reading(el.command('status').description("an election: its phase, each trustee agency's progress in the key ceremony, the credential list, the ballots").argument('<uuid>', 'the election')).action(
    (uuid: string, o: CliOptions) =>
      act(async () => {
        const lang = cliLang()
        const r = await client(o).get<ElectionDto>(`/api/v1/voting/elections/${enc(uuid)}`)
        const step = (s: keyof typeof STEP_WORDS | null): string => (s === null ? say('완료', 'done') : STEP_WORDS[s][lang])
        print(o, r, () =>
          [
            format.kv([
              [say('선거', 'Election'), `${r.draft.name} (${r.uuid})`],
              [say('단계', 'Phase'), PHASE_WORDS[r.phase][lang]],
              [say('관리 기관', 'Run by'), r.agency],
              [say('투표 기간', 'Voting'), `${format.time(r.draft.opens)} — ${format.time(r.draft.closes)}`],
              [say('선거인', 'Voters'), r.draft.voters],
              [say('개표 기준', 'Threshold'), say(`${r.trustees.length}곳 중 ${r.draft.threshold}곳`, `${r.draft.threshold} of ${r.trustees.length}`)],
              [say('자격증명 발급 기관', 'Credential authority'), r.draft.credentialAuthority],
              [say('공개 자격증명', 'Public credentials'), `${r.credentials.published} / ${r.credentials.expected}${r.credentials.sealed ? say(' (봉인됨)', ' (sealed)') : ''}`],
              [say('투표지', 'Ballots'), r.ballots],
            ]),
            format.table(
              r.trustees.map((t) => ({
                [say('수탁 기관', 'Trustee agency')]: `${t.index}. ${t.agency}`,
                [say('마친 단계', 'Done')]: t.done.map((s) => STEP_WORDS[s][lang]).join(', ') || '-',
                [say('다음 단계', 'Next')]: step(t.next) + (t.waiting ? say(' (다른 기관 대기)', ' (waits for the others)') : ''),
              })),
              [say('수탁 기관', 'Trustee agency'), say('마친 단계', 'Done'), say('다음 단계', 'Next')],
            ),
          ].join('\n\n'),
        )
      })(o),
  )

  reading(el.command('list').description('the elections').option('--limit <n>', 'at most this many (1–1000)', '100')).action(
    act(async (o) => {
      const lang = cliLang()
      const r = await client(o).get<ElectionListDto>(`/api/v1/voting/elections?limit=${enc(String(o.limit))}`)
      const cols = [say('식별자', 'Uuid'), say('이름', 'Name'), say('단계', 'Phase'), say('투표 마감', 'Closes'), say('투표지', 'Ballots')]
      print(o, r, () =>
        format.table(
          r.elections.map((e) => ({ [cols[0]!]: e.uuid, [cols[1]!]: e.name, [cols[2]!]: PHASE_WORDS[e.phase][lang], [cols[3]!]: format.time(e.closes), [cols[4]!]: e.ballots })),
          cols,
        ),
      )
    }),
  )

  signing(el.command('close').description('close an election once its closing time has come (an official of its agency); waits for commit').argument('<uuid>', 'the election')).action(
    (uuid: string, o: CliOptions) => act(async () => submit(o, 'voting.election.close', parse(ElectionActSchema, { election: uuid }) as unknown as JsonValue))(o),
  )
}
