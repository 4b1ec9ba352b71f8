/**
 * Acts passed between the parties' machines (src/renderer/lib/acts.ts, docs/adr/0020): the file and QR texts read
 * back, a copy's signatures merge into ours (only valid ones), a copy of another act is refused.
 */
import { describe, expect, it } from 'vitest'
import { ACT_QR_PREFIX, ActFormatError, actFileText, actId, actQrText, isComplete, mergeActs, missingSignatures, parseAct, validSignaturesOnly } from '../../src/renderer/lib/acts'
import { signActWith, signNewAct } from '../../src/renderer/lib/signing'
import { toHex, utf8 } from '../../src/ledger/codec/bytes'
import { publicKeyFromSeed } from '../../src/ledger/crypto/ed25519'
import { sha256 } from '../../src/ledger/crypto/sha256'

const seed = (l: string): Uint8Array => sha256(utf8('acts-test/' + l))
const a = seed('a')
const b = seed('b')
const pkB = toHex(publicKeyFromSeed(b))
const fields = { chainId: 'daejang-test', type: 'governance.proposal.approve', payload: { proposal: 'ab'.repeat(32) }, nonce: 5, time: 1_700_000_000_000 }

const reason = (fn: () => unknown): string => {
  try {
    fn()
  } catch (e) {
    return e instanceof ActFormatError ? e.reason : 'other: ' + String(e)
  }
  return 'nothing thrown'
}

describe('acts between machines', () => {
  it('export, import, co-sign, merge: complete once every party has signed', () => {
    const mine = signNewAct(a, fields, [pkB])
    expect(missingSignatures(mine)).toEqual([pkB])
    // the other party reads our QR code (or file), signs its copy, sends it back
    const theirs = signActWith(b, parseAct(actQrText(mine)))
    expect(actQrText(mine).startsWith(ACT_QR_PREFIX)).toBe(true)
    const back = parseAct(actFileText(theirs))
    const merged = mergeActs(mine, back)
    expect(isComplete(merged)).toBe(true)
    expect(actId(merged)).toBe(actId(mine))
  })

  it('takes only signatures that verify, and refuses a copy of another act or what is not an act', () => {
    const mine = signNewAct(a, fields, [pkB])
    const forged = { ...mine, cosigners: [{ key: pkB, sig: mine.sig }] }
    expect(missingSignatures(validSignaturesOnly(forged))).toEqual([pkB])
    expect(isComplete(mergeActs(mine, forged))).toBe(false)
    const other = signNewAct(a, { ...fields, nonce: 6 }, [pkB])
    expect(reason(() => mergeActs(mine, other))).toBe('otherAct')
    expect(reason(() => parseAct('not json'))).toBe('notJson')
    expect(reason(() => parseAct('{"v":2}'))).toBe('notAct')
  })
})
