/**
 * Where an agency acts, for what its certificates print: the country (an apostille's item 1), the place it certifies
 * at (item 5) and the time zone its times are given in, named.
 *
 * Where the zone comes from (docs/adr/0019): the agency record may name its country (ISO 3166-1 alpha-2) and its
 * IANA time zone; today's records name neither, so the country is the consortium's (Daejang is a consortium of
 * Korean public agencies: KR) and the zone is the country's default (KR: Asia/Seoul, KST). A time is never printed
 * without its zone. Portable (Intl only).
 */

export interface Jurisdiction {
  country: string
  countryName: { ko: string; en: string }
  /** where the agency certifies (the seat of its office), or null when unknown */
  place: { ko: string; en: string } | null
  /** IANA zone */
  timeZone: string
  /** the zone as printed after a time: an abbreviation and its name */
  zone: { short: string; ko: string; en: string }
}

interface CountryDefaults {
  countryName: { ko: string; en: string }
  place: { ko: string; en: string } | null
  timeZone: string
}

/** The countries whose defaults are known: the consortium's own. */
const COUNTRIES: Record<string, CountryDefaults> = {
  KR: { countryName: { ko: '대한민국', en: 'Republic of Korea' }, place: { ko: '서울', en: 'Seoul' }, timeZone: 'Asia/Seoul' },
}

/** Zones with a customary name; any other is named by its UTC offset. */
const ZONES: Record<string, { short: string; ko: string; en: string }> = {
  'Asia/Seoul': { short: 'KST', ko: '한국 표준시', en: 'Korea Standard Time' },
}

export const CONSORTIUM_COUNTRY = 'KR'

/** What an agency record may say about where it acts (both optional). */
export interface AgencyPlace {
  country?: string | null
  timeZone?: string | null
}

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/** The UTC offset of a zone at an instant, as `UTC+9` or `UTC-3:30`. */
function offsetName(timeZone: string, at: number): string {
  const part = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(at))
    .find((p) => p.type === 'timeZoneName')?.value
  if (!part || part === 'GMT') return 'UTC'
  return part.replace('GMT', 'UTC').replace(/([+-])0?(\d+)(?::00)?$/, '$1$2')
}

export function jurisdictionOf(agency: AgencyPlace | null): Jurisdiction {
  const country = agency?.country && COUNTRIES[agency.country] ? agency.country : CONSORTIUM_COUNTRY
  const d = COUNTRIES[country]!
  const timeZone = agency?.timeZone && validZone(agency.timeZone) ? agency.timeZone : d.timeZone
  const named = ZONES[timeZone]
  const off = offsetName(timeZone, Date.now())
  return {
    country,
    countryName: d.countryName,
    place: d.place,
    timeZone,
    zone: named ?? { short: off, ko: timeZone, en: timeZone },
  }
}

/** A time in the jurisdiction's zone, the zone named: `2026년 5월 1일 14:03:22 KST(한국 표준시, UTC+9)`. */
export function formatTime(ms: number, j: Jurisdiction, lang: 'ko' | 'en'): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: j.timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>
  const off = offsetName(j.timeZone, ms)
  const clock = `${parts.hour}:${parts.minute}:${parts.second}`
  const day = formatDay(`${parts.year}-${parts.month!.padStart(2, '0')}-${parts.day!.padStart(2, '0')}`, lang)
  return lang === 'ko'
    ? `${day} ${clock} ${j.zone.short}(${j.zone.ko}, ${off})`
    : `${day}, ${clock} ${j.zone.short} (${j.zone.en}, ${off})`
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** A calendar day (YYYY-MM-DD) in words: `2026년 5월 1일`, `1 May 2026`; anything else as it is. */
export function formatDay(day: string, lang: 'ko' | 'en'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) return day
  const [, y, mo, d] = m
  return lang === 'ko' ? `${y}년 ${Number(mo)}월 ${Number(d)}일` : `${Number(d)} ${MONTHS[Number(mo) - 1] ?? mo} ${y}`
}
