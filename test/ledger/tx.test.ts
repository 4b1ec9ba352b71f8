import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { jsonValueProblem } from '../../src/ledger/types/tx'
import { encodeCanonical } from '../../src/ledger/codec/canonical'
import { verifyPortable } from '../../src/ledger/crypto/ed25519'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import {
  type JsonValue,
  TX_SIGN_TAG,
  TX_VERSION,
  type Tx,
  type TxJson,
  decodeTx,
  encodeTx,
  makeTx,
  parseTxJson,
  signTx,
  txFromJson,
  txHash,
  txSignBytes,
  txSignBytesTrusted,
  txToJson,
} from '../../src/ledger/types/tx'
import { codeOfSync, signerFor } from './helpers'

const alice = signerFor('tx/alice')
const bob = signerFor('tx/bob')

// "__proto__" keys are refused by the JSON form (jsonValueProblem) and by the byte form (not a plain object);
// the round-trip properties therefore draw other keys. The refusal itself is tested below.
const key = fc.string({ unit: 'binary', maxLength: 8 }).filter((k) => k !== '__proto__')
const { json: jsonValue } = fc.letrec<{ json: JsonValue }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.maxSafeInteger().map((n) => (n === 0 ? 0 : n)),
    fc.string({ unit: 'binary', maxLength: 16 }),
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(key, tie('json'), { maxKeys: 4 }),
  ),
}))

const txArb = fc
  .record({
    chainId: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/),
    type: fc.stringMatching(/^[a-z][a-z0-9]{0,6}(\.[a-z][a-zA-Z0-9]{0,6}){1,2}$/),
    payload: jsonValue,
    nonce: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    time: fc.integer({ min: 0, max: 8_640_000_000_000_000 }),
    who: fc.boolean(),
  })
  .filter((r) => r.type.length >= 3)
  .map((r) => makeTx(r.who ? alice : bob, r))

function baseTx(over: Partial<Tx> = {}): Tx {
  const t = makeTx(alice, {
    chainId: 'daejang-test',
    type: 'identity.role.grant',
    payload: { agency: 'agency-a', subject: toHex(bob.publicKey), role: 'notary', expiresAt: null },
    nonce: 7,
    time: 1_700_000_000_000,
  })
  return { ...t, ...over }
}

describe('transactions: round trips', () => {
  it('Tx → JSON text → parseTxJson gives the same Tx, and the same bytes', () => {
    fc.assert(
      fc.property(txArb, (tx) => {
        const json = JSON.parse(JSON.stringify(txToJson(tx))) as unknown
        const back = parseTxJson(json)
        expect(back).toEqual(tx)
        expect(toHex(encodeTx(back))).toBe(toHex(encodeTx(tx)))
        expect(txFromJson(txToJson(tx))).toEqual(tx)
      }),
      { numRuns: 200 },
    )
  })

  it('Tx → bytes → decodeTx gives the same Tx, and bytes are stable', () => {
    fc.assert(
      fc.property(txArb, (tx) => {
        const bytes = encodeTx(tx)
        const back = decodeTx(bytes)
        expect(back).toEqual(tx)
        expect(toHex(encodeTx(back))).toBe(toHex(bytes))
        expect(toHex(txHash(encodeTx(back)))).toBe(toHex(txHash(bytes)))
      }),
      { numRuns: 200 },
    )
  })

  it('every generated transaction verifies with both Ed25519 implementations', () => {
    fc.assert(
      fc.property(txArb, (tx) => {
        const msg = txSignBytes(tx)
        expect(toHex(txSignBytesTrusted(tx))).toBe(toHex(msg))
        expect(verifyNode(tx.sig, msg, tx.signer)).toBe(true)
        expect(verifyPortable(tx.sig, msg, tx.signer)).toBe(true)
      }),
      { numRuns: 50 },
    )
  })

  it('the JSON form uses lowercase hex for signer and signature', () => {
    const j = txToJson(baseTx())
    expect(j.signer).toMatch(/^[0-9a-f]{64}$/)
    expect(j.sig).toMatch(/^[0-9a-f]{128}$/)
    expect(j.v).toBe(TX_VERSION)
  })
})

describe('transactions: signing', () => {
  it('signs the tagged canonical array of all fields but the signature', () => {
    const t = baseTx()
    const expected = encodeCanonical([
      TX_SIGN_TAG,
      t.v,
      t.chainId,
      t.type,
      t.payload,
      t.signer,
      t.nonce,
      t.time,
    ])
    expect(toHex(txSignBytes(t))).toBe(toHex(expected))
    expect(verifyNode(t.sig, expected, alice.publicKey)).toBe(true)
  })

  it('refuses to sign with a key that is not the transaction signer', () => {
    const { sig: _sig, ...unsigned } = baseTx()
    expect(() => signTx(unsigned, bob)).toThrow()
    expect(signTx(unsigned, alice).sig).toEqual(baseTx().sig)
  })

  it('a transaction signed by one key does not verify under another', () => {
    const t = baseTx()
    expect(verifyNode(t.sig, txSignBytes(t), bob.publicKey)).toBe(false)
  })
})

describe('transactions: any field change changes the hash and breaks the signature', () => {
  const t = baseTx()
  const h0 = toHex(txHash(encodeTx(t)))
  const changes: Array<[string, Partial<Tx>]> = [
    ['chainId', { chainId: 'daejang-other' }],
    ['type', { type: 'identity.role.revoke' }],
    ['payload value', { payload: { agency: 'agency-b', subject: toHex(bob.publicKey), role: 'notary', expiresAt: null } }],
    ['payload key added', { payload: { agency: 'agency-a', subject: toHex(bob.publicKey), role: 'notary', expiresAt: null, label: '' } }],
    ['payload type', { payload: 'agency-a' }],
    ['signer', { signer: bob.publicKey }],
    ['nonce', { nonce: 8 }],
    ['time', { time: 1_700_000_000_001 }],
  ]
  it.each(changes)('%s', (_name, over) => {
    const u = { ...t, ...over }
    expect(toHex(txHash(encodeTx(u)))).not.toBe(h0)
    expect(toHex(txSignBytes(u))).not.toBe(toHex(txSignBytes(t)))
    expect(verifyNode(u.sig, txSignBytes(u), u.signer)).toBe(false)
  })

  it('signature (a different, also valid-looking one)', () => {
    const sig = t.sig.slice()
    sig[10] = sig[10]! ^ 1
    const u = { ...t, sig }
    expect(toHex(txHash(encodeTx(u)))).not.toBe(h0)
    expect(verifyNode(u.sig, txSignBytes(u), u.signer)).toBe(false)
  })

  it('version (as bytes) is refused', () => {
    const u = { ...t, v: 3 }
    expect(toHex(txHash(encodeTx(u)))).not.toBe(h0)
    expect(codeOfSync(() => decodeTx(encodeTx(u)))).toBe('UNSUPPORTED_VERSION')
  })
})

describe('parseTxJson rejects bad shapes with SCHEMA_INVALID', () => {
  const good = txToJson(baseTx())
  const without = (k: keyof TxJson): Record<string, unknown> => {
    const { [k]: _drop, ...rest } = good
    return rest
  }
  const cases: Array<[string, unknown]> = [
    ['null', null],
    ['a string', 'tx'],
    ['an array', [good]],
    ['missing chainId', without('chainId')],
    ['missing payload', without('payload')],
    ['missing sig', without('sig')],
    ['an unknown field', { ...good, extra: 1 }],
    ['version 2', { ...good, v: 2 }],
    ['version as string', { ...good, v: '1' }],
    ['empty chainId', { ...good, chainId: '' }],
    ['too long chainId', { ...good, chainId: 'c'.repeat(65) }],
    ['numeric chainId', { ...good, chainId: 5 }],
    ['type without a dot', { ...good, type: 'identity' }],
    ['type starting with a digit', { ...good, type: '1dentity.role' }],
    ['type with uppercase registry', { ...good, type: 'Identity.role' }],
    ['type with a trailing dot', { ...good, type: 'identity.' }],
    ['too long type', { ...good, type: 'a.' + 'b'.repeat(63) }],
    ['a float in the payload', { ...good, payload: { a: 1.5 } }],
    ['an unsafe integer in the payload', { ...good, payload: [2 ** 53] }],
    ['undefined payload', { ...good, payload: undefined }],
    ['uppercase signer hex', { ...good, signer: good.signer.toUpperCase() }],
    ['short signer', { ...good, signer: good.signer.slice(2) }],
    ['long signer', { ...good, signer: good.signer + '00' }],
    ['non-hex signer', { ...good, signer: 'zz' + good.signer.slice(2) }],
    ['short sig', { ...good, sig: good.sig.slice(2) }],
    ['signer as bytes', { ...good, signer: Array.from(baseTx().signer) }],
    ['nonce 0', { ...good, nonce: 0 }],
    ['negative nonce', { ...good, nonce: -1 }],
    ['fractional nonce', { ...good, nonce: 1.5 }],
    ['unsafe nonce', { ...good, nonce: 2 ** 53 }],
    ['nonce as string', { ...good, nonce: '7' }],
    ['negative time', { ...good, time: -1 }],
    ['fractional time', { ...good, time: 1.5 }],
    ['time beyond the Date range', { ...good, time: 8_640_000_000_000_001 }],
  ]
  it.each(cases)('%s', (_name, input) => {
    expect(codeOfSync(() => parseTxJson(input))).toBe('SCHEMA_INVALID')
  })

  it('accepts the good one', () => {
    expect(parseTxJson(good)).toEqual(baseTx())
  })
})

describe('decodeTx rejects malformed bytes', () => {
  const t = baseTx()
  const fields = [t.v, t.chainId, t.type, t.payload, t.signer, t.nonce, t.time, t.sig] as const
  const withField = (i: number, v: unknown): Uint8Array => {
    const a = [...fields] as unknown[]
    a[i] = v
    return encodeCanonical(a as never)
  }
  it.each<[string, () => Uint8Array, string]>([
    ['not an array', () => encodeCanonical({ v: 1 }), 'NON_CANONICAL'],
    ['an array of 7', () => encodeCanonical([...fields].slice(0, 7) as never), 'NON_CANONICAL'],
    ['an array of 9', () => encodeCanonical([...fields, 0] as never), 'NON_CANONICAL'],
    ['version 3', () => withField(0, 3), 'UNSUPPORTED_VERSION'],
    ['version 2 without its co-signers (8 items)', () => withField(0, 2), 'NON_CANONICAL'],
    ['numeric chainId', () => withField(1, 1), 'SCHEMA_INVALID'],
    ['bytes as type', () => withField(2, new Uint8Array(3)), 'SCHEMA_INVALID'],
    ['a byte string inside the payload', () => withField(3, { a: new Uint8Array(1) }), 'SCHEMA_INVALID'],
    ['a 31-byte signer', () => withField(4, t.signer.slice(1)), 'SCHEMA_INVALID'],
    ['a hex-string signer', () => withField(4, toHex(t.signer)), 'SCHEMA_INVALID'],
    ['nonce 0', () => withField(5, 0), 'SCHEMA_INVALID'],
    ['negative time', () => withField(6, -1), 'SCHEMA_INVALID'],
    ['a 63-byte signature', () => withField(7, t.sig.slice(1)), 'SCHEMA_INVALID'],
    ['trailing bytes', () => new Uint8Array([...encodeTx(t), 0]), 'NON_CANONICAL'],
    ['non-minimal nonce', () => {
      // nonce 7 re-encoded in two bytes (0x18 0x07) instead of one
      const b = encodeTx(t)
      const at = Buffer.from(b).indexOf(Buffer.from([0x07, 0x1b]))
      expect(at).toBeGreaterThan(0)
      return new Uint8Array([...b.slice(0, at), 0x18, ...b.slice(at)])
    }, 'NON_CANONICAL'],
  ])('%s', (_name, bytes, code) => {
    expect(codeOfSync(() => decodeTx(bytes()))).toBe(code)
  })
})

describe('payload keys that could change what was signed', () => {
  it('refuses a "__proto__" key in the JSON form instead of dropping it', () => {
    const j = JSON.parse('{"agency":"a","__proto__":{"x":1}}')
    expect(jsonValueProblem(j)).toMatch(/__proto__/)
    expect(jsonValueProblem({ agency: 'a', nested: [JSON.parse('{"__proto__":1}')] })).toMatch(/__proto__/)
    expect(jsonValueProblem({ agency: 'a', n: 1 })).toBeNull()
    expect(jsonValueProblem({ n: 0.5 })).toMatch(/safe integers/)
  })
})
