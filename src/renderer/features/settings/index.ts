/** Settings: language, and what this computer's node is (data folder, version, chain, label, API address). */
import type { Feature } from '../../nav'
import messages from './messages'
import backup from './backup/messages'

export const settingsFeature: Feature = {
  id: 'settings',
  routes: [{ path: '/settings', name: 'settings', component: () => import('./SettingsPage.vue') }],
  nav: [{ id: 'settings', to: '/settings', labelKey: 'settings.nav', order: 1000 }],
  messages: { ko: { ...messages.ko, backup: backup.ko }, en: { ...messages.en, backup: backup.en } },
}
