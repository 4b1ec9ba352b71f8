/// <reference lib="dom" />
/**
 * Signing in the renderer (src/renderer/lib/signing.ts) yields transactions the node accepts: its JSON parses with
 * the node's schema, the signature verifies over the node's sign bytes (portable and OpenSSL), the payload matches the
 * registry schema, the hash is the node's; and the nonce rule of ADR 0003.
 */
import { describe, expect, it } from 'vitest'
import { encodeTx, parseTxJson, txHash, txSignBytes } from '../../src/ledger/types/tx'
import { toHex } from '../../src/ledger/codec/bytes'
import { publicKeyFromSeed, verifyPortable } from '../../src/ledger/crypto/ed25519'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import { RoleGrantSchema, RoleRevokeSchema } from '../../src/ledger/registries/identity/portable/schema'
import { generateSeed } from '../../src/renderer/lib/keystore'
import { nextNonce, signTransaction, txHashHex } from '../../src/renderer/lib/signing'

describe('signing in the renderer', () => {
  const seed = generateSeed()
  const signer = toHex(publicKeyFromSeed(seed))
  const subject = toHex(publicKeyFromSeed(generateSeed()))

  it('signs a role grant the node verifies', () => {
    const payload = { agency: 'local', subject, role: 'registrar', expiresAt: null, label: '민원실 김' }
    const json = signTransaction(seed, { chainId: 'daejang-local-x', type: 'identity.role.grant', payload, nonce: 1_700_000_000_000 })
    expect(json).toMatchObject({ v: 1, chainId: 'daejang-local-x', type: 'identity.role.grant', signer, nonce: 1_700_000_000_000 })
    expect(RoleGrantSchema.parse(json.payload)).toEqual(payload)

    // through the JSON the API receives
    const tx = parseTxJson(JSON.parse(JSON.stringify(json)))
    const bytes = txSignBytes(tx)
    expect(verifyPortable(tx.sig, bytes, tx.signer)).toBe(true)
    expect(verifyNode(tx.sig, bytes, tx.signer)).toBe(true)
    expect(txHashHex(json)).toBe(toHex(txHash(encodeTx(tx))))
  })

  it('signs a revoke; any change to the signed fields breaks the signature', () => {
    const payload = { agency: 'local', subject, role: 'auditor', reason: 'left the office' }
    const json = signTransaction(seed, { chainId: 'c', type: 'identity.role.revoke', payload, nonce: 5, time: 1_000 })
    expect(RoleRevokeSchema.parse(json.payload)).toEqual(payload)
    const tx = parseTxJson(json)
    expect(verifyPortable(tx.sig, txSignBytes(tx), tx.signer)).toBe(true)
    for (const changed of [
      { ...tx, nonce: 6 },
      { ...tx, time: 1_001 },
      { ...tx, chainId: 'd' },
      { ...tx, payload: { ...payload, role: 'registrar' } },
    ]) {
      expect(verifyPortable(tx.sig, txSignBytes(changed), tx.signer)).toBe(false)
    }
  })

  it('gives a different hash to a re-signed transaction (new nonce)', () => {
    const base = { chainId: 'c', type: 'identity.role.revoke', payload: { agency: 'a', subject, role: 'vet', reason: 'r' } }
    const a = signTransaction(seed, { ...base, nonce: 10, time: 5 })
    const b = signTransaction(seed, { ...base, nonce: 11, time: 5 })
    expect(txHashHex(a)).not.toBe(txHashHex(b))
  })

  it('picks nonces as max(committed + 1, now, last used here + 1)', () => {
    expect(nextNonce(null, null, 1_000)).toBe(1_000)
    expect(nextNonce(5_000, null, 1_000)).toBe(5_001)
    expect(nextNonce(5_000, 7_000, 1_000)).toBe(7_001)
    expect(nextNonce(0, 999, 1_000.7)).toBe(1_000)
    expect(nextNonce(undefined, undefined, 0)).toBe(1)
  })
})
