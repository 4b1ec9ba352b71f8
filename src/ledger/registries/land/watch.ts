/**
 * A bank's watch list and its change notifications (등기변동 알림, docs/adr/0038): node-local, never consensus. The
 * list holds register numbers (added, removed); while the land index catches up (local-index.ts) each land
 * transaction of a block on a watched register becomes notifications in words — an application or a commission
 * received, an entry entered, an entry cancelled, an application rejected or withdrawn — with the block's height and
 * day, unread until read. Keys (RegistryHost.keepLocal, under `land-watch/`):
 *   land-watch/w/<number>                          { number, addedAt, active }
 *   land-watch/n/<999999999999 - height>/<tx>/<k>  a notification (newest first in key order)
 */
import { DaejangError } from '../../../shared/errors'
import { utf8 } from '../../codec/bytes'
import type { CommittedReader, LocalBlock } from '../types'
import { applicationKey, headKey, receiptCounterKey } from './portable/keys'
import { normalizeRegisterNumber } from './portable/numbers'
import type { LandRequest, StoredApplication, StoredEntry } from './portable/schema'
import { PURPOSE_WORDS, SECTION_WORDS } from './portable/words'
import { readRegister } from './rules'

const WATCH = 'land-watch/w/'
const NOTES = 'land-watch/n/'
/** registers one node watches at most */
export const MAX_WATCHED = 10_000
/** notifications one read returns at most (the newest) */
export const MAX_NOTES_READ = 1_000
/** how far back from an office's last receipt a notification looks for the application a block received */
const RECEIPT_LOOKBACK = 2_000
const INV = 999_999_999_999
const KST_MS = 9 * 3600_000

const dec = new TextDecoder()
const parse = <T,>(raw: Uint8Array | undefined): T | undefined => (raw === undefined ? undefined : (JSON.parse(dec.decode(raw)) as T))
const enc = (v: unknown): Uint8Array => utf8(JSON.stringify(v))

export interface WatchItem {
  number: string
  /** when it was added (ms since the epoch, this node's clock) */
  addedAt: number
  active: boolean
}

export type WatchKind = 'application' | 'commission' | 'entry' | 'cancellation' | 'rejected' | 'withdrawn'

/** A change on a watched register, in words, with the block it came in. */
export interface WatchNote {
  id: string
  register: string
  height: number
  /** the block's time, ms since the epoch */
  time: number
  /** the block's day in Korean time (YYYY-MM-DD) */
  day: string
  kind: WatchKind
  purpose: string | null
  /** the entry's section and rank (an entry or a cancellation) */
  section: 'A' | 'B' | null
  rank: string | null
  /** the application's receipt, when found */
  receipt: { office: string; year: number; number: number } | null
  /** what changed, in words */
  words: { ko: string; en: string }
  read: boolean
}

/** The numbers on the watch list (active ones). */
export async function watchedNumbers(state: CommittedReader): Promise<Set<string>> {
  return new Set((await listWatch(state)).map((w) => w.number))
}

export async function listWatch(state: CommittedReader): Promise<WatchItem[]> {
  const keys = await state.auxKeys(WATCH, MAX_WATCHED * 2)
  const out: WatchItem[] = []
  for (const k of keys) {
    const w = parse<WatchItem>(await state.getAux(k))
    if (w?.active) out.push(w)
  }
  return out
}

function checkedNumber(number: string): string {
  const n = normalizeRegisterNumber(number)
  if (n === null) throw new DaejangError('LAND_REGISTER_UNKNOWN', `not a register number: ${number} (NNNN-YYYY-NNNNNN)`)
  return n
}

/** Put a register on the watch list (it must exist); adding it again changes nothing. */
export async function addWatch(
  state: CommittedReader,
  keep: (e: ReadonlyArray<readonly [string, Uint8Array]>) => Promise<void>,
  number: string,
  now: number,
): Promise<WatchItem> {
  const n = checkedNumber(number)
  if ((await state.get(headKey(n))) === undefined) throw new DaejangError('LAND_REGISTER_UNKNOWN', `no register has the number ${n}`)
  const known = parse<WatchItem>(await state.getAux(WATCH + n))
  if (known?.active) return known
  if ((await listWatch(state)).length >= MAX_WATCHED) throw new DaejangError('LAND_WATCH_LIMIT', `a node watches at most ${MAX_WATCHED} registers`)
  const item: WatchItem = { number: n, addedAt: now, active: true }
  await keep([[WATCH + n, enc(item)]])
  return item
}

/** Take a register off the watch list (its notifications stay); whether it was on it. */
export async function removeWatch(
  state: CommittedReader,
  keep: (e: ReadonlyArray<readonly [string, Uint8Array]>) => Promise<void>,
  number: string,
): Promise<boolean> {
  const n = checkedNumber(number)
  const known = parse<WatchItem>(await state.getAux(WATCH + n))
  if (!known?.active) return false
  await keep([[WATCH + n, enc({ ...known, active: false })]])
  return true
}

export interface NotesQuery {
  unreadOnly?: boolean
  register?: string
  limit?: number
}

/** Notifications, newest first, and how many of the newest MAX_NOTES_READ are unread. */
export async function listNotes(state: CommittedReader, q: NotesQuery = {}): Promise<{ notes: WatchNote[]; unread: number }> {
  const keys = await state.auxKeys(NOTES, MAX_NOTES_READ)
  const limit = Math.min(q.limit ?? 100, MAX_NOTES_READ)
  const register = q.register === undefined ? undefined : checkedNumber(q.register)
  const notes: WatchNote[] = []
  let unread = 0
  for (const k of keys) {
    const n = parse<WatchNote>(await state.getAux(k))
    if (n === undefined) continue
    if (!n.read) unread++
    if ((q.unreadOnly && n.read) || (register !== undefined && n.register !== register)) continue
    if (notes.length < limit) notes.push(n)
  }
  return { notes, unread }
}

/** Mark notifications read (by id; all of them when `ids` is null); how many changed. */
export async function markRead(
  state: CommittedReader,
  keep: (e: ReadonlyArray<readonly [string, Uint8Array]>) => Promise<void>,
  ids: readonly string[] | null,
): Promise<number> {
  const keys = ids === null ? await state.auxKeys(NOTES, MAX_NOTES_READ) : ids.filter((id) => /^\d{12}-\d{5}-\d{2}$/.test(id)).map(noteKeyOf)
  const writes: Array<readonly [string, Uint8Array]> = []
  for (const k of keys) {
    const n = parse<WatchNote>(await state.getAux(k))
    if (n !== undefined && !n.read) writes.push([k, enc({ ...n, read: true })])
  }
  if (writes.length > 0) await keep(writes)
  return writes.length
}

const noteKeyOf = (id: string): string => NOTES + id.replaceAll('-', '/')

/** The batch entries of new notifications. */
export function writeNotes(notes: readonly WatchNote[]): Array<readonly [string, Uint8Array]> {
  return notes.map((n) => [noteKeyOf(n.id), enc(n)] as const)
}

const purposeWords = (p: string | null): { ko: string; en: string } =>
  p !== null && Object.hasOwn(PURPOSE_WORDS, p) ? PURPOSE_WORDS[p]! : { ko: '등기', en: 'Registration' }
const place = (section: 'A' | 'B', rank: string): { ko: string; en: string } => ({
  ko: `${SECTION_WORDS[section].ko} ${rank}번`,
  en: `section ${section}, rank ${rank}`,
})

/** The application a block received by this transaction: found back from its office's last receipt. */
async function applicationOf(state: CommittedReader, office: string, block: LocalBlock, tx: string): Promise<StoredApplication | null> {
  const year = new Date(block.time + KST_MS).getUTCFullYear()
  const last = await state.get(receiptCounterKey(office, year))
  if (typeof last !== 'number') return null
  for (let r = last; r >= 1 && r > last - RECEIPT_LOOKBACK; r--) {
    const app = (await state.get(applicationKey(office, year, r))) as unknown as StoredApplication | undefined
    if (app === undefined) continue
    if (app.tx === tx) return app
    if (app.height < block.height) return null
  }
  return null
}

/**
 * The notifications one land transaction of a block makes on a watched register: what changed, in words. Reads
 * state at the head (entries are immutable and name the transaction that wrote them).
 */
export async function notesOfBlock(
  state: CommittedReader,
  block: LocalBlock,
  tx: LocalBlock['txs'][number],
  number: string,
): Promise<WatchNote[]> {
  const index = block.txs.indexOf(tx)
  const day = new Date(block.time + KST_MS).toISOString().slice(0, 10)
  const base = { register: number, height: block.height, time: block.time, day, read: false }
  const out: WatchNote[] = []
  const add = (n: Omit<WatchNote, 'id' | keyof typeof base>): void => {
    const id = `${String(INV - block.height).padStart(12, '0')}-${String(index).padStart(5, '0')}-${String(out.length).padStart(2, '0')}`
    out.push({ id, ...base, ...n })
  }
  const p = tx.payload as Record<string, unknown>
  if (tx.type === 'land.apply' || tx.type === 'land.commission') {
    const request = p.request as LandRequest
    const app = typeof p.office === 'string' ? await applicationOf(state, p.office, block, tx.hash) : null
    const w = purposeWords(request.purpose)
    const commission = tx.type === 'land.commission'
    const rc = app === null ? null : { office: app.office, year: app.year, number: app.receipt }
    add({
      kind: commission ? 'commission' : 'application',
      purpose: request.purpose,
      section: null,
      rank: null,
      receipt: rc,
      words: {
        ko: `${w.ko} ${commission ? '촉탁' : '신청'}이 접수되었습니다${rc ? ` (접수 제${rc.number}호)` : ''}.`,
        en: `${commission ? 'A commission' : 'An application'} for ${w.en.toLowerCase()} was received${rc ? ` (receipt no. ${rc.number})` : ''}.`,
      },
    })
    return out
  }
  if (tx.type === 'land.reject' || tx.type === 'land.withdraw') {
    const app = (await state.get(applicationKey(String(p.office), Number(p.year), Number(p.receipt)))) as unknown as StoredApplication | undefined
    if (app === undefined) return out
    const w = purposeWords(app.request.purpose)
    const rc = { office: app.office, year: app.year, number: app.receipt }
    const rejected = tx.type === 'land.reject'
    add({
      kind: rejected ? 'rejected' : 'withdrawn',
      purpose: app.request.purpose,
      section: null,
      rank: null,
      receipt: rc,
      words: rejected
        ? { ko: `접수 제${rc.number}호 ${w.ko} 신청이 각하되었습니다.`, en: `The application for ${w.en.toLowerCase()} (receipt no. ${rc.number}) was rejected.` }
        : { ko: `접수 제${rc.number}호 ${w.ko} 신청이 취하되었습니다.`, en: `The application for ${w.en.toLowerCase()} (receipt no. ${rc.number}) was withdrawn.` },
    })
    return out
  }
  // an entry (entered, rebound, opened): the entries this transaction wrote, from the register
  const reg = await readRegister(state, number).catch(() => null)
  if (reg === null) return out
  for (const e of reg.entries) {
    if (e.tx !== tx.hash) continue
    add(entryNote(e, reg.entries))
  }
  return out
}

function entryNote(e: StoredEntry, all: readonly StoredEntry[]): Omit<WatchNote, 'id' | 'register' | 'height' | 'time' | 'day' | 'read'> {
  const at = place(e.section, e.rank)
  const receipt = { office: e.receipt.office, year: Number(e.receipt.on.slice(0, 4)), number: e.receipt.number }
  if (e.purpose === 'cancellation' && e.target !== null) {
    const target = all.find((x) => x.section === e.target!.section && x.rank === e.target!.rank && x.purpose !== 'holder.alteration')
    const tw = purposeWords(target?.purpose ?? null)
    const tp = place(e.target.section, e.target.rank)
    return {
      kind: 'cancellation',
      purpose: e.purpose,
      section: e.section,
      rank: e.rank,
      receipt,
      words: {
        ko: `${tp.ko} ${tw.ko} 등기가 말소되었습니다 (${at.ko}).`,
        en: `The ${tw.en.toLowerCase()} at ${tp.en} was cancelled (${at.en}).`,
      },
    }
  }
  const w = purposeWords(e.purpose)
  return {
    kind: 'entry',
    purpose: e.purpose,
    section: e.section,
    rank: e.rank,
    receipt,
    words: { ko: `${at.ko}에 ${w.ko} 등기가 기입되었습니다.`, en: `${w.en} was entered at ${at.en}.` },
  }
}
