/**
 * The livestock batch screen (features/livestock/batch/BatchPage.vue, docs/adr/0047), rendered on the server renderer
 * with a test pinia, in both languages: what it is for, that moves are not batched, and that with no unlocked key it
 * says so and offers no check or send; its route is open to every reporting role and to no one else.
 */
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { createSSRApp } from 'vue'
import { createI18n } from 'vue-i18n'
import { renderToString } from 'vue/server-renderer'
import { resolveParticlesIn } from '../../src/shared/particles'
import BatchPage from '../../src/renderer/features/livestock/batch/BatchPage.vue'
import batchMessages from '../../src/renderer/features/livestock/batch/messages'
import { routes } from '../../src/renderer/features/livestock/routes/batch'
import { FEATURES } from '../../src/renderer/features/registry'
import en from '../../src/renderer/i18n/messages/en'
import ko from '../../src/renderer/i18n/messages/ko'
import { buildCatalogue } from '../../src/renderer/lib/features'
import { setConnectionEnv } from '../../src/renderer/stores/connection'

setConnectionEnv(() => ({ location: { origin: 'http://127.0.0.1', pathname: '/', search: '', hash: '' }, storage: null, replaceUrl: () => undefined }))

const base = buildCatalogue({ ko, en }, FEATURES) as Record<'ko' | 'en', Record<string, unknown>>
const catalogue = { ko: { ...base.ko, livestockBatch: batchMessages.ko }, en: { ...base.en, livestockBatch: batchMessages.en } }

async function render(locale: 'ko' | 'en'): Promise<string> {
  const pinia = createPinia()
  setActivePinia(pinia)
  const app = createSSRApp(BatchPage)
  app.use(pinia)
  app.use(createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: catalogue, postTranslation: resolveParticlesIn }))
  return renderToString(app)
}

describe('the livestock batch screen', () => {
  it('says what it is for and, with no key unlocked, that one is needed; nothing to check or send yet', async () => {
    const html = await render('en')
    expect(html).toContain('Moves are signed by both farms and cannot be batched.')
    expect(html).toContain('data-testid="livestock-batch-locked"')
    expect(html).toMatch(/data-testid="livestock-batch-check"[^>]*disabled|disabled[^>]*data-testid="livestock-batch-check"/)
    expect(html).not.toContain('data-testid="livestock-batch-report"')
    const k = await render('ko')
    expect(k).toContain('이동은 두 농장이 함께 서명해야 하므로 일괄 신고에 넣을 수 없습니다.')
    expect(k).toContain('신고하려면 신고 역할이 있는 키의 잠금을 푸십시오.')
  })

  it('is a tab for every reporting role, not for an officer alone', () => {
    const r = routes.find((x) => x.name === 'livestock-batch')!
    expect(r.meta?.tabKey).toBe('batch')
    expect([...(r.meta?.requires as string[])].sort()).toEqual(['farmer', 'grader', 'lab', 'market', 'packer', 'shop', 'slaughterhouse', 'tagger', 'vet'])
  })

  it('has the same keys in both languages', () => {
    const keys = (o: unknown, p = ''): string[] =>
      typeof o === 'object' && o !== null ? Object.entries(o).flatMap(([k, v]) => keys(v, `${p}.${k}`)) : [p]
    expect(keys(batchMessages.en)).toEqual(keys(batchMessages.ko))
  })
})

describe("the batch screen's dry run", () => {
  it("is sent in parts within both of the node's bounds: 5,000 events and 50,000 animals named", async () => {
    const { dryRunParts, DRY_RUN_MAX, DRY_RUN_MAX_ANIMALS } = await import('../../src/renderer/features/livestock/batch/api-batch')
    const { DRY_RUN_MAX_EVENTS, DRY_RUN_MAX_ANIMALS: NODE_ANIMALS } = await import('../../src/ledger/registries/livestock/batch-routes')
    expect([DRY_RUN_MAX, DRY_RUN_MAX_ANIMALS]).toEqual([DRY_RUN_MAX_EVENTS, NODE_ANIMALS])
    const herd = (n: number) => ({ payload: { animals: Array.from({ length: n }, (_, i) => String(i)) } })
    const one = { payload: { animal: '002000000011' } }
    // 300 vaccinations of 200 animals each: 60,000 animals in 300 events — two parts, none over 50,000 animals
    const vets = Array.from({ length: 300 }, () => herd(200))
    expect(dryRunParts(vets)).toEqual([[0, 250], [250, 300]])
    // 12,000 single-animal events: parts of 5,000 events
    expect(dryRunParts(Array.from({ length: 12_000 }, () => one))).toEqual([[0, 5_000], [5_000, 10_000], [10_000, 12_000]])
    expect(dryRunParts([])).toEqual([])
    // every event lands in exactly one part, in order
    const mixed = [one, herd(49_999), one, one, herd(10), one]
    const parts = dryRunParts(mixed)
    expect(parts.flatMap(([a, b]) => Array.from({ length: b - a }, (_, i) => a + i))).toEqual(mixed.map((_, i) => i))
    expect(parts).toEqual([[0, 2], [2, 6]])
  })
})
