/**
 * A transaction's payload as labelled lines in the UI language, for any type: field labels, enumerated values and
 * roles in words, agencies by name, keys and hashes shortened (the full value as a title), dates with four-digit
 * years, languages by name. Nested objects (a governance change, an admitted agency, a vote) are flattened in place.
 */
import { storeToRefs } from 'pinia'
import { useI18n } from 'vue-i18n'
import { formatDate, formatDateTime, formatNumber, shortHash } from '../lib/format'
import { languageName } from '../../shared/languages'
import { uiLocale } from '../lib/words'
import { useKeysStore } from '../stores/keys'
import { useWords } from './useWords'

export interface PayloadLine {
  /** dotted path of the field (change.agency) */
  key: string
  label: string
  value: string
  /** the full value when the line shows it shortened */
  title?: string
}

const HEX = /^[0-9a-f]{64,128}$/
const AGENCY_OBJECT = ['id', 'name']

export function usePayloadLines() {
  const { t, locale } = useI18n()
  const words = useWords()
  const { keys } = storeToRefs(useKeysStore())

  function keyText(hex: string): PayloadLine['value'] {
    const name = keys.value.find((k) => k.publicKey === hex)?.name
    return name ? `${shortHash(hex)} (${name})` : shortHash(hex)
  }

  function scalar(key: string, v: unknown, type?: string): Pick<PayloadLine, 'value' | 'title'> {
    if (v === null) return { value: key === 'expiresAt' ? t('common.none') : key === 'validator' ? t('common.none') : '—' }
    if (key === 'expiresAt' && typeof v === 'number') return { value: formatDateTime(v, locale.value) }
    if (typeof v === 'number') return { value: formatNumber(v, locale.value) }
    if (typeof v !== 'string') return { value: String(v) }
    if (key === 'agency') return { value: words.agencyName(v) }
    if (key === 'role' || words.hasValues(key, type)) return { value: words.value(key, v, type) }
    if (key === 'date') return { value: formatDate(v, locale.value) }
    if (key === 'language') return { value: languageName(v, uiLocale(locale.value)) }
    if (HEX.test(v)) return { value: keyText(v), title: v }
    return { value: v }
  }

  function walk(prefix: string, key: string, v: unknown, out: PayloadLine[], type?: string): void {
    const path = prefix ? `${prefix}.${key}` : key
    if (Array.isArray(v)) {
      out.push({
        key: path,
        label: words.field(key, type),
        value: v.map((x) => scalar(key, x, type).value).join(', ') || t('common.none'),
        title: v.join('\n'),
      })
      return
    }
    if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>
      // an agency as a whole (admitted by governance): its name stands for it, then its other fields
      if (key === 'agency' && AGENCY_OBJECT.every((k) => typeof o[k] === 'string')) {
        out.push({ key: path, label: words.field('agency', type), value: String(o['name']), title: String(o['id']) })
        for (const [k, x] of Object.entries(o)) if (!AGENCY_OBJECT.includes(k)) walk(path, k, x, out, type)
        return
      }
      for (const [k, x] of Object.entries(o)) walk(path, k, x, out, type)
      return
    }
    out.push({ key: path, label: words.field(key, type), ...scalar(key, v, type) })
  }

  /** Every field of a payload as a line (labelled by the registry of `type` first); a non-object is one line. */
  function lines(payload: unknown, type?: string): PayloadLine[] {
    const out: PayloadLine[] = []
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      walk('', 'payload', payload, out, type)
      return out
    }
    for (const [k, v] of Object.entries(payload)) walk('', k, v, out, type)
    return out
  }

  return { lines }
}
