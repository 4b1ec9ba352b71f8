/**
 * Words for what the node speaks in codes. Transaction types, payload fields and enumerated values are each
 * registry's (registries/<domain>/portable/words.ts), assembled from the features that show them
 * (lib/registry-words.ts, provided by the app frame); error codes read through the same catalogue (the core's and every registry's). The screens
 * reach both through useWords(), so no code identifier reaches the screen.
 */
import type { UiLocale } from '../../shared/error-text'

export type { UiLocale } from '../../shared/error-text'

/** The UI locale of a vue-i18n locale string. */
export function uiLocale(locale: string): UiLocale {
  return locale === 'ko' ? 'ko' : 'en'
}
