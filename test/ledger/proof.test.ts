import { describe, expect, it } from 'vitest'
import { toHex, utf8 } from '../../src/ledger/codec/bytes'
import { encodeCanonical } from '../../src/ledger/codec/canonical'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import { merkleRoot } from '../../src/ledger/crypto/merkle'
import { sha256 } from '../../src/ledger/crypto/sha256'
import {
  type Commit,
  type Header,
  BLOCK_VERSION,
  blockHash,
  commitToCanonical,
  headerToCanonical,
  validatorsHash,
} from '../../src/ledger/types/block'
import {
  type InclusionProof,
  type ProofCheckName,
  type TrustList,
  PROOF_VERSION,
  ProofFormatError,
  buildProof,
  decodeProof,
  encodeProof,
  proofFromJson,
  proofToJson,
  trustFromJson,
  verifyProof,
} from '../../src/ledger/proofs/proof'
import { encodeTx, makeTx } from '../../src/ledger/types/tx'
import { signCommit, signerFor } from './helpers'

const CHAIN = 'daejang-test'
const validators = [0, 1, 2, 3].map((i) => signerFor('proof/validator-' + i))
const alice = signerFor('proof/alice')
const trustValidators = validators
  .map((s) => ({ publicKey: s.publicKey, power: 10 }))
  .sort((a, b) => (toHex(a.publicKey) < toHex(b.publicKey) ? -1 : 1))
const trust: TrustList = { chainId: CHAIN, height: 100, sets: [{ fromHeight: 1, validators: trustValidators }] }
const withSet = (vals: typeof trustValidators): TrustList => ({ ...trust, sets: [{ fromHeight: 1, validators: vals }] })

interface TestBlock {
  header: Header
  txs: Uint8Array[]
  commit: Commit
}

function makeBlock(n: number, height = 3): TestBlock {
  const txs = Array.from({ length: n }, (_, i) =>
    encodeTx(
      makeTx(alice, {
        chainId: CHAIN,
        type: 'identity.role.grant',
        payload: { item: i, note: 'x'.repeat(i % 5) },
        nonce: i + 1,
        time: 1_700_000_000_000 + i,
      }),
    ),
  )
  const header: Header = {
    v: BLOCK_VERSION,
    chainId: CHAIN,
    height,
    time: 1_700_000_003_000,
    prevHash: sha256(utf8('prev')),
    lastCommitHash: sha256(utf8('lastCommit')),
    txRoot: merkleRoot(txs),
    txCount: n,
    appHash: sha256(utf8('app')),
    validatorsHash: validatorsHash(trustValidators),
    nextValidatorsHash: validatorsHash(trustValidators),
    proposer: validators[0]!.publicKey,
  }
  const commit = signCommit(CHAIN, validators.slice(0, 3), height, blockHash(header))
  return { header, txs, commit }
}

/** A real copy (Buffer#slice, which encoders may return, is a view). */
const copy = (b: Uint8Array): Uint8Array => new Uint8Array(b)

/** Compare proofs by their canonical bytes (encoders may hand out Buffers, decoders Uint8Arrays). */
const same = (a: InclusionProof, b: InclusionProof): void => {
  expect(toHex(encodeProof(a))).toBe(toHex(encodeProof(b)))
  expect(proofToJson(a)).toEqual(proofToJson(b))
}

function failed(p: InclusionProof, t: TrustList = trust): ProofCheckName[] {
  return verifyProof(p, t)
    .checks.filter((c) => !c.ok)
    .map((c) => c.name)
    .sort()
}

const SIZES = [1, 2, 3, 5, 7, 8, 9, 13, 31, 33]

describe('inclusion proofs: build and verify', () => {
  it.each(SIZES)('every transaction of a block of %i verifies, in binary and JSON form', (n) => {
    const b = makeBlock(n)
    for (let i = 0; i < n; i++) {
      const p = buildProof(b.header, b.txs, i, b.commit)
      const v = verifyProof(p, trust)
      expect(v.valid, `tx ${i} of ${n}`).toBe(true)
      expect(v.checks.map((c) => c.name)).toEqual(['transaction', 'inclusion', 'chain', 'validators', 'commit'])
      expect(v.checks.every((c) => c.ok)).toBe(true)
      expect(v.txHash).toBe(toHex(sha256(b.txs[i]!)))
      expect(v.blockHash).toBe(toHex(blockHash(b.header)))
      expect(v.height).toBe(3)

      const bin = encodeProof(p)
      const fromBin = decodeProof(bin)
      same(fromBin, p)
      expect(toHex(encodeProof(fromBin))).toBe(toHex(bin))
      expect(verifyProof(fromBin, trust).valid).toBe(true)

      const json = JSON.parse(JSON.stringify(proofToJson(p))) as unknown
      const fromJson = proofFromJson(json)
      same(fromJson, p)
      expect(toHex(encodeProof(fromJson))).toBe(toHex(bin))
      expect(verifyProof(fromJson, trust).valid).toBe(true)
    }
  })

  it('the node verifier (OpenSSL) gives the same verdicts', () => {
    const b = makeBlock(5)
    const p = buildProof(b.header, b.txs, 4, b.commit)
    expect(verifyProof(p, trust, verifyNode).valid).toBe(true)
    const few = { ...p, commit: { ...p.commit, sigs: p.commit.sigs.slice(0, 2) } }
    expect(verifyProof(few, trust, verifyNode).valid).toBe(false)
  })

  it('the JSON form carries the redundant hashes, which verification does not trust', () => {
    const b = makeBlock(3)
    const p = buildProof(b.header, b.txs, 1, b.commit)
    const j = proofToJson(p)
    expect(j.txHash).toBe(toHex(sha256(b.txs[1]!)))
    expect(j.blockHash).toBe(toHex(blockHash(b.header)))
    const lying = { ...j, txHash: '00'.repeat(32), blockHash: '11'.repeat(32) }
    const v = verifyProof(proofFromJson(lying), trust)
    expect(v.valid).toBe(true)
    expect(v.txHash).toBe(j.txHash)
    expect(v.blockHash).toBe(j.blockHash)
  })
})

describe('inclusion proofs: each tampering fails the right check', () => {
  const n = 7
  const b = makeBlock(n)
  const good = buildProof(b.header, b.txs, 5, b.commit)
  const other = sha256(utf8('tampered'))

  it('the untampered proof passes every check', () => {
    expect(failed(good)).toEqual([])
  })

  it('an altered transaction byte (still a well-formed transaction): inclusion', () => {
    const tx = copy(good.tx)
    tx[tx.length - 1] = tx[tx.length - 1]! ^ 1 // inside the signature: still decodes
    expect(failed({ ...good, tx })).toEqual(['inclusion'])
  })

  it('an altered transaction byte that breaks its encoding: transaction and inclusion', () => {
    const tx = copy(good.tx)
    tx[0] = 0x89 // an array of 9
    expect(failed({ ...good, tx })).toEqual(['inclusion', 'transaction'])
  })

  it('another transaction of the same block with this path: inclusion', () => {
    expect(failed({ ...good, tx: b.txs[4]! })).toEqual(['inclusion'])
  })

  it.each([0, 1, 2])('an altered audit path element %i: inclusion', (k) => {
    expect(good.path.length).toBe(3)
    const path = good.path.slice()
    path[k] = copy(path[k]!)
    path[k]![7] = path[k]![7]! ^ 0x40
    expect(failed({ ...good, path })).toEqual(['inclusion'])
  })

  it('a truncated or extended path, or another index: inclusion', () => {
    expect(failed({ ...good, path: good.path.slice(0, -1) })).toEqual(['inclusion'])
    expect(failed({ ...good, path: [...good.path, other] })).toEqual(['inclusion'])
    expect(failed({ ...good, index: 4 })).toEqual(['inclusion'])
    expect(failed({ ...good, index: 7 })).toEqual(['inclusion'])
  })

  it.each<[string, Partial<Header>, ProofCheckName[]]>([
    ['appHash', { appHash: other }, ['commit']],
    ['prevHash', { prevHash: other }, ['commit']],
    ['time', { time: b.header.time + 1 }, ['commit']],
    ['proposer', { proposer: validators[1]!.publicKey }, ['commit']],
    ['height', { height: 4 }, ['commit']],
    ['txRoot', { txRoot: other }, ['commit', 'inclusion']],
    ['txCount', { txCount: n * 2 }, ['commit', 'inclusion']],
    ['chainId', { chainId: 'daejang-other' }, ['chain', 'commit']],
    ['validatorsHash', { validatorsHash: other }, ['commit', 'validators']],
  ])('an altered header %s: %j', (_name, over, expected) => {
    expect(failed({ ...good, header: { ...good.header, ...over } })).toEqual(expected)
  })

  it('a header whose txRoot matches a forged transaction set is still caught by the commit', () => {
    const forged = makeBlock(n)
    const forgedTxs = forged.txs.slice()
    forgedTxs[5] = encodeTx(
      makeTx(alice, { chainId: CHAIN, type: 'identity.role.grant', payload: { item: 'forged' }, nonce: 99, time: 1 }),
    )
    const header = { ...forged.header, txRoot: merkleRoot(forgedTxs) }
    const p = buildProof(header, forgedTxs, 5, b.commit)
    expect(failed(p)).toEqual(['commit'])
  })

  it('a commit signed by keys outside the validator set: commit', () => {
    const outsiders = [0, 1, 2, 3].map((i) => signerFor('proof/outsider-' + i))
    const commit = signCommit(CHAIN, outsiders, 3, blockHash(b.header))
    expect(failed({ ...good, commit })).toEqual(['commit'])
    const v = verifyProof({ ...good, commit }, trust)
    expect(v.checks.find((c) => c.name === 'commit')!.detail).toMatch(/0 of 40/)
  })

  it('too few signatures (2 of 4 equal validators): commit', () => {
    const commit = { ...good.commit, sigs: good.commit.sigs.slice(0, 2) }
    expect(failed({ ...good, commit })).toEqual(['commit'])
  })

  it('duplicated signatures do not make up the missing power: commit', () => {
    const s = good.commit.sigs
    const commit = { ...good.commit, sigs: [s[0]!, s[1]!, s[0]!, s[1]!] }
    expect(failed({ ...good, commit })).toEqual(['commit'])
  })

  it('a commit for another block or another height: commit', () => {
    expect(failed({ ...good, commit: signCommit(CHAIN, validators, 3, other) })).toEqual(['commit'])
    expect(failed({ ...good, commit: signCommit(CHAIN, validators, 4, blockHash(b.header)) })).toEqual(['commit'])
  })

  it('a wrong chain id in the trust list: chain (and the commit signatures are for another chain)', () => {
    expect(failed(good, { ...trust, chainId: 'daejang-other' })).toEqual(['chain', 'commit'])
  })

  it('a wrong validator set in the trust list: validators and commit', () => {
    const strangers = [0, 1, 2, 3].map((i) => ({ publicKey: signerFor('proof/stranger-' + i).publicKey, power: 10 }))
    expect(failed(good, withSet(strangers))).toEqual(['commit', 'validators'])
  })

  it('the same keys with other powers in the trust list: validators', () => {
    const reweighted = trustValidators.map((v, i) => ({ ...v, power: i === 0 ? 11 : 10 }))
    expect(failed(good, withSet(reweighted))).toEqual(['validators'])
  })
})

describe('inclusion proofs: malformed input', () => {
  const b = makeBlock(3)
  const p = buildProof(b.header, b.txs, 0, b.commit)

  it('decodeProof rejects another version, wrong shapes and bad path elements', () => {
    const h = headerToCanonical(p.header)
    const c = commitToCanonical(p.commit)
    const bad: Array<unknown[]> = [
      [2, p.tx, 0, p.path, h, c],
      [PROOF_VERSION, p.tx, 0, p.path, h],
      [PROOF_VERSION, 'tx', 0, p.path, h, c],
      [PROOF_VERSION, p.tx, '0', p.path, h, c],
      [PROOF_VERSION, p.tx, 0, [new Uint8Array(31)], h, c],
      [PROOF_VERSION, p.tx, 0, 'path', h, c],
    ]
    for (const v of bad) expect(() => decodeProof(encodeCanonical(v as never))).toThrow(ProofFormatError)
    try {
      decodeProof(encodeCanonical(bad[0] as never))
    } catch (e) {
      expect((e as ProofFormatError).code).toBe('PROOF_INVALID')
    }
    expect(() => decodeProof(new Uint8Array([0x01, 0x01]))).toThrow()
  })

  it('proofFromJson rejects wrong formats and shapes', () => {
    const j = proofToJson(p)
    for (const bad of [
      null,
      { ...j, format: 'daejang-inclusion-proof/2' },
      { ...j, index: -1 },
      { ...j, path: ['zz'] },
      { ...j, header: { ...j.header, txRoot: 'ab' } },
      { ...j, commit: { ...j.commit, sigs: [{ validator: j.header.proposer, sig: '00' }] } },
      { ...j, tx: 'not a tx' },
    ]) {
      expect(() => proofFromJson(bad)).toThrow(ProofFormatError)
    }
  })

  it('trustFromJson sorts validators by key and rejects bad lists', () => {
    const list = {
      format: 'daejang-trust/1',
      chainId: CHAIN,
      validators: [...trustValidators].reverse().map((v) => ({ publicKey: toHex(v.publicKey), power: v.power, agency: 'a' })),
    }
    const t = trustFromJson(list)
    expect(t.chainId).toBe(CHAIN)
    expect(t.sets[0]!.validators.map((v) => toHex(v.publicKey))).toEqual(trustValidators.map((v) => toHex(v.publicKey)))
    expect(verifyProof(p, t).valid).toBe(true)
    expect(() => trustFromJson({ ...list, format: 'x' })).toThrow(ProofFormatError)
    expect(() => trustFromJson({ ...list, validators: [] })).toThrow(ProofFormatError)
    expect(() => trustFromJson({ ...list, validators: [{ publicKey: 'ab', power: 1 }] })).toThrow(ProofFormatError)
    expect(() => trustFromJson({ ...list, validators: [{ publicKey: toHex(alice.publicKey), power: 0 }] })).toThrow(
      ProofFormatError,
    )
    expect(t.agencyNames).toBeUndefined()
  })

  it('a trust list may carry the agencies\' names; they are read into a map, within bounds', () => {
    const list = {
      format: 'daejang-trust/2',
      chainId: CHAIN,
      height: 3,
      sets: [{ fromHeight: 1, validators: trustValidators.map((v) => ({ publicKey: toHex(v.publicKey), power: v.power })) }],
    }
    expect(trustFromJson(list).agencyNames).toBeUndefined()
    const named = trustFromJson({ ...list, agencies: [{ id: 'mofa', name: '외교부' }, { id: 'constructor', name: 'C' }] })
    expect(named.agencyNames?.get('mofa')).toBe('외교부')
    expect(named.agencyNames?.get('constructor')).toBe('C')
    expect(named.agencyNames?.get('toString')).toBeUndefined()
    expect(verifyProof(p, named).valid).toBe(true)
    expect(() => trustFromJson({ ...list, agencies: [{ id: 'x', name: 'n'.repeat(201) }] })).toThrow(ProofFormatError)
    expect(() => trustFromJson({ ...list, agencies: [{ id: '', name: 'x' }] })).toThrow(ProofFormatError)
    expect(() => trustFromJson({ ...list, agencies: 'mofa' })).toThrow(ProofFormatError)
  })
})
