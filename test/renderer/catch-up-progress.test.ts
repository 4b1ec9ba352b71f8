/**
 * The catch-up seen (components/CatchUpProgress.vue with the node store): while the node syncs, the blocks done of
 * the target, the rate and the time left, in Korean and English; nothing once it is caught up.
 */
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSSRApp, nextTick } from 'vue'
import { createI18n } from 'vue-i18n'
import { renderToString } from 'vue/server-renderer'
import { resolveParticlesIn } from '../../src/shared/particles'
import CatchUpProgress from '../../src/renderer/components/CatchUpProgress.vue'
import { FEATURES } from '../../src/renderer/features/registry'
import en from '../../src/renderer/i18n/messages/en'
import ko, { type MessageSchema } from '../../src/renderer/i18n/messages/ko'
import { buildCatalogue } from '../../src/renderer/lib/features'
import { setConnectionEnv } from '../../src/renderer/stores/connection'
import { useNodeStore } from '../../src/renderer/stores/node'

setConnectionEnv(() => ({ location: { origin: 'http://127.0.0.1', pathname: '/', search: '', hash: '' }, storage: null, replaceUrl: () => undefined }))
const catalogue = buildCatalogue({ ko, en }, FEATURES) as Record<'ko' | 'en', MessageSchema>

const status = (height: number, syncTarget: number) =>
  ({ height, syncTarget, syncState: syncTarget > height ? 'syncing' : 'synced', peers: 3, lastBlockTime: Date.now(), chainId: 'c' }) as never

async function render(locale: 'ko' | 'en', pinia: ReturnType<typeof createPinia>): Promise<string> {
  const i18n = createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: catalogue, postTranslation: resolveParticlesIn })
  return renderToString(createSSRApp(CatchUpProgress).use(pinia).use(i18n))
}

afterEach(() => vi.useRealTimers())

describe('the catch-up shown', () => {
  it('says how far, how fast and how long, then nothing once caught up', async () => {
    vi.useFakeTimers()
    vi.setSystemTime(Date.UTC(2026, 11, 3, 12))
    const pinia = createPinia()
    setActivePinia(pinia)
    const node = useNodeStore()
    node.status = status(1_000, 11_000)
    await nextTick()
    expect(await render('en', pinia)).toContain('time left not known yet')
    vi.advanceTimersByTime(10_000)
    node.status = status(2_000, 11_000)
    await nextTick()
    const en = await render('en', pinia)
    expect(en).toContain('2,000 of 11,000 blocks')
    expect(en).toContain('100 blocks a second')
    expect(en).toContain('done in 2 minutes')
    expect(en).toMatch(/value="0\.1"/)
    const ko = await render('ko', pinia)
    expect(ko).toContain('블록 11,000개 중 2,000개')
    expect(ko).toContain('초당 100개')
    expect(ko).toContain('2분 후 완료 예정')
    node.status = status(11_000, 11_000)
    await nextTick()
    expect(await render('en', pinia)).not.toContain('blocks')
  })
})
