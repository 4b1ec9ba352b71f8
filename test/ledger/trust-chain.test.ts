/**
 * Trust through validator-set changes (docs/adr/0028), on a hand-made chain whose set changes three times:
 *
 *   S0 = {a,b,c,d} from 1,  S1 = {b,c,d,e} from 10,  S2 = {c,d,e,f} from 20,  S3 = {d,e,f,g} from 30
 *
 * A trust list taken at height 5 knows S0 only. Steps at heights 9, 19, 29 carry it to S3; a proof of height 35 then
 * verifies (inclusion and certified state), and the verifier says how far it trusted. Forged steps are refused.
 */
import { describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import {
  certifiedStateFromJson,
  certifiedStateToJson,
  decodeCertifiedState,
  encodeCertifiedState,
  verifyCertifiedState,
} from '../../src/ledger/proofs/certified-state'
import { type TrustList, decodeProof, encodeProof, proofFromJson, proofToJson, verifyProof } from '../../src/ledger/proofs/proof'
import { type TrustStep, followTrustSteps, trustStepsFileFromJson, trustStepsFileToJson } from '../../src/ledger/proofs/trust-chain'
import { blockHash, validatorsHash } from '../../src/ledger/types/block'
import { codeOfSync, signCommit, signerFor } from './helpers'
import { CHAIN, FROM, SETS, SIGNERS, STATE_KEY, STATE_VALUE, STEPS, a, b, c, certifiedAt, header, proofAt, setOf, signed, step, trust } from './trust-fixture'

describe('trust chain: following validator-set changes', () => {
  it('three steps carry a trust list of height 5 from S0 to S3, counted', () => {
    const r = followTrustSteps(trust, STEPS, verifyNode)
    expect(r.ok).toBe(true)
    expect(r.trustedThrough).toEqual({ changes: 3, height: 30 })
    expect(r.trust.sets.map((s) => s.fromHeight)).toEqual([1, 10, 20, 30])
    expect(r.trust.sets.map((s) => toHex(validatorsHash(s.validators)))).toEqual(SETS.map((s) => toHex(validatorsHash(s))))
    expect(r.trust.height).toBe(30)
  })

  it('a trust list three changes old verifies a new inclusion proof through the carried steps, and says how far', () => {
    const bare = verifyProof(proofAt(35), trust, verifyNode)
    expect(bare.valid).toBe(false)
    expect(bare.checks.find((x) => x.name === 'validators')?.finding).toBe('set-newer')
    const p = proofAt(35, STEPS)
    const v = verifyProof(p, trust, verifyNode)
    expect(v.valid, JSON.stringify(v.checks)).toBe(true)
    expect(v.trustedThrough).toEqual({ changes: 3, height: 30 })
    const vc = v.checks.find((x) => x.name === 'validators')!
    expect(vc.finding).toBe('set-carried')
    expect(vc.values).toMatchObject({ changes: 3, through: 30, height: 35 })
    // the steps travel in both forms
    const fromBin = decodeProof(encodeProof(p))
    expect(fromBin.steps).toHaveLength(3)
    expect(verifyProof(fromBin, trust, verifyNode).valid).toBe(true)
    const fromJson = proofFromJson(JSON.parse(JSON.stringify(proofToJson(p))))
    expect(verifyProof(fromJson, trust).valid).toBe(true)
    // a proof without steps encodes as before (6 elements, no steps key)
    expect(proofToJson(proofAt(35))).not.toHaveProperty('steps')
    expect(decodeProof(encodeProof(proofAt(35))).steps).toBeUndefined()
  })

  it('a trust list three changes old verifies new certified state through the carried steps', () => {
    const cs = certifiedAt(35, STEPS)
    const v = verifyCertifiedState(cs, trust, verifyNode)
    expect(v.ok, JSON.stringify(v.checks)).toBe(true)
    expect(v.trustedThrough).toEqual({ changes: 3, height: 30 })
    expect(v.asOf).toEqual({ height: 35, time: cs.header.time })
    expect(v.claim).toEqual({ key: STATE_KEY, value: STATE_VALUE })
    expect(v.checks.validators.finding).toBe('set-carried')
    for (const back of [decodeCertifiedState(encodeCertifiedState(cs)), certifiedStateFromJson(JSON.parse(JSON.stringify(certifiedStateToJson(cs))))]) {
      expect(toHex(encodeCertifiedState(back))).toBe(toHex(encodeCertifiedState(cs)))
      expect(verifyCertifiedState(back, trust).ok).toBe(true)
    }
    const bare = verifyCertifiedState(certifiedAt(35), trust, verifyNode)
    expect(bare.ok).toBe(false)
    expect(bare.trustedThrough).toBeNull()
    expect(bare.checks.validators.finding).toBe('set-newer')
    expect(bare.checks.state.ok).toBe(true)
  })

  it('a proof inside the trust list needs no steps, and steps that repeat what the list knows are accepted', () => {
    const full: TrustList = { chainId: CHAIN, height: 40, sets: SETS.map((s, i) => ({ fromHeight: FROM[i]!, validators: s })) }
    expect(verifyProof(proofAt(35), full, verifyNode).valid).toBe(true)
    const v = verifyProof(proofAt(35, STEPS), full, verifyNode)
    expect(v.valid).toBe(true)
    expect(v.trustedThrough).toEqual({ changes: 0, height: 30 })
    expect(v.checks.find((x) => x.name === 'validators')?.finding).toBe('set-ok')
  })

  it('skips left-out changes when at least 1/3 of the trusted set signed (CometBFT-style), carrying the set that signed', () => {
    // from S0 straight to the step of height 29 (signed by S2 = c,d,e,f: c and d are half of S0)
    const skip: TrustStep = { ...step(29), validators: SETS[2]! }
    const r = followTrustSteps(trust, [skip], verifyNode)
    expect(r.ok, r.reason).toBe(true)
    expect(r.trustedThrough).toEqual({ changes: 2, height: 30 })
    expect(verifyProof(proofAt(35, [skip]), trust, verifyNode).valid).toBe(true)
    expect(verifyCertifiedState(certifiedAt(35, [step(9), skip]), trust, verifyNode).ok).toBe(true)
  })
})

describe('trust chain: forged steps are refused', () => {
  const refused = (steps: TrustStep[]): string => {
    const r = followTrustSteps(trust, steps, verifyNode)
    expect(r.ok).toBe(false)
    const p = verifyProof(proofAt(35, steps), trust, verifyNode)
    expect(p.valid).toBe(false)
    expect(p.trustedThrough).toBeNull()
    const vc = p.checks.find((x) => x.name === 'validators')!
    expect(vc.finding).toBe('steps-refused')
    expect(verifyCertifiedState(certifiedAt(35, steps), trust, verifyNode).checks.validators.finding).toBe('steps-refused')
    return r.reason ?? ''
  }
  const mallory = [0, 1, 2, 3].map((i) => signerFor('trust-chain/mallory-' + i))

  it('a wrong next set (the list does not match the header)', () => {
    expect(refused([step(9, { nextValidators: setOf(...mallory) }), STEPS[1]!, STEPS[2]!])).toMatch(/next validator set/)
  })

  it('a header naming a forged next set, signed by fewer than 2/3 of the trusted set', () => {
    const h = header(9, { nextValidatorsHash: validatorsHash(setOf(...mallory)) })
    const forged: TrustStep = { header: h, commit: signed(h, [a!, b!]), nextValidators: setOf(...mallory) }
    expect(refused([forged])).toMatch(/2\/3/)
    // with 2 of 4 plus signatures of strangers, still under 2/3
    const padded: TrustStep = { ...forged, commit: signed(h, [a!, b!, mallory[0]!, mallory[1]!]) }
    expect(refused([padded])).toMatch(/2\/3/)
  })

  it('a commit under 2/3 on an honest step', () => {
    expect(refused([step(9, { commit: signed(header(9), [b!, c!]) }), STEPS[1]!, STEPS[2]!])).toMatch(/2\/3/)
  })

  it('skipping with less than 1/3 of the trusted set', () => {
    // mallory's set names itself; one of S0 (a) signs along: 10 of 40 < 1/3
    const evil = setOf(a!, ...mallory.slice(0, 3))
    const h = header(29, { validatorsHash: validatorsHash(evil), nextValidatorsHash: validatorsHash(setOf(...mallory)) })
    const s: TrustStep = { header: h, commit: signed(h, [a!, ...mallory.slice(0, 3)]), nextValidators: setOf(...mallory), validators: evil }
    expect(refused([s])).toMatch(/1\/3/)
    // and a skip that does not carry the set that signed it
    expect(refused([step(29)])).toMatch(/does not carry/)
  })

  it('steps out of order, from another chain, or of format 1', () => {
    expect(refused([STEPS[0]!, STEPS[1]!, STEPS[1]!])).toMatch(/increasing height order/)
    expect(refused([STEPS[1]!, STEPS[0]!])).toMatch(/does not carry/)
    const other = header(9, { chainId: 'daejang-other' })
    expect(refused([{ header: other, commit: signCommit('daejang-other', SIGNERS[0]!, 9, blockHash(other)), nextValidators: SETS[1]! }])).toMatch(/chain/)
    const { nextValidatorsHash: _, ...rest } = header(9)
    const v1 = { ...rest, v: 1 }
    expect(refused([{ header: v1, commit: signed(v1), nextValidators: SETS[1]! }])).toMatch(/version 2/)
  })

  it('a step contradicting the trust list', () => {
    const full: TrustList = { chainId: CHAIN, height: 40, sets: SETS.map((s, i) => ({ fromHeight: FROM[i]!, validators: s })) }
    const h = header(9, { nextValidatorsHash: validatorsHash(SETS[3]!) })
    const r = followTrustSteps(full, [{ header: h, commit: signed(h), nextValidators: SETS[3]! }], verifyNode)
    expect(r.ok).toBe(false)
    expect(r.reason).toMatch(/contradicts/)
  })
})

describe('trust steps: the file form', () => {
  it('round-trips and refuses malformed input with PROOF_INVALID', () => {
    const j = JSON.parse(JSON.stringify(trustStepsFileToJson(CHAIN, 5, 35, STEPS))) as Record<string, unknown>
    const back = trustStepsFileFromJson(j)
    expect(back.steps).toHaveLength(3)
    expect(followTrustSteps(trust, back.steps, verifyNode).trustedThrough).toEqual({ changes: 3, height: 30 })
    expect(codeOfSync(() => trustStepsFileFromJson({ ...j, format: 'x' }))).toBe('PROOF_INVALID')
    const steps = j.steps as Array<{ header: Record<string, unknown> }>
    const noNext = { ...steps[0]!, header: { ...steps[0]!.header, nextValidatorsHash: undefined } }
    expect(codeOfSync(() => trustStepsFileFromJson({ ...j, steps: [noNext] }))).toBe('PROOF_INVALID')
  })
})
