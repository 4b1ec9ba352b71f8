/**
 * An activity entry in words (the node's log, ledger/node/activity.ts, and this device's refused outbox items): the
 * event's sentence with its details filled in — a transaction type and an error code in words, a node key short —
 * in Korean or English. Portable: the screen and the CLI both use it.
 */
import { resolveParticles } from '../../../shared/particles'
import type { Catalogue } from '../../../ledger/registries/catalogue'
import type { Locale } from '../../../ledger/registries/portable-types'
import messages from './messages'

export interface ActivityLike {
  event: string
  code?: string
  details: Record<string, string | number>
}

type Words = Pick<Catalogue, 'txTypeWords' | 'errorSentence'>

const shortKey = (k: string): string => (/^[0-9a-f]{64}$/.test(k) ? `${k.slice(0, 8)}…${k.slice(-4)}` : k.slice(0, 24))

/**
 * The sentence's key under `events` and its values in words. The screen says it with its i18n (whose messages are
 * compiled), the CLI with activityText below.
 */
export function activityWords(e: ActivityLike, locale: Locale, words: Words, formatNumber: (n: number) => string = String): { key: string; values: Record<string, string> } {
  const name = e.event.replaceAll('.', '_')
  const key = Object.hasOwn(messages.ko.events, name) ? name : 'unknown'
  const values: Record<string, string> = {}
  for (const [k, v] of Object.entries(e.details)) values[k] = typeof v === 'number' ? formatNumber(v) : v
  if (typeof e.details.txType === 'string') values.txType = words.txTypeWords(e.details.txType, locale)
  if (typeof e.details.peer === 'string') values.peer = shortKey(e.details.peer)
  // entries written before the catch-up told how many nodes served it came from one
  if (key === 'sync_ended' && values.peers === undefined) values.peers = formatNumber(1)
  // a refusal's reason is the code's sentence; a technical line stays only where there is no code (a peer's misdeed)
  if (e.code !== undefined) values.reason = words.errorSentence(e.code, locale)
  else if (values.reason === undefined) values.reason = values.message ?? ''
  return { key, values }
}

/** The entry in words, from the plain messages (the CLI). */
export function activityText(e: ActivityLike, locale: Locale, words: Words, formatNumber: (n: number) => string = String): string {
  const { key, values } = activityWords(e, locale, words, formatNumber)
  const template = (messages[locale].events as Record<string, string>)[key]!
  return resolveParticles(template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m))
}
