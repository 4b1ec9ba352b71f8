/**
 * The standalone verifier page (docs/adr/0018): the Verify screen's panel and the portable verifier, built by
 * `npm run build` into one self-contained HTML file (scripts/build-verifier.mjs) that opens from file:// and touches
 * no network. Its CSP allows only its own inline script and style, by hash.
 */
import { z } from 'zod'
import { createApp } from 'vue'
import { createI18n } from 'vue-i18n'
import { resolveParticlesIn } from '../../shared/particles'
import verify from '../features/verify/messages'
import { pickLocale } from '../i18n/locale'
import '../styles/base.css'
import messages from './messages'
import StandaloneVerifier from './StandaloneVerifier.vue'

// zod compiles validators with `new Function` when it may; the CSP forbids it, so do not even try (no reports)
z.config({ jitless: true })

const locale = pickLocale(null, navigator.languages.length > 0 ? navigator.languages : [navigator.language])
document.documentElement.lang = locale

const i18n = createI18n({
  legacy: false,
  locale,
  fallbackLocale: 'en',
  messages: {
    ko: { verify: verify.ko, standalone: messages.ko },
    en: { verify: verify.en, standalone: messages.en },
  },
  // Korean particles follow the word they attach to (shared/particles.ts)
  postTranslation: resolveParticlesIn,
})

createApp(StandaloneVerifier).use(i18n).mount('#app')
