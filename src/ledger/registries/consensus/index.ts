/**
 * The consensus registry: evidence of equivocation, committed on the chain. A node that sees one validator sign two
 * different values for one (height, round, vote type) submits both signed votes; anyone can check them against the
 * validator set, and the Consortium screen lists them. (Penalties — power reduction, removal — are governance
 * decisions, taken by the agencies' administrators.)
 */
import { DaejangError } from '../../../shared/errors'
import type { Canonical } from '../../codec/canonical'
import { fromHex, toHex } from '../../codec/bytes'
import { verifyPortable } from '../../crypto/ed25519'
import type { Vote } from '../../types/block'
import { validatorHistory } from '../governance/rules'
import { VALIDATOR_SETS_KEY } from '../../types/validator-sets'
import { ValidatorSet } from '../../consensus/validators'
import { type DuplicateVoteEvidence, verifyEvidence } from '../../consensus/voteset'
import { type Registry, txType } from '../types'
import { evidenceKey } from './evidence'
import { consensusPortable } from './portable'
import { CONSENSUS_ROUTES } from './routes'
import { EvidenceSchema, type EvidencePayload, type EvidenceRecord, type VoteJson } from './portable/schema'

export { EVIDENCE_PREFIX, evidenceKey, listEvidence } from './evidence'

export function voteFromJson(v: VoteJson): Vote {
  return { type: v.type, height: v.height, round: v.round, blockHash: fromHex(v.blockHash), validator: fromHex(v.validator), sig: fromHex(v.sig) }
}

export function voteToJson(v: Vote): VoteJson {
  return {
    type: v.type as 1 | 2,
    height: v.height,
    round: v.round,
    blockHash: toHex(v.blockHash),
    validator: toHex(v.validator),
    sig: toHex(v.sig),
  }
}

export function evidenceToPayload(ev: DuplicateVoteEvidence): EvidencePayload {
  return { voteA: voteToJson(ev.voteA), voteB: voteToJson(ev.voteB) }
}

export const consensusRegistry: Registry = {
  ...consensusPortable,
  routes: CONSENSUS_ROUTES,
  txTypes: {
    'consensus.evidence.submit': txType({
      schema: EvidenceSchema,
      // the evidence proves itself (two signatures of a validator), whoever carries it: any key's report executes
      permission: 'anyone',
      // but only those with a stake in the consortium hand it in (a validator key, as nodes do, or an agency
      // administrator), so that a stranger's key cannot fill the mempool with reports
      admit: async ({ adminOf, signer, state, genesis }) => {
        if (adminOf.length > 0) return
        const history = await validatorHistory(state, genesis)
        if (history.entries.some((e) => e.validators.some((v) => toHex(v.publicKey) === signer))) return
        throw new DaejangError(
          'UNAUTHORIZED_ROLE',
          'evidence of equivocation is handed in by a validator key or an agency administrator; this key is neither',
        )
      },
      keys: (p) => [evidenceKey(p.voteA.validator, p.voteA.height, p.voteA.round, p.voteA.type), VALIDATOR_SETS_KEY],
      apply: async (ctx) => {
        const p = ctx.payload
        const ev = { voteA: voteFromJson(p.voteA), voteB: voteFromJson(p.voteB) }
        // checked against the validator set of the height the votes were cast at
        const history = await validatorHistory(ctx.state, ctx.genesis)
        const check = verifyEvidence(ctx.genesis.chainId, new ValidatorSet(history.at(p.voteA.height).validators), ev, verifyPortable)
        if (!check.ok) throw new DaejangError('RULE_VIOLATION', `not evidence of equivocation: ${check.reason ?? 'invalid'}`)
        const key = evidenceKey(p.voteA.validator, p.voteA.height, p.voteA.round, p.voteA.type)
        if ((await ctx.state.get(key)) !== undefined) throw new DaejangError('RULE_VIOLATION', 'this equivocation is already on the chain')
        const rec: EvidenceRecord = {
          validator: p.voteA.validator,
          height: p.voteA.height,
          round: p.voteA.round,
          type: p.voteA.type,
          voteA: p.voteA,
          voteB: p.voteB,
          reportedBy: ctx.signer,
          recordedAt: ctx.height,
          recordedTime: ctx.time,
        }
        ctx.state.put(key, rec as unknown as Canonical)
      },
    }),
  },
}

export type { EvidenceRecord } from './portable/schema'
