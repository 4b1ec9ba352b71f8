/**
 * Every activity event in words (renderer/features/activity): each has its sentence in Korean and English, every
 * placeholder filled from the entry's details, types and codes in words, never raw; an unknown event is said as such.
 */
import { describe, expect, it } from 'vitest'
import { ACTIVITY_EVENTS } from '../../src/shared/activity'
import { REGISTRIES } from '../../src/ledger/registries'
import { makeCatalogue } from '../../src/ledger/registries/catalogue'
import { activityText } from '../../src/renderer/features/activity/describe'
import messages from '../../src/renderer/features/activity/messages'

const catalogue = makeCatalogue(REGISTRIES)
const details = { hash: 'ab'.repeat(32), txType: 'governance.propose', height: 12, more: 480, peer: 'cd'.repeat(32), reason: 'frame too large', from: 3, to: 40, applied: 38, txs: 1200, refused: 2, message: 'disk full' }

describe('activity in words', () => {
  it('says every event in both languages, with nothing raw left', () => {
    for (const lang of ['ko', 'en'] as const) {
      for (const event of [...ACTIVITY_EVENTS, 'device.rejected']) {
        const text = activityText({ event, details, ...(event.startsWith('tx') || event === 'device.rejected' ? { code: 'NONCE_REPLAYED' } : {}) }, lang, catalogue)
        expect(text, `${lang} ${event}`).not.toMatch(/\{\w+\}|\[[^\]]*\/[^\]]*\]|governance\.\w|NONCE_REPLAYED/)
        expect(text.length).toBeGreaterThan(10)
      }
    }
  })
  it('chooses the particle by the word and says the code as a sentence', () => {
    const ko = activityText({ event: 'sync.badBlock', details: { peer: 'ab'.repeat(32), height: 7, reason: 'bad commit' } }, 'ko', catalogue)
    expect(ko).toMatch(/블록 7이 올바르지/)
    const en = activityText({ event: 'tx.rejected', code: 'NONCE_REPLAYED', details: { txType: 'governance.propose', height: 3 } }, 'en', catalogue)
    expect(en).toContain(catalogue.errorSentence('NONCE_REPLAYED', 'en'))
  })
  it('says an event it does not know as unknown', () => {
    expect(activityText({ event: 'rm -rf', details: {} }, 'en', catalogue)).toBe(messages.en.events.unknown)
  })
})
