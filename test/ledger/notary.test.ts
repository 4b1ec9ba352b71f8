import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { fromHex, toHex } from '../../src/ledger/codec/bytes'
import { merkleRoot } from '../../src/ledger/crypto/merkle'
import type { Tx } from '../../src/ledger/types/tx'
import { verifyProof } from '../../src/ledger/proofs/proof'
import type { LedgerNode } from '../../src/ledger/node/node'
import { batchMembership, buildBatch, verifyMembership } from '../../src/ledger/registries/notary/portable/batch'
import {
  batchDocuments,
  findByHash,
  getDocument,
  listDocuments,
  nextNumber,
  storeBatchDocuments,
} from '../../src/ledger/registries/notary/queries'
import { leafBytes, parseDocumentNumber, batchDocumentNumber } from '../../src/ledger/registries/notary/portable/schema'
import { latestDayAt } from '../../src/ledger/codec/dates'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import {
  Cleanup,
  GENESIS_TIME,
  checked,
  codeOf,
  grantTx,
  makeChecker,
  makeFixture,
  openNode,
  produceBlock,
  revokeTx,
  signerFor,
} from './helpers'
import { batchDocs, batchTx, docHash, registerTx, statusTx } from './notary-helpers'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const fx = makeFixture({ tag: 'notary', secondAgency: true })
const checker = makeChecker(fx.genesis)
const G = GENESIS_TIME
const notaryA = signerFor('notary/a')
const notaryB = signerFor('notary/b')
const stranger = signerFor('notary/stranger')

/** Nonces per signer, so each test reads as a story. */
function nonces(): (s: Signer) => number {
  const m = new Map<string, number>()
  return (s) => {
    const k = toHex(s.publicKey)
    const n = (m.get(k) ?? 0) + 1
    m.set(k, n)
    return n
  }
}

class Story {
  time = G
  readonly nonce = nonces()
  constructor(readonly node: LedgerNode) {}
  /** Commit one block; the codes of the rejected transactions, in order. */
  async block(...txs: Tx[]): Promise<string[]> {
    this.time += 1000
    const { rejected } = await produceBlock(this.node, fx, { candidates: txs.map((t) => checked(checker, t)), time: this.time })
    return rejected.map((r) => r.error.code)
  }
  register(s: Signer, number: string, o: { hash?: string; agency?: string; holder?: string; date?: string } = {}): Tx {
    return registerTx(s, fx, { nonce: this.nonce(s), number, ...o })
  }
  status(s: Signer, number: string, action: 'revoke' | 'suspend' | 'reinstate', reason?: string): Tx {
    return statusTx(s, fx, { nonce: this.nonce(s), number, action, ...(reason ? { reason } : {}) })
  }
  grant(subject: Signer, o: { agency?: 'a' | 'b'; expiresAt?: number | null; role?: 'notary' | 'registrar' } = {}): Tx {
    const b = o.agency === 'b'
    return grantTx(b ? fx.adminB : fx.admin, fx, {
      nonce: this.nonce(b ? fx.adminB : fx.admin),
      subject,
      agency: b ? fx.agencyB : fx.agencyA,
      ...(o.expiresAt !== undefined ? { expiresAt: o.expiresAt } : {}),
      ...(o.role ? { role: o.role } : {}),
    })
  }
  /** The registry's state, to show that a rejection changed nothing. */
  async snapshot(): Promise<string> {
    const out: string[] = []
    for await (const [k, v] of this.node.store.scanState('nt/')) out.push(k + '=' + JSON.stringify(v))
    return out.join('\n')
  }
}

async function story(): Promise<Story> {
  const s = new Story(await openNode(cleanup, fx))
  expect(await s.block(s.grant(notaryA), s.grant(notaryB, { agency: 'b' }))).toEqual([])
  return s
}

describe('notary: who may register', () => {
  it('a notary of the agency registers; the record is stored with its notary, block and status', async () => {
    const s = await story()
    expect(await s.block(s.register(notaryA, 'AGENCY-A-2026-000001', { holder: '홍길동' }))).toEqual([])
    const d = await getDocument(s.node.store, 'AGENCY-A-2026-000001')
    expect(d).toMatchObject({
      kind: 'single',
      agency: 'agency-a',
      act: 'apostille',
      documentHash: docHash('AGENCY-A-2026-000001'),
      holder: '홍길동',
      language: 'ko',
      notary: toHex(notaryA.publicKey),
      height: 2,
      status: 'issued',
      statusReason: null,
    })
    expect(d.history).toHaveLength(1)
    expect(d.history[0]!.action).toBe('register')
  })

  it('refuses keys without the role, with another role, of another agency, expired or revoked — and changes nothing', async () => {
    const s = await story()
    const clerk = signerFor('notary/clerk')
    const expiring = signerFor('notary/expiring')
    const revoked = signerFor('notary/revoked')
    expect(
      await s.block(s.grant(clerk, { role: 'registrar' }), s.grant(expiring, { expiresAt: s.time + 1500 }), s.grant(revoked)),
    ).toEqual([])
    expect(
      await s.block(revokeTx(fx.admin, fx, { nonce: s.nonce(fx.admin), subject: revoked, reason: 'left the office' })),
    ).toEqual([])
    const before = await s.snapshot()
    const attempts = [
      s.register(stranger, 'AGENCY-A-1'),
      s.register(clerk, 'AGENCY-A-2'),
      s.register(notaryB, 'AGENCY-A-3'), // a notary, but of agency B
      s.register(expiring, 'AGENCY-A-4'), // expired before this block
      s.register(revoked, 'AGENCY-A-5'),
      s.register(fx.admin, 'AGENCY-A-6'), // an administrator is not a notary
    ]
    expect(await s.block(...attempts)).toEqual(Array(6).fill('UNAUTHORIZED_ROLE'))
    expect(await s.snapshot()).toBe(before)
    expect(await codeOf(() => getDocument(s.node.store, 'AGENCY-A-1'))).toBe('NOT_FOUND')
  })

  it('a notary of agency B registers for B under B’s prefix', async () => {
    const s = await story()
    expect(await s.block(s.register(notaryB, 'AGENCY-B-7', { agency: 'agency-b' }))).toEqual([])
    expect((await getDocument(s.node.store, 'AGENCY-B-7')).agency).toBe('agency-b')
  })
})

describe('notary: the date of the act', () => {
  it('is not after the block’s day (the latest day on earth at the block’s time), checked at execution; changes nothing', async () => {
    const s = await story()
    const next = s.time + 1000 // the time of the next block
    const latest = latestDayAt(next)
    const dayAfter = new Date(Date.parse(latest) + 86_400_000).toISOString().slice(0, 10)
    const before = await s.snapshot()
    const late = s.register(notaryA, 'AGENCY-A-2', { date: dayAfter })
    const lateBatch = batchTx(notaryA, fx, { nonce: s.nonce(notaryA), number: 'AGENCY-A-3', count: 2, root: toHex(merkleRoot([])), date: dayAfter })
    expect(await s.block(late, lateBatch)).toEqual(['DATE_IN_FUTURE', 'DATE_IN_FUTURE'])
    expect(await s.snapshot()).toBe(before)
    expect(await s.block(s.register(notaryA, 'AGENCY-A-4', { date: latestDayAt(s.time + 1000) }))).toEqual([])
    expect((await getDocument(s.node.store, 'AGENCY-A-4')).date).toBe(latestDayAt(s.time))
  })

  it('a day that does not exist never reaches a block: the node refuses the payload (BAD_PAYLOAD)', async () => {
    for (const date of ['2026-02-30', '9999-12-31', '1899-12-31']) {
      expect(await codeOf(() => checked(checker, registerTx(notaryA, fx, { nonce: 1, number: 'AGENCY-A-1', date })))).toBe('BAD_PAYLOAD')
    }
  })
})

describe('notary: numbers and duplicates', () => {
  it('numbers carry the agency prefix and are unique across the consortium, also against batches', async () => {
    const s = await story()
    expect(await s.block(s.register(notaryA, 'AGENCY-B-1'), s.register(notaryA, 'AGENCY-A'))).toEqual(['NUMBER_PREFIX', 'NUMBER_PREFIX'])
    expect(await s.block(s.register(notaryA, 'AGENCY-A-1'), s.register(notaryA, 'AGENCY-A-1', { hash: docHash('other') }))).toEqual([
      'NUMBER_TAKEN',
    ])
    const before = await s.snapshot()
    const b = batchTx(notaryA, fx, { nonce: s.nonce(notaryA), number: 'AGENCY-A-1', count: 2, root: toHex(merkleRoot([])) })
    expect(await s.block(b)).toEqual(['NUMBER_TAKEN'])
    expect(await s.snapshot()).toBe(before)
  })

  it('schema: malformed numbers never reach the rules', () => {
    for (const n of ['agency-a-1', 'AGENCY-A-1/001', 'AGENCY--A', '-A', 'A'.repeat(65)]) {
      expect(() => checked(checker, registerTx(notaryA, fx, { nonce: 1, number: n }))).toThrow(/payload/)
    }
  })

  it('a document already in force cannot be registered again; after revocation it can', async () => {
    const s = await story()
    const h = docHash('the same file')
    expect(await s.block(s.register(notaryA, 'AGENCY-A-1', { hash: h }))).toEqual([])
    expect(await s.block(s.register(notaryA, 'AGENCY-A-2', { hash: h }))).toEqual(['DUPLICATE_DOCUMENT'])
    expect(await s.block(s.status(notaryA, 'AGENCY-A-1', 'suspend'))).toEqual([])
    expect(await s.block(s.register(notaryA, 'AGENCY-A-2', { hash: h }))).toEqual(['DUPLICATE_DOCUMENT'])
    expect(await s.block(s.status(notaryA, 'AGENCY-A-1', 'revoke', 'wrong holder'))).toEqual([])
    expect(await s.block(s.register(notaryA, 'AGENCY-A-2', { hash: h }))).toEqual([])
    expect((await findByHash(s.node.store, h)).map((d) => [d.number, d.status])).toEqual([
      ['AGENCY-A-2', 'issued'],
      ['AGENCY-A-1', 'revoked'],
    ])
  })

  it('suggests the next number after the highest of the year', async () => {
    const s = await story()
    expect((await nextNumber(s.node.store, 'agency-a', 2026)).number).toBe('AGENCY-A-2026-000001')
    expect(await s.block(s.register(notaryA, 'AGENCY-A-2026-000041'), s.register(notaryA, 'AGENCY-A-2026-000007'))).toEqual([])
    expect((await nextNumber(s.node.store, 'agency-a', 2026)).number).toBe('AGENCY-A-2026-000042')
    expect((await nextNumber(s.node.store, 'agency-a', 2027)).number).toBe('AGENCY-A-2027-000001')
  })
})

describe('notary: status', () => {
  it('follows issued → suspended → issued → revoked, and refuses every other transition with STATUS_CONFLICT', async () => {
    const s = await story()
    const n = 'AGENCY-A-9'
    expect(await s.block(s.register(notaryA, n))).toEqual([])
    expect(await s.block(s.status(notaryA, n, 'reinstate'))).toEqual(['STATUS_CONFLICT'])
    expect(await s.block(s.status(notaryA, n, 'suspend', 'under review'))).toEqual([])
    expect((await getDocument(s.node.store, n)).status).toBe('suspended')
    expect(await s.block(s.status(notaryA, n, 'suspend'))).toEqual(['STATUS_CONFLICT'])
    expect(await s.block(s.status(notaryA, n, 'reinstate', 'review passed'))).toEqual([])
    expect(await s.block(s.status(fx.admin, n, 'revoke', 'forged signature'))).toEqual([])
    const before = await s.snapshot()
    for (const a of ['revoke', 'suspend', 'reinstate'] as const) {
      expect(await s.block(s.status(notaryA, n, a))).toEqual(['STATUS_CONFLICT'])
    }
    expect(await s.snapshot()).toBe(before)
    const d = await getDocument(s.node.store, n)
    expect(d.status).toBe('revoked')
    expect(d.statusReason).toBe('forged signature')
    expect(d.history.map((e) => e.action)).toEqual(['register', 'suspend', 'reinstate', 'revoke'])
    expect(d.history[3]!.by).toBe(toHex(fx.admin.publicKey))
  })

  it('only the issuing agency’s notaries and administrators change a status', async () => {
    const s = await story()
    expect(await s.block(s.register(notaryA, 'AGENCY-A-1'))).toEqual([])
    expect(
      await s.block(s.status(notaryB, 'AGENCY-A-1', 'revoke'), s.status(fx.adminB, 'AGENCY-A-1', 'revoke'), s.status(stranger, 'AGENCY-A-1', 'suspend')),
    ).toEqual(['UNAUTHORIZED_ROLE', 'UNAUTHORIZED_ROLE', 'UNAUTHORIZED_ROLE'])
    expect(await s.block(s.status(notaryA, 'AGENCY-A-404', 'revoke'))).toEqual(['NOT_FOUND'])
  })

  it('property: any sequence of actions leaves the status the transition table gives', async () => {
    const s = await story()
    const n = 'AGENCY-A-77'
    expect(await s.block(s.register(notaryA, n))).toEqual([])
    const table: Record<string, Record<string, string>> = {
      issued: { revoke: 'revoked', suspend: 'suspended' },
      suspended: { revoke: 'revoked', reinstate: 'issued' },
      revoked: {},
    }
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('revoke' as const, 'suspend' as const, 'reinstate' as const), { maxLength: 6 }), async (actions) => {
        // each run starts from the document's current status
        let expected = (await getDocument(s.node.store, n)).status as string
        for (const a of actions) {
          const codes = await s.block(s.status(notaryA, n, a))
          const next = table[expected]![a]
          expect(codes).toEqual(next ? [] : ['STATUS_CONFLICT'])
          expected = next ?? expected
          expect((await getDocument(s.node.store, n)).status).toBe(expected)
        }
      }),
      { numRuns: 15 },
    )
  })
})

describe('notary: batches', () => {
  it('registers a batch by its root; documents are numbered B/001…, their statuses change one by one', async () => {
    const s = await story()
    const docs = batchDocs(12)
    const built = buildBatch('AGENCY-A-B1', docs)
    expect(built.documents[0]!.number).toBe('AGENCY-A-B1/001')
    const tx = batchTx(notaryA, fx, { nonce: s.nonce(notaryA), number: 'AGENCY-A-B1', count: 12, root: built.root })
    expect(await s.block(tx)).toEqual([])
    // the chain has the root; without the document list the node knows the numbers but not the files
    expect(await getDocument(s.node.store, 'AGENCY-A-B1/003')).toMatchObject({ documentHash: null, batch: { index: 2, count: 12 } })
    expect(await codeOf(() => storeBatchDocuments(s.node.store, 'AGENCY-A-B1', docs.slice(1)))).toBe('PROOF_INVALID')
    expect(await codeOf(() => storeBatchDocuments(s.node.store, 'AGENCY-A-B1', [...docs].reverse()))).toBe('PROOF_INVALID')
    expect(await codeOf(() => storeBatchDocuments(s.node.store, 'AGENCY-A-404', docs))).toBe('NOT_FOUND')
    await storeBatchDocuments(s.node.store, 'AGENCY-A-B1', docs)
    expect((await batchDocuments(s.node.store, 'AGENCY-A-B1'))!.map((d) => d.number)[11]).toBe('AGENCY-A-B1/012')
    const d3 = await getDocument(s.node.store, 'AGENCY-A-B1/003')
    expect(d3).toMatchObject({ kind: 'batch', documentHash: docs[2]!.documentHash, holder: 'Holder 2' })
    expect((await findByHash(s.node.store, docs[2]!.documentHash)).map((d) => d.number)).toEqual(['AGENCY-A-B1/003'])

    expect(await s.block(s.status(notaryA, 'AGENCY-A-B1/003', 'revoke', 'issued in error'))).toEqual([])
    expect((await getDocument(s.node.store, 'AGENCY-A-B1/003')).status).toBe('revoked')
    expect((await getDocument(s.node.store, 'AGENCY-A-B1/004')).status).toBe('issued')
    // the batch number alone, an index past the end, or a number written with the wrong width name no document
    for (const n of ['AGENCY-A-B1', 'AGENCY-A-B1/013', 'AGENCY-A-B1/3', 'AGENCY-A-B1/000']) {
      expect(await s.block(s.status(notaryA, n, 'suspend'))).toEqual(['NOT_FOUND'])
    }
    expect((await listDocuments(s.node.store, { agency: 'agency-a', q: 'holder 1' })).map((d) => d.number)).toEqual([
      'AGENCY-A-B1/002',
      'AGENCY-A-B1/011',
      'AGENCY-A-B1/012',
    ])
    expect((await listDocuments(s.node.store, { status: 'revoked' })).map((d) => d.number)).toEqual(['AGENCY-A-B1/003'])
  })

  it('a batch document’s proof: its leaf, its path to the batch root, and the batch transaction’s inclusion proof', async () => {
    const s = await story()
    const docs = batchDocs(37)
    const built = buildBatch('AGENCY-A-B2', docs)
    const tx = batchTx(notaryA, fx, { nonce: s.nonce(notaryA), number: 'AGENCY-A-B2', count: 37, root: built.root })
    await s.block(tx, s.register(notaryA, 'AGENCY-A-5'))
    const rec = await getDocument(s.node.store, 'AGENCY-A-B2/001')
    const proof = await s.node.getProof(rec.tx)
    expect(verifyProof(proof, s.node.trustList()).valid).toBe(true)
    for (const i of [0, 17, 36]) {
      const m = batchMembership(built, i)
      expect(verifyMembership(m, 37, rec.batch!.root)).toBe(true)
      expect(m.leaf).toEqual(leafBytes({ ...docs[i]!, number: batchDocumentNumber('AGENCY-A-B2', i, 37) }))
    }
  })

  it('property: every leaf of any batch proves its membership; a changed leaf, index, path or root does not (the count comes from the signed batch transaction)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.nat(), fc.nat(), (n, pick, flip) => {
        const built = buildBatch('X-1', batchDocs(n, 'p' + n))
        const i = pick % n
        const m = batchMembership(built, i)
        expect(verifyMembership(m, n, built.root)).toBe(true)
        const leaf = m.leaf.slice()
        leaf[flip % leaf.length]! ^= 1
        expect(verifyMembership({ ...m, leaf }, n, built.root)).toBe(false)
        if (n > 1) {
          expect(verifyMembership({ ...m, index: (i + 1) % n }, n, built.root)).toBe(false)
          const path = m.path.map((p) => p.slice())
          path[flip % path.length]![0]! ^= 1
          expect(verifyMembership({ ...m, path }, n, built.root)).toBe(false)
        }
        expect(verifyMembership(m, n, toHex(fromHex(built.root).map((b, k) => (k === 0 ? b ^ 1 : b))))).toBe(false)
      }),
      { numRuns: 200 },
    )
  })

  it('document numbers parse back into batch and index', () => {
    expect(parseDocumentNumber('AGENCY-A-B1/012')).toEqual({ base: 'AGENCY-A-B1', index: 11, digits: 3 })
    expect(parseDocumentNumber('AGENCY-A-1')).toEqual({ base: 'AGENCY-A-1', index: null, digits: 0 })
    expect(parseDocumentNumber('agency/1')).toBeNull()
    expect(parseDocumentNumber('A/0')).toBeNull()
    expect(batchDocumentNumber('B', 9999, 10000)).toBe('B/10000')
  })
})
