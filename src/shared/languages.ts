/**
 * Languages a document may be in, for a select list: the value is the BCP 47 tag the payload carries, the label the
 * language's name in both UI languages. Pure.
 */
import type { UiLocale } from './error-text'

export interface LanguageOption {
  tag: string
  ko: string
  en: string
}

export const LANGUAGES: readonly LanguageOption[] = [
  { tag: 'ko', ko: '한국어', en: 'Korean' },
  { tag: 'en', ko: '영어', en: 'English' },
  { tag: 'ja', ko: '일본어', en: 'Japanese' },
  { tag: 'zh', ko: '중국어', en: 'Chinese' },
  { tag: 'fr', ko: '프랑스어', en: 'French' },
  { tag: 'de', ko: '독일어', en: 'German' },
  { tag: 'es', ko: '스페인어', en: 'Spanish' },
  { tag: 'ru', ko: '러시아어', en: 'Russian' },
  { tag: 'vi', ko: '베트남어', en: 'Vietnamese' },
  { tag: 'th', ko: '태국어', en: 'Thai' },
  { tag: 'id', ko: '인도네시아어', en: 'Indonesian' },
  { tag: 'mn', ko: '몽골어', en: 'Mongolian' },
  { tag: 'pt', ko: '포르투갈어', en: 'Portuguese' },
  { tag: 'it', ko: '이탈리아어', en: 'Italian' },
  { tag: 'ar', ko: '아랍어', en: 'Arabic' },
]

/** The language's name in the UI language; a tag not in the list is named by the browser, else shown as it is. */
export function languageName(tag: string, locale: UiLocale): string {
  const known = LANGUAGES.find((l) => l.tag === tag)
  if (known) return known[locale]
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(tag) ?? tag
  } catch {
    return tag
  }
}

/** Options for a select: "한국어 (Korean)" in Korean, "Korean (한국어)" in English. */
export function languageOptions(locale: UiLocale): { value: string; label: string }[] {
  const other: UiLocale = locale === 'ko' ? 'en' : 'ko'
  return LANGUAGES.map((l) => ({ value: l.tag, label: `${l[locale]} (${l[other]})` }))
}
