/**
 * The one bound on carried trust steps (validator-set changes, docs/adr/0028), for every answer that carries them:
 * GET /api/v1/trust/steps, a core state proof asked with trustFrom, and every registry's proofs through its
 * RegistryHost (server/registry-host.ts). Each step costs a block read and carries two validator sets and a commit,
 * so the count and the bytes are bounded — both judged from the validator history alone, before any block is read:
 * a step's JSON is at most a header (fixed fields and the chain id), a commit of at most one signature per member of
 * the set before the change, and the set after it. A range over the bound is refused (TRUST_STEPS_TOO_MANY) and the
 * caller asks for a shorter one (`daejang trust steps` pages by itself).
 * A certificate's bundle is not refused: it carries the latest changes that fit BUNDLE_STEPS_LIMITS
 * (boundedTrustFrom), and says from which height on (an older trust list is first brought forward with
 * `daejang trust steps`), the way the QR code carries none.
 * Portable.
 */
import { DaejangError } from '../../shared/errors'

/** What one answer carries of trust steps at most. (Mutable for tests only.) */
export const TRUST_STEPS_LIMITS = { count: 256, bytes: 8 << 20 }
/** What a certificate's bundle (the PDF's attachment) carries at most. (Mutable for tests only.) */
export const BUNDLE_STEPS_LIMITS = { count: 32, bytes: 1 << 20 }

/** upper bounds of a step's JSON parts (hex keys and signatures, numbers of up to 16 digits, the field names) */
const HEADER_JSON_MAX = 1024
const COMMIT_JSON_MAX = 256
const SIG_JSON_MAX = 256
const VALIDATOR_JSON_MAX = 128

/** The part of a validator history the bound reads (ValidatorHistory satisfies it). */
export interface StepHistory {
  readonly entries: readonly { readonly fromHeight: number; readonly validators: readonly unknown[] }[]
  at(height: number): { readonly validators: readonly unknown[] }
}

/** The set changes that steps from a trust list taken at `from` to `to` carry (as buildTrustSteps picks them). */
export function stepChanges(history: StepHistory, from: number, to: number): StepHistory['entries'] {
  return history.entries.filter((e) => e.fromHeight > Math.max(1, from) && e.fromHeight <= to)
}

/** An upper bound of the JSON bytes of the step of the change at `fromHeight` (block f-1's header and commit, the set of f). */
export function stepBytesBound(history: StepHistory, chainId: string, change: StepHistory['entries'][number]): number {
  const before = history.at(change.fromHeight - 1).validators.length
  return HEADER_JSON_MAX + 6 * chainId.length + COMMIT_JSON_MAX + SIG_JSON_MAX * before + VALIDATOR_JSON_MAX * change.validators.length
}

/** The same bound for a step in hand (its commit's entries, its sets), for a running total while steps are read. */
export function stepBytesOf(chainId: string, step: { commit: { sigs: readonly unknown[] }; nextValidators: readonly unknown[]; validators?: readonly unknown[] }): number {
  return (
    HEADER_JSON_MAX +
    6 * chainId.length +
    COMMIT_JSON_MAX +
    SIG_JSON_MAX * step.commit.sigs.length +
    VALIDATOR_JSON_MAX * (step.nextValidators.length + (step.validators?.length ?? 0))
  )
}

export function tooManySteps(detail: string): DaejangError {
  return new DaejangError('TRUST_STEPS_TOO_MANY', detail)
}

/**
 * Refuse (TRUST_STEPS_TOO_MANY) steps from `from` to `to` that would carry more changes or bytes than one answer
 * holds; judged from the history only, before any block is read.
 */
export function boundTrustSteps(history: StepHistory, chainId: string, from: number, to: number): void {
  const changes = stepChanges(history, from, to)
  const { count, bytes } = TRUST_STEPS_LIMITS
  let total = 0
  for (let i = 0; i < changes.length; i++) {
    total += stepBytesBound(history, chainId, changes[i]!)
    if (i >= count || total > bytes) {
      const last = changes[i]!.fromHeight - 1
      throw tooManySteps(
        `${changes.length} validator-set changes lie between heights ${from} and ${to}; one answer carries at most ${count} changes and ${bytes} bytes` +
          (last > from ? `: ask up to toHeight ${last} first` : ''),
      )
    }
  }
}

/**
 * The height of the oldest trust list that steps to `to` can start from while carrying at most `limits` (and
 * TRUST_STEPS_LIMITS): `from` when all changes since fit, else just before the oldest of the latest changes that fit
 * (`to` when not even one fits). A verifier whose trust list is older first brings it forward (`daejang trust steps`).
 */
export function boundedTrustFrom(history: StepHistory, chainId: string, from: number, to: number, limits = BUNDLE_STEPS_LIMITS): number {
  const changes = stepChanges(history, from, to)
  const count = Math.min(limits.count, TRUST_STEPS_LIMITS.count)
  const bytes = Math.min(limits.bytes, TRUST_STEPS_LIMITS.bytes)
  let total = 0
  let kept = 0
  for (let i = changes.length - 1; i >= 0 && kept < count; i--) {
    total += stepBytesBound(history, chainId, changes[i]!)
    if (total > bytes) break
    kept++
  }
  if (kept === changes.length) return from
  return kept === 0 ? to : changes[changes.length - kept]!.fromHeight - 1
}
