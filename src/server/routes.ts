/**
 * The API's routes, each with schemas for its path parameters, query and body: the core's (health, session, status,
 * transactions, blocks, proofs, search) and every registry's (registries/<domain>/routes.ts, below
 * /api/v1/<domain>/), assembled from the registry list. The same table drives request validation and the OpenAPI
 * description (openapi.ts).
 */
import { z } from 'zod'
import type { BlockSummaryDto } from '../shared/api'
import { DaejangError, toDaejangError } from '../shared/errors'
import { toBase64Url, toHex } from '../ledger/codec/bytes'
import { txHash } from '../ledger/types/tx'
import { TxJsonSchema } from '../ledger/types/tx'
import { encodeProof, proofToJson } from '../ledger/proofs/proof'
import { encodeCanonical } from '../ledger/codec/canonical'
import { commitToCanonical, encodeHeader } from '../ledger/types/block'
import { TRUST_STEPS_LIMITS, boundTrustSteps } from '../ledger/proofs/trust-bound'
import { trustStepsFileToJson } from '../ledger/proofs/trust-chain'
import { boundedTrustSteps } from './trust-steps'
import type { LedgerNode } from '../ledger/node/node'
import { ACTIVITY_KINDS, type ActivityKind } from '../ledger/node/activity'
import { decodeTx } from '../ledger/types/tx'
import { localAdminKey } from './local'
import { keyInfo } from '../ledger/registries/identity/queries'
import { blockDto, blockSummaryDto, stateValueDto, txDto } from './dto'
import { certifiedStateToJson } from '../ledger/proofs/certified-state'
import { validatorSetDto } from '../ledger/registries/governance/queries'
import { REGISTRIES } from '../ledger/registries'
import type { Registry } from '../ledger/registries/types'
import { registryHost } from './registry-host'
import { BUNDLE_ROUTES } from './bundle-routes'
import { SETUP_ROUTES } from './setup/routes'
import { ADMISSION_ROUTES } from './admission-routes'
import { admissionStatus } from './admission-status'
import { BACKUP_ROUTES } from './backup/routes'

export type { Route, RouteContext } from './route-types'
import type { Route } from './route-types'

const hash = z.string().regex(/^[0-9a-f]{64}$/, 'a 32-byte hash in lowercase hex')
const publicKey = z.string().regex(/^[0-9a-f]{64}$/, 'a 32-byte public key in lowercase hex')
/**
 * A whole number from `min`, written in decimal digits only: "", " ", "0x10", "1e3" or "1.0" are refused rather than
 * read as 0, 16 or 1000 (z.coerce would), so a height given badly is never answered as another height.
 */
const whole = (min: number) =>
  z
    .string()
    .regex(/^[0-9]{1,16}$/, 'a whole number in decimal digits')
    .transform(Number)
    .pipe(z.number().int().min(min).max(Number.MAX_SAFE_INTEGER))
const height = whole(1)
/** block bytes one /api/v1/headers answer reads at most (fewer headers come back; the light client asks again) */
const HEADERS_READ_BYTES = 16 << 20
/** a state key or group as registries write them (a group may be empty: the keys without '/') */
const stateKey = z.string().min(1).max(1024)
const stateGroup = z.string().max(1024)
/** the height a verifier's trust list was taken at: the proof then carries the validator-set changes since */
const trustFrom = whole(0)

/** the one bound on carried trust steps (proofs/trust-bound.ts), re-exported for the routes' tests */
export { TRUST_STEPS_LIMITS }

/** A certified state proof's JSON; with trustFrom, its trust steps bounded before any block is read. */
async function boundedProof(node: LedgerNode, height: number | undefined, from: number | undefined, prove: () => Promise<Parameters<typeof certifiedStateToJson>[0]>) {
  if (from !== undefined) boundTrustSteps(node.chain.validatorHistory, node.genesis.chainId, from, height ?? node.chain.head().height)
  return certifiedStateToJson(await prove())
}

/** The core's routes (not a registry's). */
export const CORE_ROUTES: Route[] = [
  {
    method: 'GET',
    path: '/api/v1/health',
    summary: 'Liveness (no token needed)',
    public: true,
    handler: async () => ({ body: { ok: true } }),
  },
  {
    method: 'POST',
    path: '/api/v1/session',
    summary: 'Exchange a one-time sign-in code (from the address that opened the UI) for the session token',
    public: true,
    body: z.object({ code: z.string().min(8).max(64) }).strict(),
    handler: async ({ body, login, token }) => {
      if (!login.redeem((body as { code: string }).code)) {
        throw new DaejangError('UNAUTHENTICATED', 'this sign-in link was already used or has expired; run `daejang open`')
      }
      return { body: { token } }
    },
  },
  {
    method: 'POST',
    path: '/api/v1/session/code',
    summary: 'A fresh one-time sign-in code for the UI (for `daejang open`)',
    handler: async ({ login }) => ({ body: { code: login.issue() } }),
  },
  {
    method: 'GET',
    path: '/api/v1/status',
    summary: 'Node status: height, last block, app hash, peers, sync state, mempool',
    handler: async ({ node, home }) => ({ body: { ...node.status(), admission: await admissionStatus(node, home) } }),
  },
  {
    method: 'GET',
    path: '/api/v1/activity',
    summary: "What happened on this node, newest first: refusals, peers dropped, catch-ups, governance acts, errors, bundles (kinds: a comma-separated filter; before: a seq, to page back)",
    query: z.object({
      kinds: z
        .string()
        .max(200)
        .optional()
        .transform((v, ctx) => {
          const kinds = (v ?? '').split(',').filter((k) => k.length > 0)
          for (const k of kinds) {
            if (!(ACTIVITY_KINDS as readonly string[]).includes(k)) {
              ctx.addIssue({ code: 'custom', message: `unknown kind "${k.slice(0, 40)}"; kinds: ${ACTIVITY_KINDS.join(', ')}` })
              return z.NEVER
            }
          }
          return kinds as ActivityKind[]
        }),
      before: whole(1).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
    handler: async ({ node, query }) => {
      const q = query as { kinds: ActivityKind[]; before?: number; limit: number }
      return { body: node.activity.list({ kinds: q.kinds, ...(q.before !== undefined ? { before: q.before } : {}), limit: q.limit }) }
    },
  },
  {
    method: 'GET',
    path: '/api/v1/genesis',
    summary: 'The genesis document of this consortium',
    handler: async ({ node }) => ({ body: node.genesis }),
  },
  {
    method: 'GET',
    path: '/api/v1/trust',
    summary: 'The trust list for offline verification: chain id and the validator sets by height',
    handler: async ({ node }) => ({ body: await node.publishedTrustList() }),
  },
  {
    method: 'GET',
    path: '/api/v1/trust/steps',
    summary:
      'The validator-set changes since a trust list taken at fromHeight, up to toHeight (default: the head): each a ' +
      'header with its commit and the next set, for a verifier whose trust list is older than a proof',
    query: z.object({
      fromHeight: whole(0),
      toHeight: whole(1).optional(),
    }),
    handler: async ({ node, query }) => {
      const from = query.fromHeight as number
      const to = Math.min((query.toHeight as number | undefined) ?? node.chain.head().height, node.chain.head().height)
      return { body: trustStepsFileToJson(node.genesis.chainId, from, to, await boundedTrustSteps(node, from, to)) }
    },
  },
  {
    method: 'POST',
    path: '/api/v1/txs',
    summary: 'Submit a signed transaction (JSON form). With wait=commit, answer once it is committed or rejected.',
    query: z.object({
      wait: z.enum(['none', 'commit']).default('none'),
      timeoutMs: z.coerce.number().int().min(0).max(120_000).default(30_000),
    }),
    body: TxJsonSchema,
    handler: async ({ node, body, query }) => {
      const c = await node.submitJson(body)
      if (query.wait !== 'commit') return { status: 202, body: { hash: c.hashHex, status: 'pending' } }
      const r = await node.waitForTx(c.hashHex, query.timeoutMs as number)
      if (r.status === 'rejected') throw new DaejangError(r.rejection!.code, r.rejection!.message)
      return { status: r.status === 'committed' ? 200 : 202, body: { hash: c.hashHex, status: r.status, height: r.height } }
    },
  },
  {
    method: 'POST',
    path: '/api/v1/txs/batch',
    summary: 'Submit up to 1,000 signed transactions at once; each gets its own result (hash, or error code and reason)',
    body: z.object({ txs: z.array(z.unknown()).min(1).max(1000) }).strict(),
    handler: async ({ node, body }) => {
      const results = await Promise.all(
        (body as { txs: unknown[] }).txs.map(async (tx) => {
          try {
            const c = await node.submitJson(tx)
            return { hash: c.hashHex, status: 'pending' as const }
          } catch (e) {
            return { error: toDaejangError(e).toJSON() }
          }
        }),
      )
      return { status: 207, body: { results } }
    },
  },
  {
    method: 'GET',
    path: '/api/v1/txs/:hash',
    summary: 'A transaction by hash: pending, committed (with height and index) or rejected (with the reason)',
    params: z.object({ hash }),
    handler: async ({ node, params }) => ({ body: txDto(await node.getTx(params.hash!)) }),
  },
  {
    method: 'GET',
    path: '/api/v1/txs/:hash/proof',
    summary: 'Inclusion proof of a committed transaction (JSON, or compact binary as base64url)',
    params: z.object({ hash }),
    query: z.object({ format: z.enum(['json', 'binary']).default('json') }),
    handler: async ({ node, params, query }) => {
      const p = await node.getProof(params.hash!)
      if (query.format === 'binary') return { body: { format: 'daejang-inclusion-proof/1+cbor', data: toBase64Url(encodeProof(p)) } }
      return { body: proofToJson(p) }
    },
  },
  {
    method: 'GET',
    path: '/api/v1/state',
    summary: 'The value of a state key as of a height (default: the head), read from the state tree',
    query: z.object({ key: stateKey, height: whole(0).optional() }),
    handler: async ({ node, query }) => {
      const h = (query.height as number | undefined) ?? node.chain.head().height
      return { body: stateValueDto(query.key as string, h, await node.stateAsOf(query.key as string, h)) }
    },
  },
  {
    method: 'GET',
    path: '/api/v1/state/proof',
    summary:
      "A certified state proof of a key (its value or its absence) as of a height (default: the head): the proof, the block's header and its commit (format daejang-state-proof/1); with trustFrom, the validator-set changes since that height",
    query: z.object({ key: stateKey, height: height.optional(), trustFrom: trustFrom.optional() }),
    handler: async ({ node, query }) => {
      const [h, from] = [query.height as number | undefined, query.trustFrom as number | undefined]
      return { body: await boundedProof(node, h, from, () => node.proveState(query.key as string, h, from)) }
    },
  },
  {
    method: 'GET',
    path: '/api/v1/state/range',
    summary:
      'A certified proof of every entry of a state group (all keys up to their last "/") as of a height, proven complete (format daejang-state-proof/1)',
    query: z.object({ group: stateGroup, height: height.optional(), trustFrom: trustFrom.optional() }),
    handler: async ({ node, query }) => {
      const [h, from] = [query.height as number | undefined, query.trustFrom as number | undefined]
      return { body: await boundedProof(node, h, from, () => node.proveRange(query.group as string, h, from)) }
    },
  },
  {
    method: 'GET',
    path: '/api/v1/blocks',
    summary: 'Recent blocks, newest first (withTxs=true: only blocks that hold transactions, from an index)',
    query: z.object({
      before: z.coerce.number().int().min(1).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20),
      withTxs: z.enum(['true', 'false']).optional(),
    }),
    handler: async ({ node, query }) => {
      const head = node.chain.head().height
      const from = Math.min(head, ((query.before as number | undefined) ?? head + 1) - 1)
      const limit = query.limit as number
      const heights =
        query.withTxs === 'true'
          ? await node.store.heightsWithTxs(from + 1, limit)
          : Array.from({ length: Math.max(0, Math.min(limit, from)) }, (_, i) => from - i)
      const out: BlockSummaryDto[] = []
      for (const h of heights) {
        const b = await node.getBlock(h)
        out.push(blockSummaryDto(b.block, b.hash))
      }
      return { body: out }
    },
  },
  {
    method: 'GET',
    path: '/api/v1/blocks/:height',
    summary: 'A block by height, with its transaction hashes and commit',
    params: z.object({ height }),
    handler: async ({ node, params }) => {
      const b = await node.getBlock(Number(params.height))
      return { body: blockDto(b.block, b.hash, b.commit) }
    },
  },
  {
    method: 'GET',
    path: '/api/v1/headers',
    summary: 'Headers and commits of consecutive blocks from a height (canonical bytes, base64url), for light workstations (adr/0029)',
    query: z.object({ from: height, limit: whole(1).pipe(z.number().max(100)).default(100) }),
    handler: async ({ node, query }) => {
      const head = node.chain.head().height
      const items = (await node.headersFrom(query.from as number, query.limit as number, HEADERS_READ_BYTES)).map((b) => ({
        height: b.header.height,
        header: toBase64Url(encodeHeader(b.header)),
        commit: toBase64Url(encodeCanonical(commitToCanonical(b.commit))),
      }))
      return { body: { head, items } }
    },
  },
  {
    method: 'GET',
    path: '/api/v1/blocks/:height/txs',
    summary: "A block's transactions, in order, in JSON form",
    params: z.object({ height }),
    query: z.object({
      offset: z.coerce.number().int().min(0).default(0),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    handler: async ({ node, params, query }) => {
      const b = await node.getBlock(Number(params.height))
      const from = query.offset as number
      const slice = b.block.txs.slice(from, from + (query.limit as number))
      return {
        body: slice.map((bytes, i) =>
          txDto({
            hash: toHex(txHash(bytes)),
            status: 'committed',
            tx: decodeTx(bytes),
            height: b.block.header.height,
            index: from + i,
            blockTime: b.block.header.time,
          }),
        ),
      }
    },
  },
  {
    method: 'POST',
    path: '/api/v1/local/admin-key',
    summary: 'Local consortium only: the administrator key, for the UI to keep (encrypted) and act as administrator',
    handler: async ({ node, home }) => {
      if (!home) throw new DaejangError('NOT_LOCAL')
      return { body: localAdminKey(node, home) }
    },
  },
  {
    method: 'GET',
    path: '/api/v1/validators',
    summary: 'The validator set of a height (default: the next block) and the sets scheduled after it',
    query: z.object({ height: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional() }),
    handler: async ({ node, query }) => ({
      body: validatorSetDto(node.chain.validatorHistory, (query.height as number | undefined) ?? node.chain.head().height + 1),
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/signers/:publicKey/txs',
    summary: 'Hashes of committed transactions signed by a key, newest first',
    params: z.object({ publicKey }),
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
    handler: async ({ node, params, query }) => ({
      body: await node.txHashesBySigner(params.publicKey!, query.limit as number),
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/search',
    summary: 'Find a block by height, a transaction by hash, or a signer by public key',
    query: z.object({ q: z.string().trim().min(1).max(200) }),
    handler: async ({ node, query }) => {
      const q = (query.q as string).toLowerCase()
      if (/^\d+$/.test(q)) {
        const b = await node.getBlock(Number(q))
        return { body: { kind: 'block', height: b.block.header.height, hash: toHex(b.hash) } }
      }
      if (/^[0-9a-f]{64}$/.test(q)) {
        try {
          return { body: { kind: 'tx', tx: txDto(await node.getTx(q)) } }
        } catch (e) {
          if (!(e instanceof DaejangError) || e.code !== 'NOT_FOUND') throw e
        }
        const txs = await node.txHashesBySigner(q, 50)
        const info = await keyInfo(node.store, q, Date.now())
        if (txs.length > 0 || info.nonce > 0 || info.adminOf.length > 0 || info.roles.length > 0) {
          return { body: { kind: 'signer', key: info, txs } }
        }
      }
      throw new DaejangError('NOT_FOUND', `nothing matches "${query.q as string}"`)
    },
  },
]

/**
 * The route table: the core's routes and those of `registries`, each registry's handler given the node's
 * RegistryHost (registry-host.ts: a narrow object built from the node, never the node). Throws when a registry's
 * route is not below /api/v1/<its name>/ or a method and path repeat.
 */
export function routeTable(registries: readonly Registry[] = REGISTRIES): Route[] {
  const table: Route[] = [...CORE_ROUTES, ...BUNDLE_ROUTES, ...ADMISSION_ROUTES, ...BACKUP_ROUTES, ...SETUP_ROUTES]
  const seen = new Set(table.map((r) => `${r.method} ${r.path}`))
  for (const reg of registries) {
    for (const r of reg.routes ?? []) {
      if (!r.path.startsWith(`/api/v1/${reg.name}/`)) throw new Error(`route ${r.path} of ${reg.name} must be below /api/v1/${reg.name}/`)
      if (seen.has(`${r.method} ${r.path}`)) throw new Error(`route ${r.method} ${r.path} is declared twice`)
      seen.add(`${r.method} ${r.path}`)
      table.push({
        method: r.method,
        path: r.path,
        summary: r.summary,
        ...(r.params ? { params: r.params } : {}),
        ...(r.query ? { query: r.query } : {}),
        ...(r.body ? { body: r.body } : {}),
        ...(r.maxBodyBytes ? { maxBodyBytes: r.maxBodyBytes } : {}),
        handler: ({ node, home, params, query, body }) => r.handler({ host: registryHost(node, home), params, query, body }),
      })
    }
  }
  return table
}

/** The table of this build's registries. */
export const ROUTES: readonly Route[] = routeTable()

/** Match a path against a table: the route and its raw path parameters. */
export function matchRoute(
  method: string,
  pathname: string,
  routes: readonly Route[] = ROUTES,
): { route: Route; params: Record<string, string> } | 'method' | null {
  let methodMismatch = false
  for (const route of routes) {
    const params = matchPath(route.path, pathname)
    if (!params) continue
    if (route.method !== method) {
      methodMismatch = true
      continue
    }
    return { route, params }
  }
  return methodMismatch ? 'method' : null
}

function matchPath(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/')
  const b = path.split('/')
  if (a.length !== b.length) return null
  const out: Record<string, string> = {}
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!
    if (p.startsWith(':')) {
      try {
        out[p.slice(1)] = decodeURIComponent(b[i]!)
      } catch {
        return null
      }
    } else if (p !== b[i]) return null
  }
  return out
}
