/**
 * (From the review of s-proof, finding 1.) Review of s-proof (item 3 vs item 2): the cap on trust steps (TRUST_STEPS_LIMITS, routes.ts) is applied only in the
 * core routes. The notary routes (/api/v1/notary/documents/:number/proof, /certificate, /status-proof) reach
 * node.proveRange(group, height, 0) through RegistryHost (bundle.ts BUNDLE_TRUST_FROM = 0): every set change since
 * height 1, one full block read and decode each, on every request, uncapped — and the PDF grows with every change.
 * This test FAILS today: with the limit lowered to 2, the notary answers still carry 3 steps.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { certificateFonts } from '../../src/ledger/cert/fonts-node'
import { notaryCertificate } from '../../src/ledger/registries/notary/certificate'
import { toHex } from '../../src/ledger/codec/bytes'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import type { CheckedTx } from '../../src/ledger/mempool/checker'
import type { LedgerNode } from '../../src/ledger/node/node'
import { type JsonValue, encodeTx, makeTx } from '../../src/ledger/types/tx'
import { documentProofs, statusProof } from '../../src/ledger/registries/notary/bundle'
import { TRUST_STEPS_LIMITS } from '../../src/server/routes'
import { registryHost } from '../../src/server/registry-host'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import { verifyCertifiedState } from '../../src/ledger/proofs/certified-state'
import { trustFromJson } from '../../src/ledger/proofs/proof'
import { boundedTrustSteps, headerOfBlockBytes } from '../../src/server/trust-steps'
import type { Fixture } from './helpers'
import { Cleanup, GENESIS_TIME, consortiumGenesis, makeChecker, openNode, signCommit, signerFor, tempDir } from './helpers'
import { registerPayload } from './notary-helpers'
import { DOCUMENT_HASH } from '../cert/fixture'

const CHAIN = 'daejang-review-steps-cap'
const vals = [0, 1, 2, 3, 4].map((i) => signerFor(`review-cap/validator-${i}`))
const admins = [0, 1, 2, 3, 4].map((i) => signerFor(`review-cap/admin-${i}`))
const staff = signerFor('review-cap/staff')
const genesis = consortiumGenesis(CHAIN, vals.slice(0, 4), admins.slice(0, 4).map((a) => [a]))
const fx = { genesis, chainId: CHAIN } as Fixture
const checker = makeChecker(genesis)
const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const nonces = new Map<string, number>()
function tx(signer: Signer, type: string, payload: JsonValue): CheckedTx {
  const k = toHex(signer.publicKey)
  const nonce = (nonces.get(k) ?? 0) + 1
  nonces.set(k, nonce)
  return checker.fromBytes(encodeTx(makeTx(signer, { chainId: CHAIN, type, payload, nonce, time: GENESIS_TIME })))
}
async function next(node: LedgerNode, candidates: CheckedTx[] = []) {
  const head = node.chain.head()
  const h = head.height + 1
  const keys = new Set(node.chain.validatorsAt(h).map((v) => toHex(v.publicKey)))
  const lastCommit = head.height === 0 ? null : await node.getCommit(head.height)
  const proposer = node.chain.validatorSetAt(h)!.proposer(h, 0).publicKey
  const { prepared, rejected } = await node.chain.buildBlock(candidates, proposer, head.time + 1000, lastCommit)
  expect(rejected.map((r) => r.error.message)).toEqual([])
  await node.chain.validateBlock(prepared.bytes)
  await node.chain.commit(prepared, signCommit(CHAIN, vals.filter((s) => keys.has(toHex(s.publicKey))), h, prepared.hash))
  return prepared
}
async function change(node: LedgerNode, by: Signer[], c: JsonValue, at: number): Promise<void> {
  const p = tx(by[0]!, 'governance.proposal.submit', { change: c, effectiveHeight: at })
  await next(node, [p])
  for (const a of by.slice(1)) await next(node, [tx(a, 'governance.proposal.approve', { proposal: p.hashHex })])
  while (node.chain.head().height < at) await next(node)
}

/** the proof source the notary routes build from the node's RegistryHost */
const registryHostSource = (node: LedgerNode) => {
  const host = registryHost(node)
  return { store: host.state, getProof: (h: string) => host.getProof(h), chain: host.chain, genesis: host.genesis, proveRange: (g: string, h?: number, t?: number) => host.proveRange(g, h, t) }
}

describe('the trust-step cap (s-proof review)', () => {
  it('holds for the notary answers too (proof bundle, certificate, status proof)', async () => {
    nonces.clear()
    const node = await openNode(cleanup, fx)
    await next(node)
    await next(node)
    const old = trustFromJson(node.trustListJson()) // taken at height 2: the genesis set only
    const admit = { kind: 'agency.admit', agency: { id: 'agency-4', name: 'Agency 4', validator: { publicKey: toHex(vals[4]!.publicKey), power: 10 }, admins: [toHex(admins[4]!.publicKey)] } }
    await change(node, admins.slice(0, 3), admit, 10)
    await change(node, admins.slice(0, 4), { kind: 'validator.set', agency: 'agency-0', validator: { publicKey: toHex(vals[0]!.publicKey), power: 20 } }, 20)
    await change(node, [admins[0]!, admins[2]!, admins[3]!, admins[4]!], { kind: 'agency.remove', agency: 'agency-1' }, 30)
    await next(node, [tx(admins[4]!, 'identity.role.grant', { agency: 'agency-4', subject: toHex(staff.publicKey), role: 'notary', expiresAt: null })])
    const number = 'AGENCY-4-2026-000001'
    await next(node, [tx(staff, 'notary.register', registerPayload({ number, agency: 'agency-4', hash: DOCUMENT_HASH }))])

    // /trust/steps reads headers alone (not the blocks' transactions): the same headers and steps as the node's
    for (let h = 1; h <= node.chain.head().height; h++) {
      expect(headerOfBlockBytes((await node.store.getBlockBytes(h))!)).toEqual((await node.getBlock(h)).block.header)
    }
    expect(await boundedTrustSteps(node, 0, node.chain.head().height)).toEqual(await node.trustSteps(0))

    const limits = { ...TRUST_STEPS_LIMITS }
    try {
      TRUST_STEPS_LIMITS.count = 2
      const carried = async (f: () => Promise<number>): Promise<number | string> => f().catch((e: { code?: string }) => e.code ?? String(e))
      const inBundle = await carried(async () => (await documentProofs(node, number)).state!.proof.state.steps?.length ?? 0)
      const inStatus = await carried(async () => ((await statusProof(node, number)) as unknown as { state?: { steps?: unknown[] } }).state?.steps?.length ?? 0)
      // either refused with the stable code, or at most the limit carried (omitted beyond it, as the QR does)
      for (const n of [inBundle, inStatus]) expect(n === 'TRUST_STEPS_TOO_MANY' || (typeof n === 'number' && n <= 2), `carried: ${String(n)}`).toBe(true)
      // the latest two carried, and the certificate says from which trust list on
      const p = await documentProofs(registryHostSource(node), number)
      expect(p.state!.proof.state.steps!.map((s) => s.header.height)).toEqual([19, 29])
      expect(p.state!.stepsFrom).toBe(19)
      // a trust list taken after the first change left out verifies the bundle's proof; the oldest one does not, and the certificate says so
      const at19 = trustFromJson({ ...node.trustListJson(), height: 19, sets: node.trustListJson().sets.filter((x) => x.fromHeight <= 19) })
      expect(verifyCertifiedState(p.state!.proof.state, at19, verifyNode).ok).toBe(true)
      expect(verifyCertifiedState(p.state!.proof.state, old, verifyNode).ok).toBe(false)
      // and the certificate says so, in words (no command line), in both languages
      const dir = tempDir(cleanup)
      for (const [lang, says] of [['ko', '블록 19 이후의 검증자 변경만'], ['en', 'the validator changes after block 19 only']] as const) {
        const file = join(dir, `${lang}.pdf`)
        writeFileSync(file, (await notaryCertificate(p, lang, certificateFonts())).pdf)
        const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
        expect(text).toContain(says)
        expect(text).not.toMatch(/\bdaejang [a-z]/)
      }
      // the steps are stored once: the grant in the bundle carries none (the verifier lends it the state proof's)
      const json = p.state!.bundle as unknown as { issuer: { grant: { steps?: unknown[] } } | null }
      expect(json.issuer?.grant).toBeTruthy()
      expect(json.issuer!.grant.steps).toBeUndefined()
      // the format-1 bundle route builds no state proof
      expect((await documentProofs(node, number, { state: false })).state).toBeNull()
      // the host (every registry's proofs) holds the same bound
      const host = registryHost(node)
      await expect(host.proveRange('nt/r/', undefined, 0)).rejects.toMatchObject({ code: 'TRUST_STEPS_TOO_MANY' })
      await expect(host.proveState('nt/x', undefined, 0)).rejects.toMatchObject({ code: 'TRUST_STEPS_TOO_MANY' })
      // and the byte bound is judged before any read
      TRUST_STEPS_LIMITS.count = 256
      TRUST_STEPS_LIMITS.bytes = 3_000
      await expect(host.proveRange('nt/r/', undefined, 0)).rejects.toMatchObject({ code: 'TRUST_STEPS_TOO_MANY' })
      expect(((await statusProof(node, number)) as unknown as { state?: { steps?: unknown[] } }).state?.steps?.length ?? 0).toBeLessThanOrEqual(1)
    } finally {
      Object.assign(TRUST_STEPS_LIMITS, limits)
    }
  })
})
