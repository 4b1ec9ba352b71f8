import { describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { genesisHash, genesisValidators, parseGenesis } from '../../src/ledger/types/genesis'
import { SigCache } from '../../src/ledger/mempool/sigcache'
import { codeOfSync, makeFixture, signerFor } from './helpers'

const keys = [0, 1, 2].map((i) => toHex(signerFor('genesis/key-' + i).publicKey))

function doc(agencies: unknown[], extra: Record<string, unknown> = {}): unknown {
  return { format: 'daejang-genesis/1', chainId: 'daejang-test', genesisTime: 0, agencies, ...extra }
}
const agency = (id: string, validator: string | null, admins = [keys[2]!]) => ({
  id,
  name: id,
  validator: validator === null ? null : { publicKey: validator, power: 5 },
  admins,
})

describe('genesis', () => {
  it('fills default parameters and lists validators sorted by key', () => {
    const g = parseGenesis(doc([agency('b', keys[1]!), agency('a', keys[0]!), agency('c', null)]))
    expect(g.params).toEqual({ maxTxBytes: 65536, maxBlockTxs: 5000, maxBlockBytes: 8 << 20, maxFutureMs: 600_000 })
    const vals = genesisValidators(g).map((v) => toHex(v.publicKey))
    expect(vals).toEqual([keys[0]!, keys[1]!].sort())
  })

  it('hashes deterministically, and differently for another document', () => {
    const a = makeFixture({ tag: 'genesis' }).genesis
    const b = makeFixture({ tag: 'genesis' }).genesis
    expect(toHex(genesisHash(a))).toBe(toHex(genesisHash(b)))
    expect(toHex(genesisHash({ ...a, chainId: 'other' }))).not.toBe(toHex(genesisHash(a)))
  })

  it.each<[string, unknown]>([
    ['no agencies', doc([])],
    ['no validator at all', doc([agency('a', null)])],
    ['duplicate agency ids', doc([agency('a', keys[0]!), agency('a', keys[1]!)])],
    ['a validator key used twice', doc([agency('a', keys[0]!), agency('b', keys[0]!)])],
    ['an uppercase chain id', doc([agency('a', keys[0]!)], { chainId: 'Daejang' })],
    ['an agency without admins', doc([agency('a', keys[0]!, [])])],
    ['a malformed key', doc([agency('a', keys[0]!.toUpperCase())])],
    ['an unknown field', doc([agency('a', keys[0]!)], { extra: 1 })],
    ['a too small maxTxBytes', doc([agency('a', keys[0]!)], { params: { maxTxBytes: 10 } })],
    ['another format', { ...(doc([agency('a', keys[0]!)]) as object), format: 'daejang-genesis/2' }],
  ])('rejects %s (SCHEMA_INVALID)', (_name, input) => {
    expect(codeOfSync(() => parseGenesis(input))).toBe('SCHEMA_INVALID')
  })
})

describe('signature cache', () => {
  it('remembers hashes, forgets the oldest beyond its bound', () => {
    const c = new SigCache(3)
    for (const h of ['a', 'b', 'c']) c.add(h)
    expect(c.size).toBe(3)
    c.add('d')
    expect(c.size).toBe(3)
    expect(c.has('a')).toBe(false)
    expect(c.has('d')).toBe(true)
    c.delete('d')
    expect(c.has('d')).toBe(false)
  })
})
