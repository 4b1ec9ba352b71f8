/**
 * How a batch submission (`livestock.batch`, docs/adr/0047) reads in words: its type, its fields, and one line saying
 * how many reports of which kinds it carries ("출생 신고 120건, 귀표 부착 118건 일괄 신고"). Merged into the register's
 * words by `withBatchWords` (one line in portable/index.ts). Portable.
 */
import type { Locale, RegistryWords, Words } from '../../portable-types'

/** The event kinds a batch carries, as a count reads ("출생 신고 3건" / "3 birth reports"). */
export const BATCH_EVENT_WORDS: Readonly<Record<string, Words>> = {
  'livestock.birth': { ko: '출생 신고', en: 'birth reports' },
  'livestock.tag': { ko: '귀표 부착', en: 'ear tags' },
  'livestock.vet': { ko: '접종·검사', en: 'vaccinations and tests' },
  'livestock.death': { ko: '폐사 신고', en: 'death reports' },
  'livestock.slaughter': { ko: '도축', en: 'slaughters' },
  'livestock.grade': { ko: '등급 판정', en: 'gradings' },
  'livestock.pack': { ko: '포장', en: 'packs' },
  'livestock.sale': { ko: '판매', en: 'sales' },
  'livestock.dna': { ko: 'DNA 검사', en: 'DNA checks' },
}

/** One line for a batch: its reports counted by kind, most first. Null when the payload is not a batch's shape. */
export function describeBatch(payload: unknown, locale: Locale): string | null {
  if (payload === null || typeof payload !== 'object') return null
  const events = (payload as { events?: unknown }).events
  if (!Array.isArray(events) || events.length === 0) return null
  const counts = new Map<string, number>()
  for (const e of events as unknown[]) {
    const type = e !== null && typeof e === 'object' ? (e as { type?: unknown }).type : undefined
    if (typeof type !== 'string' || !Object.hasOwn(BATCH_EVENT_WORDS, type)) return null
    counts.set(type, (counts.get(type) ?? 0) + 1)
  }
  const parts = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([t, n]) => (locale === 'ko' ? `${BATCH_EVENT_WORDS[t]!.ko} ${n.toLocaleString('ko-KR')}건` : `${n.toLocaleString('en-US')} ${BATCH_EVENT_WORDS[t]!.en}`))
  return locale === 'ko' ? `${parts.join(', ')} 일괄 신고` : `Batch of ${parts.join(', ')}`
}

/** The register's words with the batch's added. */
export function withBatchWords(w: RegistryWords): RegistryWords {
  return {
    ...w,
    txTypes: { ...w.txTypes, 'livestock.batch': { ko: '일괄 신고', en: 'Batch of reports' } },
    fields: {
      ...w.fields,
      events: { ko: '신고 목록', en: 'Reports' },
      type: { ko: '신고 종류', en: 'Kind of report' },
      payload: { ko: '신고 내용', en: 'Report' },
    },
    // an event's type reads as the type's own name ("출생 신고" / "Birth report")
    values: { ...w.values, type: { ...w.values?.type, ...Object.fromEntries(Object.keys(BATCH_EVENT_WORDS).flatMap((t) => (w.txTypes[t] ? [[t, w.txTypes[t]]] : []))) } },
    describe(type, payload, locale, names) {
      if (type === 'livestock.batch') return describeBatch(payload, locale)
      return w.describe?.(type, payload, locale, names) ?? null
    },
  }
}
