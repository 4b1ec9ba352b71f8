/**
 * Acts passed between the parties' machines (src/renderer/lib/acts.ts, docs/adr/0020): the file and QR texts read
 * back, a copy's signatures merge into ours (only valid ones), a copy of another act is refused.
 */
import { describe, expect, it } from 'vitest'
import { ACT_QR_PREFIX, ActFormatError, actFileText, actId, actQrText, isComplete, MAX_ACT_TEXT, mergeActs, missingSignatures, parseAct, validSignaturesOnly } from '../../src/renderer/lib/acts'
import { signActWith, signNewAct } from '../../src/renderer/lib/signing'
import { type ActJson, makeAct } from '../../src/ledger/types/tx'
import { DaejangError } from '../../src/shared/errors'
import { toHex, utf8 } from '../../src/ledger/codec/bytes'
import { publicKeyFromSeed } from '../../src/ledger/crypto/ed25519'
import { sha256 } from '../../src/ledger/crypto/sha256'

const seed = (l: string): Uint8Array => sha256(utf8('acts-test/' + l))
const a = seed('a')
const b = seed('b')
const pkB = toHex(publicKeyFromSeed(b))
const fields = { chainId: 'daejang-test', type: 'governance.proposal.approve', payload: { proposal: 'ab'.repeat(32) }, nonce: 5, time: 1_700_000_000_000 }

/** the machine signing: our chain, online, its clock at the act's time */
const here = { chainId: fields.chainId, lastNonce: 4, now: fields.time }

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
    const theirs = signActWith(b, parseAct(actQrText(mine)), here)
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
    // a pasted text is bounded like a file: a megabyte and a byte is refused before it is parsed
    expect(reason(() => parseAct(' '.repeat(MAX_ACT_TEXT) + '{}'))).toBe('tooLarge')
    expect(reason(() => parseAct('{"v":2}'))).toBe('notAct')
  })

  it('refuses to sign an act that would harm the signing key: another chain, a burnt nonce, too old or dated ahead', () => {
    const pkA = toHex(publicKeyFromSeed(a))
    // made by someone else, naming our key as its signer
    const hostile = (f: Partial<typeof fields>): ActJson => makeAct({ ...fields, ...f, signer: pkA, cosigners: [pkB] })
    const code = (fn: () => unknown): string => {
      try {
        fn()
      } catch (e) {
        return e instanceof DaejangError ? e.code : String(e)
      }
      return 'signed'
    }
    expect(code(() => signActWith(a, hostile({ nonce: Number.MAX_SAFE_INTEGER }), here))).toBe('NONCE_AHEAD')
    // offline (last nonce unknown) the clock still bounds it
    expect(code(() => signActWith(a, hostile({ nonce: Number.MAX_SAFE_INTEGER }), { ...here, lastNonce: null }))).toBe('NONCE_AHEAD')
    expect(code(() => signActWith(a, hostile({ nonce: 4 }), here))).toBe('NONCE_REPLAYED')
    expect(code(() => signActWith(a, hostile({ chainId: 'elsewhere' }), here))).toBe('WRONG_CHAIN')
    expect(code(() => signActWith(a, hostile({ time: fields.time - 8 * 86_400_000 }), here))).toBe('ACT_EXPIRED')
    expect(code(() => signActWith(a, hostile({ time: fields.time + 2 * 3_600_000 }), here))).toBe('TX_FROM_FUTURE')
    expect(code(() => signActWith(a, hostile({ nonce: fields.time + 60_000 }), here))).toBe('signed')
    // a co-signer's nonce is not at stake, but its chain and the act's age are
    expect(code(() => signActWith(b, signNewAct(a, { ...fields, chainId: 'elsewhere' }, [pkB]), here))).toBe('WRONG_CHAIN')
  })
})
