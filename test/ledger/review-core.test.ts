/**
 * Review of issue 11's core as an attacker: proofs and steps that must be refused.
 */
import { describe, expect, it } from 'vitest'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import { verifyCertifiedState } from '../../src/ledger/proofs/certified-state'
import { type TrustList } from '../../src/ledger/proofs/proof'
import { followTrustSteps } from '../../src/ledger/proofs/trust-chain'
import { validatorsHash } from '../../src/ledger/types/block'
import { CHAIN, SETS, STATE_KEY, STATE_VALUE, a, b, header, setOf, signed } from './trust-fixture'

describe('trust chain: a step contradicting what the trust list knows', () => {
  // the list was taken at height 8: S0 is the set of every height up to 8
  const list: TrustList = { chainId: CHAIN, height: 8, sets: [{ fromHeight: 1, validators: SETS[0]! }] }
  const forged = setOf(a!, b!)

  it('refuses a skip to a set the list contradicts at that height (1/3 of the trusted set is not 2/3)', () => {
    const h = header(7, { validatorsHash: validatorsHash(forged), nextValidatorsHash: validatorsHash(forged) })
    const commit = signed(h, [a!, b!])
    const st = { header: h, commit, nextValidators: forged, validators: forged }
    expect(followTrustSteps(list, [st], verifyNode).ok).toBe(false)
    const cs = { proof: { kind: 'present' as const, key: STATE_KEY, value: STATE_VALUE, steps: [] }, header: h, commit, steps: [st] }
    expect(verifyCertifiedState(cs, list, verifyNode).ok).toBe(false)
  })

  it('refuses a sequential step whose next set contradicts the list at a height it knows', () => {
    const h = header(5, { nextValidatorsHash: validatorsHash(forged) })
    const st = { header: h, commit: signed(h), nextValidators: forged }
    expect(followTrustSteps(list, [st], verifyNode).ok).toBe(false)
  })
})
