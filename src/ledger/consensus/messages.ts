/**
 * Consensus messages and their canonical forms: signed proposals, the sign bytes of proposals (votes use
 * `voteSignBytes` of types/block.ts), the nil value id, and the encoding of state-machine inputs (the WAL record).
 *
 * Nil: a vote for nil carries the value id `NIL_ID` = 32 zero bytes (block.ts `ZERO_HASH`). A real value id is a
 * SHA-256 digest, so it is never all zeros in practice (that would be a preimage of the zero digest).
 */
import { DaejangError } from '../../shared/errors'
import { toHex } from '../codec/bytes'
import { type Canonical, decodeCanonical, encodeCanonical } from '../codec/canonical'
import { type Vote, VoteType, ZERO_HASH } from '../types/block'

export const PROPOSAL_SIGN_TAG = 'daejang/proposal/v1'
export const NIL_ID: Uint8Array = ZERO_HASH
export const NIL_HEX = toHex(NIL_ID)

/** The step of a signed message, ordered as in a round: proposal < prevote < precommit. */
export const SignStep = { proposal: 0, prevote: 1, precommit: 2 } as const
export type SignStep = (typeof SignStep)[keyof typeof SignStep]

export interface Proposal {
  height: number
  round: number
  /** the proposed value: opaque bytes (a block, later) */
  value: Uint8Array
  /** -1, or the round of a proof-of-lock (2/3 prevotes) for this value */
  validRound: number
  proposer: Uint8Array
  sig: Uint8Array
}

export function proposalSignBytes(
  chainId: string,
  height: number,
  round: number,
  valueId: Uint8Array,
  validRound: number,
): Uint8Array {
  return encodeCanonical([PROPOSAL_SIGN_TAG, chainId, height, round, valueId, validRound])
}

export type TimeoutKind = 'propose' | 'prevote' | 'precommit'

/** Everything the state machine accepts. Each accepted input is written to the WAL before its effects run. */
export type Input =
  /** a proposal, with the verdict of the (possibly async) validity predicate computed by the driver */
  | { kind: 'proposal'; proposal: Proposal; valid: boolean }
  | { kind: 'vote'; vote: Vote }
  | { kind: 'timeout'; timeout: TimeoutKind; height: number; round: number }
  /** the value this validator proposes at (height, round): the answer to a `request-value` effect */
  | { kind: 'value'; height: number; round: number; value: Uint8Array }

const TIMEOUT_CODES: Record<TimeoutKind, number> = { propose: 0, prevote: 1, precommit: 2 }
const TIMEOUT_KINDS: TimeoutKind[] = ['propose', 'prevote', 'precommit']

export function proposalToCanonical(p: Proposal): Canonical {
  return [p.height, p.round, p.value, p.validRound, p.proposer, p.sig]
}

export function voteToCanonical(v: Vote): Canonical {
  return [v.type, v.height, v.round, v.blockHash, v.validator, v.sig]
}

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x)
const isNat = (x: unknown): x is number => isInt(x) && x >= 0
const isBytes = (x: unknown, n?: number): x is Uint8Array => x instanceof Uint8Array && (n === undefined || x.length === n)

function bad(what: string): never {
  throw new DaejangError('SCHEMA_INVALID', `consensus message: ${what}`)
}

export function proposalFromCanonical(c: Canonical): Proposal {
  if (!Array.isArray(c) || c.length !== 6) bad('a proposal is an array of 6')
  const [height, round, value, validRound, proposer, sig] = c
  if (!isNat(height) || !isNat(round) || !isBytes(value) || !isInt(validRound) || validRound < -1) bad('proposal fields')
  if (!isBytes(proposer, 32) || !isBytes(sig, 64)) bad('proposal signer')
  return { height, round, value, validRound, proposer, sig }
}

export function voteFromCanonical(c: Canonical): Vote {
  if (!Array.isArray(c) || c.length !== 6) bad('a vote is an array of 6')
  const [type, height, round, blockHash, validator, sig] = c
  if (type !== VoteType.prevote && type !== VoteType.precommit) bad('vote type')
  if (!isNat(height) || !isNat(round) || !isBytes(blockHash, 32) || !isBytes(validator, 32) || !isBytes(sig, 64)) {
    bad('vote fields')
  }
  return { type, height, round, blockHash, validator, sig }
}

export function encodeInput(i: Input): Uint8Array {
  switch (i.kind) {
    case 'proposal':
      return encodeCanonical(['p', proposalToCanonical(i.proposal), i.valid])
    case 'vote':
      return encodeCanonical(['v', voteToCanonical(i.vote)])
    case 'timeout':
      return encodeCanonical(['t', TIMEOUT_CODES[i.timeout], i.height, i.round])
    case 'value':
      return encodeCanonical(['x', i.height, i.round, i.value])
  }
}

export function decodeInput(bytes: Uint8Array): Input {
  const c = decodeCanonical(bytes)
  if (!Array.isArray(c) || typeof c[0] !== 'string') bad('input')
  switch (c[0]) {
    case 'p':
      if (c.length !== 3 || typeof c[2] !== 'boolean') bad('proposal input')
      return { kind: 'proposal', proposal: proposalFromCanonical(c[1] as Canonical), valid: c[2] }
    case 'v':
      if (c.length !== 2) bad('vote input')
      return { kind: 'vote', vote: voteFromCanonical(c[1] as Canonical) }
    case 't': {
      const [, code, height, round] = c
      const kind = isNat(code) ? TIMEOUT_KINDS[code] : undefined
      if (c.length !== 4 || !kind || !isNat(height) || !isNat(round)) bad('timeout input')
      return { kind: 'timeout', timeout: kind, height, round }
    }
    case 'x': {
      const [, height, round, value] = c
      if (c.length !== 4 || !isNat(height) || !isNat(round) || !isBytes(value)) bad('value input')
      return { kind: 'value', height, round, value }
    }
    default:
      return bad('unknown input kind')
  }
}

/** The height an input concerns. */
export function inputHeight(i: Input): number {
  switch (i.kind) {
    case 'proposal':
      return i.proposal.height
    case 'vote':
      return i.vote.height
    default:
      return i.height
  }
}
