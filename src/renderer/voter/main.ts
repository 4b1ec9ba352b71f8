/**
 * The voter page (docs/adr/0057): one self-contained HTML file (scripts/build-pages.mjs), served by a node's ballot
 * box endpoint at / and also openable from a file. It encrypts and signs the ballot in the browser with the portable
 * (noble) group and sends only the encrypted ballot. Its CSP allows its own inline script and style by hash and
 * connections to a ballot box only.
 */
import { mountStandalonePage } from '../lib/standalone-page'
import '../styles/base.css'
import messages from './messages'
import VoterPage from './VoterPage.vue'

mountStandalonePage(VoterPage, { ko: { voter: messages.ko }, en: { voter: messages.en } })
