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
import { say } from './lang'
import { checkLines, trustedThroughWords } from './words'

/** --height, read in the action (not while the options are parsed: by then --lang is known, wherever it stands). */
const heightOf = (o: Opts): number | undefined => {
  if (o.height === undefined) return undefined
  const v = String(o.height)
  const n = Number(v)
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) {
    throw new DaejangError('SCHEMA_INVALID', say(`--height에는 블록 높이(0 이상의 정수)를 넣으십시오 (받은 값: “${v}”).`, `--height takes a block height (a whole number), not "${v}"`))
  }
  return n
}

/** A proof is of a signed block: height 0, the genesis state, has none (the node would refuse the query). */
function requireProvable(height: number | undefined): void {
  if (height === 0) {
    throw new DaejangError(
      'UNKNOWN_HEIGHT',
      say(
        '높이 0은 제네시스 상태라 서명한 블록이 없으므로 증명할 수 없습니다. 높이 1 이상을 넣거나 --prove 없이 읽으십시오.',
        'height 0 is the genesis state: no block signs it, so it has no proof. Give a height of 1 or more, or read it without --prove.',
      ),
    )
  }
}

const asOfWords = (r: CertifiedStateVerification): string => say(`블록 ${r.asOf.height} (${time(r.asOf.time)})`, `${r.asOf.height} (${time(r.asOf.time)})`)
const absent = (): string => say('(없음)', '(absent)')

/** The proof's lines: verified, or what failed, and how far carried steps took the trust list. */
function proofLines(r: CertifiedStateVerification): Array<[string, unknown]> {
  const checks = Object.entries(r.checks).map(([name, c]) => ({ name, ...c }))
  const head = r.ok
    ? say('검증됨: 상태, 체인, 검증자 집합, 서명 모두 확인했습니다', 'verified: state, chain, validators and commit')
    : say('검증되지 않음', 'NOT verified')
  return [
    [say('증명', 'proof'), [head, ...(r.trustedThrough ? ['  ' + trustedThroughWords(r.trustedThrough)] : []), ...(r.ok ? [] : checkLines(checks.filter((c) => !c.ok)))].join('\n')],
  ]
}

const writtenTo = (o: Opts): Array<[string, unknown]> => (o.out ? [[say('저장한 파일', 'written to'), o.out as string]] : [])

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


export function addStateCommands(program: Command): void {
  const state = program.command('state').description('the registers\' state, as of any kept height, with proofs')

  state
    .command('get')
    .description('the value of a state key as of a height (default: the last block); --prove checks a certified proof of it')
    .argument('<key>', 'state key (for example nt/doc/MOFA-2026-000001/st, a notary record\'s status)')
    .requiredOption('--home <dir>', 'node home directory')
    .option('--height <h>', 'as of this block height (default: the last block)')
    .option('--prove', 'fetch the certified state proof and verify it against the trust list')
    .option('--trust <file>', 'with --prove: the trust list to verify against (default: the home node\'s)')
    .option('--out <file>', 'with --prove: write the proof (daejang-state-proof/1) here')
    .option('--json', 'JSON output')
    // commander passes the argument first, then the options
    .action((key: string, opts: Opts) =>
      act(async (o) => {
        const key = o.key as string
        const c = client(o)
        const height = heightOf(o)
        const q = `key=${encodeURIComponent(key)}${height === undefined ? '' : `&height=${height}`}`
        if (!o.prove) {
          const v = await c.get<StateValueDto>(`/api/v1/state?${q}`)
          print(o, v, () =>
            kv([
              [say('키', 'key'), v.key],
              [say('기준 블록', 'as of block'), v.height],
              [say('값', 'value'), v.present ? JSON.stringify(v.value) : absent()],
            ]),
          )
          return
        }
        requireProvable(height)
        const json = await c.get<unknown>(`/api/v1/state/proof?${q}`)
        const r = await verified(o, json)
        const claim = 'key' in r.claim ? r.claim : null
        if (!claim || claim.key !== key) throw new DaejangError('PROOF_INVALID', say('노드가 다른 키에 관한 증명으로 답했습니다.', 'the node answered with a proof about another key'))
        if (o.out) writeFileSync(o.out as string, JSON.stringify(json, null, 2) + '\n')
        // the value shown is the proof's own claim, not the node's word
        const v = stateValueDto(key, r.asOf.height, claim.value)
        const out = { ...v, proven: r.ok, asOf: r.asOf, checks: r.checks, trustedThrough: r.trustedThrough, proof: json }
        print(o, out, () =>
          kv([
            [say('키', 'key'), key],
            [say('기준 블록', 'as of block'), asOfWords(r)],
            [say('값', 'value'), v.present ? JSON.stringify(v.value) : absent()],
            ...proofLines(r),
            ...writtenTo(o),
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
    .option('--height <h>', 'as of this block height (default: the last block)')
    .option('--trust <file>', 'the trust list to verify against (default: the home node\'s)')
    .option('--out <file>', 'write the proof (daejang-state-proof/1) here')
    .option('--json', 'JSON output')
    .action((group: string, opts: Opts) =>
      act(async (o) => {
        const group = o.group as string
        const height = heightOf(o)
        requireProvable(height)
        const q = `group=${encodeURIComponent(group)}${height === undefined ? '' : `&height=${height}`}`
        const json = await client(o).get<unknown>(`/api/v1/state/range?${q}`)
        const r = await verified(o, json)
        const claim = 'group' in r.claim ? r.claim : null
        if (!claim || claim.group !== group) {
          throw new DaejangError('PROOF_INVALID', say('노드가 다른 키나 묶음에 관한 증명으로 답했습니다.', 'the node answered with a proof about another key or group'))
        }
        if (o.out) writeFileSync(o.out as string, JSON.stringify(json, null, 2) + '\n')
        // the entries shown are the proof's own claim, not the node's word
        const entries = claim.entries.map(([k, v]) => stateValueDto(k, r.asOf.height, v)).map((v) => ({ key: v.key, value: v.value }))
        const out = { group, height: r.asOf.height, entries, proven: r.ok, complete: r.ok, asOf: r.asOf, checks: r.checks, trustedThrough: r.trustedThrough, proof: json }
        print(o, out, () =>
          kv([
            [say('묶음', 'group'), group],
            [say('기준 블록', 'as of block'), asOfWords(r)],
            [
              say('항목', 'entries'),
              say(`${entries.length}건${r.ok ? ', 빠진 것 없음' : ''}`, `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}${r.ok ? ', none left out' : ''}`),
            ],
            ...entries.map((e) => [`  ${e.key}`, JSON.stringify(e.value)] as [string, unknown]),
            ...proofLines(r),
            ...writtenTo(o),
          ]),
        )
        if (!r.ok) process.exitCode = 1
      })({ ...opts, group }),
    )
}
