/**
 * The governance registry's commands, `daejang governance …` and `daejang validators`: consortium governance from the
 * command line (docs/adr/0013).
 * Proposals are signed with an agency administrator key of the home and followed until committed or rejected.
 */
import type { ProposalDto, StatusDto, ValidatorSetDto } from '../../../shared/api'
import { DaejangError } from '../../../shared/errors'
import { AgencySchema } from '../../types/genesis'
import type { JsonValue } from '../../types/tx'
import type { CliHost, CliOptions as Opts } from '../types'
import { publicKeyOf as parsePublicKey } from '../identity/cli'

/** How many blocks after the current one a change takes effect when no height is given. */
export const DEFAULT_DELAY_BLOCKS = 20

function positiveInt(s: unknown, what: string): number {
  const n = Number(s)
  if (!Number.isSafeInteger(n) || n < 1) throw new DaejangError('SCHEMA_INVALID', `${what}: a positive whole number`)
  return n
}

/** The change named by the options: exactly one of --admit, --remove, --set-validator, --stop-validator. */
function changeOf(o: Opts, deps: CliHost): JsonValue {
  const given = ['admit', 'remove', 'setValidator', 'stopValidator'].filter((k) => o[k] !== undefined)
  if (given.length !== 1) {
    throw new DaejangError('SCHEMA_INVALID', 'give exactly one of --admit FILE, --remove AGENCY, --set-validator AGENCY, --stop-validator AGENCY')
  }
  if (o.admit !== undefined) {
    const r = AgencySchema.safeParse(deps.readJsonFile(o.admit as string, 'agency'))
    if (!r.success) {
      const i = r.error.issues[0]
      throw new DaejangError('SCHEMA_INVALID', `agency ${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'}`)
    }
    return { kind: 'agency.admit', agency: r.data as unknown as JsonValue }
  }
  if (o.remove !== undefined) return { kind: 'agency.remove', agency: o.remove as string }
  if (o.stopValidator !== undefined) return { kind: 'validator.set', agency: o.stopValidator as string, validator: null }
  if (o.publicKey === undefined || o.power === undefined) {
    throw new DaejangError('SCHEMA_INVALID', '--set-validator needs --public-key and --power')
  }
  return {
    kind: 'validator.set',
    agency: o.setValidator as string,
    validator: { publicKey: parsePublicKey(o.publicKey as string), power: positiveInt(o.power, 'power') },
  }
}

const pct = (a: number, b: number): string => (b === 0 ? '0%' : `${Math.round((a / b) * 1000) / 10}%`)

function proposalLines(kv: CliHost['format']['kv'], p: ProposalDto): string {
  return kv([
    ['id', p.id],
    ['change', p.summary],
    ['status', p.status],
    ['effective at', p.effectiveHeight],
    ['approvals', `${p.approvals.map((a) => a.agency).join(', ') || '—'} (${p.approvedPower} of ${p.totalPower} power, ${pct(p.approvedPower, p.totalPower)}; more than 2/3 needed)`],
    ['approvable until', p.lastApprovalHeight],
    ...(p.note ? ([['note', p.note]] as Array<[string, unknown]>) : []),
  ])
}

export function governanceCli(deps: CliHost): void {
  const { program, print } = deps
  const { kv, table } = deps.format
  const gov = program.command('governance').description('consortium governance: membership and validator-set changes')

  deps
    .adminOptions(
      gov
        .command('propose')
        .description('propose a change; your agencies approve it at once')
        .option('--admit <file>', 'admit an agency described by a JSON file {id, name, admins, validator}')
        .option('--remove <agency>', 'remove an agency')
        .option('--set-validator <agency>', "set an agency's validator (with --public-key and --power)")
        .option('--stop-validator <agency>', 'the agency stops validating (it stays a member)')
        .option('--public-key <hex>', 'validator public key')
        .option('--power <n>', 'voting power')
        .option('--effective-height <h>', 'first height of the new validator set')
        .option('--in-blocks <n>', `or: this many blocks from now (default ${DEFAULT_DELAY_BLOCKS})`)
        .option('--note <text>', 'why'),
    )
    .action(
      deps.act(async (o) => {
        const change = changeOf(o, deps)
        let effectiveHeight: number
        if (o.effectiveHeight !== undefined) effectiveHeight = positiveInt(o.effectiveHeight, 'effective height')
        else {
          const s = await deps.client(o).get<StatusDto>('/api/v1/status')
          effectiveHeight = s.height + (o.inBlocks !== undefined ? positiveInt(o.inBlocks, 'in-blocks') : DEFAULT_DELAY_BLOCKS)
        }
        const payload: JsonValue = { change, effectiveHeight, ...(o.note ? { note: o.note as string } : {}) }
        const r = await deps.signAndCommit(o, 'governance.proposal.submit', payload)
        const p = await deps.client(o).get<ProposalDto>(`/api/v1/governance/proposals/${r.hash}`)
        print(o, { ...r, proposal: p }, () => `proposal ${r.hash} ${r.status}\n${proposalLines(kv, p)}`)
      }),
    )

  // a step of the proposal (docs/adr/0021): approving it, or withdrawing it while it is open
  const steps = [
    ['approve', 'approve a proposal for your agencies', 'governance.proposal.approve', 'approval'],
    ['withdraw', 'withdraw an open proposal (its proposer, or an administrator of its agency)', 'governance.proposal.withdraw', 'withdrawal'],
  ] as const
  for (const [name, description, type, what] of steps) {
    deps
      .adminOptions(gov.command(name).description(description).requiredOption('--proposal <id>', 'proposal id'))
      .action(
        deps.act(async (o) => {
          const id = parsePublicKey(o.proposal as string)
          const r = await deps.signAndCommit(o, type, { proposal: id })
          const p = await deps.client(o).get<ProposalDto>(`/api/v1/governance/proposals/${id}`)
          print(o, { ...r, proposal: p }, () => `${what} ${r.hash} ${r.status}\n${proposalLines(kv, p)}`)
        }),
      )
  }

  gov
    .command('list')
    .description('proposals, newest first')
    .requiredOption('--home <dir>', 'node home directory')
    .option('--json', 'JSON output')
    .action(
      deps.act(async (o) => {
        const ps = await deps.client(o).get<ProposalDto[]>('/api/v1/governance/proposals')
        print(o, ps, () =>
          table(
            ps.map((p) => ({ ...p, approved: `${p.approvedPower}/${p.totalPower}`, id: p.id.slice(0, 16) + '…' })),
            ['id', 'summary', 'status', 'effectiveHeight', 'approved'],
          ),
        )
      }),
    )

  gov
    .command('show')
    .description('one proposal')
    .requiredOption('--home <dir>', 'node home directory')
    .requiredOption('--proposal <id>', 'proposal id')
    .option('--json', 'JSON output')
    .action(
      deps.act(async (o) => {
        const p = await deps.client(o).get<ProposalDto>(`/api/v1/governance/proposals/${parsePublicKey(o.proposal as string)}`)
        print(o, p, () => proposalLines(kv, p))
      }),
    )

  program
    .command('validators')
    .description('the validator set of a height (default: the next block) and the sets scheduled after it')
    .requiredOption('--home <dir>', 'node home directory')
    .option('--height <h>', 'height')
    .option('--json', 'JSON output')
    .action(
      deps.act(async (o) => {
        const q = o.height !== undefined ? `?height=${positiveInt(o.height, 'height')}` : ''
        const s = await deps.client(o).get<ValidatorSetDto>(`/api/v1/validators${q}`)
        const rows = (vs: ValidatorSetDto['validators'], total: number) =>
          table(vs.map((v) => ({ ...v, share: pct(v.power, total) })), ['agency', 'publicKey', 'power', 'share'])
        print(o, s, () =>
          [
            `height ${s.height} (set from height ${s.fromHeight}, total power ${s.totalPower})`,
            rows(s.validators, s.totalPower),
            ...s.scheduled.map((e) => `\nscheduled from height ${e.fromHeight} (total power ${e.totalPower})\n${rows(e.validators, e.totalPower)}`),
          ].join('\n'),
        )
      }),
    )
}
