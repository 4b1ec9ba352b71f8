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

describe('state proofs: one path, one name', () => {
  it('refuses a key or group that is not well-formed Unicode (a lone surrogate hashes like U+FFFD)', async () => {
    const { StateTree } = await import('../../src/ledger/state/tree/tree')
    const { memoryTreeDb } = await import('../../src/ledger/state/tree/memory-db')
    const { verifyStateProof, stateProofFromJson, stateProofToJson } = await import('../../src/ledger/proofs/state-proof')
    const db = memoryTreeDb()
    const tree = new StateTree(db)
    const p = await tree.prepare(1, new Map([['g/k\uFFFD', 1]]))
    db.apply(p.ops)
    tree.committed(p)
    const real = await tree.prove('g/k\uFFFD', 1)
    expect(verifyStateProof(real, p.root).ok).toBe(true)
    if (real.kind !== 'present') throw new Error('present')
    // the same proof, naming a key no state can hold: it must not verify (nor read back from JSON)
    const alias = { ...real, key: 'g/k\uD800' }
    expect(verifyStateProof(alias, p.root).ok).toBe(false)
    const json = JSON.parse(JSON.stringify(stateProofToJson(alias)))
    expect(() => verifyStateProof(stateProofFromJson(json), p.root)).not.toThrow()
    expect(verifyStateProof(stateProofFromJson(json), p.root).ok).toBe(false)
    const range = await tree.proveRange('g', 1)
    expect(verifyStateProof(range, p.root).ok).toBe(true)
    if (range.kind !== 'range') throw new Error('range')
    expect(verifyStateProof({ ...range, entries: [['g/k\uD800', 1]] }, p.root).ok).toBe(false)
  })
})

describe('state tree: a version pruned during a read', () => {
  it('is refused as pruned (UNKNOWN_HEIGHT), not reported as a corrupt store', async () => {
    const { StateTree } = await import('../../src/ledger/state/tree/tree')
    const { memoryTreeDb } = await import('../../src/ledger/state/tree/memory-db')
    const db = memoryTreeDb()
    let gate: Promise<void> | null = null
    const gated = {
      ...db,
      // every node read goes through the gate (a synchronous read cannot be overtaken by a prune: docs/adr/0035)
      getSync: undefined,
      async getMany(keys: string[]) {
        if (gate) await gate
        return db.getMany(keys)
      },
    }
    const tree = new StateTree(gated, { cacheNodes: 0 })
    for (let v = 1; v <= 3; v++) {
      const p = await tree.prepare(v, new Map([['g/a', v], ['g/b' + v, v]]))
      db.apply(p.ops)
      tree.committed(p)
    }
    let open!: () => void
    gate = new Promise((r) => (open = r))
    const reading = tree.prove('g/a', 1)
    reading.catch(() => undefined)
    await new Promise((r) => setTimeout(r, 20))
    db.apply(await tree.prune(3))
    open()
    await expect(reading).rejects.toMatchObject({ code: 'UNKNOWN_HEIGHT' })
  })
})
