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
import { useSessionStore } from '../../src/renderer/stores/session'

setConnectionEnv(() => ({ location: { origin: 'http://127.0.0.1', pathname: '/', search: '', hash: '' }, storage: null, replaceUrl: () => undefined }))

const base = buildCatalogue({ ko, en }, FEATURES) as Record<'ko' | 'en', Record<string, unknown>>
const catalogue = {
  ko: { ...base.ko, land: { ...(base.ko.land as object), ...landMessages.ko } },
  en: { ...base.en, land: { ...(base.en.land as object), ...landMessages.en } },
}
const Empty = defineComponent({ render: () => null })

async function render(locale: 'ko' | 'en', set: (node: ReturnType<typeof useNodeStore>) => void, roles?: string[]): Promise<string> {
  const pinia = createPinia()
  setActivePinia(pinia)
  set(useNodeStore())
  if (roles) useSessionStore().setIdentity('ab'.repeat(32), roles, false)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: ['land', 'land-queue', 'land-apply', 'land-follow', 'land-mandate', 'land-commission', 'land-watch', 'land-owners'].map((name) => ({ path: `/${name}`, name, component: Empty })),
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

  it('tells a user with no land role (a citizen) what anyone may do here, in both languages; not a registrar', async () => {
    const en = await render('en', () => undefined)
    expect(en).toContain('data-testid="land-citizen"')
    expect(en).toContain('anyone, with no role, can find a register by its address or number, read it and issue a certified extract. Check an extract on the Verify screen.')
    const ko = await render('ko', () => undefined, ['notary'])
    expect(ko).toContain('역할이 없어도 누구나 주소나 부동산고유번호로 등기기록을 찾아 읽고, 등기사항증명서를 발급받을 수 있습니다')
    expect(ko).toContain('「검증」 화면')
    expect(await render('en', () => undefined, ['registrar'])).not.toContain('data-testid="land-citizen"')
  })
})
