/**
 * Trust steps built by a node (docs/adr/0028): a chain whose validator set governance changes three times; a trust
 * list taken before the first change verifies a proof made after the third through the steps the node exports
 * (LedgerNode.trustSteps, the same code as `daejang trust steps` and GET /api/v1/trust/steps), and says how far it
 * trusted. A step the node did not make is refused.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Home, initHome } from '../../src/ledger/node/home'
import { REGISTRIES } from '../../src/ledger/registries'
import { startApiServer } from '../../src/server/api-server'
import { buildProgram } from '../../src/server/cli/program'
import { toHex } from '../../src/ledger/codec/bytes'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import type { CheckedTx } from '../../src/ledger/mempool/checker'
import type { LedgerNode } from '../../src/ledger/node/node'
import { buildProof, proofFromJson, proofToJson, trustFromJson, verifyProof } from '../../src/ledger/proofs/proof'
import { followTrustSteps, trustStepsFileFromJson, trustStepsFileToJson } from '../../src/ledger/proofs/trust-chain'
import { validatorsHash } from '../../src/ledger/types/block'
import type { Fixture } from './helpers'
import { Cleanup, GENESIS_TIME, consortiumGenesis, makeChecker, openNode, signCommit, signerFor } from './helpers'
import { type JsonValue, encodeTx, makeTx } from '../../src/ledger/types/tx'
import { certificateFonts } from '../../src/ledger/cert/fonts-node'
import { documentProofs } from '../../src/ledger/registries/notary/bundle'
import { notaryCertificate } from '../../src/ledger/registries/notary/certificate'
import { evidenceFromCertificate, evidenceFromQr, verifyEvidence } from '../../src/renderer/features/verify/evidence'
import { DOCUMENT_HASH } from '../cert/fixture'
import { registerPayload } from './notary-helpers'
import { CORE_ROUTES, type RouteContext, TRUST_STEPS_LIMITS } from '../../src/server/routes'

const CHAIN = 'daejang-trust-steps'
const vals = [0, 1, 2, 3, 4].map((i) => signerFor(`trust-steps/validator-${i}`))
const admins = [0, 1, 2, 3, 4].map((i) => signerFor(`trust-steps/admin-${i}`))
const staff = signerFor('trust-steps/staff')
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

/** Commit the next block with `candidates`, signed by every validator of that height. */
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

/** Propose `change` effective at `at`, approved by the administrators `by` (the first proposes). */
async function change(node: LedgerNode, by: Signer[], c: JsonValue, at: number): Promise<void> {
  const p = tx(by[0]!, 'governance.proposal.submit', { change: c, effectiveHeight: at })
  await next(node, [p])
  for (const a of by.slice(1)) await next(node, [tx(a, 'governance.proposal.approve', { proposal: p.hashHex })])
  while (node.chain.head().height < at) await next(node)
}

/** A node whose validator set changed three times (from 10, 20 and 30), and the trust list it had at height 2. */
async function threeChanges() {
  nonces.clear()
  const node = await openNode(cleanup, fx)
  await next(node)
  await next(node)
  const old = node.trustListJson() // taken at height 2: the genesis set only
  expect(old.height).toBe(2)
  expect(old.sets).toHaveLength(1)

  // 1: admit agency-4 with a validator (from 10); 2: agency-0's validator power 20 (from 20); 3: remove agency-1 (from 30)
  const admit = { kind: 'agency.admit', agency: { id: 'agency-4', name: 'Agency 4', validator: { publicKey: toHex(vals[4]!.publicKey), power: 10 }, admins: [toHex(admins[4]!.publicKey)] } }
  await change(node, admins.slice(0, 3), admit, 10)
  await change(node, admins.slice(0, 4), { kind: 'validator.set', agency: 'agency-0', validator: { publicKey: toHex(vals[0]!.publicKey), power: 20 } }, 20)
  await change(node, [admins[0]!, admins[2]!, admins[3]!, admins[4]!], { kind: 'agency.remove', agency: 'agency-1' }, 30)
  expect(node.chain.validatorHistory.entries.map((e) => e.fromHeight)).toEqual([1, 10, 20, 30])
  return { node, old }
}

/** Call a core route's handler as the server would, after its query schema. */
async function callRoute(node: LedgerNode, path: string, query: Record<string, string>): Promise<{ body?: unknown; code?: string }> {
  const r = CORE_ROUTES.find((x) => x.method === 'GET' && x.path === path)!
  try {
    const out = await r.handler({ node, query: r.query!.parse(query) as Record<string, unknown> } as unknown as RouteContext)
    return { body: out.body }
  } catch (e) {
    return { code: (e as { code?: string }).code ?? String(e) }
  }
}

describe('trust steps from a node', () => {
  it('GET /api/v1/trust/steps and proofs asked with trustFrom are bounded in steps and bytes, refused with a stable code', async () => {
    const { node } = await threeChanges()
    const steps = await callRoute(node, '/api/v1/trust/steps', { fromHeight: '0' })
    expect((steps.body as { steps: unknown[] }).steps).toHaveLength(3)
    const limits = { ...TRUST_STEPS_LIMITS }
    try {
      TRUST_STEPS_LIMITS.count = 2
      const refused = await callRoute(node, '/api/v1/trust/steps', { fromHeight: '0' })
      expect(refused.code).toBe('TRUST_STEPS_TOO_MANY')
      // a shorter range is answered
      const two = await callRoute(node, '/api/v1/trust/steps', { fromHeight: '0', toHeight: '29' })
      expect((two.body as { steps: unknown[] }).steps).toHaveLength(2)
      expect((await callRoute(node, '/api/v1/trust/steps', { fromHeight: '12' })).body).toMatchObject({ fromHeight: 12 })
      expect((await callRoute(node, '/api/v1/state/proof', { key: 'a', trustFrom: '0' })).code).toBe('TRUST_STEPS_TOO_MANY')
      expect((await callRoute(node, '/api/v1/state/range', { group: 'a', trustFrom: '0' })).code).toBe('TRUST_STEPS_TOO_MANY')
      expect((await callRoute(node, '/api/v1/state/proof', { key: 'a', trustFrom: '12' })).body).toMatchObject({ steps: [{}, {}] })
      TRUST_STEPS_LIMITS.count = 256
      TRUST_STEPS_LIMITS.bytes = 2_000
      expect((await callRoute(node, '/api/v1/trust/steps', { fromHeight: '0' })).code).toBe('TRUST_STEPS_TOO_MANY')
      expect((await callRoute(node, '/api/v1/state/proof', { key: 'a', trustFrom: '0' })).code).toBe('TRUST_STEPS_TOO_MANY')
      expect((await callRoute(node, '/api/v1/state/proof', { key: 'a' })).body).not.toHaveProperty('steps')
    } finally {
      Object.assign(TRUST_STEPS_LIMITS, limits)
    }
  })

  it('`daejang trust steps` asks a node that refuses the whole range in smaller ranges and writes the same steps', async () => {
    const { node } = await threeChanges()
    const server = await startApiServer({ node, uiDir: null, registries: REGISTRIES })
    cleanup.add(() => server.close())
    const dir = mkdtempSync(join(tmpdir(), 'daejang-trust-steps-cli-'))
    cleanup.add(() => rmSync(dir, { recursive: true, force: true }))
    const home = new Home(join(dir, 'home'))
    initHome(home, { agencyId: 'x', agencyName: 'X' })
    home.writeApiInfo({ url: server.url, token: server.token, pid: process.pid, startedAt: new Date().toISOString() })
    const limits = { ...TRUST_STEPS_LIMITS }
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    try {
      TRUST_STEPS_LIMITS.count = 1
      const file = join(dir, 'steps.json')
      await buildProgram().parseAsync(['node', 'daejang', 'trust', 'steps', '--home', home.dir, '--from-height', '0', '--out', file, '--json'])
      const written = JSON.parse(readFileSync(file, 'utf8'))
      expect(written).toEqual(JSON.parse(JSON.stringify(trustStepsFileToJson(CHAIN, 0, node.chain.head().height, await node.trustSteps(0)))))
      expect(written.steps).toHaveLength(3)
    } finally {
      out.mockRestore()
      Object.assign(TRUST_STEPS_LIMITS, limits)
    }
  })

  it("a trust list three validator-set changes old verifies a new notary certificate from its PDF: the bundle's proofs carry the steps", async () => {
    const { node, old } = await threeChanges()
    const trust = trustFromJson(old)
    await next(node, [tx(admins[4]!, 'identity.role.grant', { agency: 'agency-4', subject: toHex(staff.publicKey), role: 'notary', expiresAt: null })])
    const number = 'AGENCY-4-2026-000001'
    await next(node, [tx(staff, 'notary.register', registerPayload({ number, agency: 'agency-4', hash: DOCUMENT_HASH }))])
    const p = await documentProofs(node, number)
    // the state proof carries every set change from height 1; the grant those before its block
    expect(p.state!.proof.state.steps!.map((s) => s.header.height)).toEqual([9, 19, 29])
    expect(p.grant!.steps!.map((s) => s.header.height)).toEqual([9, 19, 29])
    expect((p.state!.bundle.state as { steps?: unknown[] }).steps).toHaveLength(3)

    const cert = await notaryCertificate(p, 'en', certificateFonts())
    const ev = await evidenceFromCertificate(cert.pdf)
    expect(ev.certified.format).toBe(2)
    const v = verifyEvidence({ trust, evidence: ev, documentHash: DOCUMENT_HASH, live: null })
    expect(v.verdict, JSON.stringify(v.checks)).toBe('valid-as-of')
    expect(Object.values(v.checks).every((c) => c.ok)).toBe(true)
    // the issuer check rests on the grant, itself carried to the new set
    expect(v.checks.issuer!.detail).toContain('the bundle carries the grant')

    // without the steps, the same trust list refuses it (what the PDF carried before)
    const bare = { ...ev, certified: { ...ev.certified, state: { ...ev.certified.state!, steps: undefined } } }
    expect(verifyEvidence({ trust, evidence: bare, documentHash: DOCUMENT_HASH, live: null }).valid).toBe(false)
    // the QR code leaves them out: read with the old list it is refused; with the current list it verifies
    const qrOld = verifyEvidence({ trust, evidence: evidenceFromQr(p.state!.qr, undefined, trust), documentHash: DOCUMENT_HASH, live: null })
    expect(qrOld.valid).toBe(false)
    const now = node.trustList()
    expect(verifyEvidence({ trust: now, evidence: evidenceFromQr(p.state!.qr, undefined, now), documentHash: DOCUMENT_HASH, live: null }).valid).toBe(true)
  })

  it('a trust list three validator-set changes old verifies a new proof through the steps the node exports', async () => {
    const { node, old } = await threeChanges()
    const grant = await next(node, [tx(admins[4]!, 'identity.role.grant', { agency: 'agency-4', subject: toHex(staff.publicKey), role: 'notary', expiresAt: null })])
    const H = grant.block.header.height
    const b = await node.getBlock(H)
    const proof = buildProof(b.block.header, b.block.txs, 0, (await node.getCommit(H))!)

    const trust = trustFromJson(old)
    const bare = verifyProof(proof, trust, verifyNode)
    expect(bare.valid).toBe(false)
    expect(bare.checks.find((c) => c.name === 'validators')!.finding).toBe('set-newer')

    const steps = await node.trustSteps(old.height)
    expect(steps.map((s) => s.header.height)).toEqual([9, 19, 29])
    for (const [i, s] of steps.entries()) {
      expect(toHex(validatorsHash(s.nextValidators))).toBe(toHex(node.chain.validatorsHashAt([10, 20, 30][i]!)))
    }
    // through the file form, as `daejang trust steps` writes it
    const file = JSON.parse(JSON.stringify(trustStepsFileToJson(CHAIN, old.height, node.chain.head().height, steps)))
    const carried = { ...proof, steps: trustStepsFileFromJson(file).steps }
    const v = verifyProof(proofFromJson(JSON.parse(JSON.stringify(proofToJson(carried)))), trust, verifyNode)
    expect(v.valid, JSON.stringify(v.checks)).toBe(true)
    expect(v.trustedThrough).toEqual({ changes: 3, height: 30 })
    expect(v.checks.find((c) => c.name === 'validators')!.finding).toBe('set-carried')

    // steps up to a height before the third change carry the list only so far
    const two = await node.trustSteps(old.height, 25)
    expect(two).toHaveLength(2)
    expect(followTrustSteps(trust, two, verifyNode).trustedThrough).toEqual({ changes: 2, height: 20 })
    expect(verifyProof({ ...proof, steps: two }, trust, verifyNode).valid).toBe(false)
    // a list already at the head needs none
    expect(await node.trustSteps(node.chain.head().height)).toEqual([])

    // a step the node did not make: the second one's next set swapped for the first's
    const forged = [steps[0]!, { ...steps[1]!, nextValidators: steps[0]!.nextValidators }, steps[2]!]
    const f = verifyProof({ ...proof, steps: forged }, trust, verifyNode)
    expect(f.valid).toBe(false)
    expect(f.checks.find((c) => c.name === 'validators')!.finding).toBe('steps-refused')
  })
})
