/**
 * A light workstation's client (docs/adr/0029): it syncs the headers and commits of its full node, checking each one
 * against the validator set it tracks and following set changes only as verified headers announce them, and reads
 * state with proofs checked against the headers it verified. Nothing a full node says is stored before it is checked.
 */
import { DaejangError } from '../../shared/errors'
import { equalBytes } from '../codec/bytes'
import type { VerifyFn } from '../crypto/ed25519'
import type { TrustList } from '../proofs/proof'
import type { TrustStep } from '../proofs/trust-chain'
import { validatorsHash } from '../types/block'
import { sortValidators } from '../types/validator-sets'
import type { LightSource } from './source'
import type { KnownSet, LightMeta, LightStore } from './store'
import { type ProvenValue, type VerifiedHeader, checkAnnouncedSet, checkNextHeader, checkProvenRead, nextValidatorsHashOf } from './verify'

/** headers asked for at once (the node's route answers at most 100) */
export const SYNC_BATCH = 100

export interface SyncResult {
  /** the head before and after */
  from: number
  head: number
  /** headers verified in this run */
  verified: number
  /** the full node's head when last asked */
  nodeHead: number
  /** validator sets learnt from verified headers in this run */
  setChanges: number
  headTime: number | null
}

export class LightClient {
  constructor(
    readonly store: LightStore,
    readonly source: LightSource,
    readonly meta: LightMeta,
    private readonly verify: VerifyFn,
  ) {}

  /** Anchor an empty store on a trust list (never on what a full node says about itself). */
  static async anchor(store: LightStore, trust: TrustList, node: string): Promise<LightMeta> {
    const meta: LightMeta = { chainId: trust.chainId, node, trustHeight: trust.height }
    await store.init(
      meta,
      trust.sets.map((s) => ({ fromHeight: s.fromHeight, validators: sortValidators(s.validators), learntAt: 0 })),
    )
    return meta
  }

  /** Verify and keep every header from the head up to the full node's head (or `maxHeight`). */
  async sync(opts: { maxHeight?: number; batch?: number } = {}): Promise<SyncResult> {
    const from = this.store.head()
    let prev = from > 0 ? await this.store.header(from) : null
    if (from > 0 && !prev) throw new DaejangError('CORRUPT_DATA', `the light store has no header at its head ${from}`)
    let current = prev ? this.store.setAt(prev.header.height) : null
    let nodeHead = from
    let setChanges = 0
    for (;;) {
      const next = (prev?.header.height ?? 0) + 1
      const want = Math.min(opts.batch ?? SYNC_BATCH, (opts.maxHeight ?? Number.MAX_SAFE_INTEGER) - next + 1)
      if (want <= 0) break
      const answer = await this.source.headers(next, want)
      nodeHead = answer.head
      if (answer.items.length === 0) break
      const verified: VerifiedHeader[] = []
      const learnt: KnownSet[] = []
      try {
        for (const item of answer.items.slice(0, want)) {
          const height = (prev?.header.height ?? 0) + 1
          const set = await this.expectedSet(prev, current, height, learnt)
          if (set !== current && set.learntAt > 0) setChanges++
          prev = checkNextHeader({ chainId: this.meta.chainId, prev, set: set.validators, next: item, verify: this.verify })
          current = set
          verified.push(prev)
        }
      } finally {
        // what was verified before a refusal is kept; the refused answer and what follows it are not
        await this.store.append(verified, learnt.filter((s) => verified.some((v) => v.header.height === s.fromHeight)))
      }
      if (prev!.header.height >= nodeHead) break
    }
    return { from, head: this.store.head(), verified: this.store.head() - from, nodeHead, setChanges, headTime: prev?.header.time ?? null }
  }

  /**
   * The set expected to sign `height`: the set of the previous header when it announces no change; the set it
   * announces (nextValidatorsHash, format 2) otherwise — from the trust list if it holds it, else from the full node,
   * checked against the announcement. Headers of format 1 announce nothing: only the trust list's sets apply.
   */
  private async expectedSet(prev: VerifiedHeader | null, current: KnownSet | null, height: number, learnt: KnownSet[]): Promise<KnownSet> {
    const known = this.store.setAt(height)
    const announced = prev ? nextValidatorsHashOf(prev.header) : null
    if (!prev || !announced || !current) {
      if (!known) throw new DaejangError('LIGHT_SET_UNPROVEN', `no trusted validator set applies at height ${height}`)
      return known
    }
    if (equalBytes(announced, validatorsHash(current.validators))) return current
    if (known && known.fromHeight === height && equalBytes(announced, validatorsHash(known.validators))) return known
    const vals = sortValidators(await this.source.validators(height))
    checkAnnouncedSet(prev.header, vals)
    const s: KnownSet = { fromHeight: height, validators: vals, learntAt: prev.header.height }
    learnt.push(s)
    return s
  }

  /**
   * Read `key` with a proof as of `height` (default: the verified head; synced first when it is past the head),
   * checked against the header verified at that height. A proof as of any other block is refused
   * (LIGHT_PROOF_OTHER_KEY), even a true one: an older state may not show a later change (a revocation).
   */
  async provenRead(key: string, height?: number): Promise<ProvenValue> {
    const head = this.store.head()
    if (head === 0) throw new DaejangError('LIGHT_NOT_SYNCED', 'this light workstation has verified no header yet; run `daejang light sync`')
    const want = height ?? head
    if (!Number.isSafeInteger(want) || want < 1) throw new DaejangError('SCHEMA_INVALID', `a height is a whole number from 1 (got ${want})`)
    if (want > head) await this.sync({ maxHeight: want })
    const cs = await this.source.stateProof(key, want)
    if (cs.header.height !== want) {
      throw new DaejangError('LIGHT_PROOF_OTHER_KEY', `a proof as of block ${cs.header.height} was sent for "${key}" as of block ${want}`)
    }
    const mine = await this.store.header(want)
    if (!mine) throw new DaejangError('LIGHT_ROOT_UNKNOWN', `the proof of "${key}" is as of block ${want}, which this workstation has not verified`)
    return checkProvenRead(key, cs.proof, mine.header)
  }

  /**
   * The era boundaries it verified, as trust steps (D6, adr/0028): for each set learnt from a header, that header,
   * its commit and the set it announced. A verifier whose trust list predates them follows them (followTrustSteps).
   */
  async trustSteps(): Promise<TrustStep[]> {
    const out: TrustStep[] = []
    for (const s of this.store.knownSets()) {
      if (s.learntAt === 0) continue
      const h = await this.store.header(s.learntAt)
      if (!h) throw new DaejangError('CORRUPT_DATA', `the light store has no header at the era boundary ${s.learntAt}`)
      out.push({ header: h.header, commit: h.commit, nextValidators: s.validators })
    }
    return out
  }
}
