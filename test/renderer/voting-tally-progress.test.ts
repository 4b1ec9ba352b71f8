/**
 * The count's progress as every agency reads it (features/voting/tally/progress.ts): who has sent a partial
 * decryption, who is awaited, how many more the result needs.
 */
import { describe, expect, it } from 'vitest'
import { decryptionProgress, isCountPhase } from '../../src/renderer/features/voting/tally/progress'

const trustee = (agency: string, decrypted: boolean) => ({ agency, index: 0, done: [], next: null, waiting: false, decrypted })
const election = (threshold: number, sent: boolean[]) => ({
  draft: { threshold, trustees: sent.map((_, i) => `t${i + 1}`) } as never,
  trustees: sent.map((d, i) => trustee(`t${i + 1}`, d)),
})

describe('the count\u2019s progress', () => {
  it('names the agencies that sent and the ones awaited, and how many more are needed', () => {
    expect(decryptionProgress(election(2, [false, false, false]))).toEqual({ sent: [], awaited: ['t1', 't2', 't3'], threshold: 2, needed: 2 })
    expect(decryptionProgress(election(2, [false, true, false]))).toEqual({ sent: ['t2'], awaited: ['t1', 't3'], threshold: 2, needed: 1 })
    expect(decryptionProgress(election(2, [true, true, false]))).toMatchObject({ needed: 0, awaited: ['t3'] })
    expect(decryptionProgress(election(2, [true, true, true]))).toMatchObject({ needed: 0, awaited: [] })
  })

  it('is under way from the close to the result only', () => {
    expect(['draft', 'ceremony', 'credentials', 'open', 'closed', 'decrypting', 'result', null].map((p) => isCountPhase(p))).toEqual([false, false, false, false, true, true, true, false])
  })
})
