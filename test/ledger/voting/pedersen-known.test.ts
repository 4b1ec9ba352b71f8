/**
 * Known answers: every hash input and byte layout of the PKI and the ceremony rebuilt here from the specification's
 * words with Node's own SHA-256 and AES-CCM (OpenSSL), not with the code under test; and the native group (libsodium)
 * agreeing with the portable one on a whole ceremony.
 */
import { createDecipheriv, createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { loadNativeGroup } from '../../../src/ledger/registries/voting/belenios-native'
import { Q } from '../../../src/ledger/registries/voting/portable/belenios/group'
import { checkCerts, checkPolynomial, checkThresholdParameters, checkVoutput, computeVinputs } from '../../../src/ledger/registries/voting/portable/belenios/pedersen'
import { deriveKeys, encryptTo, makeCert, sign } from '../../../src/ledger/registries/voting/portable/belenios/pedersen-pki'
import { parseTrustees, proveTrusteeKey, trusteesText } from '../../../src/ledger/registries/voting/portable/belenios/trustees'
import { G, ok, runCeremony } from './pedersen-harness'

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest()
const shaQ = (s: string) => BigInt('0x' + sha(s).toString('hex')) % Q
const mod = (x: bigint) => ((x % Q) + Q) % Q
const SEED = 'BeLen1osSeedXyz23456ab'

function fixed(...xs: bigint[]) {
  let i = 0
  return () => xs[i++]!
}

function ccmOpen(key: Buffer, iv: Buffer, hex: string): string {
  const all = Buffer.from(hex, 'hex')
  const d = createDecipheriv('aes-256-ccm', key, iv.subarray(0, 13), { authTagLength: 8 })
  d.setAuthTag(all.subarray(all.length - 8))
  d.setAAD(Buffer.alloc(0), { plaintextLength: all.length - 8 })
  return Buffer.concat([d.update(all.subarray(0, all.length - 8)), d.final()]).toString('utf8')
}

describe('the PKI, byte for byte as the specification words it', () => {
  const k = deriveKeys(G, SEED)

  it('derives sk and dk as SHA256("sk|" seed) and SHA256("dk|" seed) read big-endian mod q', () => {
    expect(k.sk).toBe(shaQ('sk|' + SEED))
    expect(k.dk).toBe(shaQ('dk|' + SEED))
    expect(G.toString(k.vk)).toBe(G.toString(G.baseMul(shaQ('sk|' + SEED))))
  })

  it('a certificate is {"message":cert_keys,"signature":…} with challenge SHA256("sigmsg|" M "|" g^w)', () => {
    const w = 123456789123456789n
    const cert = makeCert(G, k, fixed(w))
    const message = `{"verification":"${G.toString(k.vk)}","encryption":"${G.toString(k.ek)}"}`
    const c = shaQ(`sigmsg|${message}|${G.toString(G.baseMul(w))}`)
    expect(cert).toBe(`{"message":${JSON.stringify(message)},"signature":{"challenge":"${c}","response":"${mod(w - k.sk * c)}"}}`)
    expect(ok(checkCerts(G, [cert]))[0]!.keys.encryption).toBeDefined()
  })

  it('an encrypted_msg is ElGamal of g^s and AES-CCM under SHA256("key|" g^s), IV SHA256("iv|" alpha), opened by OpenSSL', () => {
    const r = 987654321n
    const s = 55555n
    const text = encryptTo(G, k.ek, '{"secret":"42"}', fixed(r, s))
    const o = JSON.parse(text) as { alpha: string; beta: string; data: string }
    expect(Object.keys(o)).toEqual(['alpha', 'beta', 'data'])
    expect(o.alpha).toBe(G.toString(G.baseMul(r)))
    expect(o.beta).toBe(G.toString(G.add(G.mul(k.ek, r), G.baseMul(s))))
    const key = sha('key|' + G.toString(G.baseMul(s)))
    const iv = sha('iv|' + o.alpha)
    expect(ccmOpen(key, iv, o.data)).toBe('{"secret":"42"}')
  })

  it("a trustee_public_key's proof hashes pok|Ed25519|X|A", () => {
    const x = 31337n
    const w = 777n
    const tpk = proveTrusteeKey(G, x, fixed(w))
    const X = G.toString(G.baseMul(x))
    const c = shaQ(`pok|Ed25519|${X}|${G.toString(G.baseMul(w))}`)
    expect(tpk.pok).toEqual({ challenge: c, response: mod(w - x * c) })
  })

  it('a signed message over any text hashes the text as given', () => {
    const m = sign(G, k.sk, 'héllo "w"', fixed(9n))
    expect(m.signature.challenge).toBe(shaQ(`sigmsg|héllo "w"|${G.toString(G.baseMul(9n))}`))
  })
})

describe('the ceremony messages, in the reference layout', () => {
  const c = runCeremony(3, 2)

  it('a polynomial: the sent raw_polynomial, the sent secrets, the signed raw_coefexps', () => {
    const o = JSON.parse(c.polyTexts[0]!) as { polynomial: string; secrets: string[]; coefexps: { message: string } }
    expect(Object.keys(o)).toEqual(['polynomial', 'secrets', 'coefexps'])
    expect(o.secrets).toHaveLength(3)
    expect(o.coefexps.message).toMatch(/^\{"coefexps":\["[0-9a-f]{64}","[0-9a-f]{64}"\]\}$/)
    // trustee 2 opens its share from trustee 1 with OpenSSL: signed_msg of channel_msg {recipient, message: secret}
    const dk = deriveKeys(G, c.seeds[1]!).dk
    const e = JSON.parse(o.secrets[1]!) as { alpha: string; beta: string; data: string }
    const shared = G.sub(G.parse(e.beta)!, G.mul(G.parse(e.alpha)!, dk))
    const signed = JSON.parse(ccmOpen(sha('key|' + G.toString(shared)), sha('iv|' + e.alpha), e.data)) as { message: string; signature: object }
    expect(Object.keys(signed)).toEqual(['message', 'signature'])
    const channel = JSON.parse(signed.message) as { recipient: string; message: string }
    expect(Object.keys(channel)).toEqual(['recipient', 'message'])
    expect(channel.recipient).toBe(G.toString(c.certs[1]!.keys.encryption))
    expect(channel.message).toMatch(/^\{"secret":"(0|[1-9][0-9]*)"\}$/)
  })

  it('a vinput routes the j-th share of every polynomial and all coefexps; a voutput, threshold_parameters and trustees in order', () => {
    const vi = JSON.parse(c.vinputs[2]!) as { polynomial: string; secrets: string[]; coefexps: unknown[] }
    expect(Object.keys(vi)).toEqual(['polynomial', 'secrets', 'coefexps'])
    expect(vi.polynomial).toBe(c.polys[2]!.polynomial)
    expect(vi.secrets).toEqual(c.polys.map((p) => p.secrets[2]))
    expect(JSON.stringify(vi.coefexps)).toBe(`[${c.polys.map((p) => p.coefexpsText).join(',')}]`)
    expect(Object.keys(JSON.parse(c.voutputs[0]!.text) as object)).toEqual(['private_key', 'public_key'])
    const tp = JSON.parse(c.params) as { threshold: number; certs: unknown[]; coefexps: unknown[]; verification_keys: unknown[] }
    expect(Object.keys(tp)).toEqual(['threshold', 'certs', 'coefexps', 'verification_keys'])
    expect(tp.threshold).toBe(2)
    expect(trusteesText([{ kind: 'Pedersen', text: c.params }])).toBe(`[["Pedersen",${c.params}]]`)
    // the sub-key is Π A_z0
    const a0 = c.polys.reduce((acc, p) => G.add(acc, p.commitments[0]!), G.identity)
    expect(G.equals(a0, c.y)).toBe(true)
  })
})

describe('the native group (libsodium) checks what the portable one made', () => {
  const N = loadNativeGroup()

  it.skipIf(N === null)('every server check passes on the native backend, and gives the same verification keys', () => {
    const c = runCeremony(3, 2)
    const NG = N!
    const certs = ok(checkCerts(NG, c.certTexts))
    const polys = c.polyTexts.map((p, i) => ok(checkPolynomial(NG, certs, i + 1, p, 2)))
    expect(computeVinputs(polys)).toEqual(c.vinputs)
    c.voutputs.forEach((v, j) => ok(checkVoutput(NG, polys, j + 1, v.text)))
    const t = parseTrustees(NG, trusteesText([{ kind: 'Pedersen', text: c.params }]))![0]!
    if (t.kind !== 'Pedersen') throw new Error('not Pedersen')
    const vks = ok(checkThresholdParameters(NG, t.params))
    expect(vks.map((p) => NG.toString(p))).toEqual(c.voutputs.map((v) => G.toString(v.publicKey.publicKey)))
  })
})
