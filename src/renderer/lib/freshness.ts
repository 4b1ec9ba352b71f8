/**
 * How fresh a screen's data is, in facts and then in words (issue 15 item 6, docs/adr/0066): as of which block and
 * time it was read, whether the node has newer blocks than the screen shows, and what the node's network says of the
 * consortium — it decides alone, it has peers, it has had none for a while, it is catching up, it does not answer, or
 * no block has come for long. Pure: the component feeds it the node's status, the screen's reads and the clock.
 */
import type { StatusDto } from '../../shared/api'
import type { ReadMark } from '../stores/freshness'

export type FreshnessStatus = Pick<
  StatusDto,
  'height' | 'lastBlockTime' | 'peers' | 'noPeersSince' | 'syncState' | 'syncTarget' | 'validators' | 'nodeKey' | 'label' | 'heartbeatMs'
>

export type Network =
  | { kind: 'alone' }
  | { kind: 'peers'; peers: number }
  | { kind: 'no-peers'; since: number | null }
  | { kind: 'syncing'; height: number; target: number }
  | { kind: 'unreachable' }
  | { kind: 'unknown' }

export interface Freshness {
  /** the block the data is as of: the screen's reads, else the node's latest block; null when nothing is known */
  block: (ReadMark & { read: boolean }) | null
  network: Network
  /** blocks the node has that the screen's data does not show, once that has lasted BEHIND_GRACE_MS (else 0) */
  behind: number
  /** how long no block has come (ms), when that is longer than the consortium's rhythm allows; else null */
  quietMs: number | null
  /** whether anything here should make the reader wary */
  warn: boolean
}

/** A node that makes blocks on its own: a local consortium, one with no network, or one holding over 2/3 of the power. */
export function decidesAlone(s: FreshnessStatus): boolean {
  if (s.label === 'local') return true
  if (s.peers === 0 && s.noPeersSince === null) return true
  const total = s.validators.reduce((a, v) => a + v.power, 0)
  const own = s.validators.filter((v) => s.nodeKey !== '' && v.publicKey === s.nodeKey).reduce((a, v) => a + v.power, 0)
  return total > 0 && own * 3 > total * 2
}

/**
 * How long the screen may be behind the node before it is said: a screen that follows new blocks reads again within
 * moments, and a warning that came and went with every block would only be noise (and chatter for a screen reader).
 */
export const BEHIND_GRACE_MS = 3_000

/** Past how long without a block the silence is worth saying: ten heartbeats, and never under a minute. */
export function quietAfterMs(heartbeatMs: number): number {
  return Math.max(60_000, 10 * (Number.isFinite(heartbeatMs) ? heartbeatMs : 0))
}

export function freshnessOf(input: {
  status: FreshnessStatus | null
  reachable: boolean | null
  asOf: ReadMark | null
  now: number
  /** since when the node has had blocks the screen does not show (rawBehind above 0), null when it has none */
  behindSince?: number | null
}): Freshness & { rawBehind: number } {
  const { status: s, reachable, asOf, now } = input
  const nodeBlock = s && s.height > 0 ? { height: s.height, time: s.lastBlockTime } : null
  const block = asOf ? { ...asOf, time: asOf.time > 0 ? asOf.time : s && asOf.height === s.height ? s.lastBlockTime : 0, read: true } : nodeBlock ? { ...nodeBlock, read: false } : null
  let network: Network
  if (reachable === false) network = { kind: 'unreachable' }
  else if (!s) network = { kind: 'unknown' }
  else if (s.syncState === 'syncing' && s.syncTarget > s.height) network = { kind: 'syncing', height: s.height, target: s.syncTarget }
  else if (decidesAlone(s)) network = { kind: 'alone' }
  else if (s.peers > 0) network = { kind: 'peers', peers: s.peers }
  else network = { kind: 'no-peers', since: typeof s.noPeersSince === 'number' ? s.noPeersSince : null }
  const rawBehind = s && asOf ? Math.max(0, s.height - asOf.height) : 0
  const since = input.behindSince ?? null
  const behind = rawBehind > 0 && since !== null && now - since >= BEHIND_GRACE_MS ? rawBehind : 0
  const quiet = s && s.lastBlockTime > 0 ? now - s.lastBlockTime : 0
  const quietMs = s && network.kind !== 'unreachable' && quiet > quietAfterMs(s.heartbeatMs) ? quiet : null
  const warn = behind > 0 || quietMs !== null || network.kind === 'no-peers' || network.kind === 'syncing' || network.kind === 'unreachable'
  return { block, network, behind, rawBehind, quietMs, warn }
}

type Translate = (key: string, named?: Record<string, unknown>, plural?: number) => string

/** "12 minutes" / "12분": a span in its largest whole unit (seconds under a minute, … days past two days). */
export function formatSpan(ms: number, locale: string): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  const [n, unit] =
    s < 60 ? [s, 'second'] : s < 3_600 ? [Math.floor(s / 60), 'minute'] : s < 2 * 86_400 ? [Math.floor(s / 3_600), 'hour'] : [Math.floor(s / 86_400), 'day']
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(n)
}

export interface FreshnessWords {
  /** as of which block and when */
  block: string
  /** the network's state */
  network: string
  /** the node has newer blocks than shown, or null */
  behind: string | null
  /** no block for long, or null */
  quiet: string | null
  /** what a screen reader hears when it changes: the state, without the ticking ages and the heights */
  summary: string
}

export function freshnessWords(f: Freshness, t: Translate, locale: string, now: number, formatTime: (ms: number) => string): FreshnessWords {
  const num = (n: number): string => new Intl.NumberFormat(locale).format(n)
  const age = (time: number): string => formatSpan(now - Math.min(time, now), locale)
  const b = f.block
  const block =
    b === null
      ? t('freshness.noBlock')
      : b.time > 0
        ? t(b.read ? 'freshness.asOf' : 'freshness.nodeAt', { height: num(b.height), age: age(b.time), time: formatTime(b.time) })
        : t(b.read ? 'freshness.asOfHeight' : 'freshness.nodeAtHeight', { height: num(b.height) })
  const n = f.network
  /** `withAge`: the ages and heights that tick (the visible line), else the state only (the live line) */
  const networkText = (withAge: boolean): string => {
    switch (n.kind) {
      case 'alone':
        return t('freshness.alone')
      case 'peers':
        return t('freshness.peers', { n: num(n.peers) }, n.peers)
      case 'no-peers':
        return withAge && n.since !== null ? t('freshness.noPeersFor', { age: age(n.since) }) : t('freshness.noPeers')
      case 'syncing':
        return withAge ? t('freshness.syncing', { height: num(n.height), target: num(n.target) }) : t('freshness.syncingSome')
      case 'unreachable':
        return t('freshness.unreachable')
      case 'unknown':
        return t('freshness.unknown')
    }
  }
  const behind = f.behind > 0 ? t('freshness.behind', { n: num(f.behind) }, f.behind) : null
  const quiet = f.quietMs !== null ? t('freshness.quiet', { age: formatSpan(f.quietMs, locale) }) : null
  // the state only: no height nor count, which change with every block and would be read out each time
  const summary = [networkText(false), f.behind > 0 ? t('freshness.behindSome') : null, f.quietMs !== null ? t('freshness.quietNoAge') : null]
    .filter((x) => x !== null)
    .join(' ')
  return { block, network: networkText(true), behind, quiet, summary }
}
