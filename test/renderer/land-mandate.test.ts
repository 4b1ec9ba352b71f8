/// <reference lib="dom" />
/**
 * A licensed agent's application under the parties' signed mandates, in the app (docs/adr/0033 "Agents and their
 * mandates", 0039; features/land/mandate.ts): the request file the agent exports and the party imports (hostile and
 * oversized files refused), each attached mandate checked as the rules check it (this agent, office, exact request,
 * chain, the party's own key, a party who must sign, once), the parties it covers no longer co-signing; and the keys
 * store's `signMandateWithUnlocked`, which signs only the domain-separated mandate digest — never transaction bytes.
 */
import type {} from '../../src/renderer/env'
import { IDBFactory } from 'fake-indexeddb'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fromHex, toHex } from '../../src/ledger/codec/bytes'
import { portableSigner, verifyPortable } from '../../src/ledger/crypto/ed25519'
import { checkMandate, makeMandate, mandateDigest, requestHash } from '../../src/ledger/registries/land/portable/mandate'
import { ApplySchema, type ApplyPayload, type LandRequest, type Mandate } from '../../src/ledger/registries/land/portable/schema'
import { TX_VERSION, txSignBytes } from '../../src/ledger/types/tx'
import { cosignersOf } from '../../src/renderer/features/land/apply'
import type { RegisterDto } from '../../src/renderer/features/land/api'
import {
  MANDATE_FILE_MAX,
  MANDATE_REQUEST_KIND,
  checkAttached,
  mandateRequestOf,
  parseMandateFile,
  parseMandateRequest,
  stillToSign,
  withMandates,
} from '../../src/renderer/features/land/mandate'

const CHAIN = 'daejang-test-chain'
const seedOf = (n: number): Uint8Array => new Uint8Array(32).fill(n)
const seller = portableSigner(seedOf(1))
const buyer = portableSigner(seedOf(2))
const agent = portableSigner(seedOf(3))
const stranger = portableSigner(seedOf(4))
const pk = (s: { publicKey: Uint8Array }): string => toHex(s.publicKey)

const request: LandRequest = {
  register: '1101-2026-000001',
  purpose: 'ownership.transfer',
  cause: 'sale',
  causeOn: '2026-12-01',
  holders: [{ kind: 'person', name: '김민지', id: '900202-2******', idHash: null, address: '서울특별시 중구 세종대로 110', key: pk(buyer), agency: null, share: null }],
  of: null,
  portion: null,
  amount: '850000000',
  debtor: null,
  target: null,
  caseNo: null,
  mandate: null,
}
const payload: ApplyPayload = ApplySchema.parse({ office: '1101', request })
const reg = {
  number: '1101-2026-000001',
  office: '1101',
  owners: [{ holder: { name: '박서준', key: pk(seller), agency: null } }],
  live: [],
} as unknown as RegisterDto
const needed = cosignersOf(request, reg, pk(agent))
const mandateBy = (s: typeof seller, o: { agent?: string; office?: string; req?: LandRequest; chain?: string } = {}): Mandate =>
  makeMandate(pk(s), (m) => s.sign(m), o.agent ?? pk(agent), o.office ?? '1101', o.req ?? request, o.chain ?? CHAIN)

describe('the mandate request file', () => {
  it('carries the agent, the office and the exact request, and reads back', () => {
    const file = mandateRequestOf(payload, pk(agent))
    expect(file).toEqual({ kind: MANDATE_REQUEST_KIND, agent: pk(agent), office: '1101', request })
    const back = parseMandateRequest(JSON.stringify(file))
    expect(back).toEqual({ value: file })
  })

  it('refuses what is not one: empty, oversized, not JSON, another shape, extra keys, a bad agent key', () => {
    const file = mandateRequestOf(payload, pk(agent))
    expect(parseMandateRequest('  ')).toEqual({ problem: 'empty' })
    expect(parseMandateRequest(' '.repeat(MANDATE_FILE_MAX) + '{}')).toEqual({ problem: 'tooLarge' })
    expect(parseMandateRequest('{not json')).toEqual({ problem: 'notJson' })
    expect(parseMandateRequest(JSON.stringify({ ...file, kind: 'daejang/act/1' }))).toEqual({ problem: 'notRequest' })
    expect(parseMandateRequest(JSON.stringify({ ...file, payload: 'x' }))).toEqual({ problem: 'notRequest' })
    expect(parseMandateRequest(JSON.stringify({ ...file, agent: 'AB'.repeat(32) }))).toEqual({ problem: 'notRequest' })
    expect(parseMandateRequest(JSON.stringify({ ...file, request: { ...request, purpose: 'land.apply' } }))).toEqual({ problem: 'notRequest' })
    // a transaction is not a request file
    expect(parseMandateRequest(JSON.stringify({ type: 'land.apply', payload }))).toEqual({ problem: 'notRequest' })
  })

  it('a mandate file parses strictly', () => {
    const m = mandateBy(seller)
    expect(parseMandateFile(JSON.stringify(m))).toEqual({ value: m })
    expect(parseMandateFile(JSON.stringify({ ...m, extra: 1 }))).toEqual({ problem: 'notMandate' })
    expect(parseMandateFile(JSON.stringify({ ...m, sig: m.sig.slice(2) }))).toEqual({ problem: 'notMandate' })
    expect(parseMandateFile('[]')).toEqual({ problem: 'notMandate' })
  })
})

describe('attaching mandates', () => {
  it('the seller and the buyer, both needed, give mandates: nobody else signs and the act carries both', () => {
    expect(needed.sort()).toEqual([pk(seller), pk(buyer)].sort())
    const ms = [mandateBy(seller), mandateBy(buyer)]
    const problems = checkAttached(ms, payload, pk(agent), CHAIN, needed)
    expect(problems).toEqual([null, null])
    expect(stillToSign(needed, ms, problems)).toEqual([])
    const signed = withMandates(payload, ms, problems)
    expect(ApplySchema.parse(signed).mandates).toEqual(ms)
    // the rules accept each one for this application and chain
    for (const m of ms) expect('hash' in checkMandate(m, signed.office, signed.request, CHAIN)).toBe(true)
  })

  it('with the seller\'s mandate alone, the buyer still co-signs', () => {
    const ms = [mandateBy(seller)]
    const problems = checkAttached(ms, payload, pk(agent), CHAIN, needed)
    expect(stillToSign(needed, ms, problems)).toEqual([pk(buyer)])
  })

  it('refuses each mandate that does not serve this application, in its own words, and leaves it out', () => {
    const changed: LandRequest = { ...request, amount: '900000000' }
    const cases: Array<[Mandate, string]> = [
      [mandateBy(seller, { agent: pk(stranger) }), 'otherAgent'],
      [mandateBy(stranger), 'notParty'],
      [mandateBy(seller, { office: '1102' }), 'otherOffice'],
      [mandateBy(seller, { req: changed }), 'otherRequest'],
      [mandateBy(seller, { chain: 'another-chain' }), 'signature'],
      // signed by someone else in the seller's name
      [{ ...mandateBy(stranger), party: pk(seller) }, 'signature'],
    ]
    for (const [m, why] of cases) {
      const problems = checkAttached([m], payload, pk(agent), CHAIN, needed)
      expect(problems, why).toEqual([why])
      expect(stillToSign(needed, [m], problems).sort()).toEqual(needed.slice().sort())
      expect(withMandates(payload, [m], problems)).toBe(payload)
    }
  })

  it('the same party twice: the second is refused', () => {
    const m = mandateBy(seller)
    expect(checkAttached([m, m], payload, pk(agent), CHAIN, needed)).toEqual([null, 'twice'])
  })
})

function fakeWindow(): unknown {
  const storage = new Map<string, string>()
  return {
    localStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
      removeItem: (k: string) => void storage.delete(k),
    },
    location: { hash: '', search: '', href: 'http://localhost/', origin: 'http://localhost' },
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  }
}

async function keysStore() {
  vi.resetModules()
  vi.stubGlobal('window', fakeWindow())
  vi.stubGlobal('indexedDB', new IDBFactory())
  setActivePinia(createPinia())
  const { useKeysStore } = await import('../../src/renderer/stores/keys')
  const { useNodeStore } = await import('../../src/renderer/stores/node')
  useNodeStore().status = { chainId: CHAIN } as never
  return useKeysStore()
}

describe('the keys store signs a mandate, and nothing else, with the unlocked key', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('signs the domain-separated mandate digest for this chain; the rules accept it; it is no transaction signature', { timeout: 60_000 }, async () => {
    const keys = await keysStore()
    await expect(keys.signMandateWithUnlocked(pk(agent), '1101', request)).rejects.toThrow(/Unlock/)
    const meta = await keys.create('박서준', 'a long passphrase 1')
    const m = await keys.signMandateWithUnlocked(pk(agent), '1101', request)
    expect(m).toMatchObject({ party: meta.publicKey, agent: pk(agent), office: '1101', request: requestHash(request) })
    expect(checkMandate(m, '1101', request, CHAIN)).toEqual({ hash: toHex(mandateDigest(CHAIN, pk(agent), '1101', requestHash(request))) })
    expect(verifyPortable(fromHex(m.sig), mandateDigest(CHAIN, pk(agent), '1101', requestHash(request)), fromHex(meta.publicKey))).toBe(true)
    // another chain's rules refuse it
    expect('reason' in checkMandate(m, '1101', request, 'another-chain')).toBe(true)
    // what it signed is the mandate digest, not a transaction's sign bytes for the same application
    const txBytes = txSignBytes({ v: TX_VERSION, chainId: CHAIN, type: 'land.apply', payload: payload as never, signer: fromHex(meta.publicKey), nonce: 1, time: 0 })
    expect(verifyPortable(fromHex(m.sig), txBytes, fromHex(meta.publicKey))).toBe(false)
    keys.lock()
  })

  it('refuses what is not a request, an office or an agent key, and a mandate to itself; locked, it signs nothing', { timeout: 60_000 }, async () => {
    const keys = await keysStore()
    const meta = await keys.create('김민지', 'a long passphrase 2')
    await expect(keys.signMandateWithUnlocked(pk(agent), '1101', { ...request, purpose: 'bytes' })).rejects.toThrow()
    await expect(keys.signMandateWithUnlocked(pk(agent), '1101', 'c2lnbiBtZQ==')).rejects.toThrow()
    await expect(keys.signMandateWithUnlocked(pk(agent), '0000', request)).rejects.toThrow()
    await expect(keys.signMandateWithUnlocked('not a key', '1101', request)).rejects.toThrow()
    await expect(keys.signMandateWithUnlocked(meta.publicKey, '1101', request)).rejects.toThrow()
    keys.lock()
    await expect(keys.signMandateWithUnlocked(pk(agent), '1101', request)).rejects.toThrow(/Unlock/)
  })
})
