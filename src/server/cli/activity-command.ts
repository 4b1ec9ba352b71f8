/**
 * `daejang activity`: what happened on this node (its activity log, ledger/node/activity.ts), newest first, in words
 * (the app's sentences, renderer/features/activity), filtered by kind; `--json` gives the entries as the node keeps
 * them.
 */
import type { Command } from 'commander'
import { ActivityListSchema } from '../../shared/api'
import { ACTIVITY_KINDS } from '../../shared/activity'
import { DaejangError } from '../../shared/errors'
import type { Catalogue } from '../../ledger/registries/catalogue'
import { activityText } from '../../renderer/features/activity/describe'
import { act, client, time } from './context'
import { cliLang } from './lang'
import { print } from './output'

export function addActivityCommand(program: Command, catalogue: Catalogue): void {
  program
    .command('activity')
    .description("what happened on this node, newest first: transactions refused, conflicts, peers dropped, catch-ups, governance, bundles, errors")
    .requiredOption('--home <dir>', 'node home directory')
    .option('--kind <kinds>', `only these kinds, comma-separated: ${ACTIVITY_KINDS.join(', ')}`)
    .option('--before <seq>', 'entries before this number (to page back)')
    .option('--limit <n>', 'at most this many (1–1000)', '50')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const kinds = typeof o.kind === 'string' ? o.kind.split(',').filter((k: string) => k.length > 0) : []
        for (const k of kinds) {
          if (!(ACTIVITY_KINDS as readonly string[]).includes(k)) throw new DaejangError('SCHEMA_INVALID', `--kind: unknown kind "${k}"; kinds: ${ACTIVITY_KINDS.join(', ')}`)
        }
        const q = new URLSearchParams({ limit: String(o.limit) })
        if (kinds.length > 0) q.set('kinds', kinds.join(','))
        if (o.before !== undefined) q.set('before', String(o.before))
        const list = ActivityListSchema.parse(await client(o).get(`/api/v1/activity?${q.toString()}`))
        const lang = cliLang()
        print(o, list, () =>
          list.entries.length === 0
            ? lang === 'ko'
              ? '기록된 일이 없습니다.'
              : 'Nothing has been recorded.'
            : list.entries.map((e) => `${String(e.seq).padStart(6)}  ${time(e.time)}  ${activityText(e, lang, catalogue)}`).join('\n') +
              (list.more ? (lang === 'ko' ? `\n(이전 기록: --before ${list.entries.at(-1)!.seq})` : `\n(older: --before ${list.entries.at(-1)!.seq})`) : ''),
        )
      }),
    )
}
