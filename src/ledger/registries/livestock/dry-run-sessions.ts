/**
 * The dry run of a file longer than one request (docs/adr/0047, "The dry run and the outcome"): the parts of one file
 * are checked on ONE overlay kept by the node between requests, so the events of part 2 see what part 1 would have
 * written (the births their tags follow). Bounded: a node keeps at most MAX_SESSIONS dry runs (the oldest is dropped),
 * each of at most DRY_RUN_SESSION_MAX_EVENTS events, for at most SESSION_IDLE_MS after its last part; a session is
 * bound to the signer it checks for and is taken out while a part runs (a second part sent at the same time finds
 * none). A signer's new dry run drops that signer's own older ones before another signer's. Nothing of it is ever written: it is an overlay of the committed state, dropped when done.
 */
import { randomBytes } from 'node:crypto'
import { Overlay, type StateReader } from '../../state/view'
import { lvErr } from './rules-common'

/** the events of one file a dry run checks together, over its parts (10 parts of 5,000) */
export const DRY_RUN_SESSION_MAX_EVENTS = 50_000
/** dry runs a node keeps between parts at once */
export const MAX_SESSIONS = 2
/** how long a dry run waits for its next part */
export const SESSION_IDLE_MS = 10 * 60_000

export interface DryRunSession {
  readonly id: string
  readonly signer: string
  readonly overlay: Overlay
  /** events checked so far */
  events: number
  touched: number
}

export class DryRunSessions {
  private readonly open = new Map<string, DryRunSession>()
  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The session to check `count` more events on: a new one (no `id`), or the one `id` names for this signer
   * (LIVESTOCK_DRY_RUN_EXPIRED when it is not kept, or is another signer's; LIVESTOCK_DRY_RUN_TOO_LONG past the
   * bound). Taken out until `keep` puts it back.
   */
  take(id: string | undefined, signer: string, count: number, committed: StateReader): DryRunSession {
    this.expire()
    let s: DryRunSession
    if (id === undefined) {
      s = { id: randomBytes(16).toString('hex'), signer, overlay: new Overlay(committed), events: 0, touched: this.now() }
    } else {
      const found = this.open.get(id)
      if (found === undefined || found.signer !== signer) {
        throw lvErr('LIVESTOCK_DRY_RUN_EXPIRED', 'the dry run to continue is not kept (it expired, or another took its place): check the file from its start')
      }
      s = found
    }
    // refused before it is taken out: a part too long leaves the dry run kept (a shorter part may continue it)
    if (s.events + count > DRY_RUN_SESSION_MAX_EVENTS) {
      throw lvErr('LIVESTOCK_DRY_RUN_TOO_LONG', `a dry run checks at most ${DRY_RUN_SESSION_MAX_EVENTS} events of one file`, { max: DRY_RUN_SESSION_MAX_EVENTS })
    }
    this.open.delete(s.id)
    return s
  }

  /**
   * Keeps the session for its next part, dropping beyond MAX_SESSIONS the oldest of its own signer's other dry runs
   * first (a signer starting dry runs again and again replaces its own), and only then the oldest of all.
   */
  keep(s: DryRunSession): void {
    s.touched = this.now()
    this.open.delete(s.id) // kept again: now the newest
    this.open.set(s.id, s)
    while (this.open.size > MAX_SESSIONS) {
      let drop: string | undefined
      for (const [id, o] of this.open) {
        if (o.signer === s.signer && id !== s.id) {
          drop = id
          break
        }
      }
      this.open.delete(drop ?? this.open.keys().next().value!)
    }
  }

  get size(): number {
    return this.open.size
  }

  private expire(): void {
    const t = this.now()
    for (const [id, s] of this.open) if (t - s.touched > SESSION_IDLE_MS) this.open.delete(id)
  }
}

const byNode = new WeakMap<object, DryRunSessions>()
/** The dry runs of one node (by its RegistryHost, made once per node). */
export function sessionsOf(node: object): DryRunSessions {
  let s = byNode.get(node)
  if (s === undefined) byNode.set(node, (s = new DryRunSessions()))
  return s
}
