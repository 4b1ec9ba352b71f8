/**
 * The standalone verifier page (docs/adr/0018): the Verify screen's panel and the portable verifier, built by
 * `npm run build` into one self-contained HTML file (scripts/build-pages.mjs) that opens from file:// and touches
 * no network. Its CSP allows only its own inline script and style, by hash.
 */
import verify from '../features/verify/messages'
import { mountStandalonePage } from '../lib/standalone-page'
import '../styles/base.css'
import messages from './messages'
import StandaloneVerifier from './StandaloneVerifier.vue'

mountStandalonePage(StandaloneVerifier, {
  ko: { verify: verify.ko, standalone: messages.ko },
  en: { verify: verify.en, standalone: messages.en },
})
