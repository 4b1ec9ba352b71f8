/** Which UI language to use: the saved choice, else Korean for a Korean browser, else English. Pure. */
export const LOCALES = ['ko', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const LOCALE_STORAGE_KEY = 'daejang.locale'

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

export function pickLocale(saved: string | null | undefined, browserLanguages: readonly string[]): Locale {
  if (isLocale(saved)) return saved
  const first = browserLanguages[0]?.toLowerCase() ?? ''
  return first === 'ko' || first.startsWith('ko-') ? 'ko' : 'en'
}
