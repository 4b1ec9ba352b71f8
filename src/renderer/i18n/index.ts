/**
 * vue-i18n in composition mode, Korean and English; the choice is saved in localStorage. The catalogue is the frame's
 * messages (messages/ko.ts is the schema) plus each feature's, under its id (features/registry.ts): from the start
 * what the frame reads, the rest with the feature's route (screen-messages.ts). The app's build
 * compiles every message module (a `messages.ts`, or `messages/<locale>.ts` here) into vue-i18n's AST and leaves the
 * message compiler out (precompile.ts): a message must live in such a module to reach the catalogue.
 */
import { createI18n } from 'vue-i18n'
import { resolveParticlesIn } from '../../shared/particles'
import { FEATURES } from '../features/registry'
import { buildCatalogue } from '../lib/features'
import en from './messages/en'
import ko, { type MessageSchema } from './messages/ko'
import { LOCALE_STORAGE_KEY, pickLocale, type Locale } from './locale'
import { setAppCatalogue, type MessageTarget } from './screen-messages'

export type { Locale } from './locale'
export { LOCALES } from './locale'

function savedLocale(): string | null {
  try {
    return window.localStorage.getItem(LOCALE_STORAGE_KEY)
  } catch {
    return null
  }
}

const initial = pickLocale(savedLocale(), navigator.languages.length > 0 ? navigator.languages : [navigator.language])

/** Frame sections a feature id must not take. */
export const FRAME_MESSAGE_KEYS = Object.keys(ko)

const catalogue = buildCatalogue({ ko, en }, FEATURES) as Record<Locale, MessageSchema>

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: initial,
  fallbackLocale: 'en',
  messages: catalogue,
  // Korean particles follow the word they attach to: "{agency}[이/가]" (shared/particles.ts)
  postTranslation: resolveParticlesIn,
})

// a feature's screen messages join the catalogue when its route loads (screen-messages.ts)
setAppCatalogue(i18n.global as MessageTarget)

document.documentElement.lang = initial

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    // not saved; the choice still holds for this session
  }
}
