/**
 * The ballot box endpoint (docs/adr/0057, docs/voting-ballot-box.md): a second HTTP listener of the node, off by
 * default, for voters on the open internet (behind a TLS-terminating proxy). It reaches nothing of the node's API:
 *
 *   GET  /                           the voter page (one self-contained HTML file, out/voter/index.html)
 *   GET  /elections                  the elections open for voting: uuid, name, dates (read once a block)
 *   GET  /elections/:uuid            what the page needs to make a ballot: the texts of the election (questions,
 *                                    public key: the Belenios `election` text) and its dates and phase
 *   GET  /elections/:uuid/trackers/:tracker   whether a tracker is on the board, whether it counts, who spoiled it
 *   POST /ballot                     a Belenios ballot (the body is the ballot's JSON text itself): checked for size
 *                                    and shape, rate-limited per address and per credential, wrapped in a
 *                                    `voting.ballot` transaction signed by a throwaway key and submitted to the mempool,
 *                                    where the registry's rules check it at admission; answers the tracker and the
 *                                    transaction's hash (`?wait=commit`: once committed or refused)
 *   POST /spoil                      Benaloh's challenge, first step (ADR 0056 amendment): the `voting.ballot.spoil`
 *                                    payload (election, ballot hash, credential, the credential's signature); once
 *                                    committed that ballot can never be cast
 *   POST /audit                      the second step: the `voting.ballot.audit` payload (election, the ballot's text,
 *                                    the randomness that opens it), taken by the ledger only for a ballot its own
 *                                    credential spoiled
 *
 * A spoil and an audit are submitted like a ballot: shaped here (the registry's own schemas), under the same limits
 * per address and per credential (charged once admitted), under a throwaway key, `?wait=commit` as for a ballot.
 *
 * Refusals carry the stable code and its sentence in Korean and English. Bodies are bounded, slow clients are cut off
 * (header, request and idle timeouts), connections are capped per address and in all, and the rate limits keep
 * bounded memory (ballot-box-limits.ts).
 */
import { existsSync, readFileSync } from 'node:fs'
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { randomSeed } from '../ledger/crypto/ed25519'
import { nodeSigner } from '../ledger/crypto/ed25519-node'
import type { LedgerNode } from '../ledger/node/node'
import { VOTING_ERRORS } from '../ledger/registries/voting/portable/errors'
import { UUID_SHAPE } from '../ledger/registries/voting/portable/base58'
import { ELECTION_INDEX_PREFIX, ballotKey, lastBallotKey, setupKey, spoilKey } from '../ledger/registries/voting/portable/keys'
import type { BoxElectionDto, BoxElectionListDto, BoxSentDto, BoxTrackerDto } from '../ledger/registries/voting/portable/ballot-box-dto'
import { VOTING_LIMITS, phaseOf } from '../ledger/registries/voting/portable/schema'
import { readElection } from '../ledger/registries/voting/rules-common'
import { BallotAuditSchema, BallotSpoilSchema } from '../ledger/registries/voting/rules-audit'
import { ballotTracker } from '../ledger/registries/voting/portable/belenios/ballot'
import { encodeTx, makeTx } from '../ledger/types/tx'
import { ERROR_TEXT } from '../shared/error-text'
import { DaejangError, isCoreErrorCode, toDaejangError } from '../shared/errors'
import { resolveParticles } from '../shared/particles'
import { type BucketRate, TokenBuckets, clientAddress, clientKey, networkKey, normalizeAddress, trustedProxySet } from './ballot-box-limits'
import { SECURITY_HEADERS, readJsonBody, readTextBody } from './http-util'

export interface BallotBoxLimits {
  /** per client address (an IPv6 client by its /64) */
  perAddress: BucketRate
  /** per IPv6 /48 (networkKey): what one site or tunnel holder may use in all */
  perNetwork: BucketRate
  /** per credential of an election: re-voting is allowed, a flood of one credential's ballots is not */
  perCredential: BucketRate
  /** clients and credentials remembered by the rate limits (each map) */
  maxTrackedKeys: number
  /** open connections in all, and from one address */
  maxConnections: number
  maxConnectionsPerAddress: number
  /** open connections from one IPv6 /48 */
  maxConnectionsPerNetwork: number
  /** the request's headers must arrive within this; the whole request within requestMs; an idle socket is closed */
  headersMs: number
  requestMs: number
  idleMs: number
  /** the longest a `?wait=commit` answer waits */
  commitWaitMs: number
}

export const DEFAULT_BALLOT_BOX_LIMITS: BallotBoxLimits = {
  perAddress: { burst: 60, perMinute: 60 },
  perNetwork: { burst: 240, perMinute: 240 },
  perCredential: { burst: 3, perMinute: 6 },
  maxTrackedKeys: 100_000,
  maxConnections: 1024,
  maxConnectionsPerAddress: 16,
  maxConnectionsPerNetwork: 64,
  headersMs: 10_000,
  requestMs: 30_000,
  idleMs: 15_000,
  commitWaitMs: 30_000,
}

export interface BallotBoxOptions {
  node: LedgerNode
  /** where it listens: host (an address) and port (0: any free port) */
  host: string
  port: number
  /** addresses of reverse proxies whose X-Forwarded-For is believed; no other peer's is */
  trustedProxies?: readonly string[]
  /** the voter page's HTML file; default: out/voter/index.html of this package when built; null: none */
  pageFile?: string | null
  limits?: Partial<BallotBoxLimits>
}

export interface BallotBox {
  url: string
  port: number
  close(): Promise<void>
}

/** The endpoint's own refusals; every other code is the core's or the voting registry's. */
export const BALLOT_BOX_ERRORS = {
  BALLOT_BOX_RATE_LIMITED: {
    status: 429,
    message: 'Too many requests from this address or for this credential; try again later.',
    text: { ko: '이 주소나 이 자격증명으로 보낸 요청이 너무 많습니다. 잠시 뒤에 다시 하십시오.', en: 'Too many requests from this address or for this credential; try again later.' },
  },
  BALLOT_BOX_NO_PAGE: {
    status: 404,
    message: 'This node does not serve the voter page (it is not built).',
    text: { ko: '이 노드에는 투표 페이지가 없습니다(빌드되지 않았습니다).', en: 'This node does not serve the voter page (it is not built).' },
  },
  BALLOT_BOX_BAD_BALLOT: {
    status: 400,
    message: 'The body is not a Belenios ballot (an object naming its election and its credential).',
    text: { ko: '보낸 내용이 투표지 형식이 아닙니다(선거와 자격증명이 있어야 합니다).', en: 'What was sent is not a ballot (it must name its election and its credential).' },
  },
  BALLOT_BOX_BAD_SPOIL: {
    status: 400,
    message: 'The body is not a spoiling (the election, the ballot\'s hash, the credential and its signature).',
    text: {
      ko: '보낸 내용이 투표지 무효 처리 형식이 아닙니다(선거, 투표지의 해시, 자격증명과 그 서명이 있어야 합니다).',
      en: "What was sent is not a spoiling (it must name the election, the ballot's hash, the credential and its signature).",
    },
  },
  BALLOT_BOX_BAD_AUDIT: {
    status: 400,
    message: 'The body is not a challenged ballot to open (the election, the ballot and its randomness).',
    text: {
      ko: '보낸 내용이 공개할 확인용 투표지 형식이 아닙니다(선거, 투표지와 그 난수가 있어야 합니다).',
      en: 'What was sent is not a challenged ballot to open (it must name the election, the ballot and its randomness).',
    },
  },
} as const
type BoxCode = keyof typeof BALLOT_BOX_ERRORS

const HEX64 = /^[0-9a-f]{64}$/
/** a Belenios tracker: Base64 of a SHA-256, unpadded */
const TRACKER = /^[A-Za-z0-9+/]{43}$/
/** an audit's body: the ballot as a JSON string (escaped, at most twice its size) and its randomness (≤ 10 × 51 scalars) */
const AUDIT_BODY_BYTES = 2 * VOTING_LIMITS.ballotBytes + 64 * 1024
/** a spoil's body: four short fields */
const SPOIL_BODY_BYTES = 4 * 1024

/** The tracker of a ballot by its SHA-256 (hex): Base64, unpadded. */
const trackerOfHash = (hashHex: string): string => Buffer.from(hashHex, 'hex').toString('base64').replace(/=+$/, '')

/** The voter page of this package (built by scripts/build-pages.mjs), when there is one. */
export function defaultVoterPage(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'out', 'voter', 'index.html')
    if (existsSync(candidate)) return candidate
    dir = resolve(dir, '..')
  }
  return null
}

/** The error's answer: status, the code, the English detail, and the sentence in Korean and English. */
export function refusal(e: unknown): { status: number; body: { error: { code: string; message: string; text: { ko: string; en: string }; details?: unknown } } } {
  const err = toDaejangError(e)
  const code = err.code as string
  let status: number
  let text: { ko: string; en: string }
  if (Object.hasOwn(BALLOT_BOX_ERRORS, code)) {
    const d = BALLOT_BOX_ERRORS[code as BoxCode]
    status = d.status
    text = d.text
  } else if (Object.hasOwn(VOTING_ERRORS, code)) {
    const d = VOTING_ERRORS[code as keyof typeof VOTING_ERRORS]
    status = d.status
    text = d.text
  } else if (isCoreErrorCode(code) && code !== 'INTERNAL') {
    status = CORE_STATUS[code] ?? 400
    text = ERROR_TEXT[code]
  } else {
    console.error('daejang ballot box: internal error:', e)
    return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error', text: ERROR_TEXT.INTERNAL } } }
  }
  const details = err.details
  return {
    status,
    body: {
      error: {
        code,
        message: err.message,
        text: { ko: resolveParticles(text.ko), en: text.en },
        // only the voting rules' details (the reason a proof failed, the election) go out; nothing of the node
        ...(details !== undefined && code.startsWith('VOTING_') ? { details } : {}),
      },
    },
  }
}

/** The core codes this endpoint can answer with, and their status (as the API's http-util says). */
const CORE_STATUS: Partial<Record<string, number>> = {
  MALFORMED_JSON: 400,
  SCHEMA_INVALID: 400,
  PAYLOAD_TOO_LARGE: 413,
  TX_TOO_LARGE: 413,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  MEMPOOL_FULL: 503,
  NODE_STOPPING: 503,
  STATE_READS_BUSY: 503,
  DUPLICATE_TX: 409,
  BAD_PAYLOAD: 422,
}

const CORS = {
  // a public endpoint: the voter page may be opened from a file (origin null) or served here; no cookies, no
  // credentials are ever read, so any origin may send a ballot (the ballot authenticates itself)
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '600',
}

function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  if (res.headersSent) return
  const data = JSON.stringify(body)
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    // the page opened from a file reads these answers: no CORP same-origin on them
    'Cross-Origin-Resource-Policy': 'cross-origin',
    ...CORS,
    ...extra,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(data)),
  })
  res.end(data)
}

function sendRefusal(res: ServerResponse, e: unknown, extra: Record<string, string> = {}): void {
  const r = refusal(e)
  send(res, r.status, r.body, { ...(r.status === 503 ? { 'Retry-After': '2' } : {}), ...extra })
}

export async function startBallotBox(o: BallotBoxOptions): Promise<BallotBox> {
  const limits: BallotBoxLimits = { ...DEFAULT_BALLOT_BOX_LIMITS, ...o.limits }
  const node = o.node
  const trusted = trustedProxySet(o.trustedProxies ?? [])
  const byAddress = new TokenBuckets(limits.perAddress, limits.maxTrackedKeys)
  const byNetwork = new TokenBuckets(limits.perNetwork, limits.maxTrackedKeys)
  const byCredential = new TokenBuckets(limits.perCredential, limits.maxTrackedKeys)
  const pageFile = o.pageFile === undefined ? defaultVoterPage() : o.pageFile
  const state = node.store
  const chainId = node.genesis.chainId

  const electionDto = async (uuid: string): Promise<BoxElectionDto> => {
    const h = await readElection(state, uuid)
    if (h === undefined) throw new DaejangError('VOTING_UNKNOWN_ELECTION', VOTING_ERRORS.VOTING_UNKNOWN_ELECTION.message)
    const election = (await state.get(setupKey(uuid, 'election'))) as string | undefined
    return {
      uuid,
      name: h.draft.name,
      description: h.draft.description,
      phase: phaseOf(h),
      opens: h.draft.opens,
      closes: h.draft.closes,
      questions: h.draft.questions,
      election: election ?? null,
    }
  }

  const openElections = async (): Promise<BoxElectionListDto['elections']> => {
    const out: BoxElectionListDto['elections'] = []
    for await (const [k] of state.scanState(ELECTION_INDEX_PREFIX, 1000)) {
      const h = await readElection(state, k.slice(ELECTION_INDEX_PREFIX.length))
      if (h !== undefined && h.stage === 'open') out.push({ uuid: h.uuid, name: h.draft.name, opens: h.draft.opens, closes: h.draft.closes })
      if (out.length >= 100) break
    }
    return out
  }

  /**
   * The open elections as of the head: read once per block (a burst of voters' pages costs one scan of up to 1,000
   * elections, not one each), requests during the read sharing it. One entry, at most 100 elections: bounded. The
   * head is read first; the store writes a block's state before it moves its head, so what is read is at least as
   * new as that height (the next block reads again). A failed read is not kept.
   */
  let listed: { height: number; list: Promise<BoxElectionListDto['elections']> } | null = null
  const openElectionsAtHead = (): Promise<BoxElectionListDto['elections']> => {
    const height = node.chain.head().height
    if (listed === null || listed.height !== height) {
      const list = openElections()
      const entry = { height, list }
      listed = entry
      list.catch(() => {
        if (listed === entry) listed = null
      })
    }
    return listed.list
  }

  /** A tracker on the board: found, and whether it is the last ballot of its credential (the one that counts). */
  const trackerLookup = async (uuid: string, tracker: string): Promise<{ found: boolean; counts: boolean; spoiledBy: string | null }> => {
    const hash = Buffer.from(tracker, 'base64').toString('hex')
    const spoiler = await state.get(spoilKey(uuid, hash))
    const spoiledBy = typeof spoiler === 'string' ? spoiler : null
    const text = (await state.get(ballotKey(uuid, hash))) as string | undefined
    if (text === undefined) return { found: false, counts: false, spoiledBy }
    const credential = (JSON.parse(text) as { credential: string }).credential
    return { found: true, counts: (await state.get(lastBallotKey(uuid, credential))) === hash, spoiledBy }
  }

  /**
   * A voter's transaction (a ballot, a spoil, an audit) under a throwaway key, limited per credential of the election:
   * checked first, charged only once the ledger's rules admitted it. Public credentials are public, so charging every
   * attempt would let anyone lock a voter out with garbage naming her credential; only what her private credential
   * signed (or, for an audit, what her signed spoil allowed) spends her tokens, and made-up credentials take no room.
   */
  const submitVoterTx = async (
    req: IncomingMessage,
    res: ServerResponse,
    wait: boolean,
    t: { type: string; payload: Record<string, unknown>; uuid: string; credential: string; tracker: string },
  ): Promise<void> => {
    const credentialBucket = `${t.uuid}|${t.credential}`
    const c = byCredential.peek(credentialBucket)
    if (!c.ok) throw Object.assign(new DaejangError('BALLOT_BOX_RATE_LIMITED', 'too many requests for this credential'), { retryAfterMs: c.retryAfterMs })
    // a throwaway key: the transaction's signer means nothing (the credential signs); nonce 1 of a new key
    const signer = nodeSigner(randomSeed())
    const tx = makeTx(signer, { chainId, type: t.type, payload: t.payload as never, nonce: 1, time: Date.now() })
    const checked = await node.submitBytes(encodeTx(tx))
    byCredential.take(credentialBucket)
    const answer = { tracker: t.tracker, txHash: checked.hashHex, election: t.uuid }
    if (!wait) {
      send(res, 202, { ...answer, status: 'pending' } satisfies BoxSentDto)
      return
    }
    // the socket is idle while the chain commits: the idle timeout (shorter than the wait) must not cut the voter off
    req.socket.setTimeout(limits.commitWaitMs + limits.idleMs)
    const r = await node.waitForTx(checked.hashHex, limits.commitWaitMs).finally(() => req.socket.setTimeout(limits.idleMs))
    if (r.status === 'rejected') {
      const rej = r.rejection!
      throw new DaejangError(rej.code, rej.message)
    }
    const sent: BoxSentDto = r.status === 'committed' ? { ...answer, status: 'committed', height: r.height! } : { ...answer, status: 'pending' }
    send(res, r.status === 'committed' ? 200 : 202, sent)
  }

  const castBallot = async (req: IncomingMessage, res: ServerResponse, wait: boolean): Promise<void> => {
    const text = await readTextBody(req, VOTING_LIMITS.ballotBytes)
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new DaejangError('MALFORMED_JSON', 'the ballot is not valid JSON')
    }
    const b = parsed as { election_uuid?: unknown; credential?: unknown } | null
    if (b === null || typeof b !== 'object' || Array.isArray(b) || typeof b.election_uuid !== 'string' || !UUID_SHAPE.test(b.election_uuid) || typeof b.credential !== 'string' || !HEX64.test(b.credential)) {
      throw new DaejangError('BALLOT_BOX_BAD_BALLOT', BALLOT_BOX_ERRORS.BALLOT_BOX_BAD_BALLOT.message)
    }
    const uuid = b.election_uuid
    await submitVoterTx(req, res, wait, { type: 'voting.ballot', payload: { election: uuid, ballot: text }, uuid, credential: b.credential, tracker: ballotTracker(text) })
  }

  /** Benaloh's challenge, first: the ballot spoiled by its hash, signed by its credential (the ballot stays with her). */
  const spoilBallot = async (req: IncomingMessage, res: ServerResponse, wait: boolean): Promise<void> => {
    const p = BallotSpoilSchema.safeParse(await readJsonBody(req, SPOIL_BODY_BYTES))
    if (!p.success || !HEX64.test(p.data.credential)) throw new DaejangError('BALLOT_BOX_BAD_SPOIL', BALLOT_BOX_ERRORS.BALLOT_BOX_BAD_SPOIL.message)
    const s = p.data
    await submitVoterTx(req, res, wait, { type: 'voting.ballot.spoil', payload: s, uuid: s.election, credential: s.credential, tracker: trackerOfHash(s.ballotHash) })
  }

  /** Then the spoiled ballot opened: its text and randomness (the ledger takes it only after her own spoil). */
  const auditBallot = async (req: IncomingMessage, res: ServerResponse, wait: boolean): Promise<void> => {
    const p = BallotAuditSchema.safeParse(await readJsonBody(req, AUDIT_BODY_BYTES))
    let credential: unknown
    try {
      credential = p.success ? (JSON.parse(p.data.ballot) as { credential?: unknown } | null)?.credential : undefined
    } catch {
      credential = undefined
    }
    if (!p.success || typeof credential !== 'string' || !HEX64.test(credential)) throw new DaejangError('BALLOT_BOX_BAD_AUDIT', BALLOT_BOX_ERRORS.BALLOT_BOX_BAD_AUDIT.message)
    const a = p.data
    await submitVoterTx(req, res, wait, { type: 'voting.ballot.audit', payload: a, uuid: a.election, credential, tracker: ballotTracker(a.ballot) })
  }

  const servePage = (res: ServerResponse): void => {
    if (pageFile === null || !existsSync(pageFile)) throw new DaejangError('BALLOT_BOX_NO_PAGE', BALLOT_BOX_ERRORS.BALLOT_BOX_NO_PAGE.message)
    const body = readFileSync(pageFile)
    // the page carries its own CSP (by hash) in a meta element; the header repeats the frame and base rules
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': String(body.length),
      'Content-Security-Policy': "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'",
    })
    res.end(body)
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const address = clientKey(clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trusted))
    try {
      const url = new URL(req.url ?? '/', 'http://ballot-box.invalid')
      const method = req.method ?? 'GET'
      const path = url.pathname
      const a = byAddress.take(address)
      if (!a.ok) throw Object.assign(new DaejangError('BALLOT_BOX_RATE_LIMITED', 'too many requests from this address'), { retryAfterMs: a.retryAfterMs })
      const net = networkKey(address)
      const n = net === null ? null : byNetwork.take(net)
      if (n !== null && !n.ok) throw Object.assign(new DaejangError('BALLOT_BOX_RATE_LIMITED', 'too many requests from this network'), { retryAfterMs: n.retryAfterMs })
      if (method === 'OPTIONS' && (path === '/ballot' || path === '/spoil' || path === '/audit' || path.startsWith('/elections'))) {
        res.writeHead(204, { ...CORS, 'Content-Length': '0' })
        res.end()
        return
      }
      const isGet = method === 'GET' || method === 'HEAD'
      if (path === '/' || path === '/index.html') {
        if (!isGet) throw new DaejangError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}`)
        servePage(res)
        return
      }
      if (path === '/elections') {
        if (!isGet) throw new DaejangError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}`)
        send(res, 200, { elections: await openElectionsAtHead() } satisfies BoxElectionListDto)
        return
      }
      const el = /^\/elections\/([^/]+)$/.exec(path)
      if (el) {
        if (!isGet) throw new DaejangError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}`)
        if (!UUID_SHAPE.test(el[1]!)) throw new DaejangError('VOTING_UNKNOWN_ELECTION', VOTING_ERRORS.VOTING_UNKNOWN_ELECTION.message)
        send(res, 200, await electionDto(el[1]!))
        return
      }
      const tr = /^\/elections\/([^/]+)\/trackers\/([^/]+)$/.exec(path)
      if (tr) {
        if (!isGet) throw new DaejangError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}`)
        let tracker: string
        try {
          tracker = decodeURIComponent(tr[2]!)
        } catch {
          throw new DaejangError('SCHEMA_INVALID', 'a tracker is 43 characters of Base64')
        }
        if (!UUID_SHAPE.test(tr[1]!)) throw new DaejangError('VOTING_UNKNOWN_ELECTION', VOTING_ERRORS.VOTING_UNKNOWN_ELECTION.message)
        if (!TRACKER.test(tracker)) throw new DaejangError('SCHEMA_INVALID', 'a tracker is 43 characters of Base64')
        if ((await readElection(state, tr[1]!)) === undefined) throw new DaejangError('VOTING_UNKNOWN_ELECTION', VOTING_ERRORS.VOTING_UNKNOWN_ELECTION.message)
        send(res, 200, { tracker, ...(await trackerLookup(tr[1]!, tracker)), height: node.chain.head().height } satisfies BoxTrackerDto)
        return
      }
      const post = path === '/ballot' ? castBallot : path === '/spoil' ? spoilBallot : path === '/audit' ? auditBallot : null
      if (post !== null) {
        if (method !== 'POST') throw new DaejangError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}`)
        await post(req, res, url.searchParams.get('wait') === 'commit')
        return
      }
      throw new DaejangError('NOT_FOUND', `no route ${path}`)
    } catch (e) {
      const retry = (e as { retryAfterMs?: number }).retryAfterMs
      sendRefusal(res, e, retry !== undefined ? { 'Retry-After': String(Math.max(1, Math.ceil(retry / 1000))) } : {})
      // a body not read (refused early) is not waited for: the connection closes after the answer
      if (!req.complete) res.once('finish', () => req.socket.destroy())
    }
  }

  const perAddress = new Map<string, number>()
  const server = createServer(
    {
      headersTimeout: limits.headersMs,
      requestTimeout: limits.requestMs,
      keepAliveTimeout: Math.min(5_000, limits.idleMs),
      connectionsCheckingInterval: Math.min(1_000, limits.headersMs),
      maxHeaderSize: 8 * 1024,
    },
    (req, res) => {
      void handle(req, res)
    },
  )
  server.maxConnections = limits.maxConnections
  server.maxHeadersCount = 50
  server.setTimeout(limits.idleMs, (s: Socket) => s.destroy())
  server.on('connection', (s: Socket) => {
    // behind a trusted proxy every connection comes from the proxy: its per-address cap is the total one
    // compared as handle() compares it: a dual-stack listener sees an IPv4 proxy as ::ffff:a.b.c.d
    const peer = normalizeAddress(s.remoteAddress ?? '')
    if (trusted.has(peer)) return
    const k = clientKey(peer)
    const net = networkKey(peer)
    const n = (perAddress.get(k) ?? 0) + 1
    const nn = net === null ? 0 : (perAddress.get(net) ?? 0) + 1
    if (n > limits.maxConnectionsPerAddress || nn > limits.maxConnectionsPerNetwork) {
      s.destroy()
      return
    }
    perAddress.set(k, n)
    if (net !== null) perAddress.set(net, nn)
    s.once('close', () => {
      for (const key of net === null ? [k] : [k, net]) {
        const m = (perAddress.get(key) ?? 1) - 1
        if (m <= 0) perAddress.delete(key)
        else perAddress.set(key, m)
      }
    })
  })
  // a malformed or timed-out request (slow headers, slow body): answered and the socket destroyed once written, so a
  // client that keeps its half of the connection open (half-close) holds nothing
  server.on('clientError', (e: NodeJS.ErrnoException, s: Socket) => {
    const status = e.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : e.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request'
    if (s.writable) s.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => s.destroy())
    else s.destroy()
  })

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen)
    server.listen(o.port, o.host, () => {
      server.off('error', rejectListen)
      resolveListen()
    })
  })
  const port = (server.address() as AddressInfo).port
  const shownHost = o.host.includes(':') ? `[${o.host}]` : o.host
  return {
    url: `http://${shownHost}:${port}`,
    port,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}

/** `HOST:PORT` (IPv6 in brackets) → host and port; throws SCHEMA_INVALID with the reason in words. */
export function parseListen(s: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(s.trim())
  const port = m ? Number(m[3]) : NaN
  if (!m || port > 65_535) throw new DaejangError('SCHEMA_INVALID', `the ballot box listens on HOST:PORT (e.g. 127.0.0.1:8080), not "${s}"`)
  return { host: (m[1] ?? m[2])!, port }
}
