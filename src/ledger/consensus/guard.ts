/**
 * The signing guard: the only way a validator's consensus key signs. It remembers the last (height, round, step)
 * it signed and the exact bytes, and PERSISTS that record BEFORE the signature is produced, so that no crash can
 * make the validator sign two different things for one step:
 *   - a request above the last signed step is persisted, then signed;
 *   - a request for the last signed step with the same sign bytes is signed again (idempotent rebroadcast after a
 *     restart; Ed25519 is deterministic, so it is the same signature);
 *   - anything else (the same step with other bytes, or an earlier step) is refused.
 * Steps are ordered proposal < prevote < precommit within a round (messages.ts SignStep).
 */
import { equalBytes } from '../codec/bytes'
import type { Signer } from '../crypto/ed25519'
import { sha256 } from '../crypto/sha256'
import type { SignStep } from './messages'

export interface GuardRecord {
  height: number
  round: number
  step: SignStep
  /** SHA-256 of the sign bytes */
  digest: Uint8Array
}

/** Durable storage of the guard record. `save` must not return before the record is durable. */
export interface GuardStore {
  load(): GuardRecord | null
  save(r: GuardRecord): void
  /**
   * A step at or before which nothing is signed, whatever the record says: a validator restored from a backup signs
   * nothing until it has caught up with its peers, then nothing at or below the height they were at (docs/adr/0065,
   * server/backup/fence.ts). Asked at every signature.
   */
  floor?(): GuardRecord | null
}

export interface SignRequest {
  height: number
  round: number
  step: SignStep
  signBytes: Uint8Array
}

export type SignOutcome = { ok: true; sig: Uint8Array } | { ok: false; reason: string }

export function compareStep(a: { height: number; round: number; step: number }, b: { height: number; round: number; step: number }): number {
  return a.height - b.height || a.round - b.round || a.step - b.step
}

export class SignGuard {
  private last: GuardRecord | null

  constructor(
    private readonly signer: Signer,
    private readonly store: GuardStore,
  ) {
    this.last = store.load()
  }

  get publicKey(): Uint8Array {
    return this.signer.publicKey
  }

  get lastSigned(): GuardRecord | null {
    return this.last
  }

  sign(req: SignRequest): SignOutcome {
    const floor = this.store.floor?.() ?? null
    if (floor && compareStep(req, floor) <= 0) return { ok: false, reason: `restored from a backup: nothing is signed up to ${floor.height === Number.MAX_SAFE_INTEGER ? 'the end of the catch-up' : `height ${floor.height}`}` }
    const digest = sha256(req.signBytes)
    const last = this.last
    if (last) {
      const c = compareStep(req, last)
      if (c < 0) return { ok: false, reason: `already signed a later step (${last.height}/${last.round}/${last.step})` }
      if (c === 0) {
        if (!equalBytes(digest, last.digest)) return { ok: false, reason: 'already signed something else for this step' }
        return { ok: true, sig: this.signer.sign(req.signBytes) }
      }
    }
    const rec: GuardRecord = { height: req.height, round: req.round, step: req.step, digest }
    this.store.save(rec) // durable before the signature exists
    this.last = rec
    return { ok: true, sig: this.signer.sign(req.signBytes) }
  }
}

/** In-memory guard storage (simulation, tests): survives a simulated crash because the object does. */
export class MemoryGuardStore implements GuardStore {
  record: GuardRecord | null = null
  saves = 0
  load(): GuardRecord | null {
    return this.record
  }
  save(r: GuardRecord): void {
    this.record = { ...r, digest: new Uint8Array(r.digest) }
    this.saves++
  }
}
