/**
 * The restore fence (docs/adr/0065): what keeps a validator restored from a backup from signing twice.
 *
 * A backup is older than the machine it came from: after it was made, that machine went on signing votes (its
 * signing guard moved on, and the backup's copy did not). A restored validator that trusted the backup's guard could
 * sign, at a height the lost machine already voted on, a different vote — a double signature. So a restore writes
 * this fence beside the guard, and the node keeps it:
 *
 *   1. closed — nothing is signed at all, while the node catches up from its peers;
 *   2. lifted — once the node has committed a block beyond the head it started with and is no longer behind its
 *      peers, the floor becomes the highest height its peers show (or its own head, the larger) + 1, written to the
 *      file durably: nothing is signed at or below that height, and from the next one on the node votes as usual.
 *
 * The lost machine can only have signed at heights up to the chain's head when it stopped + 1; the peers' head when
 * the fence is lifted is at least that, so no height it signed at is signed at again. The cost: a restored validator
 * takes part from the second height after it caught up; a consortium whose other validators hold 2/3 of the power
 * goes on meanwhile, and one that needs this validator's vote to decide waits one height longer — see the ADR for
 * the one case where it cannot go on (the others alone never reach 2/3) and what to do then.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { GuardRecord, GuardStore } from '../../ledger/consensus/guard'
import { syncDir } from '../../ledger/consensus/guard-file'
import type { Home } from '../../ledger/node/home'
import { DaejangError } from '../../shared/errors'

export const FENCE_FILE = 'restore-fence.json'
const CHECK_MS = 200

const FenceSchema = z
  .object({
    format: z.literal('daejang-restore-fence/1'),
    /** the store's height in the backup (null: restored without the store) */
    backupHeight: z.number().int().min(0).nullable(),
    restoredAt: z.string(),
    /** null: closed (nothing signed); a height: nothing signed at or below it */
    floor: z.number().int().min(0).nullable(),
    liftedAt: z.string().optional(),
  })
  .strict()

export type FenceRecord = z.infer<typeof FenceSchema>

const ZERO = new Uint8Array(32)
const CLOSED: GuardRecord = { height: Number.MAX_SAFE_INTEGER, round: Number.MAX_SAFE_INTEGER, step: 2, digest: ZERO }

export const fencePath = (home: Home): string => join(home.consensusDir, FENCE_FILE)

/** Write a fence record durably (a temporary file, synced, renamed, the folder synced). */
export function writeFence(path: string, r: FenceRecord): void {
  const tmp = path + '.tmp'
  const fd = openSync(tmp, 'w', 0o600)
  try {
    writeSync(fd, JSON.stringify(r, null, 2) + '\n')
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, path)
  syncDir(join(path, '..'))
}

export function readFence(path: string): FenceRecord | null {
  if (!existsSync(path)) return null
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    raw = null
  }
  const r = FenceSchema.safeParse(raw)
  // a fence that cannot be read stays closed: never a reason to sign
  if (!r.success) throw new DaejangError('CORRUPT_DATA', `the restore fence ${path} is not valid; it keeps this validator from signing`)
  return r.data
}

/** What the fence watches of the node (LedgerNode.status()). */
export interface FenceView {
  height: number
  syncing: boolean
  /** the larger of the node's head and the highest height its peers have shown */
  syncTarget: number
}

export class RestoreFence {
  private timer: NodeJS.Timeout | null = null
  private startHead: number | null = null
  /** called once the fence is lifted (the activity log, tests) */
  onLifted: ((floor: number) => void) | null = null

  private constructor(
    readonly path: string,
    private rec: FenceRecord,
  ) {}

  /** The fence of a home, or null when the home was not restored (or its fence was lifted long ago and removed). */
  static open(home: Home): RestoreFence | null {
    const path = fencePath(home)
    const rec = readFence(path)
    return rec ? new RestoreFence(path, rec) : null
  }

  get record(): FenceRecord {
    return this.rec
  }

  /** the step at or before which nothing is signed */
  floor(): GuardRecord {
    if (this.rec.floor === null) return CLOSED
    return { height: this.rec.floor, round: Number.MAX_SAFE_INTEGER, step: 2, digest: ZERO }
  }

  /** The guard's storage with this fence in front of it. */
  wrap(inner: GuardStore): GuardStore {
    return {
      load: () => inner.load(),
      save: (r) => inner.save(r),
      floor: () => this.floor(),
    }
  }

  /** Look at the node's state; lift the fence when the node has caught up. Returns whether it is lifted. */
  observe(v: FenceView): boolean {
    if (this.rec.floor !== null) return true
    if (this.startHead === null) this.startHead = v.height
    if (v.height <= this.startHead || v.syncing) return false
    const floor = Math.max(v.height, v.syncTarget) + 1
    const next: FenceRecord = { ...this.rec, floor, liftedAt: new Date().toISOString() }
    writeFence(this.path, next) // durable before any signature it allows
    this.rec = next
    this.onLifted?.(floor)
    return true
  }

  /** Watch the node until the fence is lifted. */
  watch(view: () => FenceView): void {
    if (this.rec.floor !== null || this.timer) return
    this.startHead = view().height
    this.timer = setInterval(() => {
      try {
        if (this.observe(view())) this.stop()
      } catch {
        // the file could not be written: the fence stays closed, and is tried again
      }
    }, CHECK_MS)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }
}
