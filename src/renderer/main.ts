// first (modules evaluate in import order): take the sign-in from the address and ask the node for its status, which
// then arrives while the rest is evaluated and mounted
import './api/early-start'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { i18n } from './i18n'
import { createAppRouter } from './router'
import { loadFontsLater } from './lib/late-fonts'
import { keepAddressAskedAtStart } from './lib/start-hash'
import { hasSignIn } from './api/connection'
import './styles/base.css'

// Keys and the outbox live in this origin's IndexedDB: ask the browser not to evict them under storage pressure.
void navigator.storage?.persist?.().catch(() => undefined)

const router = createAppRouter()
void keepAddressAskedAtStart(router, window, hasSignIn)
createApp(App).use(createPinia()).use(i18n).use(router).mount('#app')

// the app's text face, once the first status has been painted (ADR 0032)
void loadFontsLater()
