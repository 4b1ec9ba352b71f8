/**
 * State views used by block execution. Committed state lives in the store; a block executes on an Overlay over it,
 * and each transaction on an Overlay over the block's, so a failing transaction leaves no trace.
 * Values handed out by get() are shared: rules must never mutate them, only put() new values.
 */
import type { Canonical } from '../codec/canonical'
import { DaejangError } from '../../shared/errors'

export interface StateReader {
  get(key: string): Promise<Canonical | undefined>
}

export interface StateView extends StateReader {
  put(key: string, value: Canonical): void
  del(key: string): void
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * A state key must be well-formed text: a lone surrogate (which JSON keeps) would be hashed as U+FFFD, so two keys
 * would share one path in the state tree. Refused where a transaction writes, so the transaction is refused (the same
 * on every node), never the block.
 */
export function requireWellFormedKey(key: string): void {
  if (LONE_SURROGATE.test(key)) throw new DaejangError('BAD_PAYLOAD', 'a state key must be well-formed text (it holds a lone surrogate)')
}

export class Overlay implements StateView {
  readonly writes = new Map<string, Canonical | null>()
  constructor(private readonly parent: StateReader) {}

  // not async: the parent's promise is handed on as it is (an async function would wrap it in one more promise and
  // take extra turns of the microtask queue to settle; a block reads a few keys a transaction through two overlays)
  get(key: string): Promise<Canonical | undefined> {
    const w = this.writes.get(key)
    if (w !== undefined) return Promise.resolve(w === null ? undefined : w)
    return this.parent.get(key)
  }

  put(key: string, value: Canonical): void {
    requireWellFormedKey(key)
    this.writes.set(key, value)
  }

  del(key: string): void {
    requireWellFormedKey(key)
    this.writes.set(key, null)
  }

  /** Move this overlay's writes into `target` (in order; later writes win). */
  mergeInto(target: Overlay): void {
    for (const [k, v] of this.writes) target.writes.set(k, v)
  }
}
