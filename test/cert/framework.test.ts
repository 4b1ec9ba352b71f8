/**
 * The verifier framework: a certified record of any registry is verified by one function with the checks its
 * registry declares; the example registry (memo) is mounted next to the built-in verifiers without editing shared
 * code; QR texts name their registry and format, and one a verifier does not know is refused with a clear reason.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { toBase45 } from '../../src/ledger/codec/base45'
import { blockHash } from '../../src/ledger/types/block'
import type { InclusionProof } from '../../src/ledger/proofs/proof'
import { makeTx } from '../../src/ledger/types/tx'
import { documentProofs } from '../../src/ledger/registries/notary/bundle'
import { encodeNotaryProof, fromQrText, toQrText } from '../../src/ledger/registries/notary/portable/proof'
import { type NotaryVerification, notaryCertified } from '../../src/ledger/registries/notary/portable/verify'
import { verifyCertified } from '../../src/ledger/verify/framework'
import { QrError, certifiedFromQr, qrText, readQrEnvelope } from '../../src/ledger/verify/qr'
import { verifiersOf } from '../../src/ledger/verify/verifiers'
import { REGISTRIES } from '../../src/ledger/registries'
import { memoRegistry } from '../fixtures/example-registry'
import { Cleanup, signCommit, signerFor } from '../ledger/helpers'
import { MEMO_TX, memoHashOf, memoQrText } from '../fixtures/example-registry/verifier'
import { type CertChain, certChain, handBuiltProof } from './fixture'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

/** The verifiers of the build's registries: the notary's, declared in its portable barrel. */
const VERIFIERS = verifiersOf(REGISTRIES)

/** A block holding one memo.note, signed by the fixture's validator (the ledger need not know the registry). */
function memoProof(c: CertChain, text: string): InclusionProof {
  const author = signerFor('memo/author')
  const tx = makeTx(author, { chainId: c.fx.chainId, type: MEMO_TX, payload: { id: 'memo-1', text }, nonce: 1, time: 1 })
  return handBuiltProof(c, tx)
}

describe('the verifier framework', () => {
  it('verifies the notary through the registry list, the same as the notary verifier', async () => {
    const c = await certChain(cleanup)
    const p = await documentProofs(c.node, c.batch + '/005')
    const r = verifyCertified(
      { certified: notaryCertified(p.full, p.grant), trust: c.trust, subjectHash: c.batchDocs[4]!.documentHash },
      VERIFIERS,
    ) as NotaryVerification
    expect(r).toMatchObject({ registry: 'notary', format: 1, valid: true, verdict: 'valid-as-of', refused: null })
    expect(Object.keys(r.checks)).toEqual(['integrity', 'status', 'issuer'])
    const fromQr = certifiedFromQr(toQrText(p.compact), VERIFIERS)
    expect(verifyCertified({ certified: fromQr, trust: c.trust }, VERIFIERS).valid).toBe(true)
  })

  it('mounts the example registry’s verifier: its own checks, its verdicts, its QR text', async () => {
    const c = await certChain(cleanup, 'memo')
    const proof = memoProof(c, '점심은 12시')
    // the memo registry listed next to the build's: its verifier comes with it (declared in its portable barrel)
    const verifiers = verifiersOf([...REGISTRIES, memoRegistry])
    expect(verifiers.map((v) => v.registry)).toEqual(['land', 'livestock', 'notary', 'memo'])
    const text = memoQrText(proof)
    expect(text.startsWith('DJ:MEMO/1:')).toBe(true)
    const certified = certifiedFromQr(' dj:memo/1:' + text.slice('DJ:MEMO/1:'.length) + '\n', verifiers)
    const offline = verifyCertified({ certified, trust: c.trust, subjectHash: memoHashOf('점심은 12시') }, verifiers)
    expect(offline).toMatchObject({ registry: 'memo', valid: true, verdict: 'valid-as-of', record: { number: 'memo-1' } })
    expect(Object.keys(offline.checks)).toEqual(['text', 'standing'])
    expect(verifyCertified({ certified, trust: c.trust, live: { withdrawn: false } }, verifiers).verdict).toBe('valid')
    const withdrawn = verifyCertified({ certified, trust: c.trust, live: { withdrawn: true } }, verifiers)
    expect(withdrawn).toMatchObject({ valid: false, verdict: 'invalid' })
    expect(withdrawn.checks.standing!.result).toBe('fail')
    const other = verifyCertified({ certified, trust: c.trust, subjectHash: memoHashOf('점심은 1시') }, verifiers)
    expect(other.checks.text).toMatchObject({ ok: false, result: 'fail' })
    // the framework's part holds for every registry: a block signed by strangers fails whatever the registry
    const forged = { ...certified, proof: { ...proof, commit: signCommit(c.fx.chainId, [signerFor('x/1')], proof.header.height, blockHash(proof.header)) } }
    const f = verifyCertified({ certified: forged, trust: c.trust }, verifiers)
    expect(f.valid).toBe(false)
    expect(f.checks.standing!.detail).toMatch(/the proof does not verify \(.*commit/)
    // a notary proof presented as a memo is unreadable, reported, not thrown
    const notary = await documentProofs(c.node, c.single)
    const wrong = verifyCertified({ certified: { ...certified, proof: notary.full.proof }, trust: c.trust }, verifiers)
    expect(wrong).toMatchObject({ valid: false, refused: 'unreadable', record: null })
    expect(wrong.problem).toMatch(/records no memo/)
  })

  it('a check that does not say how long it holds is taken as of the block; a record of another registry is refused', async () => {
    const c = await certChain(cleanup, 'memo')
    const proof = memoProof(c, 'x')
    const [memo] = verifiersOf([memoRegistry])
    // the same verifier, its standing check no longer saying it asked a node: never a green "valid" it cannot back
    const forgetful = { ...memo!, checks: { ...memo!.checks, standing: { run: memo!.checks['standing']!.run } } }
    const certified = { registry: 'memo', format: 1, proof, extra: null }
    expect(verifyCertified({ certified, trust: c.trust, live: { withdrawn: false } }, [memo!]).verdict).toBe('valid')
    expect(verifyCertified({ certified, trust: c.trust, live: { withdrawn: false } }, [forgetful]).verdict).toBe('valid-as-of')
    // a notary transaction's proof presented under the memo registry, with a verifier that reads anything: refused
    const notary = await documentProofs(c.node, c.single)
    const lax = { ...memo!, record: () => ({ number: 'x', text: 'x', author: '', height: 1 }) }
    const r = verifyCertified({ certified: { ...certified, proof: notary.full.proof }, trust: c.trust, live: { withdrawn: false } }, [lax])
    expect(r.valid).toBe(false)
    expect(r.checks['standing']!.detail).toMatch(/notary\.register\) is not one of the memo registry/)
  })

  it('refuses a registry or a format it does not know, with the reason', async () => {
    const c = await certChain(cleanup, 'refuse')
    const proof = memoProof(c, 'x')
    // a memo without the memo verifier mounted
    const e = (() => {
      try {
        certifiedFromQr(memoQrText(proof), VERIFIERS)
      } catch (err) {
        return err
      }
      return null
    })()
    expect(e).toBeInstanceOf(QrError)
    expect(e).toMatchObject({ code: 'PROOF_INVALID', reason: 'unknown-registry' })
    expect((e as Error).message).toMatch(/does not know records of the memo registry/)
    const r = verifyCertified({ certified: { registry: 'memo', format: 1, proof, extra: null }, trust: c.trust }, VERIFIERS)
    expect(r).toMatchObject({ valid: false, refused: 'unknown-registry', record: null })
    // a notary format this verifier does not read
    const p = await documentProofs(c.node, c.single)
    const v3 = qrText('notary', 3, encodeNotaryProof(p.compact))
    expect(v3.startsWith('DJ:NOTARY/3:')).toBe(true)
    expect(() => certifiedFromQr(v3, VERIFIERS)).toThrow(expect.objectContaining({ reason: 'unknown-format' }))
    expect(() => fromQrText(v3)).toThrow(/format 3 of notary certificates/)
    expect(() => fromQrText(memoQrText(proof))).toThrow(expect.objectContaining({ reason: 'unknown-registry' }))
    expect(() => readQrEnvelope('DJ2:' + toBase45(new Uint8Array(4)))).toThrow(expect.objectContaining({ reason: 'unknown-format' }))
    expect(() => readQrEnvelope('https://example.org')).toThrow(expect.objectContaining({ reason: 'not-daejang' }))
    // DJ1: stays the notary's format 1
    expect(readQrEnvelope(toQrText(p.compact))).toMatchObject({ registry: 'notary', format: 1 })
  })

  it('assembles the list from the registries: only those that declare a verifier, each its own, once', () => {
    expect(verifiersOf(REGISTRIES).map((v) => v.registry)).toEqual(['land', 'livestock', 'notary'])
    // a registry whose verifier reads another registry's records would shadow that registry's own
    expect(() => verifiersOf([{ ...memoRegistry, name: 'note' }])).toThrow(/the verifier of registry note verifies "memo"/)
    expect(() => verifiersOf([memoRegistry, memoRegistry])).toThrow(/two verifiers of registry memo/)
  })
})
