import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { i18n } from './i18n'
// Korean-capable font shipped with the app (OFL), split by unicode range: only the needed parts load.
import '@fontsource/noto-sans-kr/400.css'
import '@fontsource/noto-sans-kr/700.css'
import './styles/base.css'

createApp(App).use(createPinia()).use(i18n).mount('#app')
