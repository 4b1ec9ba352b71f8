import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toHex, utf8 } from '../../src/ledger/codec/bytes'
import { decodeCanonical, encodeCanonical } from '../../src/ledger/codec/canonical'
import { verifyPortable } from '../../src/ledger/crypto/ed25519'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import { sha256 } from '../../src/ledger/crypto/sha256'
import {
  type Block,
  type Commit,
  type Header,
  type Validator,
  BLOCK_VERSION,
  BLOCK_VERSION_V1,
  VoteType,
  ZERO_HASH,
  blockHash,
  commitFromCanonical,
  commitHash,
  commitToCanonical,
  decodeBlock,
  encodeBlock,
  encodeHeader,
  headerFromCanonical,
  headerToCanonical,
  signVote,
  totalPower,
  validatorsHash,
  verifyCommit,
} from '../../src/ledger/types/block'
import { codeOfSync, signCommit, signerFor } from './helpers'

const CHAIN = 'daejang-test'
const vs = [0, 1, 2, 3].map((i) => signerFor('block/validator-' + i))
const outsider = signerFor('block/outsider')

function header(over: Partial<Header> = {}): Header {
  return {
    v: BLOCK_VERSION,
    chainId: CHAIN,
    height: 5,
    time: 1_700_000_005_000,
    prevHash: sha256(utf8('prev')),
    lastCommitHash: sha256(utf8('last commit')),
    txRoot: sha256(utf8('txs')),
    txCount: 2,
    appHash: sha256(utf8('app')),
    validatorsHash: sha256(utf8('vals')),
    nextValidatorsHash: sha256(utf8('next vals')),
    proposer: vs[0]!.publicKey,
    ...over,
  }
}

const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 })
const nat = fc.maxSafeInteger().map(Math.abs)
const headerArb: fc.Arbitrary<Header> = fc.record({
  v: fc.constant(BLOCK_VERSION),
  chainId: fc.string({ maxLength: 20 }),
  height: nat,
  time: nat,
  prevHash: hash32,
  lastCommitHash: hash32,
  txRoot: hash32,
  txCount: nat,
  appHash: hash32,
  validatorsHash: hash32,
  nextValidatorsHash: hash32,
  proposer: hash32,
})
const commitArb: fc.Arbitrary<Commit> = fc.record({
  height: nat,
  round: fc.nat(1000),
  blockHash: hash32,
  sigs: fc.array(
    fc.record({ validator: hash32, sig: fc.uint8Array({ minLength: 64, maxLength: 64 }) }),
    { maxLength: 5 },
  ),
})
const blockArb: fc.Arbitrary<Block> = fc.record({
  header: headerArb,
  txs: fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 6 }),
  lastCommit: fc.option(commitArb, { nil: null }),
})

describe('blocks: encoding', () => {
  it('encode → decode round-trips blocks, headers and commits', () => {
    fc.assert(
      fc.property(blockArb, (b) => {
        const bytes = encodeBlock(b)
        const back = decodeBlock(bytes)
        expect(back).toEqual(b)
        expect(toHex(encodeBlock(back))).toBe(toHex(bytes))
        expect(toHex(blockHash(back.header))).toBe(toHex(blockHash(b.header)))
        expect(headerFromCanonical(decodeCanonical(encodeHeader(b.header)))).toEqual(b.header)
        if (b.lastCommit) {
          expect(commitFromCanonical(decodeCanonical(encodeCanonical(commitToCanonical(b.lastCommit))))).toEqual(
            b.lastCommit,
          )
        }
      }),
      { numRuns: 150 },
    )
  })

  it('the block hash is SHA-256 of the canonical header and changes with every field', () => {
    const h = header()
    expect(toHex(blockHash(h))).toBe(toHex(sha256(encodeHeader(h))))
    const other = sha256(utf8('other'))
    const changes: Partial<Header>[] = [
      { chainId: 'x' },
      { height: 6 },
      { time: h.time + 1 },
      { prevHash: other },
      { lastCommitHash: other },
      { txRoot: other },
      { txCount: 3 },
      { appHash: other },
      { validatorsHash: other },
      { nextValidatorsHash: other },
      { proposer: vs[1]!.publicKey },
    ]
    for (const c of changes) expect(toHex(blockHash(header(c))), JSON.stringify(Object.keys(c))).not.toBe(toHex(blockHash(h)))
  })

  it('commitHash of no commit is the zero hash; of a commit, SHA-256 of its canonical form', () => {
    expect(commitHash(null)).toEqual(ZERO_HASH)
    const c = signCommit(CHAIN, vs.slice(0, 3), 5, blockHash(header()))
    expect(toHex(commitHash(c))).toBe(toHex(sha256(encodeCanonical(commitToCanonical(c)))))
  })

  it('a version 1 header (before the state tree) still decodes and hashes as it did: 11 fields, no next set', () => {
    const v1 = { ...header({ v: BLOCK_VERSION_V1 }), nextValidatorsHash: undefined }
    delete v1.nextValidatorsHash
    const c = headerToCanonical(v1) as unknown[]
    expect(c).toHaveLength(11)
    expect(c[10]).toEqual(vs[0]!.publicKey)
    const back = headerFromCanonical(decodeCanonical(encodeHeader(v1)))
    expect(back).toEqual(v1)
    expect(back.nextValidatorsHash).toBeUndefined()
    expect(toHex(blockHash(back))).toBe(toHex(sha256(encodeCanonical(c as never))))
    // a version 1 header of 12 fields, or a version 2 one of 11, is not canonical
    expect(codeOfSync(() => headerFromCanonical([...c.slice(0, 10), ZERO_HASH, c[10]] as never))).toBe('NON_CANONICAL')
    expect(codeOfSync(() => headerFromCanonical([BLOCK_VERSION, ...c.slice(1)] as never))).toBe('NON_CANONICAL')
  })

  it('rejects malformed blocks, headers and commits', () => {
    const h = headerToCanonical(header()) as unknown[]
    const withH = (i: number, v: unknown): unknown[] => h.map((x, k) => (k === i ? v : x))
    expect(codeOfSync(() => headerFromCanonical(h.slice(0, 11) as never))).toBe('NON_CANONICAL')
    expect(codeOfSync(() => headerFromCanonical(withH(0, 3) as never))).toBe('UNSUPPORTED_VERSION')
    expect(codeOfSync(() => headerFromCanonical(withH(10, new Uint8Array(31)) as never))).toBe('SCHEMA_INVALID')
    expect(codeOfSync(() => headerToCanonical({ ...header(), nextValidatorsHash: undefined }))).toBe('SCHEMA_INVALID')
    expect(codeOfSync(() => headerFromCanonical(withH(2, -1) as never))).toBe('SCHEMA_INVALID')
    expect(codeOfSync(() => headerFromCanonical(withH(4, new Uint8Array(31)) as never))).toBe('SCHEMA_INVALID')
    expect(codeOfSync(() => headerFromCanonical(withH(11, new Uint8Array(33)) as never))).toBe('SCHEMA_INVALID')
    expect(codeOfSync(() => decodeBlock(encodeCanonical([h as never, [], null, null])))).toBe('NON_CANONICAL')
    expect(codeOfSync(() => decodeBlock(encodeCanonical([h as never, ['tx'], null])))).toBe('SCHEMA_INVALID')
    expect(codeOfSync(() => decodeBlock(encodeCanonical([h as never, [], [1, 0, ZERO_HASH]])))).toBe('NON_CANONICAL')
    expect(codeOfSync(() => commitFromCanonical([1, 0, ZERO_HASH, [[vs[0]!.publicKey, new Uint8Array(63)]]]))).toBe(
      'SCHEMA_INVALID',
    )
    expect(codeOfSync(() => commitFromCanonical([1, 0, ZERO_HASH, [[new Uint8Array(31), new Uint8Array(64)]]]))).toBe(
      'SCHEMA_INVALID',
    )
    expect(codeOfSync(() => commitFromCanonical([1, -1, ZERO_HASH, []]))).toBe('SCHEMA_INVALID')
  })
})

describe('validator sets', () => {
  it('validatorsHash commits to keys, powers and order', () => {
    const a: Validator[] = vs.map((s) => ({ publicKey: s.publicKey, power: 1 }))
    const h = toHex(validatorsHash(a))
    expect(toHex(validatorsHash(a.map((v, i) => ({ ...v, power: i === 2 ? 2 : 1 }))))).not.toBe(h)
    expect(toHex(validatorsHash([...a].reverse()))).not.toBe(h)
    expect(toHex(validatorsHash(a.slice(1)))).not.toBe(h)
    expect(totalPower([{ publicKey: vs[0]!.publicKey, power: 3 }, { publicKey: vs[1]!.publicKey, power: 4 }])).toBe(7)
  })
})

describe('verifyCommit: more than 2/3 of the power', () => {
  const hash = blockHash(header())
  const equal: Validator[] = vs.map((s) => ({ publicKey: s.publicKey, power: 1 }))
  const check = (vals: Validator[], c: Commit, h = hash, height = 5) => verifyCommit(CHAIN, vals, c, h, height, verifyNode)

  it('4 equal validators: 2 signatures fail, 3 pass, 4 pass', () => {
    const two = check(equal, signCommit(CHAIN, vs.slice(0, 2), 5, hash))
    expect(two).toMatchObject({ ok: false, signedPower: 2, totalPower: 4 })
    expect(two.reason).toBeDefined()
    expect(check(equal, signCommit(CHAIN, vs.slice(0, 3), 5, hash))).toMatchObject({ ok: true, signedPower: 3 })
    expect(check(equal, signCommit(CHAIN, vs, 5, hash))).toMatchObject({ ok: true, signedPower: 4 })
    expect(check(equal, signCommit(CHAIN, [], 5, hash))).toMatchObject({ ok: false, signedPower: 0 })
  })

  it('unequal powers: exactly 2/3 is not enough, one vote more is', () => {
    // powers 5, 3, 2, 2 (total 12): 8 is exactly 2/3 → fail; 9+ → pass
    const vals: Validator[] = [5, 3, 2, 2].map((p, i) => ({ publicKey: vs[i]!.publicKey, power: p }))
    expect(check(vals, signCommit(CHAIN, [vs[0]!, vs[1]!], 5, hash))).toMatchObject({ ok: false, signedPower: 8 })
    expect(check(vals, signCommit(CHAIN, [vs[0]!, vs[2]!, vs[3]!], 5, hash))).toMatchObject({ ok: true, signedPower: 9 })
    expect(check(vals, signCommit(CHAIN, [vs[1]!, vs[2]!, vs[3]!], 5, hash))).toMatchObject({ ok: false, signedPower: 7 })
    // one heavy validator alone: 10 of 13
    const heavy: Validator[] = [10, 1, 1, 1].map((p, i) => ({ publicKey: vs[i]!.publicKey, power: p }))
    expect(check(heavy, signCommit(CHAIN, [vs[0]!], 5, hash))).toMatchObject({ ok: true, signedPower: 10, totalPower: 13 })
    expect(check(heavy, signCommit(CHAIN, [vs[1]!, vs[2]!, vs[3]!], 5, hash))).toMatchObject({ ok: false, signedPower: 3 })
  })

  it('counts a duplicated signature once', () => {
    const c = signCommit(CHAIN, [vs[0]!, vs[1]!], 5, hash)
    const dup: Commit = { ...c, sigs: [...c.sigs, c.sigs[0]!, c.sigs[1]!, c.sigs[0]!] }
    expect(check(equal, dup)).toMatchObject({ ok: false, signedPower: 2 })
  })

  it('a bad signature listed first does not hide a good one from the same validator', () => {
    const c = signCommit(CHAIN, vs.slice(0, 3), 5, hash)
    const bad = { ...c.sigs[0]!, sig: c.sigs[0]!.sig.map((x, k) => (k === 0 ? x ^ 1 : x)) }
    expect(check(equal, { ...c, sigs: [bad, ...c.sigs] })).toMatchObject({ ok: true, signedPower: 3 })
  })

  it('ignores signers outside the validator set', () => {
    const strangers = [outsider, ...[1, 2, 3, 4].map((i) => signerFor('block/stranger-' + i))]
    const c = signCommit(CHAIN, [vs[0]!, vs[1]!, ...strangers], 5, hash)
    expect(check(equal, c)).toMatchObject({ ok: false, signedPower: 2, totalPower: 4 })
  })

  it('ignores signatures that do not verify', () => {
    const c = signCommit(CHAIN, vs.slice(0, 3), 5, hash)
    const broken: Commit = {
      ...c,
      sigs: c.sigs.map((s, i) => (i === 0 ? { ...s, sig: s.sig.map((x, k) => (k === 0 ? x ^ 1 : x)) } : s)),
    }
    expect(check(equal, broken)).toMatchObject({ ok: false, signedPower: 2 })
    // a signature by validator 3 presented as validator 0's
    const swapped: Commit = { ...c, sigs: [{ validator: vs[0]!.publicKey, sig: signCommit(CHAIN, [vs[3]!], 5, hash).sigs[0]!.sig }, c.sigs[1]!, c.sigs[2]!] }
    expect(check(equal, swapped)).toMatchObject({ ok: false, signedPower: 2 })
  })

  it('rejects a commit for another block hash or another height', () => {
    const c = signCommit(CHAIN, vs, 5, hash)
    const other = blockHash(header({ appHash: ZERO_HASH }))
    const r1 = check(equal, c, other)
    expect(r1).toMatchObject({ ok: false, signedPower: 0 })
    expect(r1.reason).toMatch(/another block/)
    const r2 = check(equal, c, hash, 6)
    expect(r2).toMatchObject({ ok: false, signedPower: 0 })
    expect(r2.reason).toMatch(/height/)
    // signatures over another height, relabelled as height 5, do not verify
    const c6 = signCommit(CHAIN, vs, 6, hash)
    expect(check(equal, { ...c6, height: 5 })).toMatchObject({ ok: false, signedPower: 0 })
  })

  it('signatures are bound to the chain id, the round and the vote type', () => {
    expect(check(equal, signCommit('another-chain', vs, 5, hash))).toMatchObject({ ok: false, signedPower: 0 })
    const r1 = signCommit(CHAIN, vs, 5, hash, 1)
    expect(check(equal, r1)).toMatchObject({ ok: true })
    expect(check(equal, { ...r1, round: 0 })).toMatchObject({ ok: false, signedPower: 0 })
    const prevotes: Commit = {
      height: 5,
      round: 0,
      blockHash: hash,
      sigs: vs.map((s) => {
        const v = signVote(CHAIN, s, { type: VoteType.prevote, height: 5, round: 0, blockHash: hash })
        return { validator: v.validator, sig: v.sig }
      }),
    }
    expect(check(equal, prevotes)).toMatchObject({ ok: false, signedPower: 0 })
  })

  it('gives the same verdicts with the portable verifier', () => {
    const c = signCommit(CHAIN, vs.slice(0, 3), 5, hash)
    expect(verifyCommit(CHAIN, equal, c, hash, 5, verifyPortable)).toMatchObject({ ok: true, signedPower: 3 })
    const c2 = signCommit(CHAIN, vs.slice(0, 2), 5, hash)
    expect(verifyCommit(CHAIN, equal, c2, hash, 5, verifyPortable)).toMatchObject({ ok: false, signedPower: 2 })
  })
})
