/**
 * The freshness words (lib/freshness.ts, components/DataFreshness.vue; issue 15 item 6): as of which block and how
 * long ago, the network's state — alone, peers (one, several), no peers for a span (Korean particle by the span's
 * last sound), catching up, unreachable — the blocks newer than the screen, and a silence past the consortium's
 * rhythm; and the store that keeps the newest answer a screen read since it opened.
 */
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { FEATURES } from '../../src/renderer/features/registry'
import en from '../../src/renderer/i18n/messages/en'
import ko, { type MessageSchema } from '../../src/renderer/i18n/messages/ko'
import { buildCatalogue } from '../../src/renderer/lib/features'
import { BEHIND_GRACE_MS, type FreshnessStatus, decidesAlone, formatSpan, freshnessOf, freshnessWords, quietAfterMs } from '../../src/renderer/lib/freshness'
import { useFreshnessStore } from '../../src/renderer/stores/freshness'
import { resolveParticlesIn } from '../../src/shared/particles'

const catalogue = buildCatalogue({ ko, en }, FEATURES) as Record<'ko' | 'en', MessageSchema>
const NOW = Date.UTC(2026, 11, 3, 12)
const MIN = 60_000
const me = 'aa'.repeat(32)
const other = 'bb'.repeat(32)

const status = (o: Partial<FreshnessStatus> = {}): FreshnessStatus => ({
  height: 120,
  lastBlockTime: NOW - 5_000,
  peers: 1,
  noPeersSince: null,
  syncState: 'synced',
  syncTarget: 120,
  validators: [
    { publicKey: me, power: 1, agency: 'a' },
    { publicKey: other, power: 1, agency: 'b' },
  ],
  nodeKey: me,
  label: null,
  heartbeatMs: 1_000,
  ...o,
})

function words(locale: 'ko' | 'en', input: Parameters<typeof freshnessOf>[0]) {
  const i18n = createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: catalogue, postTranslation: resolveParticlesIn })
  const t = i18n.global.t as (k: string, n: Record<string, unknown>, p?: number) => string
  return freshnessWords(freshnessOf(input), (k, n, p) => (p === undefined ? t(k, n ?? {}) : t(k, n ?? {}, p)), locale, input.now, () => 'TIME')
}

describe('the freshness words', () => {
  it('spans in their largest whole unit, with plurals', () => {
    expect(formatSpan(1_000, 'en')).toBe('1 second')
    expect(formatSpan(59_999, 'en')).toBe('59 seconds')
    expect(formatSpan(12 * MIN + 30_000, 'en')).toBe('12 minutes')
    expect(formatSpan(60 * MIN, 'en')).toBe('1 hour')
    expect(formatSpan(3 * 86_400_000, 'en')).toBe('3 days')
    expect(formatSpan(12 * MIN, 'ko')).toBe('12분')
    expect(formatSpan(-5, 'en')).toBe('0 seconds')
  })

  it('says as of which block a screen is, and the peers, in both languages', () => {
    const input = { status: status({ height: 130, peers: 2 }), reachable: true, asOf: { height: 1_230, time: NOW - 3 * MIN }, now: NOW }
    input.status.height = 1_230
    const e = words('en', input)
    expect(e.block).toBe('This screen is as of block 1,230, made 3 minutes ago (TIME).')
    expect(e.network).toBe('Connected to 2 peers.')
    expect(e.behind).toBeNull()
    expect(words('en', { ...input, status: status({ height: 1_230, peers: 1 }) }).network).toBe('Connected to 1 peer.')
    const k = words('ko', input)
    expect(k.block).toBe('이 화면은 블록 1,230 기준입니다 (3분 전, TIME에 만들어진 블록).')
    expect(k.network).toBe('피어 2곳과 연결되어 있습니다.')
  })

  it('falls back on the node\'s latest block when the screen has read nothing yet', () => {
    expect(words('en', { status: status(), reachable: true, asOf: null, now: NOW }).block).toBe("This node's latest block is 120, made 5 seconds ago (TIME).")
    expect(words('ko', { status: status({ height: 0, lastBlockTime: 0 }), reachable: true, asOf: null, now: NOW }).block).toBe('이 노드에는 아직 블록이 없습니다.')
  })

  it('says how long the node has had no peers, the particle following the span', () => {
    const cut = (since: number) => ({ status: status({ peers: 0, noPeersSince: NOW - since, lastBlockTime: NOW - since }), reachable: true, asOf: null, now: NOW })
    const e = words('en', cut(12 * MIN))
    expect(e.network).toBe('No peers for 12 minutes: what you see may be behind the consortium.')
    expect(e.quiet).toBe('No new block for 12 minutes: the consortium may lack a quorum.')
    expect(e.summary).toBe('No peers: what you see may be behind the consortium. No new block for a while.')
    // 분 and 시간 end in a consonant (이), 초 in a vowel (가)
    expect(words('ko', cut(12 * MIN)).network).toBe('피어 없이 12분이 지났습니다: 보이는 내용이 컨소시엄보다 늦을 수 있습니다.')
    expect(words('ko', cut(2 * 60 * MIN)).network).toContain('2시간이 지났습니다')
    expect(words('ko', cut(30_000)).network).toContain('30초가 지났습니다')
    expect(words('ko', cut(12 * MIN)).quiet).toBe('새 블록 없이 12분이 지났습니다: 컨소시엄이 정족수를 채우지 못하고 있을 수 있습니다.')
    const unknownSince = { status: status({ peers: 0, noPeersSince: undefined }), reachable: true, asOf: null, now: NOW }
    expect(words('en', unknownSince).network).toBe('No peers: what you see may be behind the consortium.')
  })

  it('warns of newer blocks than the screen shows, one or several, once that has lasted', () => {
    const at = (h: number, behindSince: number | null = NOW - BEHIND_GRACE_MS) => ({ status: status({ height: h }), reachable: true, asOf: { height: 100, time: NOW - MIN }, now: NOW, behindSince })
    expect(freshnessOf(at(100)).warn).toBe(false)
    expect(words('en', at(101)).behind).toBe('The node has 1 newer block than this screen shows.')
    expect(words('en', at(105)).behind).toBe('The node has 5 newer blocks than this screen shows.')
    expect(words('ko', at(105)).behind).toBe('이 화면을 읽은 뒤 노드에 새 블록 5개가 더 들어왔습니다.')
    expect(freshnessOf(at(105))).toMatchObject({ behind: 5, rawBehind: 5, warn: true })
    expect(words('en', at(105)).summary).toBe('Connected to 1 peer. The node has newer blocks than this screen shows.')
    // a screen that follows the blocks reads again within moments: not said before the grace, nor without a start
    expect(freshnessOf(at(105, NOW - BEHIND_GRACE_MS + 1))).toMatchObject({ behind: 0, rawBehind: 5, warn: false })
    expect(freshnessOf(at(105, null))).toMatchObject({ behind: 0, warn: false })
    expect(words('en', at(105, null)).behind).toBeNull()
  })

  it('tells a node that decides alone, catching up, and unreachable apart', () => {
    expect(decidesAlone(status({ label: 'local', peers: 0 }))).toBe(true)
    expect(decidesAlone(status({ peers: 0, noPeersSince: null }))).toBe(true)
    expect(decidesAlone(status({ validators: [{ publicKey: me, power: 3, agency: 'a' }, { publicKey: other, power: 1, agency: 'b' }], peers: 0, noPeersSince: NOW }))).toBe(true)
    expect(decidesAlone(status({ peers: 0, noPeersSince: NOW }))).toBe(false)
    expect(decidesAlone(status({ nodeKey: '', peers: 0, noPeersSince: NOW, validators: [{ publicKey: '', power: 1, agency: 'a' }] }))).toBe(false)
    const alone = freshnessOf({ status: status({ label: 'local', peers: 0 }), reachable: true, asOf: null, now: NOW })
    expect(alone).toMatchObject({ network: { kind: 'alone' }, warn: false })
    const syncing = words('en', { status: status({ syncState: 'syncing', height: 2_000, syncTarget: 11_000 }), reachable: true, asOf: null, now: NOW })
    expect(syncing.network).toBe('Catching up with the other nodes (2,000 of 11,000 blocks): until it is done, what you see is behind the consortium.')
    // a screen reader hears the state, not every block caught up
    expect(syncing.summary).toBe('Catching up with the other nodes: until it is done, what you see is behind the consortium.')
    const gone = freshnessOf({ status: status({ lastBlockTime: NOW - 60 * MIN }), reachable: false, asOf: null, now: NOW })
    expect(gone).toMatchObject({ network: { kind: 'unreachable' }, quietMs: null, warn: true })
  })

  it('says a silence only past ten heartbeats and a minute', () => {
    expect(quietAfterMs(300)).toBe(60_000)
    expect(quietAfterMs(30_000)).toBe(300_000)
    const quiet = (ms: number) => freshnessOf({ status: status({ lastBlockTime: NOW - ms }), reachable: true, asOf: null, now: NOW }).quietMs
    expect(quiet(59_000)).toBeNull()
    expect(quiet(61_000)).toBe(61_000)
  })
})

describe('the reads a screen made', () => {
  it('keeps the newest answer read since the screen opened, and drops answers to a former screen', () => {
    setActivePinia(createPinia())
    const f = useFreshnessStore()
    f.beginRead('/land/registers/1')(10, 1_000)
    f.beginRead('/land/offices')(12, 1_200)
    expect(f.asOf).toEqual({ height: 12, time: 1_200 })
    // an answer read at an older height (slower) does not make the screen older than what it shows
    f.beginRead('/land/registers/1')(11, 1_100)
    expect(f.asOf).toEqual({ height: 12, time: 1_200 })
    const late = f.beginRead('/explorer/blocks')
    f.clear()
    expect(f.asOf).toBeNull()
    late(14, 1_400)
    expect(f.asOf).toBeNull()
    const key = f.viewKey
    f.beginRead('/a')(20, 2_000)
    f.refresh()
    expect([f.asOf, f.viewKey]).toEqual([null, key + 1])
  })
})
