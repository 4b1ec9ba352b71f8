/**
 * The land screens' frame (features/land/LandLayout.vue) says what state the node is in, as the node overview does:
 * catching up, unreachable, and refusing (the API answered an error, or the session ended) — the last was missing,
 * so a land screen went on showing stale data without a word (docs/adr/0039). Rendered on the server renderer with a
 * test pinia, in both languages; the tabs include preparing and following an application.
 */
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { createSSRApp, defineComponent } from 'vue'
import { createI18n } from 'vue-i18n'
import { createMemoryHistory, createRouter } from 'vue-router'
import { renderToString } from 'vue/server-renderer'
import { resolveParticlesIn } from '../../src/shared/particles'
import LandLayout from '../../src/renderer/features/land/LandLayout.vue'
import landMessages from '../../src/renderer/features/land/messages'
import { FEATURES } from '../../src/renderer/features/registry'
import en from '../../src/renderer/i18n/messages/en'
import ko from '../../src/renderer/i18n/messages/ko'
import { buildCatalogue } from '../../src/renderer/lib/features'
import { setConnectionEnv } from '../../src/renderer/stores/connection'
import { useNodeStore } from '../../src/renderer/stores/node'

setConnectionEnv(() => ({ location: { origin: 'http://127.0.0.1', pathname: '/', search: '', hash: '' }, storage: null, replaceUrl: () => undefined }))

const base = buildCatalogue({ ko, en }, FEATURES) as Record<'ko' | 'en', Record<string, unknown>>
const catalogue = {
  ko: { ...base.ko, land: { ...(base.ko.land as object), ...landMessages.ko } },
  en: { ...base.en, land: { ...(base.en.land as object), ...landMessages.en } },
}
const Empty = defineComponent({ render: () => null })

async function render(locale: 'ko' | 'en', set: (node: ReturnType<typeof useNodeStore>) => void): Promise<string> {
  const pinia = createPinia()
  setActivePinia(pinia)
  set(useNodeStore())
  const router = createRouter({
    history: createMemoryHistory(),
    routes: ['land', 'land-queue', 'land-apply', 'land-follow', 'land-commission', 'land-watch', 'land-owners'].map((name) => ({ path: `/${name}`, name, component: Empty })),
  })
  await router.push('/land')
  const app = createSSRApp(LandLayout)
  app.use(pinia)
  app.use(router)
  app.use(createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: catalogue, postTranslation: resolveParticlesIn }))
  return renderToString(app)
}

describe('the land frame shows the node’s state', () => {
  it('a refusal from the node, in words, in both languages', async () => {
    const refused = (n: ReturnType<typeof useNodeStore>) => {
      n.apiError = 'the node is shutting down'
    }
    const html = await render('en', refused)
    expect(html).toContain('data-state="error"')
    expect(html).toContain('The node refused a request: the node is shutting down. What you see is what was last read.')
    const ko = await render('ko', refused)
    expect(ko).toContain('노드가 요청을 거절했습니다: the node is shutting down. 보이는 내용은 마지막으로 읽은 것입니다.')
  })

  it('unreachable, and the tabs for preparing and following an application', async () => {
    const html = await render('en', () => undefined)
    expect(html).toContain('data-state="offline"')
    expect(html).toContain('data-testid="land-tab-apply"')
    expect(html).toContain('Prepare an application')
    expect(html).toContain('My applications')
    expect(html).not.toContain('data-state="error"')
  })
})
