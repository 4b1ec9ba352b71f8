import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ccmDecrypt, ccmEncrypt } from '../../../src/ledger/registries/voting/portable/belenios/pedersen-ccm'

function openssl(key: Uint8Array, iv: Uint8Array, pt: Uint8Array): Uint8Array {
  const nonceLen = pt.length < 65536 ? 13 : 12
  const c = createCipheriv('aes-256-ccm', key, iv.subarray(0, nonceLen), { authTagLength: 8 })
  c.setAAD(new Uint8Array(0), { plaintextLength: pt.length })
  const body = Buffer.concat([c.update(pt), c.final()])
  return new Uint8Array(Buffer.concat([body, c.getAuthTag()]))
}

describe('AES-CCM of the Belenios channels', () => {
  it('equals OpenSSL aes-256-ccm (64-bit tag, nonce = first 13 bytes of the IV) and opens again', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), (key, iv, pt) => {
        const ours = ccmEncrypt(key, iv, pt)
        expect(Buffer.from(ours).toString('hex')).toBe(Buffer.from(openssl(key, iv, pt)).toString('hex'))
        expect(Buffer.from(ccmDecrypt(key, iv, ours)!).toString('hex')).toBe(Buffer.from(pt).toString('hex'))
      }),
      { numRuns: 60 },
    )
  })

  it('is the same as OpenSSL with a 3-byte length field past 65,535 bytes', () => {
    const key = randomBytes(32), iv = randomBytes(32), pt = randomBytes(70000)
    const ours = ccmEncrypt(key, iv, pt)
    expect(Buffer.from(ours).equals(Buffer.from(openssl(key, iv, pt)))).toBe(true)
    const d = createDecipheriv('aes-256-ccm', key, iv.subarray(0, 12), { authTagLength: 8 })
    d.setAuthTag(ours.subarray(ours.length - 8))
    d.setAAD(new Uint8Array(0), { plaintextLength: pt.length })
    expect(Buffer.concat([d.update(ours.subarray(0, ours.length - 8)), d.final()]).equals(pt)).toBe(true)
  })

  it('refuses a flipped bit anywhere, a wrong key and a truncated message', () => {
    const key = randomBytes(32), iv = randomBytes(32), pt = new TextEncoder().encode('{"secret":"12345"}')
    const sealed = ccmEncrypt(key, iv, pt)
    for (let i = 0; i < sealed.length; i++) {
      const bad = Uint8Array.from(sealed)
      bad[i]! ^= 1
      expect(ccmDecrypt(key, iv, bad)).toBeNull()
    }
    expect(ccmDecrypt(randomBytes(32), iv, sealed)).toBeNull()
    expect(ccmDecrypt(key, iv, sealed.subarray(0, 7))).toBeNull()
    expect(ccmDecrypt(key, iv, sealed.subarray(1))).toBeNull()
  })
})
