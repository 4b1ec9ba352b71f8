/**
 * State views used by block execution. Committed state lives in the store; a block executes on an Overlay over it,
 * and each transaction on an Overlay over the block's, so a failing transaction leaves no trace.
 * Values handed out by get() are shared: rules must never mutate them, only put() new values.
 */
import type { Canonical } from '../codec/canonical'
import { DaejangError } from '../../shared/errors'

export interface StateReader {
  get(key: string): Promise<Canonical | undefined>
  /**
   * Many keys in one read (optional): in the keys' order, each exactly what `get` of that key answers at that moment
   * (undefined when absent); a key asked twice is answered twice. Readers without it are read key by key (`readMany`).
   */
  getMany?(keys: readonly string[]): Promise<Array<Canonical | undefined>>
}

/** Many keys of a reader: its `getMany` when it has one, else each key with `get` (concurrently). */
export function readMany(state: StateReader, keys: readonly string[]): Promise<Array<Canonical | undefined>> {
  if (keys.length === 0) return Promise.resolve([])
  if (state.getMany !== undefined) return state.getMany(keys)
  return Promise.all(keys.map((k) => state.get(k)))
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

  /** This overlay's writes (a delete answers absent) over the parent's values, the parent asked once for the rest. */
  getMany(keys: readonly string[]): Promise<Array<Canonical | undefined>> {
    const out = new Array<Canonical | undefined>(keys.length)
    const rest: string[] = []
    const at: number[] = []
    for (let i = 0; i < keys.length; i++) {
      const w = this.writes.get(keys[i]!)
      if (w === undefined) {
        rest.push(keys[i]!)
        at.push(i)
      } else out[i] = w === null ? undefined : w
    }
    if (rest.length === 0) return Promise.resolve(out)
    return readMany(this.parent, rest).then((vs) => {
      for (let j = 0; j < at.length; j++) out[at[j]!] = vs[j]
      return out
    })
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
