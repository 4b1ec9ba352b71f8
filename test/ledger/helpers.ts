/**
 * Shared fixtures for the ledger core tests: deterministic keys, a temporary genesis, a test registry with a
 * role-gated transaction type, temporary directories that are always removed, and helpers that drive the Chain
 * directly (fixed block times, commits signed by the fixture's validator) so tests never wait on a timer.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import type { Role } from '../../src/shared/roles'
import { toHex, utf8 } from '../../src/ledger/codec/bytes'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import { verifyNode, nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import { sha256 } from '../../src/ledger/crypto/sha256'
import { type Commit, VoteType, signVote } from '../../src/ledger/types/block'
import type { PreparedBlock, Rejection } from '../../src/ledger/state/chain'
import { type CheckedTx, TxChecker } from '../../src/ledger/mempool/checker'
import { type Genesis, type Params, parseGenesis } from '../../src/ledger/types/genesis'
import { SigCache } from '../../src/ledger/mempool/sigcache'
import { type JsonValue, type Tx, encodeTx, makeTx } from '../../src/ledger/types/tx'
import { REGISTRIES, txTypeTable } from '../../src/ledger/registries'
import { type Registry, txType } from '../../src/ledger/registries/types'
import { LedgerNode, type NodeOptions } from '../../src/ledger/node/node'

export const GENESIS_TIME = 1_700_000_000_000

/** A reproducible 32-byte seed per label. */
export function seedFor(label: string): Uint8Array {
  return sha256(utf8('daejang-test-seed/' + label))
}

/** A reproducible signer per label (OpenSSL-backed, as in the node). */
export function signerFor(label: string): Signer {
  return nodeSigner(seedFor(label))
}

export function hex(b: Uint8Array): string {
  return toHex(b)
}

export interface Fixture {
  genesis: Genesis
  chainId: string
  /** validator of agency A */
  validator: Signer
  /** administrator of agency A */
  admin: Signer
  agencyA: string
  /** administrator of agency B (present only with `secondAgency`) */
  adminB: Signer
  agencyB: string
}

export interface FixtureOptions {
  tag?: string
  chainId?: string
  secondAgency?: boolean
  params?: Partial<Params>
  genesisTime?: number
}

/** A genesis with agency A (one validator, one admin) and optionally agency B (one admin, no validator). */
export function makeFixture(o: FixtureOptions = {}): Fixture {
  const tag = o.tag ?? 'default'
  const validator = signerFor(tag + '/validator')
  const admin = signerFor(tag + '/admin-a')
  const adminB = signerFor(tag + '/admin-b')
  const chainId = o.chainId ?? 'daejang-test'
  const agencies: unknown[] = [
    {
      id: 'agency-a',
      name: 'Agency A',
      validator: { publicKey: toHex(validator.publicKey), power: 10 },
      admins: [toHex(admin.publicKey)],
    },
  ]
  if (o.secondAgency) {
    agencies.push({ id: 'agency-b', name: 'Agency B', validator: null, admins: [toHex(adminB.publicKey)] })
  }
  const genesis = parseGenesis({
    format: 'daejang-genesis/1',
    chainId,
    genesisTime: o.genesisTime ?? GENESIS_TIME,
    ...(o.params ? { params: o.params } : {}),
    agencies,
  })
  return { genesis, chainId, validator, admin, agencyA: 'agency-a', adminB, agencyB: 'agency-b' }
}

// ---- a test registry with a role-gated type ----

export const testRegistry: Registry = {
  name: 'test',
  title: { ko: '시험 등록부', en: 'Test register' },
  words: { txTypes: { 'test.note.add': { ko: '메모 추가', en: 'Note' }, 'test.any.ping': { ko: '핑', en: 'Ping' } } },
  errors: {},
  roles: [],
  txTypes: {
    /** needs an active notary credential; records which agencies the signer acted for */
    'test.note.add': txType({
      schema: z.object({ text: z.string().max(200) }).strict(),
      permission: ['notary'] as readonly Role[],
      apply: async (ctx) => {
        ctx.state.put(`test/note/${ctx.hash}`, { text: ctx.payload.text, actingFor: [...ctx.actingFor] })
      },
    }),
    /** anyone may send it; it writes one key */
    'test.any.ping': txType({
      schema: z.object({ n: z.number().int() }).strict(),
      permission: 'anyone',
      apply: async (ctx) => {
        ctx.state.put(`test/ping/${ctx.signer}`, ctx.payload.n)
      },
    }),
  },
}

export const TEST_REGISTRIES: readonly Registry[] = [...REGISTRIES, testRegistry]

export function makeChecker(genesis: Genesis, registries: readonly Registry[] = TEST_REGISTRIES): TxChecker {
  return new TxChecker(genesis, txTypeTable(registries), verifyNode, new SigCache())
}

// ---- transactions ----

export function grantTx(
  admin: Signer,
  fx: Fixture,
  o: {
    nonce: number
    subject: Signer | string
    role?: Role
    agency?: string
    expiresAt?: number | null
    time?: number
    label?: string
  },
): Tx {
  const payload: Record<string, JsonValue> = {
    agency: o.agency ?? fx.agencyA,
    subject: typeof o.subject === 'string' ? o.subject : toHex(o.subject.publicKey),
    role: o.role ?? 'notary',
    expiresAt: o.expiresAt === undefined ? null : o.expiresAt,
  }
  if (o.label !== undefined) payload.label = o.label
  return makeTx(admin, {
    chainId: fx.chainId,
    type: 'identity.role.grant',
    payload,
    nonce: o.nonce,
    time: o.time ?? GENESIS_TIME,
  })
}

export function revokeTx(
  admin: Signer,
  fx: Fixture,
  o: { nonce: number; subject: Signer | string; role?: Role; agency?: string; reason?: string; time?: number },
): Tx {
  return makeTx(admin, {
    chainId: fx.chainId,
    type: 'identity.role.revoke',
    payload: {
      agency: o.agency ?? fx.agencyA,
      subject: typeof o.subject === 'string' ? o.subject : toHex(o.subject.publicKey),
      role: o.role ?? 'notary',
      reason: o.reason ?? 'left the office',
    },
    nonce: o.nonce,
    time: o.time ?? GENESIS_TIME,
  })
}

export function noteTx(staff: Signer, fx: Fixture, o: { nonce: number; text?: string; time?: number }): Tx {
  return makeTx(staff, {
    chainId: fx.chainId,
    type: 'test.note.add',
    payload: { text: o.text ?? 'note ' + o.nonce },
    nonce: o.nonce,
    time: o.time ?? GENESIS_TIME,
  })
}

export function checked(checker: TxChecker, tx: Tx): CheckedTx {
  return checker.fromBytes(encodeTx(tx))
}

// ---- commits ----

/** A commit for `hash` at `height` with precommit signatures of `signers`. */
export function signCommit(chainId: string, signers: readonly Signer[], height: number, hash: Uint8Array, round = 0): Commit {
  return {
    height,
    round,
    blockHash: hash,
    sigs: signers.map((s) => {
      const v = signVote(chainId, s, { type: VoteType.precommit, height, round, blockHash: hash })
      return { validator: v.validator, sig: v.sig }
    }),
  }
}

// ---- temporary directories and nodes ----

/** Collects clean-up steps; run them in afterEach. Steps run last-in first-out and never throw. */
export class Cleanup {
  private readonly steps: Array<() => unknown> = []
  add(step: () => unknown): void {
    this.steps.push(step)
  }
  async run(): Promise<void> {
    while (this.steps.length > 0) {
      const step = this.steps.pop()!
      try {
        await step()
      } catch {
        // a failed clean-up must not hide the test's own result
      }
    }
  }
}

export function tempDir(cleanup: Cleanup, prefix = 'daejang-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  cleanup.add(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/**
 * Open a LedgerNode (not started: no producer) in a temporary directory, closed and removed by `cleanup`.
 * Signatures are verified on the calling thread unless `verifyThreads` says otherwise.
 */
export async function openNode(
  cleanup: Cleanup,
  fx: Fixture,
  opts: Partial<NodeOptions> = {},
): Promise<LedgerNode> {
  const dataDir = opts.dataDir ?? join(tempDir(cleanup), 'data')
  const node = await LedgerNode.open({ genesis: fx.genesis, registries: TEST_REGISTRIES, verifyThreads: 0, ...opts, dataDir })
  cleanup.add(() => node.close())
  return node
}

export interface Produced {
  prepared: PreparedBlock
  rejected: Rejection[]
  commit: Commit
}

/**
 * Build, sign (by the fixture's validator) and commit the next block from `candidates` (default: the mempool's
 * reap) at a fixed `time` (default: one second after the head). Committed and rejected transactions leave the
 * mempool, as the node's producer does.
 */
export async function produceBlock(
  node: LedgerNode,
  fx: Fixture,
  o: { candidates?: CheckedTx[]; time?: number } = {},
): Promise<Produced> {
  const head = node.chain.head()
  const p = node.genesis.params
  const candidates = o.candidates ?? node.mempool.reap(p.maxBlockTxs, p.maxBlockBytes)
  const lastCommit = head.height === 0 ? null : await node.getCommit(head.height)
  const { prepared, rejected } = await node.chain.buildBlock(
    candidates,
    fx.validator.publicKey,
    o.time ?? head.time + 1000,
    lastCommit,
  )
  const commit = signCommit(fx.chainId, [fx.validator], prepared.block.header.height, prepared.hash)
  await node.chain.commit(prepared, commit)
  node.mempool.remove(prepared.txs.map((c) => c.hashHex))
  if (rejected.length > 0) {
    node.mempool.remove(rejected.map((r) => r.tx.hashHex))
    await node.store.deletePending(rejected.map((r) => r.tx.hash))
  }
  return { prepared, rejected, commit }
}

/** Run `fn` and return the DaejangError code it throws (or rejects with); fails the test if nothing is thrown. */
export async function codeOf(fn: () => unknown): Promise<string> {
  try {
    await fn()
  } catch (e) {
    const code = (e as { code?: unknown }).code
    return typeof code === 'string' ? code : 'NOT_A_DAEJANG_ERROR: ' + String(e)
  }
  return 'NOTHING_THROWN'
}

export function codeOfSync(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    const code = (e as { code?: unknown }).code
    return typeof code === 'string' ? code : 'NOT_A_DAEJANG_ERROR: ' + String(e)
  }
  return 'NOTHING_THROWN'
}

/** A genesis of agencies agency-0 … agency-(n-1), each with a validator of power 10 and its administrators. */
export function consortiumGenesis(chainId: string, validators: readonly Signer[], admins: readonly (readonly Signer[])[]): Genesis {
  return parseGenesis({
    format: 'daejang-genesis/1',
    chainId,
    genesisTime: GENESIS_TIME,
    agencies: validators.map((v, i) => ({
      id: `agency-${i}`,
      name: `Agency ${i}`,
      validator: { publicKey: toHex(v.publicKey), power: 10 },
      admins: (admins[i] ?? []).map((a) => toHex(a.publicKey)),
    })),
  })
}
