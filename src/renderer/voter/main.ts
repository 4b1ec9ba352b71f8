/**
 * The voter page (docs/adr/0057): one self-contained HTML file (scripts/build-pages.mjs), served by a node's ballot
 * box endpoint at / and also openable from a file. It encrypts and signs the ballot in the browser with the portable
 * (noble) group and sends only the encrypted ballot. Its CSP allows its own inline script and style by hash and
 * connections to a ballot box only.
 */
import { z } from 'zod'
import { createApp } from 'vue'
import { createI18n } from 'vue-i18n'
import { resolveParticlesIn } from '../../shared/particles'
import { pickLocale } from '../i18n/locale'
import '../styles/base.css'
import messages from './messages'
import VoterPage from './VoterPage.vue'

// zod compiles validators with `new Function` when it may; the CSP forbids it, so do not even try
z.config({ jitless: true })

const locale = pickLocale(null, navigator.languages.length > 0 ? navigator.languages : [navigator.language])
document.documentElement.lang = locale

const i18n = createI18n({
  legacy: false,
  locale,
  fallbackLocale: 'en',
  messages: { ko: { voter: messages.ko }, en: { voter: messages.en } },
  postTranslation: resolveParticlesIn,
})

createApp(VoterPage).use(i18n).mount('#app')
