/**
 * State views used by block execution. Committed state lives in the store; a block executes on an Overlay over it,
 * and each transaction on an Overlay over the block's, so a failing transaction leaves no trace.
 * Values handed out by get() are shared: rules must never mutate them, only put() new values.
 */
import type { Canonical } from '../codec/canonical'

export interface StateReader {
  get(key: string): Promise<Canonical | undefined>
}

export interface StateView extends StateReader {
  put(key: string, value: Canonical): void
  del(key: string): void
}

export class Overlay implements StateView {
  readonly writes = new Map<string, Canonical | null>()
  constructor(private readonly parent: StateReader) {}

  async get(key: string): Promise<Canonical | undefined> {
    const w = this.writes.get(key)
    if (w !== undefined) return w === null ? undefined : w
    return this.parent.get(key)
  }

  put(key: string, value: Canonical): void {
    this.writes.set(key, value)
  }

  del(key: string): void {
    this.writes.set(key, null)
  }

  /** Move this overlay's writes into `target` (in order; later writes win). */
  mergeInto(target: Overlay): void {
    for (const [k, v] of this.writes) target.writes.set(k, v)
  }
}
