/**
 * Trust that outlives validator-set changes (docs/adr/0028). A verifier holds a trust list: the chain id and the
 * validator sets it knows, by height. A proof made after the set has changed is signed by a set the list does not
 * know; the proof may then carry **steps**, each one block header with its commit and the validator set that follows
 * it:
 *
 *   step = { header of height f-1, its commit, nextValidators }      hash(nextValidators) = header.nextValidatorsHash
 *
 * The verifier starts from the sets it trusts and follows the steps in height order:
 * - **sequential**: the step's header names a set the verifier trusts at that height, and more than 2/3 of that set's
 *   power signed it; then the set of height f is trusted (the block's signers vouch for the next set);
 * - **skipping** (as CometBFT's light client does): the header names a set the verifier does not know yet (changes
 *   were left out); the step then carries that set (`validators`), more than 2/3 of it signed, and validators holding
 *   at least 1/3 of the power of the latest trusted set are among the signers — so at least one of them is honest
 *   if fewer than 1/3 of a trusted set ever misbehave.
 * A refused step refuses the whole bundle: nothing is trusted from forged evidence. The result says how far the steps
 * carried the trust (how many set changes, to which height). Portable: no Node imports.
 */
import { z } from 'zod'
import { equalBytes } from '../codec/bytes'
import { type Canonical, encodeCanonical } from '../codec/canonical'
import type { VerifyFn } from '../crypto/ed25519'
import {
  type Commit,
  type Header,
  type Validator,
  BLOCK_VERSION,
  blockHash,
  commitFromCanonical,
  commitToCanonical,
  headerFromCanonical,
  headerToCanonical,
  validatorsHash,
} from '../types/block'
import { verifyCommitCached } from './commit-cache'
import {
  type CommitJson,
  CommitJsonSchema,
  type HeaderJson,
  HeaderJsonSchema,
  ProofFormatError,
  type ValidatorJson,
  ValidatorsJsonSchema,
  commitFromJson,
  commitToJson,
  headerFromJson,
  headerToJson,
  parseOrThrow,
  validatorsFromJson,
  validatorsToJson,
} from './header-json'
import type { TrustList, TrustSet } from './trust-list'

export interface TrustStep {
  /** the last block of a set's era (height f-1) */
  header: Header
  /** its commit: more than 2/3 of the power of the set that signed it */
  commit: Commit
  /** the set of height f: its hash is header.nextValidatorsHash */
  nextValidators: Validator[]
  /** the set that signed the header (its hash is header.validatorsHash): carried only by a step that skips */
  validators?: Validator[]
}

/** how far carried steps extended the trust list: set changes followed, and the height whose set is now known */
export interface TrustedThrough {
  changes: number
  height: number
}

export interface TrustChainResult {
  ok: boolean
  /** the trust list with the sets the steps taught (up to the refused step, when one is) */
  trust: TrustList
  trustedThrough: TrustedThrough | null
  /** why a step was refused (English; the CLI's line) */
  reason?: string
  /** index of the refused step */
  refusedStep?: number
}

/** The set among `sets` (ordered by fromHeight) in effect at `height`. */
export function setAt(sets: readonly TrustSet[], height: number): TrustSet {
  let best = sets[0]!
  for (const s of sets) if (s.fromHeight <= height) best = s
  return best
}

const sameSet = (a: readonly Validator[], b: readonly Validator[]): boolean => equalBytes(validatorsHash(a), validatorsHash(b))

/**
 * Follow `steps` from `trust`. Steps must be in strictly increasing height order; each is checked as above. A step
 * that repeats what the trust list already knows must agree with it.
 */
export function followTrustSteps(trust: TrustList, steps: readonly TrustStep[], verify: VerifyFn): TrustChainResult {
  const sets: TrustSet[] = trust.sets.map((s) => ({ fromHeight: s.fromHeight, validators: s.validators }))
  // the list knows the set of every height up to the one it was taken at (and any later one it has as scheduled)
  const knownThrough = (): number => Math.max(trust.height, sets[sets.length - 1]!.fromHeight)
  let changes = 0
  let lastHeight = -1
  const extended = (): TrustList => ({
    ...trust,
    sets: [...sets],
    height: Math.max(trust.height, lastHeight + 1),
  })
  const refuse = (i: number, why: string): TrustChainResult => ({
    ok: false,
    trust: extended(),
    trustedThrough: i > 0 ? { changes, height: lastHeight + 1 } : null,
    reason: `carried step ${i + 1} of ${steps.length} (height ${steps[i]!.header.height}) is refused: ${why}`,
    refusedStep: i,
  })
  for (let i = 0; i < steps.length; i++) {
    const { header: h, commit, nextValidators } = steps[i]!
    const H = h.height
    if (h.chainId !== trust.chainId) return refuse(i, `it is from chain "${h.chainId}"`)
    if (h.v !== BLOCK_VERSION || !h.nextValidatorsHash) return refuse(i, 'it is not a version 2 header (no next validator set)')
    if (H <= lastHeight) return refuse(i, 'the steps are not in increasing height order')
    const hash = blockHash(h)
    const last = sets[sets.length - 1]!
    const known = setAt(sets, H)
    if (equalBytes(h.validatorsHash, validatorsHash(known.validators))) {
      const c = verifyCommitCached(trust.chainId, known.validators, commit, hash, H, verify)
      if (!c.ok) return refuse(i, `${c.reason ?? 'invalid commit'} (${c.signedPower} of ${c.totalPower} of the trusted set)`)
    } else {
      if (H <= knownThrough()) return refuse(i, `it names another validator set than the trusted one of height ${H}`)
      const own = steps[i]!.validators
      if (!own || !equalBytes(validatorsHash(own), h.validatorsHash)) {
        return refuse(i, 'it names a validator set not trusted yet and does not carry that set')
      }
      const c = verifyCommitCached(trust.chainId, own, commit, hash, H, verify)
      if (!c.ok) return refuse(i, `${c.reason ?? 'invalid commit'} (${c.signedPower} of ${c.totalPower} of its own set)`)
      const t = verifyCommitCached(trust.chainId, last.validators, commit, hash, H, verify)
      if (t.signedPower * 3 < t.totalPower) {
        return refuse(i, `it skips with ${t.signedPower} of ${t.totalPower} of the trusted set's power: at least 1/3 is needed`)
      }
      sets.push({ fromHeight: H, validators: own })
      changes++
    }
    if (nextValidators.length === 0 || !equalBytes(validatorsHash(nextValidators), h.nextValidatorsHash)) {
      return refuse(i, "the next validator set it carries is not the one its header names")
    }
    const top = sets[sets.length - 1]!
    if (H + 1 <= knownThrough()) {
      if (!sameSet(setAt(sets, H + 1).validators, nextValidators)) {
        return refuse(i, `its next validator set contradicts the trusted one of height ${H + 1}`)
      }
    } else if (!sameSet(top.validators, nextValidators)) {
      sets.push({ fromHeight: H + 1, validators: nextValidators })
      changes++
    }
    lastHeight = H
  }
  return {
    ok: true,
    trust: extended(),
    trustedThrough: steps.length > 0 ? { changes, height: lastHeight + 1 } : null,
  }
}

// ---- checking a proof's header against a trust list, with optional steps ----

export type HeaderFinding = 'chain-ok' | 'chain-other' | 'set-ok' | 'set-carried' | 'set-newer' | 'set-other' | 'steps-refused' | 'signed' | 'not-signed'

export interface HeaderCheck {
  ok: boolean
  detail: string
  finding: HeaderFinding
  values: Record<string, string | number>
}

export interface HeaderTrust {
  chain: HeaderCheck
  validators: HeaderCheck
  commit: HeaderCheck
  trustedThrough: TrustedThrough | null
  blockHash: Uint8Array
}

/**
 * The three checks every proof makes of its block: the chain is the trusted one, the header names a validator set
 * the verifier trusts at its height (through the carried steps, if any), and more than 2/3 of that set signed it.
 */
export function checkHeaderTrust(
  header: Header,
  commit: Commit,
  trust: TrustList,
  steps: readonly TrustStep[] | undefined,
  verify: VerifyFn,
): HeaderTrust {
  const chainOk = header.chainId === trust.chainId
  const chain: HeaderCheck = {
    ok: chainOk,
    detail: chainOk ? `chain ${trust.chainId}` : `the block is from chain "${header.chainId}", not "${trust.chainId}"`,
    finding: chainOk ? 'chain-ok' : 'chain-other',
    values: { chain: header.chainId, trusted: trust.chainId },
  }
  const followed = steps && steps.length > 0 ? followTrustSteps(trust, steps, verify) : null
  const t = followed?.trust ?? trust
  const set = setAt(t.sets, header.height)
  const setOk = equalBytes(header.validatorsHash, validatorsHash(set.validators))
  const through = followed?.trustedThrough ?? null
  let validators: HeaderCheck
  if (followed && !followed.ok) {
    validators = { ok: false, detail: followed.reason ?? 'a carried step is refused', finding: 'steps-refused', values: { step: (followed.refusedStep ?? 0) + 1, height: header.height } }
  } else if (setOk && through && !equalBytes(header.validatorsHash, validatorsHash(setAt(trust.sets, header.height).validators))) {
    validators = {
      ok: true,
      detail: `the block names the validator set of height ${header.height} learned through ${through.changes} carried set change(s), trusted through height ${through.height}`,
      finding: 'set-carried',
      values: { height: header.height, changes: through.changes, through: through.height, trustHeight: trust.height },
    }
  } else if (setOk) {
    validators = { ok: true, detail: `the block names the trust list's validator set of height ${header.height}`, finding: 'set-ok', values: { height: header.height, trustHeight: trust.height } }
  } else {
    const newer = header.height > t.height
    validators = {
      ok: false,
      detail: newer
        ? `the block names another validator set; it is newer (height ${header.height}) than the trust list ` +
          `(height ${t.height}): the set may have changed since — export a newer trust list`
        : 'the block names another validator set',
      finding: newer ? 'set-newer' : 'set-other',
      values: { height: header.height, trustHeight: t.height },
    }
  }
  const hash = blockHash(header)
  const c = verifyCommitCached(trust.chainId, set.validators, commit, hash, header.height, verify)
  const commitCheck: HeaderCheck = {
    ok: c.ok,
    detail: c.ok
      ? `signed by validators holding ${c.signedPower} of ${c.totalPower} voting power`
      : `${c.reason ?? 'invalid commit'} (${c.signedPower} of ${c.totalPower})`,
    finding: c.ok ? 'signed' : 'not-signed',
    values: { signed: c.signedPower, total: c.totalPower },
  }
  return { chain, validators, commit: commitCheck, trustedThrough: followed?.ok ? through : null, blockHash: hash }
}

// ---- encodings ----

export function trustStepToCanonical(s: TrustStep): Canonical {
  const base: Canonical[] = [headerToCanonical(s.header), commitToCanonical(s.commit), s.nextValidators.map((v) => [v.publicKey, v.power])]
  return s.validators ? [...base, s.validators.map((v) => [v.publicKey, v.power])] : base
}

function validatorsFromCanonical(c: unknown): Validator[] {
  if (!Array.isArray(c) || c.length === 0) throw new ProofFormatError('trust step: a validator set is a non-empty list')
  return c.map((v) => {
    if (!Array.isArray(v) || v.length !== 2 || !(v[0] instanceof Uint8Array) || v[0].length !== 32) {
      throw new ProofFormatError('trust step: validator')
    }
    const power = v[1]
    if (typeof power !== 'number' || !Number.isSafeInteger(power) || power < 1) throw new ProofFormatError('trust step: validator power')
    return { publicKey: v[0], power }
  })
}

export function trustStepFromCanonical(c: Canonical): TrustStep {
  if (!Array.isArray(c) || (c.length !== 3 && c.length !== 4)) throw new ProofFormatError('a trust step is an array of 3 or 4')
  try {
    return {
      header: headerFromCanonical(c[0]!),
      commit: commitFromCanonical(c[1]!),
      nextValidators: validatorsFromCanonical(c[2]),
      ...(c.length === 4 ? { validators: validatorsFromCanonical(c[3]) } : {}),
    }
  } catch (e) {
    if (e instanceof ProofFormatError) throw e
    throw new ProofFormatError('trust step: ' + (e as Error).message)
  }
}

export function trustStepsFromCanonical(c: Canonical | undefined): TrustStep[] {
  if (!Array.isArray(c) || c.length > MAX_STEPS) throw new ProofFormatError('trust steps: a list')
  return c.map(trustStepFromCanonical)
}

export const MAX_STEPS = 10_000

export interface TrustStepJson {
  header: HeaderJson
  commit: CommitJson
  nextValidators: ValidatorJson[]
  validators?: ValidatorJson[]
}

export const TrustStepJsonSchema = z.object({
  header: HeaderJsonSchema,
  commit: CommitJsonSchema,
  nextValidators: ValidatorsJsonSchema,
  validators: ValidatorsJsonSchema.optional(),
})
export const TrustStepsJsonSchema = z.array(TrustStepJsonSchema).max(MAX_STEPS)

export function trustStepToJson(s: TrustStep): TrustStepJson {
  return {
    header: headerToJson(s.header),
    commit: commitToJson(s.commit),
    nextValidators: validatorsToJson(s.nextValidators),
    ...(s.validators ? { validators: validatorsToJson(s.validators) } : {}),
  }
}

export function trustStepFromJson(j: z.infer<typeof TrustStepJsonSchema>): TrustStep {
  return {
    header: headerFromJson(j.header),
    commit: commitFromJson(j.commit),
    nextValidators: validatorsFromJson(j.nextValidators),
    ...(j.validators ? { validators: validatorsFromJson(j.validators) } : {}),
  }
}

/** The file `daejang trust steps --out F` writes. */
export const TRUST_STEPS_FORMAT = 'daejang-trust-steps/1'

export interface TrustStepsFileJson {
  format: typeof TRUST_STEPS_FORMAT
  chainId: string
  fromHeight: number
  toHeight: number
  steps: TrustStepJson[]
}

export function trustStepsFileToJson(chainId: string, fromHeight: number, toHeight: number, steps: readonly TrustStep[]): TrustStepsFileJson {
  return { format: TRUST_STEPS_FORMAT, chainId, fromHeight, toHeight, steps: steps.map(trustStepToJson) }
}

export function trustStepsFileFromJson(input: unknown): { chainId: string; fromHeight: number; toHeight: number; steps: TrustStep[] } {
  const j = parseOrThrow(
    z.object({
      format: z.literal(TRUST_STEPS_FORMAT),
      chainId: z.string().min(1),
      fromHeight: z.number().int().min(0),
      toHeight: z.number().int().min(0),
      steps: TrustStepsJsonSchema,
    }),
    input,
    'trust steps',
  )
  return { chainId: j.chainId, fromHeight: j.fromHeight, toHeight: j.toHeight, steps: j.steps.map(trustStepFromJson) }
}

/** Canonical bytes of steps (for sizing a bundle). */
export const encodeTrustSteps = (steps: readonly TrustStep[]): Uint8Array => encodeCanonical(steps.map(trustStepToCanonical))
