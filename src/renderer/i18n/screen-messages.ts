/**
 * A feature's messages in two parts (issue 9, item 19: the start bundle). What the app frame reads — the nav label,
 * and anything the status bar, notifications or outbox banner show — is the feature's `messages` in its Feature, at
 * `frame/messages.ts`, in the catalogue from the start. The screen's own words (`messages.ts`) come with the screen's
 * route chunk: the route's component is wrapped so that the page opens only once they are in (both languages, so
 * switching language later needs nothing). Both parts are message modules, compiled at build time (precompile.ts).
 */
import { LOCALES, type Locale } from './locale'

export type ScreenMessages = Record<Locale, Record<string, unknown>>
export type ScreenMessagesLoader = () => Promise<{ default: ScreenMessages }>

/** Where messages are merged: the app's catalogue (vue-i18n's composer), or a test's. */
export interface MessageTarget {
  getLocaleMessage(locale: Locale): Record<string, unknown>
  setLocaleMessage(locale: Locale, messages: Record<string, unknown>): void
}

let appCatalogue: MessageTarget | null = null

/** Called once by i18n/index.ts with the app's catalogue, the default target. */
export function setAppCatalogue(target: MessageTarget): void {
  appCatalogue = target
}

const loads = new WeakMap<MessageTarget, Map<string, Promise<void>>>()

/**
 * Merges a feature's screen messages under its id, once per target; a failed load (a chunk that did not arrive) is
 * forgotten, so the next navigation tries again.
 */
export function loadScreenMessages(
  id: string,
  messages: ScreenMessagesLoader,
  target: MessageTarget | null = appCatalogue,
): Promise<void> {
  if (!target) return Promise.reject(new Error(`The messages of "${id}" have no catalogue to go to: i18n is not set up`))
  let byId = loads.get(target)
  if (!byId) loads.set(target, (byId = new Map()))
  const known = byId.get(id)
  if (known) return known
  const load = messages().then((m) => {
    // new objects for the locale and the feature's section: the frame part (a module's export) is never written to
    for (const locale of LOCALES) {
      const catalogue = target.getLocaleMessage(locale)
      const section = catalogue[id]
      target.setLocaleMessage(locale, { ...catalogue, [id]: { ...(isTree(section) ? section : {}), ...m.default[locale] } })
    }
  })
  byId.set(id, load)
  load.catch(() => byId.delete(id))
  return load
}

/** A route component loader that resolves once the component and the feature's screen messages are both in. */
export function withScreenMessages<C>(
  id: string,
  messages: ScreenMessagesLoader,
  component: () => Promise<C>,
  target?: MessageTarget,
): () => Promise<C> {
  return async () => (await Promise.all([component(), loadScreenMessages(id, messages, target ?? appCatalogue)]))[0]
}

function isTree(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}
