/**
 * State proofs (docs/adr/0025): each check of the portable verifier and each way a proof can be tampered with —
 * a flipped sibling, a wrong depth, a key moved to another group, absence claimed for a present key, an entry left
 * out of a range or added to it, reordered steps, truncated bytes — and the binary and JSON forms round-trip.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { type Canonical, encodeCanonical } from '../../src/ledger/codec/canonical'
import {
  EMPTY_ROOT,
  type StateProof,
  decodeStateProof,
  encodeStateProof,
  groupOf,
  statePath,
  stateProofFromJson,
  stateProofRoot,
  stateProofToJson,
  valueHash,
  verifyStateProof,
} from '../../src/ledger/proofs/state-proof'
import { StateTree, memoryTreeDb } from '../../src/ledger/state/tree'

// portable hashing (@noble): the verifier as it runs in the browser; the tree hashes the same way in the node

const STATE: Array<[string, Canonical]> = [
  ['chain/genesis', new Uint8Array(32).fill(7)],
  ['n/rec/2026-000001', { title: 'deed', by: 'agency-1' }],
  ['n/rec/2026-000002', { title: 'will', by: 'agency-2' }],
  ['n/status/2026-000001', 'active'],
  ['n/status/2026-000002', 'revoked'],
  ['lv/ev/cow-1/0', { kind: 'birth' }],
  ['lv/ev/cow-1/1', { kind: 'move', to: 'farm-2' }],
  ['lv/ev/cow-1/2', { kind: 'vaccine' }],
  ['lv/ev/cow-2/0', { kind: 'birth' }],
  ['plain', 1],
]

let tree: StateTree
let root: Uint8Array

beforeAll(async () => {
  const db = memoryTreeDb()
  tree = new StateTree(db)
  await tree.load()
  const p = await tree.prepare(0, new Map(STATE))
  db.apply(p.ops)
  tree.committed(p)
  root = p.root
})

/** whether what a proof claims is what the state holds */
function claimIsTrue(p: StateProof): boolean {
  const state = new Map(STATE)
  const same = (a: Canonical | undefined, b: Canonical | undefined): boolean =>
    (a === undefined) === (b === undefined) && (a === undefined || toHex(encodeCanonical(a)) === toHex(encodeCanonical(b!)))
  if (p.kind === 'present') return same(state.get(p.key), p.value)
  if (p.kind === 'absent') return !state.has(p.key)
  const want = STATE.filter(([k]) => groupOf(k) === p.group)
  return want.length === p.entries.length && p.entries.every(([k, v]) => same(state.get(k), v))
}

const fails = (p: StateProof): void => {
  const r = verifyStateProof(p, root)
  expect(r.ok).toBe(false)
}
const flip = (b: Uint8Array, i = 0): Uint8Array => {
  const c = b.slice()
  c[i] = c[i]! ^ 1
  return c
}

describe('state proofs verify', () => {
  it('present, absent and range proofs lead to the root; the empty tree has the empty root', async () => {
    for (const [k, v] of STATE) {
      const p = await tree.prove(k, 0)
      expect(p).toMatchObject({ kind: 'present', key: k, value: v })
      expect(verifyStateProof(p, root)).toEqual({ ok: true })
    }
    const absent = await tree.prove('n/status/2026-000003', 0)
    expect(absent.kind).toBe('absent')
    expect(verifyStateProof(absent, root)).toEqual({ ok: true })
    const cow = await tree.proveRange('lv/ev/cow-1', 0)
    expect(cow.kind === 'range' && cow.entries.map(([k]) => k).sort()).toEqual(['lv/ev/cow-1/0', 'lv/ev/cow-1/1', 'lv/ev/cow-1/2'])
    expect(verifyStateProof(cow, root)).toEqual({ ok: true })
    const one = await tree.proveRange('lv/ev/cow-2', 0)
    expect(one.kind === 'range' && one.entries.length).toBe(1)
    expect(verifyStateProof(one, root)).toEqual({ ok: true })
    const none = await tree.proveRange('lv/ev/cow-9', 0)
    expect(none.kind === 'range' && none.entries.length).toBe(0)
    expect(verifyStateProof(none, root)).toEqual({ ok: true })
    expect(verifyStateProof({ kind: 'absent', key: 'x', witness: null, steps: [] }, EMPTY_ROOT)).toEqual({ ok: true })
    expect(verifyStateProof({ kind: 'range', group: 'g', entries: [], witness: null, steps: [] }, EMPTY_ROOT)).toEqual({ ok: true })
  })

  it('keys of one group share the first 256 bits of their paths', () => {
    expect(groupOf('lv/ev/cow-1/2')).toBe('lv/ev/cow-1')
    expect(groupOf('plain')).toBe('')
    const a = statePath('lv/ev/cow-1/0')
    const b = statePath('lv/ev/cow-1/1')
    expect(toHex(a.slice(0, 32))).toBe(toHex(b.slice(0, 32)))
    expect(toHex(a.slice(32))).not.toBe(toHex(b.slice(32)))
    expect(toHex(statePath('lv/ev/cow-2/0').slice(0, 32))).not.toBe(toHex(a.slice(0, 32)))
  })
})

describe('tampered state proofs fail', () => {
  it('a flipped sibling, a wrong depth, reordered or dropped steps', async () => {
    const p = await tree.prove('n/rec/2026-000001', 0)
    if (p.kind !== 'present') throw new Error('expected present')
    expect(p.steps.length).toBeGreaterThan(1)
    for (let i = 0; i < p.steps.length; i++) {
      fails({ ...p, steps: p.steps.map((s, j) => (j === i ? { ...s, sibling: flip(s.sibling, 31) } : s)) })
      for (const d of [-1, 1]) fails({ ...p, steps: p.steps.map((s, j) => (j === i ? { ...s, depth: s.depth + d } : s)) })
    }
    fails({ ...p, steps: [...p.steps].reverse() })
    fails({ ...p, steps: [p.steps[1]!, p.steps[0]!, ...p.steps.slice(2)] })
    fails({ ...p, steps: p.steps.slice(1) })
    fails({ ...p, steps: p.steps.slice(0, -1) })
    expect(() => stateProofRoot({ ...p, steps: [...p.steps].reverse() })).toThrow(expect.objectContaining({ code: 'PROOF_INVALID' }))
  })

  it('another value, a key moved to another group, another key of the same group', async () => {
    const p = await tree.prove('n/status/2026-000002', 0)
    if (p.kind !== 'present') throw new Error('expected present')
    fails({ ...p, value: 'active' })
    fails({ ...p, key: 'n/rec/2026-000002' })
    fails({ ...p, key: 'n/status/2026-000001' })
    fails({ ...p, key: 'x/status/2026-000002' })
  })

  it('absence claimed for a present key', async () => {
    // an honest absence proof of a missing key, relabelled with a present key of the same neighbourhood
    const absent = await tree.prove('n/status/2026-000003', 0)
    if (absent.kind !== 'absent') throw new Error('expected absent')
    for (const [k] of STATE) fails({ ...absent, key: k })
    // the present key's own leaf given as the witness of its absence
    const present = await tree.prove('n/status/2026-000001', 0)
    const witness = { path: statePath('n/status/2026-000001'), valueHash: new Uint8Array(32) }
    fails({ kind: 'absent', key: 'n/status/2026-000001', witness, steps: present.steps })
    // the empty-tree form against a non-empty root
    fails({ kind: 'absent', key: 'n/status/2026-000001', witness: null, steps: [] })
  })

  it('a witness whose branch the key would take (a step at the first differing bit)', async () => {
    // prove absence of a key of an existing group by a leaf of that group: its steps branch inside the group
    const present = await tree.prove('lv/ev/cow-1/0', 0)
    const other = await tree.prove('lv/ev/cow-1/1', 0)
    if (present.kind !== 'present' || other.kind !== 'present') throw new Error('expected present')
    const witness = { path: statePath('lv/ev/cow-1/0'), valueHash: valueHash(encodeCanonical(present.value)) }
    expect(verifyStateProof({ kind: 'absent', key: 'lv/ev/cow-1/1', witness, steps: present.steps }, root).ok).toBe(false)
  })

  it('a range with an entry left out, an extra entry, an entry of another group, reordered entries', async () => {
    const p = await tree.proveRange('lv/ev/cow-1', 0)
    if (p.kind !== 'range') throw new Error('expected range')
    expect(p.entries.length).toBe(3)
    for (let i = 0; i < 3; i++) fails({ ...p, entries: p.entries.filter((_, j) => j !== i) })
    fails({ ...p, entries: [...p.entries, ['lv/ev/cow-1/3', { kind: 'sale' }]] })
    fails({ ...p, entries: [...p.entries, ['lv/ev/cow-2/0', { kind: 'birth' }]] })
    fails({ ...p, entries: [p.entries[1]!, p.entries[0]!, p.entries[2]!] })
    fails({ ...p, entries: [p.entries[0]!, p.entries[0]!, p.entries[1]!, p.entries[2]!] })
    fails({ ...p, entries: p.entries.map(([k, v], j): [string, Canonical] => [k, j === 1 ? { kind: 'forged' } : v]) })
    // a subtree below the group's top passed off as the whole group
    const sub = p.entries.slice(1)
    const inner = await tree.prove(p.entries[0]![0], 0)
    fails({ ...p, entries: sub, steps: inner.steps.slice(1) })
    // an absence-style (empty) range for a group that has entries
    const none = await tree.proveRange('lv/ev/cow-9', 0)
    if (none.kind !== 'range') throw new Error('expected range')
    fails({ ...none, group: 'lv/ev/cow-1' })
    // a one-entry range whose entry's group has more entries
    const single = await tree.prove('lv/ev/cow-1/0', 0)
    if (single.kind !== 'present') throw new Error('expected present')
    fails({ kind: 'range', group: 'lv/ev/cow-1', entries: [['lv/ev/cow-1/0', single.value]], witness: null, steps: single.steps })
  })

  it('any changed byte of an encoded proof is refused, does not verify, or still claims the truth', async () => {
    const proofs = [
      await tree.prove('n/rec/2026-000002', 0),
      await tree.prove('n/status/2026-000009', 0),
      await tree.proveRange('lv/ev/cow-1', 0),
      await tree.proveRange('nothing/here', 0),
    ]
    for (const p of proofs) {
      const bytes = encodeStateProof(p)
      expect(verifyStateProof(decodeStateProof(bytes), root)).toEqual({ ok: true })
      fc.assert(
        fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (i, x) => {
          const b = bytes.slice()
          b[i] = b[i]! ^ x
          let q: StateProof
          try {
            q = decodeStateProof(b)
          } catch (e) {
            expect((e as { code?: string }).code).toBe('PROOF_INVALID')
            return
          }
          // a changed byte may still make a true claim (another absent key that the same witness rules out)
          if (verifyStateProof(q, root).ok) expect(claimIsTrue(q)).toBe(true)
        }),
        { numRuns: 200 },
      )
      for (let n = 0; n < bytes.length; n += Math.max(1, Math.floor(bytes.length / 40))) {
        expect(() => decodeStateProof(bytes.subarray(0, n))).toThrow(expect.objectContaining({ code: 'PROOF_INVALID' }))
      }
    }
  })
})

describe('state proof forms', () => {
  it('binary and JSON forms round-trip; malformed JSON is refused with PROOF_INVALID', async () => {
    const proofs = [
      await tree.prove('chain/genesis', 0),
      await tree.prove('absent/key', 0),
      await tree.proveRange('n/rec', 0),
      await tree.proveRange('none', 0),
      { kind: 'absent', key: 'k', witness: null, steps: [] } as StateProof,
    ]
    for (const p of proofs) {
      expect(decodeStateProof(encodeStateProof(p))).toEqual(p)
      const j = JSON.parse(JSON.stringify(stateProofToJson(p)))
      expect(stateProofFromJson(j)).toEqual(p)
    }
    const j = stateProofToJson(proofs[0]!) as { steps: Array<{ depth: number; sibling: string }> }
    const bad = [
      { ...j, kind: 'other' },
      { ...j, steps: [{ depth: 600, sibling: j.steps[0]!.sibling }] },
      { ...j, steps: [{ depth: 1, sibling: 'zz' }] },
      { ...j, value: 'f' },
      { ...j, value: '1b0000000000000001' }, // 1 encoded in 9 bytes: not canonical
      { ...j, extra: 1 },
    ]
    for (const b of bad) expect(() => stateProofFromJson(b)).toThrow(expect.objectContaining({ code: 'PROOF_INVALID' }))
  })

  it('a proof of a key in a tree of 1,000 keys stays small', async () => {
    const db = memoryTreeDb()
    const t = new StateTree(db)
    await t.load()
    const writes = new Map<string, Canonical>()
    for (let i = 0; i < 1000; i++) writes.set(`n/status/${i}`, 'active')
    const p = await t.prepare(0, writes)
    db.apply(p.ops)
    t.committed(p)
    const proof = await t.prove('n/status/500', 0)
    // ~log2(1000) ≈ 10 steps of 34 bytes
    expect(encodeStateProof(proof).length).toBeLessThan(34 * 16 + 64)
    expect(verifyStateProof(proof, p.root)).toEqual({ ok: true })
  })
})
