/**
 * `daejang trust export | steps`: the consortium's trust list, and the validator-set changes that carry an older
 * trust list to a later block (docs/adr/0028) — from the running node of a home, or else from its stopped node's
 * store.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { DaejangError } from '../../shared/errors'
import { decodeCanonical } from '../../ledger/codec/canonical'
import { TRUST_STEPS_FORMAT, type TrustStepsFileJson, trustStepsFileToJson } from '../../ledger/proofs/trust-chain'
import type { TrustListJson } from '../../ledger/proofs/proof'
import { commitFromCanonical, decodeBlock } from '../../ledger/types/block'
import type { Genesis } from '../../ledger/types/genesis'
import {
  VALIDATOR_SETS_KEY,
  ValidatorHistory,
  buildTrustSteps,
  entriesFromCanonical,
  genesisAgencyValidators,
} from '../../ledger/types/validator-sets'
import { act, client, home, type Opts } from './context'
import { print } from './output'
import { trustOfHome } from './proof-commands'
import { say } from './lang'

/** The steps of a stopped node's home, read from its store (which must not be open elsewhere). */
async function trustStepsOffline(dataDir: string, genesis: Genesis, fromHeight: number, toHeight: number | undefined): Promise<TrustStepsFileJson> {
  const { Store } = await import('../../ledger/store/store')
  const store = new Store(join(dataDir, 'chain'))
  await store.open()
  try {
    const entries = entriesFromCanonical(await store.get(VALIDATOR_SETS_KEY))
    const validatorHistory = new ValidatorHistory(entries ?? [{ fromHeight: 1, validators: genesisAgencyValidators(genesis) }])
    const head = store.head()?.height ?? 0
    const to = Math.min(toHeight ?? head, head)
    const steps = await buildTrustSteps(
      {
        validatorHistory,
        headerAndCommit: async (h) => {
          const raw = await store.getBlockBytes(h)
          if (!raw) throw new DaejangError('UNKNOWN_HEIGHT', `there is no block at height ${h}`)
          const c = await store.getCommitBytes(h)
          return { header: decodeBlock(raw).header, commit: c ? commitFromCanonical(decodeCanonical(c)) : null }
        },
      },
      fromHeight,
      to,
    )
    return trustStepsFileToJson(genesis.chainId, fromHeight, to, steps)
  } finally {
    await store.close()
  }
}

/** set changes asked for in one request when the node refuses the whole range at once (TRUST_STEPS_TOO_MANY) */
export const STEPS_PAGE = 32

/**
 * The steps from a running node in ranges of at most STEPS_PAGE set changes, cut at the changes its trust list names
 * (each range ends just before the next range's first change), put back together as one file. A range the node still
 * refuses (its limits are its own: count and bytes) is asked again in halves, down to one change.
 */
async function pagedTrustSteps(o: Opts, fromHeight: number, toHeight: number | undefined): Promise<TrustStepsFileJson> {
  const c = client(o)
  const list = await c.get<TrustListJson>('/api/v1/trust')
  const to = Math.min(toHeight ?? list.height, list.height)
  const changes = list.sets.map((s) => s.fromHeight).filter((f) => f > Math.max(1, fromHeight) && f <= to)
  const steps: TrustStepsFileJson['steps'] = []
  let lo = fromHeight
  let size = STEPS_PAGE
  for (let i = 0; i < changes.length; ) {
    const hi = i + size < changes.length ? changes[i + size]! - 1 : to
    let page: TrustStepsFileJson
    try {
      page = await c.get<TrustStepsFileJson>(`/api/v1/trust/steps?fromHeight=${lo}&toHeight=${hi}`)
    } catch (e) {
      if (e instanceof DaejangError && e.code === 'TRUST_STEPS_TOO_MANY' && size > 1) {
        size = Math.ceil(size / 2)
        continue
      }
      throw e
    }
    steps.push(...page.steps)
    i += size
    lo = hi
  }
  return { format: TRUST_STEPS_FORMAT, chainId: list.chainId, fromHeight, toHeight: to, steps }
}

async function trustStepsOfHome(o: Opts, fromHeight: number, toHeight: number | undefined): Promise<TrustStepsFileJson> {
  const h = home(o)
  h.requireExists()
  try {
    const q = `fromHeight=${fromHeight}` + (toHeight !== undefined ? `&toHeight=${toHeight}` : '')
    return await client(o).get<TrustStepsFileJson>(`/api/v1/trust/steps?${q}`)
  } catch (e) {
    if (e instanceof DaejangError && e.code === 'TRUST_STEPS_TOO_MANY') return pagedTrustSteps(o, fromHeight, toHeight)
    if (!(e instanceof DaejangError) || e.code !== 'NODE_NOT_RUNNING') throw e
    return trustStepsOffline(h.dataDir, h.readGenesis(), fromHeight, toHeight)
  }
}

function height(v: unknown, what: string): number {
  const n = Number(v)
  if (typeof v !== 'string' || !/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw new DaejangError('SCHEMA_INVALID', say(`${what}에는 블록 높이(0 이상의 정수)를 넣으십시오.`, `${what} must be a block height`))
  return n
}

export function addTrustCommands(program: Command): void {
  const trust = program.command('trust').description('trust lists for offline verification')

  trust
    .command('export')
    .description("write the consortium's trust list (chain id, validator sets by height)")
    .requiredOption('--home <dir>', 'node home directory')
    .requiredOption('--out <file>', 'output file')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        // the sets governance made are in the chain's state, not in the genesis document
        const t = await trustOfHome(o)
        writeFileSync(o.out as string, JSON.stringify(t, null, 2) + '\n')
        print(o, t, () => say(`신뢰 목록 (높이 ${t.height}, 검증자 집합 ${t.sets.length}개) → ${o.out as string}`, `trust list (height ${t.height}, ${t.sets.length} validator set(s)) → ${o.out as string}`))
      }),
    )

  trust
    .command('steps')
    .description(
      'write the validator-set changes since a trust list taken at --from-height: a verifier holding that list ' +
        'checks later proofs through them without a new list',
    )
    .requiredOption('--home <dir>', 'node home directory')
    .requiredOption('--from-height <height>', 'the height of the trust list to carry forward (its "height")')
    .option('--to-height <height>', 'the last height to carry it to (default: the head)')
    .requiredOption('--out <file>', 'output file')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const from = height(o.fromHeight, '--from-height')
        const to = o.toHeight === undefined ? undefined : height(o.toHeight, '--to-height')
        const s = await trustStepsOfHome(o, from, to)
        writeFileSync(o.out as string, JSON.stringify(s, null, 2) + '\n')
        const summary = { format: s.format, chainId: s.chainId, fromHeight: s.fromHeight, toHeight: s.toHeight, steps: s.steps.length, out: o.out as string }
        print(o, summary, () =>
          s.steps.length === 0
            ? say(`높이 ${s.fromHeight}부터 ${s.toHeight}까지 검증자 집합 변경 없음 → ${o.out as string}`, `no validator-set change between heights ${s.fromHeight} and ${s.toHeight} → ${o.out as string}`)
            : say(
                `높이 ${s.fromHeight}부터 ${s.toHeight}까지 검증자 집합 변경 ${s.steps.length}건 → ${o.out as string}`,
                `${s.steps.length} validator-set change(s) between heights ${s.fromHeight} and ${s.toHeight} → ${o.out as string}`,
              ),
        )
      }),
    )
}
