/** The explorer's and consortium's pure parts: paging, payload renderers, the in-page proof check, API reads. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { ApiError, type ApiClient } from '../../src/renderer/api/client'
import { getBlockTxs, listBlocks, search, searchTarget } from '../../src/renderer/api/explorer'
import { blockSummaryDto, keyInfoDto } from './fixtures/dtos'
import { mapLimit } from '../../src/renderer/lib/map-limit'
import { newerCursor, olderCursor, parseCursor, parseHeight } from '../../src/renderer/lib/paging'
import { prettyJson, renderPayload } from '../../src/renderer/lib/tx-render'
import { featureRenderers } from '../../src/renderer/lib/features'
import { FEATURES } from '../../src/renderer/features/registry'
import { PROOF_CHECKS, verifyInPage } from '../../src/renderer/lib/verify-proof'
import { administrators, formatShare, votingPower } from '../../src/renderer/lib/voting'

const fixture = (name: string): any => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'))
const KEY = 'ab'.repeat(32)

describe('block paging', () => {
  it('pages newest first with a before cursor', () => {
    // latest page shows 100..81; older starts below 81
    expect(olderCursor(81)).toBe(81)
    expect(olderCursor(1)).toBeUndefined()
    // from the page 80..61, the newer page is 100..81 (before 101), the latest when the head is 100
    expect(newerCursor(80, 100, 20)).toBeUndefined()
    expect(newerCursor(80, 150, 20)).toBe(101)
    expect(newerCursor(20, 150, 20)).toBe(41)
  })
  it('reads cursors and heights from the route, refusing junk', () => {
    expect(parseCursor('41')).toBe(41)
    expect(parseCursor(['41', '2'])).toBe(41)
    expect(parseCursor('1')).toBeUndefined()
    expect(parseCursor('4e1')).toBeUndefined()
    expect(parseCursor(undefined)).toBeUndefined()
    expect(parseHeight('7')).toBe(7)
    expect(parseHeight('0')).toBeNull()
    expect(parseHeight('-1')).toBeNull()
    expect(parseHeight('12345678901234567890')).toBeNull()
  })
})

describe('payload renderers', () => {
  const renderers = featureRenderers(FEATURES)
  const grant = { agency: 'land-office', subject: KEY, role: 'registrar', expiresAt: null, label: 'Kim' }
  it('render role grants and revocations field by field (declared by the credentials feature)', () => {
    const r = renderPayload(renderers, 'identity.role.grant', grant)!
    expect(r.renderer.summaryKey).toBe('credentials.render.grant')
    expect(Object.fromEntries(r.fields.map((f) => [f.spec.key, f.value]))).toEqual(grant)
    const v = renderPayload(renderers, 'identity.role.revoke', { agency: 'a', subject: KEY, role: 'notary', reason: 'left' })!
    expect(v.fields.map((f) => f.spec.kind)).toEqual(['role', 'key', 'agency', 'text'])
  })
  it('fall back to the description for unknown types and for payloads of the wrong shape', () => {
    expect(renderPayload(renderers, 'land.parcel.register', { parcel: 1 })).toBeNull()
    expect(renderPayload(renderers, 'identity.role.grant', { ...grant, subject: 'not-a-key' })).toBeNull()
    expect(renderPayload(renderers, 'identity.role.grant', { ...grant, expiresAt: 'soon' })).toBeNull()
    expect(renderPayload(renderers, 'identity.role.revoke', { agency: 'a', subject: KEY, role: 'notary' })).toBeNull()
    expect(renderPayload(renderers, 'identity.role.grant', [grant])).toBeNull()
    expect(renderPayload(renderers, 'toString', {})).toBeNull()
    expect(prettyJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}')
  })
  it('refuse two features rendering one type', () => {
    const one = { summaryKey: 'x.y', fields: [] }
    expect(() => featureRenderers([{ renderers: { 'a.b': one } }, { renderers: { 'a.b': one } }])).toThrow(/a\.b/)
  })
  it('have their sentences in both languages, in the catalogue of the feature that declares them', () => {
    for (const f of FEATURES) {
      for (const r of Object.values(f.renderers ?? {})) {
        const [section, ...path] = r.summaryKey.split('.')
        expect(section).toBe(f.id)
        for (const locale of ['ko', 'en'] as const) {
          const get = path.reduce<any>((o, k) => o?.[k], f.messages?.[locale])
          expect(typeof get, `${r.summaryKey} (${locale})`).toBe('string')
        }
      }
    }
  })
})

describe('inclusion proof checked in the page', () => {
  const proof = fixture('proof.json')
  const trust = fixture('trust.json')

  it('passes every check for a real proof from a node', () => {
    const r = verifyInPage(proof, trust, proof.txHash)
    expect(r.problem).toBeNull()
    expect(r.checks.map((c) => c.name)).toEqual(PROOF_CHECKS)
    expect(r.checks.every((c) => c.ok)).toBe(true)
    expect(r.valid).toBe(true)
    expect(r.height).toBe(proof.header.height)
  })

  it('fails inclusion when the audit path is tampered with', () => {
    const bad = structuredClone(proof)
    bad.path[0] = bad.path[0].replace(/^./, (c: string) => (c === '0' ? '1' : '0'))
    const r = verifyInPage(bad, trust, proof.txHash)
    expect(r.valid).toBe(false)
    expect(r.checks.find((c) => c.name === 'inclusion')!.ok).toBe(false)
  })

  it('fails chain, validators and commit against another consortium', () => {
    const other = { ...trust, chainId: 'daejang-other', validators: [{ publicKey: 'cd'.repeat(32), power: 10 }] }
    const r = verifyInPage(proof, other, proof.txHash)
    expect(r.valid).toBe(false)
    const failed = r.checks.filter((c) => !c.ok).map((c) => c.name)
    expect(failed).toEqual(['chain', 'validators', 'commit'])
  })

  it('is not valid for another transaction than the one shown', () => {
    const r = verifyInPage(proof, trust, 'ef'.repeat(32))
    expect(r.valid).toBe(false)
    expect(r.checks.find((c) => c.name === 'transaction')!.ok).toBe(false)
  })

  it('says why when the proof or the trust list cannot be read', () => {
    expect(verifyInPage({ format: 'x' }, trust, proof.txHash)).toMatchObject({ valid: false, checks: [] })
    expect(verifyInPage(proof, {}, proof.txHash).problem).toMatch(/trust list/)
  })
})

describe('explorer API reads', () => {
  const client = (answer: unknown): ApiClient & { request: ReturnType<typeof vi.fn> } =>
    ({ request: vi.fn(async () => answer) }) as unknown as ApiClient & { request: ReturnType<typeof vi.fn> }

  it('page blocks with before and limit', async () => {
    const c = client([blockSummaryDto(5), { nope: true }, { height: 4, hash: 'h' }])
    expect(await listBlocks(c, { before: 6, limit: 20 })).toEqual([blockSummaryDto(5)])
    expect(c.request).toHaveBeenCalledWith('GET', '/blocks?limit=20&before=6')
    await listBlocks(c, { limit: 20 })
    expect(c.request).toHaveBeenLastCalledWith('GET', '/blocks?limit=20')
  })

  it("read a block's transactions with offset and limit, refusing bad heights before asking", async () => {
    const c = client([{ hash: 'a', status: 'committed' }])
    await getBlockTxs(c, 3, 100, 100)
    expect(c.request).toHaveBeenCalledWith('GET', '/blocks/3/txs?offset=100&limit=100')
    await expect(getBlockTxs(c, 0, 0, 1)).rejects.toBeInstanceOf(ApiError)
  })

  it('search and lead each result to its page', async () => {
    const block = await search(client({ kind: 'block', height: 7, hash: 'x' }), ' 7 ')
    expect(searchTarget(block)).toBe('/explorer/blocks/7')
    const tx = await search(client({ kind: 'tx', tx: { hash: KEY, status: 'committed' } }), KEY)
    expect(searchTarget(tx)).toBe(`/explorer/txs/${KEY}`)
    const signer = await search(client({ kind: 'signer', key: keyInfoDto(KEY), txs: [] }), KEY)
    expect(searchTarget(signer)).toBe(`/explorer/signers/${KEY}`)
    await expect(search(client({ kind: 'what' }), 'x')).rejects.toMatchObject({ kind: 'invalid' })
    await expect(search(client({ kind: 'signer', key: { publicKey: KEY }, txs: [] }), 'x')).rejects.toMatchObject({ kind: 'invalid' })
    const c = client({ kind: 'block', height: 1, hash: 'x' })
    await search(c, 'a b&c')
    expect(c.request).toHaveBeenCalledWith('GET', '/search?q=a%20b%26c')
  })
})

describe('voting power', () => {
  const agencies = [
    { id: 'a', name: 'A', validator: { publicKey: '01'.repeat(32), power: 10 }, admins: ['x', 'y'] },
    { id: 'b', name: 'B', validator: { publicKey: '02'.repeat(32), power: 30 }, admins: ['z'] },
    { id: 'c', name: 'C', validator: null, admins: [] },
  ]
  it('gives each validator its share, the quorum (> 2/3) and what may fail (< 1/3)', () => {
    const v = votingPower(agencies)
    expect(v.total).toBe(40)
    expect(v.validators.map((x) => [x.agencyId, x.share])).toEqual([
      ['b', 0.75],
      ['a', 0.25],
    ])
    expect(v.quorum).toBe(27) // 27*3 = 81 > 80
    expect(v.tolerated).toBe(13) // 13 < 40/3
    expect(v.toleratedValidators).toBe(1) // A (10) may fail, B (30) may not
    // one validator: the power bound says 3 of 10, but that validator cannot fail in part
    expect(votingPower([agencies[0]!])).toMatchObject({ total: 10, quorum: 7, tolerated: 3, toleratedValidators: 0 })
    const four = [1, 2, 3, 4].map((i) => ({ id: `v${i}`, name: '', validator: { publicKey: `${i}`, power: 10 }, admins: [] }))
    expect(votingPower(four)).toMatchObject({ total: 40, quorum: 27, toleratedValidators: 1 })
    expect(votingPower([])).toMatchObject({ total: 0, quorum: 0, tolerated: 0, toleratedValidators: 0, validators: [] })
  })
  it('lists administrators with their agency', () => {
    expect(administrators(agencies).map((a) => `${a.agencyId}:${a.publicKey}`)).toEqual(['a:x', 'a:y', 'b:z'])
    expect(formatShare(0.75, 'en')).toBe('75%')
  })
})

describe('mapLimit', () => {
  it('keeps order and never runs more than the limit at once', async () => {
    let active = 0
    let most = 0
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      active++
      most = Math.max(most, active)
      await new Promise((r) => setTimeout(r, n))
      active--
      return n * 10
    })
    expect(out).toEqual([50, 10, 40, 20, 30])
    expect(most).toBe(2)
    expect(await mapLimit([], 3, async () => 1)).toEqual([])
  })
})
