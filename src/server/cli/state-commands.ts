/**
 * `daejang state get KEY [--height H] [--prove]`: a state entry as of a height, read from the node's state tree;
 * with --prove, its certified state proof (proof, header, commit) checked here against a trust list, so the answer
 * does not rest on the node's word (docs/adr/0026). `daejang state range GROUP`: every entry of a state group (the
 * keys up to their last '/'), always proven, so complete: nothing of the group is left out.
 */
import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import type { StateValueDto } from '../../shared/api'
import { DaejangError } from '../../shared/errors'
import { verifyNode } from '../../ledger/crypto/ed25519-node'
import { type CertifiedState, type CertifiedStateVerification, certifiedStateFromJson, verifyCertifiedState } from '../../ledger/proofs/certified-state'
import { act, client, type Opts, time } from './context'
import { kv, print } from './output'
import { loadTrust } from './proof-commands'
import { stateValueDto } from '../dto'

const heightOption = (v: string): number => {
  const n = Number(v)
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw new DaejangError('SCHEMA_INVALID', `--height takes a block height, not "${v}"`)
  return n
}

/** Read the node's certified state JSON and verify it here, against the trust list (the home node's, or --trust). */
async function verified(o: Opts, json: unknown): Promise<CertifiedStateVerification> {
  let cs: CertifiedState
  try {
    cs = certifiedStateFromJson(json)
  } catch (e) {
    if (e instanceof DaejangError) throw e
    throw new DaejangError('PROOF_INVALID', (e as Error).message)
  }
  return verifyCertifiedState(cs, await loadTrust(o), verifyNode)
}

const failed = (r: CertifiedStateVerification): string =>
  `NOT verified: ${Object.entries(r.checks).filter(([, x]) => !x.ok).map(([k, x]) => `${k}: ${x.detail}`).join('; ')}`

export function addStateCommands(program: Command): void {
  const state = program.command('state').description('the registers\' state, as of any kept height, with proofs')

  state
    .command('get')
    .description('the value of a state key as of a height (default: the last block); --prove checks a certified proof of it')
    .argument('<key>', 'state key (for example nt/doc/MOFA-2026-000001/st, a notary record\'s status)')
    .requiredOption('--home <dir>', 'node home directory')
    .option('--height <h>', 'as of this block height (default: the last block)', heightOption)
    .option('--prove', 'fetch the certified state proof and verify it against the trust list')
    .option('--trust <file>', 'with --prove: the trust list to verify against (default: the home node\'s)')
    .option('--out <file>', 'with --prove: write the proof (daejang-state-proof/1) here')
    .option('--json', 'JSON output')
    // commander passes the argument first, then the options
    .action((key: string, opts: Opts) =>
      act(async (o) => {
        const key = o.key as string
        const c = client(o)
        const q = `key=${encodeURIComponent(key)}${o.height === undefined ? '' : `&height=${o.height as number}`}`
        if (!o.prove) {
          const v = await c.get<StateValueDto>(`/api/v1/state?${q}`)
          print(o, v, () => kv([['key', v.key], ['as of block', v.height], ['value', v.present ? JSON.stringify(v.value) : '(absent)']]))
          return
        }
        const json = await c.get<unknown>(`/api/v1/state/proof?${q}`)
        const r = await verified(o, json)
        const claim = 'key' in r.claim ? r.claim : null
        if (!claim || claim.key !== key) throw new DaejangError('PROOF_INVALID', `the node answered with a proof about another key`)
        if (o.out) writeFileSync(o.out as string, JSON.stringify(json, null, 2) + '\n')
        // the value shown is the proof's own claim, not the node's word
        const v = stateValueDto(key, r.asOf.height, claim.value)
        const out = { ...v, proven: r.ok, asOf: r.asOf, checks: r.checks, trustedThrough: r.trustedThrough, proof: json }
        print(o, out, () =>
          kv([
            ['key', key],
            ['as of block', `${r.asOf.height} (${time(r.asOf.time)})`],
            ['value', v.present ? JSON.stringify(v.value) : '(absent)'],
            ['proof', r.ok ? 'verified: state, chain, validators and commit' : failed(r)],
            ...(o.out ? [['written to', o.out as string] as [string, unknown]] : []),
          ]),
        )
        if (!r.ok) process.exitCode = 1
      })({ ...opts, key }),
    )

  state
    .command('range')
    .description('every entry of a state group (the keys up to their last "/") as of a height, proven complete against the trust list')
    .argument('<group>', 'state group (for example nt/doc/MOFA-2026-000001: a notary record and its status changes)')
    .requiredOption('--home <dir>', 'node home directory')
    .option('--height <h>', 'as of this block height (default: the last block)', heightOption)
    .option('--trust <file>', 'the trust list to verify against (default: the home node\'s)')
    .option('--out <file>', 'write the proof (daejang-state-proof/1) here')
    .option('--json', 'JSON output')
    .action((group: string, opts: Opts) =>
      act(async (o) => {
        const group = o.group as string
        const q = `group=${encodeURIComponent(group)}${o.height === undefined ? '' : `&height=${o.height as number}`}`
        const json = await client(o).get<unknown>(`/api/v1/state/range?${q}`)
        const r = await verified(o, json)
        const claim = 'group' in r.claim ? r.claim : null
        if (!claim || claim.group !== group) throw new DaejangError('PROOF_INVALID', `the node answered with a proof about another key or group`)
        if (o.out) writeFileSync(o.out as string, JSON.stringify(json, null, 2) + '\n')
        // the entries shown are the proof's own claim, not the node's word
        const entries = claim.entries.map(([k, v]) => stateValueDto(k, r.asOf.height, v)).map((v) => ({ key: v.key, value: v.value }))
        const out = { group, height: r.asOf.height, entries, proven: r.ok, complete: r.ok, asOf: r.asOf, checks: r.checks, trustedThrough: r.trustedThrough, proof: json }
        print(o, out, () =>
          kv([
            ['group', group],
            ['as of block', `${r.asOf.height} (${time(r.asOf.time)})`],
            ['entries', `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}${r.ok ? ', none left out' : ''}`],
            ...entries.map((e) => [`  ${e.key}`, JSON.stringify(e.value)] as [string, unknown]),
            ['proof', r.ok ? 'verified: state, chain, validators and commit' : failed(r)],
            ...(o.out ? [['written to', o.out as string] as [string, unknown]] : []),
          ]),
        )
        if (!r.ok) process.exitCode = 1
      })({ ...opts, group }),
    )
}
