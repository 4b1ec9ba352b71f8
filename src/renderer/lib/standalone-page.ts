/**
 * Mounting a self-contained page (the verifier page, the voter page: scripts/build-pages.mjs): zod without `new
 * Function` (the page's CSP forbids it), the reader's language from the browser, vue-i18n with Korean particles
 * resolved after translation.
 */
import { z } from 'zod'
import { type Component, createApp } from 'vue'
import { createI18n } from 'vue-i18n'
import { resolveParticlesIn } from '../../shared/particles'
import { type Locale, pickLocale } from '../i18n/locale'

export function mountStandalonePage(root: Component, messages: Record<Locale, Record<string, unknown>>): void {
  // zod compiles validators with `new Function` when it may; the CSP forbids it, so do not even try (no reports)
  z.config({ jitless: true })
  const locale = pickLocale(null, navigator.languages.length > 0 ? navigator.languages : [navigator.language])
  document.documentElement.lang = locale
  const i18n = createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: messages as never,
    // Korean particles follow the word they attach to (shared/particles.ts)
    postTranslation: resolveParticlesIn,
  })
  createApp(root).use(i18n).mount('#app')
}
