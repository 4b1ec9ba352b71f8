/** `daejang proof get | verify`: inclusion proofs for offline checks (trust lists: trust-commands.ts). */
import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { DaejangError } from '../../shared/errors'
import { type ProofJson, type TrustListJson, proofFromJson, trustFromJson, verifyProof } from '../../ledger/proofs/proof'
import { trustStepsFileFromJson } from '../../ledger/proofs/trust-chain'
import { parseGenesis } from '../../ledger/types/genesis'
import { verifyNode } from '../../ledger/crypto/ed25519-node'
import { act, client, home, type Opts, readJsonFile } from './context'
import { print } from './output'
import { say } from './lang'
import { checkLines, trustedThroughWords } from './words'

function trustFromGenesisJson(g: unknown): unknown {
  const gen = parseGenesis(g)
  return {
    format: 'daejang-trust/1',
    chainId: gen.chainId,
    validators: gen.agencies.filter((a) => a.validator).map((a) => ({ ...a.validator!, agency: a.id })),
  }
}

/** The trust list of a home: from its running node, or else from its stopped node's store. */
export async function trustOfHome(o: Opts): Promise<TrustListJson> {
  const h = home(o)
  h.requireExists()
  try {
    return await client(o).get<TrustListJson>('/api/v1/trust')
  } catch (e) {
    if (!(e instanceof DaejangError) || e.code !== 'NODE_NOT_RUNNING') throw e
    const { LedgerNode } = await import('../../ledger/node/node')
    return LedgerNode.trustListOffline(h.dataDir, h.readGenesis())
  }
}

export async function loadTrust(o: Opts): Promise<ReturnType<typeof trustFromJson>> {
  try {
    if (o.trust) return trustFromJson(readJsonFile(o.trust as string, 'trust list'))
    // a genesis document alone knows only the first validator set
    if (o.genesis) return trustFromJson(trustFromGenesisJson(readJsonFile(o.genesis as string, 'genesis')))
    if (o.home) return trustFromJson(await trustOfHome(o))
  } catch (e) {
    if (e instanceof DaejangError) throw e
    throw new DaejangError('SCHEMA_INVALID', (e as Error).message)
  }
  throw new DaejangError('SCHEMA_INVALID', say('--trust, --genesis, --home 중 하나를 지정하십시오.', 'give --trust, --genesis or --home'))
}

export function addProofCommands(program: Command): void {
  const proof = program.command('proof').description('inclusion proofs')

  proof
    .command('get')
    .description('the inclusion proof of a committed transaction')
    .requiredOption('--home <dir>', 'node home directory')
    .requiredOption('--hash <hash>', 'transaction hash')
    .option('--out <file>', 'write the proof here')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const p = await client(o).get<ProofJson>(`/api/v1/txs/${encodeURIComponent(o.hash as string)}/proof`)
        if (o.out) writeFileSync(o.out as string, JSON.stringify(p, null, 2) + '\n')
        print(o, p, () =>
          o.out
            ? say(`블록 ${p.header.height}에 있는 거래 ${p.txHash}의 증명 → ${o.out as string}`, `proof of ${p.txHash} (height ${p.header.height}) → ${o.out as string}`)
            : JSON.stringify(p, null, 2),
        )
      }),
    )

  proof
    .command('verify')
    .description('verify a proof offline against a trust list (or the genesis of a home)')
    .requiredOption('--file <file>', 'proof JSON')
    .option('--trust <file>', 'trust list JSON (daejang trust export)')
    .option('--genesis <file>', 'genesis JSON')
    .option('--home <dir>', 'use the genesis of this home')
    .option('--steps <file>', 'validator-set changes since the trust list (daejang trust steps), when the proof carries none')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const trust = await loadTrust(o)
        let p
        try {
          p = proofFromJson(readJsonFile(o.file as string, 'proof file'))
          if (o.steps) p = { ...p, steps: trustStepsFileFromJson(readJsonFile(o.steps as string, 'trust steps file')).steps }
        } catch (e) {
          if (e instanceof DaejangError) throw e
          throw new DaejangError('PROOF_INVALID', (e as Error).message)
        }
        const r = verifyProof(p, trust, verifyNode)
        print(o, r, () =>
          [
            r.valid
              ? say(`유효: 블록 ${r.height}에 있는 거래입니다 (${r.txHash})`, `VALID: transaction ${r.txHash} is in block ${r.height}`)
              : say('증명이 맞지 않습니다', 'INVALID proof'),
            ...(r.trustedThrough ? ['  ' + trustedThroughWords(r.trustedThrough)] : []),
            ...checkLines(r.checks),
          ].join('\n'),
        )
        if (!r.valid) process.exitCode = 1
      }),
    )
}
