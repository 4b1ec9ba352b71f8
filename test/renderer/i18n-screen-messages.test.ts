/**
 * A feature's messages in two parts (i18n/screen-messages.ts): what the frame reads is in the catalogue from the
 * start, the screen's words join it when the screen's route loads — before the screen is shown, in both languages,
 * once, and again after a failed load.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { FEATURES } from '../../src/renderer/features/registry'
import consortiumFrame from '../../src/renderer/features/governance/frame/messages'
import consortiumScreen from '../../src/renderer/features/governance/messages'
import credentialsFrame from '../../src/renderer/features/identity/frame/messages'
import credentialsScreen from '../../src/renderer/features/identity/messages'
import keysFrame from '../../src/renderer/features/keys/frame/messages'
import keysScreen from '../../src/renderer/features/keys/messages'
import documentsFrame from '../../src/renderer/features/notary/frame/messages'
import documentsScreen from '../../src/renderer/features/notary/messages'
import verifyFrame from '../../src/renderer/features/verify/frame/messages'
import verifyScreen from '../../src/renderer/features/verify/messages'
import { buildCatalogue, featureRoutes, messageKeys } from '../../src/renderer/lib/features'
import en from '../../src/renderer/i18n/messages/en'
import ko, { type MessageSchema } from '../../src/renderer/i18n/messages/ko'
import { loadScreenMessages, setAppCatalogue, withScreenMessages, type MessageTarget } from '../../src/renderer/i18n/screen-messages'

/** Files of a split feature that other features or the frame use: what they read must be in the frame part. */
const SHARED: Record<string, { dir: string; files: string[] }> = {
  consortium: { dir: 'governance', files: [] },
  documents: { dir: 'notary', files: [] },
  verify: { dir: 'verify', files: [] },
  keys: { dir: 'keys', files: ['KeyGate.vue', 'UnlockForm.vue', 'WorkProgress.vue', 'describe-error.ts', 'credential-columns.ts', 'FirstRunBanner.vue'] },
  credentials: { dir: 'identity', files: ['tx-render.ts'] },
}

const RENDERER = join(import.meta.dirname, '..', '..', 'src', 'renderer')

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) sourceFiles(p, out)
    else if (/\.(ts|vue)$/.test(name)) out.push(p)
  }
  return out
}

const SPLIT = {
  consortium: { frame: consortiumFrame, screen: consortiumScreen, path: '/consortium', probe: 'consortium.title' },
  documents: { frame: documentsFrame, screen: documentsScreen, path: '/documents', probe: 'documents.list.search' },
  verify: { frame: verifyFrame, screen: verifyScreen, path: '/verify', probe: 'verify.inputs.title' },
  keys: { frame: keysFrame, screen: keysScreen, path: '/keys', probe: 'keys.title' },
  credentials: { frame: credentialsFrame, screen: credentialsScreen, path: '/roles', probe: 'credentials.title' },
}

function appI18n(locale: 'ko' | 'en' = 'en') {
  const messages = buildCatalogue({ ko, en }, FEATURES) as Record<'ko' | 'en', MessageSchema>
  return createI18n({ legacy: false, locale, fallbackLocale: 'en', missingWarn: false, fallbackWarn: false, messages })
}

describe("a feature's messages split between the frame and its screen", () => {
  for (const [id, m] of Object.entries(SPLIT)) {
    it(`${id}: the frame part names the nav label, in both languages, and no key is in both parts`, () => {
      const feature = FEATURES.find((f) => f.id === id)!
      expect(feature.messages).toBe(m.frame)
      expect(messageKeys(m.frame.en)).toEqual(messageKeys(m.frame.ko))
      for (const nav of feature.nav ?? []) expect(nav.labelKey.startsWith(`${id}.`) && m.frame.en[nav.labelKey.slice(id.length + 1) as 'nav']).toBeTruthy()
      const screenKeys = new Set(messageKeys(m.screen.ko))
      expect(messageKeys(m.frame.ko).filter((k) => screenKeys.has(k))).toEqual([])
    })

    it(`${id}: opening the route merges the screen's words before the screen shows, in both languages`, async () => {
      const route = featureRoutes(FEATURES).find((r) => r.path === m.path)!
      const frameKeys = { ko: messageKeys(m.frame.ko), en: messageKeys(m.frame.en) }
      for (const locale of ['en', 'ko'] as const) {
        const i18n = appI18n(locale)
        setAppCatalogue(i18n.global as MessageTarget)
        const t = i18n.global.t
        expect(t(m.probe)).toBe(m.probe)
        const screen = await (route.component as () => Promise<{ default: unknown }>)()
        expect(screen.default).toBeTruthy()
        expect(t(m.probe)).not.toBe(m.probe)
        if (locale === 'ko') expect(t(m.probe)).toMatch(/[\uac00-\ud7a3]/)
        // the frame part is still there
        expect(t(`${id}.nav`)).toBe(m.frame[locale].nav)
      }
      // the frame part (a module's export, shared by every catalogue) was not written to
      expect(messageKeys(m.frame.ko)).toEqual(frameKeys.ko)
      expect(messageKeys(m.frame.en)).toEqual(frameKeys.en)
    })
  }
})

describe('the frame part holds what is read outside the screen', () => {
  // the standalone verifier page (verifier/) builds its own catalogue with the whole Verify screen's messages
  const files = sourceFiles(RENDERER).filter((f) => !f.startsWith(join(RENDERER, 'verifier') + sep))
  for (const [id, m] of Object.entries(SPLIT)) {
    it(`${id}: every key of it named outside its screens is in its frame part`, () => {
      const { dir, files: shared } = SHARED[id]!
      const own = join(RENDERER, 'features', dir) + sep
      const readers = files.filter((f) => !f.startsWith(own) || shared.includes(f.slice(own.length)))
      const keys = new Set<string>()
      for (const f of readers) {
        for (const hit of readFileSync(f, 'utf8').matchAll(new RegExp(`['"\`]${id}\\.([a-zA-Z0-9_.]+)['"\`]`, 'g'))) keys.add(hit[1]!)
      }
      const frame = new Set(messageKeys(m.frame.ko))
      expect([...keys].filter((k) => !frame.has(k))).toEqual([])
    })
  }
})

describe('loadScreenMessages', () => {
  it('loads once per catalogue, and again after a failed load', async () => {
    const i18n = appI18n()
    const target = i18n.global as MessageTarget
    let calls = 0
    let fail = true
    const loader = async () => {
      calls++
      if (fail) throw new Error('chunk did not arrive')
      return { default: { ko: { hello: '안녕하세요' }, en: { hello: 'Hello' } } }
    }
    await expect(loadScreenMessages('demo', loader, target)).rejects.toThrow(/chunk/)
    fail = false
    const component = withScreenMessages('demo', loader, async () => 'the screen', target)
    await expect(component()).resolves.toBe('the screen')
    await component()
    expect(calls).toBe(2)
    expect(i18n.global.t('demo.hello')).toBe('Hello')
    // another catalogue gets its own copy
    const other = appI18n('ko')
    await loadScreenMessages('demo', loader, other.global as MessageTarget)
    expect(other.global.t('demo.hello')).toBe('안녕하세요')
    expect(calls).toBe(3)
  })

  it('refuses to load with no catalogue to merge into', async () => {
    await expect(loadScreenMessages('demo', async () => ({ default: { ko: {}, en: {} } }), null)).rejects.toThrow(/not set up/)
  })
})
