/**
 * Validator sets by height (docs/adr/0013). The genesis document names the first set; governance decisions
 * (registries/governance) schedule later ones, each taking effect at a height at least two blocks after the block
 * that approved it. The history is kept in state under one key as a list of entries ordered by `fromHeight`:
 *
 *   gov/vsets = [[fromHeight, [[publicKey, power, agency], …]], …]
 *
 * with validators in canonical order (by public key). The key is absent while the genesis set is the only one, so a
 * chain that never changes its set has the same state (and app hashes) as before. Portable: no Node imports.
 */
import { compareBytes, equalBytes, toHex } from '../codec/bytes'
import type { Canonical } from '../codec/canonical'
import { DaejangError } from '../../shared/errors'
import { type Commit, type Header, type Validator, validatorsHash } from './block'
import { type Genesis, genesisValidators } from './genesis'
import type { TrustListJson } from '../proofs/proof'
import type { TrustStep } from '../proofs/trust-chain'

export const VALIDATOR_SETS_KEY = 'gov/vsets'
/** a change approved in block B takes effect at B + ACTIVATION_DELAY at the earliest */
export const ACTIVATION_DELAY = 2

export interface AgencyValidator extends Validator {
  /** the agency that runs it ('' when unknown, e.g. a trust list without agency names) */
  agency: string
}

export interface ValidatorSetEntry {
  fromHeight: number
  validators: AgencyValidator[]
}

export function sortValidators<V extends Validator>(vals: readonly V[]): V[] {
  return [...vals].sort((a, b) => compareBytes(a.publicKey, b.publicKey))
}

export function entriesToCanonical(entries: readonly ValidatorSetEntry[]): Canonical {
  return entries.map((e) => [e.fromHeight, e.validators.map((v) => [v.publicKey, v.power, v.agency])])
}

export function entriesFromCanonical(c: Canonical | undefined): ValidatorSetEntry[] | null {
  if (c === undefined) return null
  if (!Array.isArray(c)) throw new Error('validator sets: not a list')
  return c.map((e) => {
    if (!Array.isArray(e) || typeof e[0] !== 'number' || !Array.isArray(e[1])) throw new Error('validator sets: entry')
    return {
      fromHeight: e[0],
      validators: e[1].map((v) => {
        if (!Array.isArray(v) || !(v[0] instanceof Uint8Array) || typeof v[1] !== 'number' || typeof v[2] !== 'string') {
          throw new Error('validator sets: validator')
        }
        return { publicKey: v[0], power: v[1], agency: v[2] }
      }),
    }
  })
}

/**
 * An ordered history of validator sets. The first entry applies from height 1 (its fromHeight is 1); each later one
 * from its own fromHeight until the next.
 */
export class ValidatorHistory {
  readonly entries: readonly ValidatorSetEntry[]

  constructor(entries: readonly ValidatorSetEntry[]) {
    if (entries.length === 0) throw new Error('a validator history needs at least one set')
    for (let i = 1; i < entries.length; i++) {
      if (entries[i]!.fromHeight <= entries[i - 1]!.fromHeight) throw new Error('validator sets out of order')
    }
    this.entries = entries.map((e) => ({ fromHeight: e.fromHeight, validators: sortValidators(e.validators) }))
  }

  /** index of the entry in effect at `height` */
  indexAt(height: number): number {
    let lo = 0
    let hi = this.entries.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.entries[mid]!.fromHeight <= height) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  at(height: number): ValidatorSetEntry {
    return this.entries[this.indexAt(height)]!
  }

  get latest(): ValidatorSetEntry {
    return this.entries[this.entries.length - 1]!
  }

  /** every key that is, was or will be (as scheduled) a validator */
  allKeys(): Set<string> {
    const out = new Set<string>()
    for (const e of this.entries) for (const v of e.validators) out.add(toHex(v.publicKey))
    return out
  }
}

/** The genesis validators with the agencies that run them, in canonical order. */
export function genesisAgencyValidators(g: Genesis): AgencyValidator[] {
  const agencyOf = new Map(g.agencies.flatMap((a) => (a.validator ? [[a.validator.publicKey, a.id] as const] : [])))
  return genesisValidators(g).map((v) => ({ ...v, agency: agencyOf.get(toHex(v.publicKey)) ?? '' }))
}

/** The trust list of a chain whose validator history is `history`, taken at `height`. */
export function trustListJsonOf(chainId: string, history: ValidatorHistory, height: number): TrustListJson {
  return {
    format: 'daejang-trust/2',
    chainId,
    height,
    sets: history.entries.map((e) => ({
      fromHeight: e.fromHeight,
      validators: e.validators.map((v) => ({ publicKey: toHex(v.publicKey), power: v.power, ...(v.agency ? { agency: v.agency } : {}) })),
    })),
  }
}

/** What buildTrustSteps reads: the node's validator history and its committed headers with their commits. */
export interface TrustStepReader {
  readonly validatorHistory: ValidatorHistory
  /** the header of a committed block and the commit stored for it */
  headerAndCommit(height: number): Promise<{ header: Header; commit: Commit | null }>
}

/**
 * The steps that carry a trust list taken at `fromHeight` to `toHeight` (docs/adr/0028): for every set change that
 * takes effect at f with fromHeight < f ≤ toHeight, the header and commit of block f-1 and the set of f. A change
 * scheduled beyond the head has no block f-1 yet and is left out (a proof of a height ≤ the head does not need it).
 * (A node refuses a chain of blocks of format 1, which name no next set, before it gets here: CHAIN_FORMAT_OLD.)
 */
export async function buildTrustSteps(reader: TrustStepReader, fromHeight: number, toHeight: number): Promise<TrustStep[]> {
  const steps: TrustStep[] = []
  for (const e of reader.validatorHistory.entries) {
    const f = e.fromHeight
    if (f <= Math.max(1, fromHeight) || f > toHeight) continue
    const { header, commit } = await reader.headerAndCommit(f - 1)
    if (!header.nextValidatorsHash) {
      throw new DaejangError('CORRUPT_DATA', `block ${f - 1} is of format ${header.v}, made by an earlier build: it names no next validator set`)
    }
    if (!commit) throw new DaejangError('CORRUPT_DATA', `no commit stored for height ${f - 1}`)
    const nextValidators = e.validators.map((v) => ({ publicKey: v.publicKey, power: v.power }))
    if (!equalBytes(validatorsHash(nextValidators), header.nextValidatorsHash)) {
      throw new DaejangError('CORRUPT_DATA', `block ${f - 1} names another next validator set than the history of this node`)
    }
    steps.push({ header, commit, nextValidators })
  }
  return steps
}
