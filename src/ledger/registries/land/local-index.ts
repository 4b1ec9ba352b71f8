/**
 * The land register's node-local indexes (docs/adr/0038): an address index (지번 and 도로명, every run of words of
 * the address normal form, portable/address.ts) and an owner index (identifier hash → registers where that holder is
 * a current owner or holds a live right). They are rebuilt from committed blocks, never consensus: kept in the node's
 * LevelDB beside the chain (RegistryHost.keepLocal, keys under `land-ix/`) with the height they are caught up to.
 *
 * Catching up reads the stored blocks after that height a chunk at a time, finds the registers each land transaction
 * touched (an opening: the office's new numbers, up to its sequence as of that block; an application, entry, rejection, withdrawal or rebinding: the register
 * it names) and writes, for each, its index keys as the register stands at the head — with the chunk's watch-list
 * notifications (watch.ts) and the new height, in one synced batch. A crash loses at most the chunk under way, which
 * the next run does again; writing a register's keys twice writes the same keys (idempotent).
 *
 * Keys are never deleted: an index key names a candidate, and every answer is checked against state before it is
 * given (the address still matches, the holder still owns or holds), so a key a later block made stale is skipped.
 */
import { DaejangError } from '../../../shared/errors'
import { utf8 } from '../../codec/bytes'
import type { Canonical } from '../../codec/canonical'
import type { JsonValue } from '../../types/tx'
import type { LocalBlock, RegistryHost } from '../types'
import { addressTokens } from './portable/address'
import { applicationKey, currentKey, headKey, sequenceKey } from './portable/keys'
import { formatRegisterNumber, normalizeRegisterNumber, parseRegisterNumber } from './portable/numbers'
import type { CurrentState, Head, StoredApplication } from './portable/schema'
import { addressOf } from './queries'
import { type WatchNote, notesOfBlock, watchedNumbers, writeNotes } from './watch'

export const INDEX_PREFIX = 'land-ix/'
const HEIGHT_KEY = 'land-ix/height'
/** a form's words, then this separator, then the register's number */
const SEP = '\u0001'
export const addressIndexKey = (form: string, number: string): string => `land-ix/a/${form}${SEP}${number}`
export const ownerIndexKey = (idHash: string, number: string): string => `land-ix/o/${idHash}/${number}`
const seqKey = (office: string, year: number): string => `land-ix/seq/${office}/${year}`

/** blocks read and written as one batch while catching up */
export const CHUNK_BLOCKS = 200
/** blocks behind the head past which a read does not wait for the index (it answers without it at once) */
export const FAR_BEHIND = 1_000
/** registers touched by one batch at most: a chunk ends at the block that reaches it */
export const MAX_CHUNK_REGISTERS = 5_000
/** index keys one search walks at most (a query wider than this is refused: LAND_SEARCH_TOO_WIDE) */
export const MAX_INDEX_KEYS = 50_000

const KST_MS = 9 * 3600_000

/** transactions (or registers) handled between two yields to the event loop while catching up */
export const YIELD_TXS = 100
/** the transaction types that take an office's next register number (rules.ts nextNumber) */
const NUMBERING_TYPES = new Set(['land.register.open', 'land.complex.define'])
/** numbers past those found by numbering that a block's sequence may show and are still indexed */
const MAX_UNMODELLED = 1_000

/** Let the event loop run what waits (a block commit, an API request) before going on. */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

const enc = (v: unknown): Uint8Array => utf8(JSON.stringify(v))

/** The index words of an address: every run from each word to the end (so a query may start anywhere). */
export function addressForms(text: string): string[] {
  const t = addressTokens(text)
  const out: string[] = []
  for (let i = 0; i < t.length; i++) out.push(t.slice(i).join(' '))
  return out
}

/** A query word against an address word: a lot number whole (or with its sub-number), other words as a prefix. */
function wordMatches(q: string, a: string, last: boolean): boolean {
  if (/^\d/.test(q)) return q === a || a.startsWith(q + '-')
  return last ? a.startsWith(q) : q === a
}

/** Whether an index form answers the query's words: each word whole, the last a prefix (a lot number whole). */
export function formAnswers(qWords: readonly string[], form: string): boolean {
  const f = form.split(' ')
  if (f.length < qWords.length) return false
  return qWords.every((q, i) => wordMatches(q, f[i]!, i === qWords.length - 1))
}

/** The holders' identifier hashes of a register as it stands: current owners and holders of live rights. */
export function holderHashes(cur: CurrentState): Set<string> {
  const out = new Set<string>()
  for (const o of cur.owners) if (o.holder.idHash) out.add(o.holder.idHash)
  for (const l of cur.live) for (const h of l.holders) if (h.idHash) out.add(h.idHash)
  return out
}

type Payload = Record<string, unknown>
const obj = (v: JsonValue): Payload => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Payload) : {})
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)

/** A register number a payload names (checked), or null. */
function numberIn(v: unknown): string | null {
  const s = str(v)
  return s === null ? null : normalizeRegisterNumber(s)
}

export interface IndexStatus {
  /** the height the indexes are caught up to */
  height: number
  /** the chain's head */
  head: number
  caughtUp: boolean
  /** why catching up stopped (a block this node does not hold), or null */
  problem: string | null
}

/**
 * The land indexes of one node (one per RegistryHost: `landLocal(host)`). Catching up runs one at a time; reads
 * wait for it a bounded time (`ensure`).
 */
export class LandLocal {
  private known: number | null = null
  private running: Promise<void> | null = null
  private problem: string | null = null

  constructor(readonly host: RegistryHost) {}

  private headHeight(): number {
    return this.host.state.head()?.height ?? 0
  }

  /** The height the indexes are caught up to (0: nothing indexed yet). */
  async height(): Promise<number> {
    if (this.known !== null) return this.known
    const raw = await this.host.state.getAux(HEIGHT_KEY)
    const n = raw === undefined ? 0 : Number(new TextDecoder().decode(raw))
    this.known = Number.isSafeInteger(n) && n >= 0 ? n : 0
    return this.known
  }

  async status(): Promise<IndexStatus> {
    const height = await this.height()
    const head = this.headHeight()
    return { height, head, caughtUp: height >= head, problem: this.problem }
  }

  /** Start catching up (if not already under way); resolves when the indexes reach the head (or stop). */
  kick(): Promise<void> {
    if (this.running === null) {
      this.running = this.run()
        .catch((e: unknown) => {
          this.problem = e instanceof Error ? e.message : String(e)
        })
        .finally(() => {
          this.running = null
        })
    }
    return this.running
  }

  /** Catch up, waiting at most `waitMs`: whether the indexes then stand at the head as of the call. */
  async ensure(waitMs: number): Promise<boolean> {
    const target = this.headHeight()
    const height = await this.height()
    if (height >= target) return true
    // far behind (a node that just started on a long chain): no request waits for it
    if (target - height > FAR_BEHIND) {
      void this.kick()
      return false
    }
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([this.kick(), new Promise<void>((r) => (timer = setTimeout(r, waitMs)))])
    clearTimeout(timer)
    return (await this.height()) >= target
  }

  /** Catch up now, whatever it takes (tests, the CLI's rebuild). */
  async catchUp(): Promise<IndexStatus> {
    await this.kick()
    // a block committed while the run ended: once more
    if ((await this.height()) < this.headHeight()) await this.kick()
    return this.status()
  }

  /** Catch up after each block this node commits; the function returned stops it. */
  start(): () => void {
    let active = true
    const off = this.host.blocks.onCommit(() => {
      if (active) void this.kick()
    })
    void this.kick()
    return () => {
      active = false
      off()
    }
  }

  private async run(): Promise<void> {
    this.problem = null
    for (;;) {
      const from = (await this.height()) + 1
      const head = this.headHeight()
      if (from > head) return
      await this.chunk(from, Math.min(head, from + CHUNK_BLOCKS - 1))
    }
  }

  /**
   * Index blocks from..to (fewer when the registers touched reach MAX_CHUNK_REGISTERS) and write it all, with the new
   * height, in one batch. Yields to the event loop between blocks and every YIELD_TXS transactions, so a catch-up over
   * a long chain never holds the node's main thread (block commits, API requests) for more than a slice.
   */
  private async chunk(from: number, to: number): Promise<void> {
    const state = this.host.state
    const touched = new Set<string>()
    /** office/year → the last register sequence indexed (the opened numbers of a block: after it, up to the block's) */
    const seqs = new Map<string, number>()
    const watched = await watchedNumbers(state)
    const notes: WatchNote[] = []
    let end = to
    let sinceYield = 0
    for (let h = from; h <= to; h++) {
      const block = await this.host.blocks.read(h)
      if (block === null) throw new DaejangError('UNKNOWN_HEIGHT', `this node does not hold block ${h}: the land index cannot catch up past ${from - 1}`)
      const year = yearOf(block)
      /** office → the numbers this block's openings took, found by numbering as execution does */
      const numbering = new Map<string, number>()
      const seqOf = async (office: string): Promise<number> => {
        const oy = `${office}/${year}`
        let last = numbering.get(office) ?? seqs.get(oy)
        if (last === undefined) {
          const raw = await state.getAux(seqKey(office, year))
          last = raw === undefined ? 0 : Number(new TextDecoder().decode(raw))
        }
        return last
      }
      for (const tx of block.txs) {
        if (++sinceYield >= YIELD_TXS) {
          sinceYield = 0
          await yieldToLoop()
        }
        if (!tx.type.startsWith('land.')) continue
        const p = obj(tx.payload)
        const office = str(p.office)
        if (office !== null && NUMBERING_TYPES.has(tx.type)) {
          // an opening or a complex takes the office's next number of the block's year (rules.ts nextNumber)
          const seq = (await seqOf(office)) + 1
          numbering.set(office, seq)
          touched.add(formatRegisterNumber({ office, year, seq }))
        } else if (office !== null && tx.type === 'land.register.migrate') {
          // a migrated number (and its complex's) of this year raises the sequence: live numbers continue after it
          for (const n of [numberIn(p.number), numberIn(obj((p.head ?? null) as JsonValue).complex)]) {
            const parsed = n === null ? null : parseRegisterNumber(n)
            if (parsed !== null && parsed.office === office && parsed.year === year) numbering.set(office, Math.max(await seqOf(office), parsed.seq))
          }
        }
        const number = await registerOf(state, tx.type, p)
        if (number === null) continue
        touched.add(number)
        if (watched.has(number)) notes.push(...(await notesOfBlock(state, block, tx, number)))
      }
      for (const [office, seq] of numbering) {
        // what execution left (as of this block where the node keeps it): numbers past the ones found are indexed
        // too, a bounded few (a numbering this index does not model would otherwise go unseen)
        const { seq: upTo, exact } = await this.sequenceAt(office, year, h)
        for (let k = seq + 1; k <= Math.min(upTo, seq + MAX_UNMODELLED); k++) touched.add(formatRegisterNumber({ office, year, seq: k }))
        // the head's sequence (the state of h not kept) is not this block's: the numbering found goes on from its own
        // count, or a later block's openings past a far migrated number would be numbered from the head and missed
        seqs.set(`${office}/${year}`, exact ? Math.max(seq, upTo) : seq)
      }
      if (touched.size >= MAX_CHUNK_REGISTERS) {
        end = h
        break
      }
      await yieldToLoop()
    }
    const writes: Array<readonly [string, Uint8Array]> = []
    for (const [oy, seq] of seqs) {
      const [office, y] = oy.split('/') as [string, string]
      writes.push([seqKey(office, Number(y)), utf8(String(seq))])
    }
    let n = 0
    for (const number of touched) {
      writes.push(...(await this.keysOf(number)))
      if (++n % YIELD_TXS === 0) await yieldToLoop()
    }
    writes.push(...writeNotes(notes))
    writes.push([HEIGHT_KEY, utf8(String(end))])
    await this.host.keepLocal(writes)
    this.known = end
  }

  /**
   * An office's register sequence after block h: as of h where the node keeps that height's state (exact), else at the
   * head (a pruned height, or reads busy: the numbers opened after h, up to MAX_UNMODELLED, are then indexed early,
   * which changes nothing — the same keys — but the head's sequence is not carried on as this block's).
   */
  private async sequenceAt(office: string, year: number, h: number): Promise<{ seq: number; exact: boolean }> {
    let v: Canonical | undefined
    let exact = true
    try {
      v = await this.host.stateAsOf(sequenceKey(office, year), h)
    } catch {
      v = await this.host.state.get(sequenceKey(office, year))
      exact = false
    }
    return { seq: typeof v === 'number' ? v : 0, exact }
  }

  /** The index keys of a register as it stands at the head (none when it does not exist: a complex's number). */
  private async keysOf(number: string): Promise<Array<readonly [string, Uint8Array]>> {
    const state = this.host.state
    const head = (await state.get(headKey(number))) as unknown as Head | undefined
    const cur = (await state.get(currentKey(number))) as unknown as CurrentState | undefined
    if (head === undefined || cur === undefined) return []
    const out: Array<readonly [string, Uint8Array]> = []
    const { address, road } = await addressOf(state, head)
    const forms = new Set([...addressForms(address), ...(road === null ? [] : addressForms(road))])
    for (const f of forms) out.push([addressIndexKey(f, number), enc(1)])
    for (const h of holderHashes(cur)) out.push([ownerIndexKey(h, number), enc(1)])
    return out
  }

  /**
   * Registers whose address (지번 or 도로명) has the query's words as a run: each word whole, the last a prefix, a
   * lot number whole ("세종로 1" finds 1 and 1-3, not 12), in the index's order (by address, then number). Candidates
   * only: the caller checks each against state. LAND_SEARCH_TOO_WIDE past MAX_INDEX_KEYS keys walked.
   */
  async searchAddress(query: string, limit: number): Promise<string[]> {
    const q = addressTokens(query)
    if (q.length === 0) return []
    const prefix = `land-ix/a/${q.join(' ')}`
    let cap = Math.min(limit * 4 + 16, MAX_INDEX_KEYS)
    for (;;) {
      const keys = await this.host.state.auxKeys(prefix, cap)
      const out: string[] = []
      const seen = new Set<string>()
      for (const k of keys) {
        const at = k.lastIndexOf(SEP)
        const form = k.slice('land-ix/a/'.length, at)
        const number = k.slice(at + 1)
        if (seen.has(number) || !formAnswers(q, form)) continue
        seen.add(number)
        out.push(number)
        if (out.length >= limit) return out
      }
      if (keys.length < cap) return out
      if (cap >= MAX_INDEX_KEYS) {
        throw new DaejangError('LAND_SEARCH_TOO_WIDE', `this search would walk more than ${MAX_INDEX_KEYS.toLocaleString('en-US')} index entries: give more of the address`)
      }
      cap = Math.min(cap * 8, MAX_INDEX_KEYS)
    }
  }

  /** Registers where a holder with this identifier hash owns or holds a live right, as indexed (candidates). */
  async ownersOf(idHash: string, limit: number): Promise<string[]> {
    const prefix = `land-ix/o/${idHash}/`
    const keys = await this.host.state.auxKeys(prefix, limit)
    return keys.map((k) => k.slice(prefix.length))
  }
}

function yearOf(block: LocalBlock): number {
  return new Date(block.time + KST_MS).getUTCFullYear()
}

/** The register a land transaction concerns: named in its payload, or through the application it decides. */
async function registerOf(state: RegistryHost['state'], type: string, p: Payload): Promise<string | null> {
  const request = p.request !== null && typeof p.request === 'object' ? (p.request as Payload) : null
  if (request !== null) return numberIn(request.register)
  if (p.register !== undefined) return numberIn(p.register)
  // a migrated register keeps its own number (docs/adr/0037), whatever the year of the block that opens it
  if (type === 'land.register.migrate') return numberIn(p.number)
  const office = str(p.office)
  if (office !== null && typeof p.year === 'number' && typeof p.receipt === 'number' && type !== 'land.office.define') {
    const app = (await state.get(applicationKey(office, p.year, p.receipt))) as unknown as StoredApplication | undefined
    return app === undefined ? null : numberIn(app.request.register)
  }
  return null
}

const locals = new WeakMap<RegistryHost, LandLocal>()

/** The land indexes of a node, by its RegistryHost (one instance per host). */
export function landLocal(host: RegistryHost): LandLocal {
  let l = locals.get(host)
  if (l === undefined) {
    l = new LandLocal(host)
    locals.set(host, l)
  }
  return l
}
