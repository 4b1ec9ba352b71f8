import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { takeStartToken } from './api/browser-env'
import { i18n } from './i18n'
import { createAppRouter } from './router'
// Korean-capable font shipped with the app (OFL), split by unicode range: only the needed parts load.
import '@fontsource/noto-sans-kr/400.css'
import '@fontsource/noto-sans-kr/700.css'
import './styles/base.css'

// The node hands the API token in the fragment (#token=…); take it before the hash router reads the fragment.
takeStartToken()

// Keys and the outbox live in this origin's IndexedDB: ask the browser not to evict them under storage pressure.
void navigator.storage?.persist?.().catch(() => undefined)

createApp(App).use(createPinia()).use(i18n).use(createAppRouter()).mount('#app')
