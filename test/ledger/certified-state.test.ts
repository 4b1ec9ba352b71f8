/**
 * Certified state (docs/adr/0028): state proofs from a real state tree (docs/adr/0025) bundled with the header whose
 * app hash is the tree's root and its commit. Present, absent and range claims verify against a trust list; a
 * tampered value, a proof of another version, a header of format 1, a short commit, another chain are each caught by
 * their own check; the binary and JSON forms round-trip and malformed input is refused with PROOF_INVALID.
 */
import { describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { type Canonical, decodeCanonical, encodeCanonical } from '../../src/ledger/codec/canonical'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import {
  type CertifiedState,
  certifiedStateFromJson,
  certifiedStateToJson,
  decodeCertifiedState,
  encodeCertifiedState,
  verifyCertifiedState,
} from '../../src/ledger/proofs/certified-state'
import type { StateProof } from '../../src/ledger/proofs/state-proof'
import { StateTree, memoryTreeDb } from '../../src/ledger/state/tree'
import { type Header, BLOCK_VERSION_V1 } from '../../src/ledger/types/block'
import { codeOfSync } from './helpers'
import { SIGNERS, header, signed, trust } from './trust-fixture'

const V1: Array<[string, Canonical]> = [
  ['notary/rec/KR-1', { status: 'active', n: 1 }],
  ['notary/rec/KR-2', { status: 'active', n: 2 }],
  ['notary/rec/KR-3', { status: 'revoked', n: 3 }],
  ['lv/ev/cow-7/1', { kind: 'birth' }],
  ['lv/ev/cow-7/2', { kind: 'move' }],
  ['lv/ev/cow-8/1', { kind: 'birth' }],
  ['chain/genesis', new Uint8Array(32)],
]

async function tree(): Promise<{ t: StateTree; roots: Uint8Array[] }> {
  const db = memoryTreeDb()
  const t = new StateTree(db)
  await t.load()
  const roots: Uint8Array[] = []
  for (const [v, writes] of [
    [1, new Map<string, Canonical | null>(V1)],
    [2, new Map<string, Canonical | null>([['notary/rec/KR-1', { status: 'revoked', n: 1 }], ['lv/ev/cow-7/3', { kind: 'death' }]])],
  ] as const) {
    const p = await t.prepare(v, writes)
    db.apply(p.ops)
    t.committed(p)
    roots.push(p.root)
  }
  return { t, roots }
}

function certify(proof: StateProof, appHash: Uint8Array, over: Partial<Header> = {}): CertifiedState {
  const h = header(3, { appHash, ...over })
  return { proof, header: h, commit: signed(h) }
}

const failing = (cs: CertifiedState): string[] =>
  Object.entries(verifyCertifiedState(cs, trust, verifyNode).checks)
    .filter(([, c]) => !c.ok)
    .map(([n]) => n)

describe('certified state', () => {
  it('proves a value, an absence and a whole group as of a block, with the claim and the height', async () => {
    const { t, roots } = await tree()
    const present = certify(await t.prove('notary/rec/KR-1', 2), roots[1]!)
    const v = verifyCertifiedState(present, trust, verifyNode)
    expect(v.ok, JSON.stringify(v.checks)).toBe(true)
    expect(v.claim).toEqual({ key: 'notary/rec/KR-1', value: { status: 'revoked', n: 1 } })
    expect(v.asOf).toEqual({ height: 3, time: present.header.time })
    expect(v.trustedThrough).toBeNull()
    expect(v.checks.state.finding).toBe('state-ok')

    // as of the earlier version, the same key had another value
    const earlier = verifyCertifiedState(certify(await t.prove('notary/rec/KR-1', 1), roots[0]!), trust, verifyNode)
    expect(earlier.ok).toBe(true)
    expect(earlier.claim).toEqual({ key: 'notary/rec/KR-1', value: { status: 'active', n: 1 } })

    const absent = verifyCertifiedState(certify(await t.prove('notary/rec/KR-9', 2), roots[1]!), trust, verifyNode)
    expect(absent.ok).toBe(true)
    expect(absent.claim).toEqual({ key: 'notary/rec/KR-9', value: undefined })

    const range = verifyCertifiedState(certify(await t.proveRange('lv/ev/cow-7', 2), roots[1]!), trust, verifyNode)
    expect(range.ok).toBe(true)
    expect(range.claim).toMatchObject({ group: 'lv/ev/cow-7' })
    expect((range.claim as { entries: unknown[] }).entries).toHaveLength(3)
    expect(range.checks.state.detail).toMatch(/exactly 3 entries/)
  })

  it('each failure is caught by its own check', async () => {
    const { t, roots } = await tree()
    const proof = await t.prove('notary/rec/KR-1', 2)
    if (proof.kind !== 'present') throw new Error('expected a present proof')
    // a value changed after the fact
    expect(failing(certify({ ...proof, value: { status: 'active', n: 1 } }, roots[1]!))).toEqual(['state'])
    // a proof of version 2 against the root of version 1
    expect(failing(certify(proof, roots[0]!))).toEqual(['state'])
    // a header of format 1: its app hash is not a state root
    const { nextValidatorsHash: _, ...rest } = header(3, { appHash: roots[1]! })
    const old = { ...rest, v: BLOCK_VERSION_V1 }
    const oldCs: CertifiedState = { proof, header: old, commit: signed(old) }
    expect(failing(oldCs)).toEqual(['state'])
    expect(verifyCertifiedState(oldCs, trust, verifyNode).checks.state.finding).toBe('state-old-header')
    // signed by too few
    const cs = certify(proof, roots[1]!)
    expect(failing({ ...cs, commit: signed(cs.header, SIGNERS[0]!.slice(0, 2)) })).toEqual(['commit'])
    // another chain in the trust list
    expect(Object.entries(verifyCertifiedState(cs, { ...trust, chainId: 'daejang-other' }, verifyNode).checks).filter(([, c]) => !c.ok).map(([n]) => n)).toEqual(['chain', 'commit'])
    // an absence claimed for a present key
    const absent = await t.prove('notary/rec/KR-9', 2)
    if (absent.kind !== 'absent') throw new Error('expected an absent proof')
    expect(failing(certify({ ...absent, key: 'notary/rec/KR-2' }, roots[1]!))).toEqual(['state'])
  })

  it('round-trips in binary and JSON; malformed input is refused with PROOF_INVALID', async () => {
    const { t, roots } = await tree()
    for (const proof of [await t.prove('notary/rec/KR-3', 2), await t.prove('x/none', 2), await t.proveRange('lv/ev/cow-7', 2)]) {
      const cs = certify(proof, roots[1]!)
      const bin = encodeCertifiedState(cs)
      const back = decodeCertifiedState(bin)
      expect(toHex(encodeCertifiedState(back))).toBe(toHex(bin))
      expect(verifyCertifiedState(back, trust, verifyNode).ok).toBe(true)
      const json = JSON.parse(JSON.stringify(certifiedStateToJson(cs)))
      expect(json.format).toBe('daejang-state-proof/1')
      expect(json).not.toHaveProperty('steps')
      const fromJson = certifiedStateFromJson(json)
      expect(toHex(encodeCertifiedState(fromJson))).toBe(toHex(bin))
    }
    const cs = certify(await t.prove('notary/rec/KR-3', 2), roots[1]!)
    const json = certifiedStateToJson(cs) as unknown as Record<string, unknown>
    expect(codeOfSync(() => certifiedStateFromJson({ ...json, format: 'daejang-state-proof/2' }))).toBe('PROOF_INVALID')
    expect(codeOfSync(() => certifiedStateFromJson({ ...json, header: { ...(json.header as object), nextValidatorsHash: undefined } }))).toBe('PROOF_INVALID')
    expect(codeOfSync(() => certifiedStateFromJson({ ...json, proof: { kind: 'present' } }))).toBe('PROOF_INVALID')
    expect(codeOfSync(() => decodeCertifiedState(encodeCanonical([2, new Uint8Array(1)])))).toBe('PROOF_INVALID')
    expect(codeOfSync(() => decodeCertifiedState(encodeCertifiedState(cs).subarray(0, 40)))).toBe('PROOF_INVALID')
    // the state proof's place holding bytes that are not a state proof; an empty steps list written out
    expect(codeOfSync(() => decodeCertifiedState(encodeCanonical([1, encodeCertifiedState(cs), 0, 0])))).toBe('PROOF_INVALID')
    expect(codeOfSync(() => decodeCertifiedState(encodeCanonical([...(decodeCanonical(encodeCertifiedState(cs)) as Canonical[]), []])))).toBe('PROOF_INVALID')
  })
})
