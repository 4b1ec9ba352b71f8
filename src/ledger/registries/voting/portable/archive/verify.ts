/**
 * Daejang's verifier of a Belenios 2.5 election archive (specification "Processes → Audit"; docs/voting-belenios.md):
 * numbered, named checks, each with the count of items it checked and its time, and the first failure's reason in
 * Korean and English. A check runs only when the checks it needs passed; a step the record has not reached is "not
 * reached" (ok), a check whose inputs failed is "not run" (not ok). Never throws on a hostile archive: whatever goes
 * wrong inside a check is that check's failure.
 *
 * The cryptography (ballot signatures and proofs, trustee proofs, partial decryption proofs) is the voting
 * registry's own (portable/belenios), handed in as `crypto`; without it those parts are reported "not run", never
 * passed.
 */
import { hexHashToB64 } from '../belenios/hash'
import { sha256Hex, type ArchiveEvent, type ArchiveFile, type EventType, type ReadArchive, EVENT_TYPES, eventText } from './archive'
import {
  ELECTION,
  ENCRYPTED_TALLY,
  OWNED,
  parseCanonical,
  parseJson,
  SETUP_DATA,
  SIZED_ENCRYPTED_TALLY,
  TRUSTEES,
} from './canonical'
import { CHECKS, REASONS, whereWords, type CheckId, type ReasonId, type Words } from './messages'

/** the group operations the verifier needs (portable/belenios's Group, either backend) */
export interface VerifierGroup<P> {
  readonly name: string
  readonly q: bigint
  readonly identity: P
  add(a: P, b: P): P
  mul(p: P, k: bigint): P
  equals(a: P, b: P): boolean
  parse(s: string, opts?: { allowIdentity?: boolean }): P | null
  toString(p: P): string
}

export type CheckState = 'passed' | 'failed' | 'not-reached' | 'not-run'

export interface CheckReport {
  n: number
  id: CheckId
  name: Words
  /** passed or not reached */
  ok: boolean
  state: CheckState
  /** how many items it checked (files, events, ballots, keys…) */
  count: number
  /** its time, in milliseconds */
  ms: number
  /** why it failed or did not run, in words, and where */
  detail?: { reason: ReasonId; ko: string; en: string; where?: { height?: number; hash?: string; index?: number } }
}

export interface VerifyReport {
  ok: boolean
  checks: CheckReport[]
  /** what the record holds, as far as it could be read */
  summary: { uuid?: string; events: number; ballots: number; tallied?: number; result?: unknown }
}

/** A parsed, checked setup, handed to the crypto hooks. */
export interface SetupView<P> {
  electionText: string
  trusteesText: string
  credentialsText: string
  election: ElectionJson
  /** φ: Base64 (no padding) of the election's hash */
  fingerprint: string
  publicKey: P
  /** credential (as written) → weight */
  credentials: Map<string, bigint>
}

export interface ElectionJson {
  version: number
  description: string
  name: string
  group: string
  public_key: string
  questions: Array<{ answers: string[]; blank?: boolean; min: number; max: number; question: string }>
  uuid: string
  administrator?: string
  credential_authority?: string
}

/** a failure inside a check: its reason and where */
export class CheckFailure extends Error {
  constructor(
    readonly reason: ReasonId,
    readonly where: { height?: number; hash?: string; index?: number } = {},
  ) {
    super(reason)
  }
}

/**
 * The cryptographic checks, from the voting registry's Belenios code. Each returns nothing when the item holds and
 * throws a CheckFailure (reason, where) when not.
 */
export interface VerifierCrypto<P> {
  /** check 4: every trustee key and its proofs (Single: the proof of knowledge; Pedersen: certificates, coefficients' commitments, verification keys); returns the election key they give */
  checkTrustees(trusteesText: string, trustees: unknown, groupName: string): P
  /** check 6: one ballot (the text as recorded): election, credential signature, every proof */
  checkBallot(setup: SetupView<P>, ballotText: string): void
  /** check 9: one partial decryption against the tally and the owner's verification key */
  checkPartialDecryption(setup: SetupView<P>, tally: P[][][], owner: number, text: string): void
  /** check 10: the result from the tally and the partial decryptions */
  checkResult(setup: SetupView<P>, tally: P[][][], partials: Array<{ owner: number; text: string }>, resultText: string): void
}

const B58 = /^[1-9A-HJ-NP-Za-km-z]{14,}$/
const DECIMAL = /^(0|[1-9][0-9]*)$/
const MAX_SMALL = 2 ** 31 - 1

function isSmallInt(v: unknown, min = 0): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= MAX_SMALL
}

function fail(reason: ReasonId, where: { height?: number; hash?: string; index?: number } = {}): never {
  throw new CheckFailure(reason, where)
}

interface Ev {
  event: ArchiveEvent
  hash: string
}

interface Ctx<P> {
  data: Map<string, ArchiveFile>
  events: Ev[]
  setup?: SetupView<P>
  trusteesParsed?: unknown
  ballots: Array<{ height: number; hash: string; text: string; credential: string; answers: P[][][] }>
  last: Array<{ height: number; hash: string; credential: string; answers: P[][][] }>
  sized?: { numTallied: number; totalWeight: bigint; text: string }
  tallyText?: string
  tally?: P[][][]
  partials: Array<{ height: number; owner: number; text: string }>
  resultText?: string
  resultParsed?: unknown
}

/** The verifier's report on an archive read by readArchive. */
export function verifyArchive<P>(archive: ReadArchive, group: VerifierGroup<P>, crypto?: VerifierCrypto<P>): VerifyReport {
  const ctx: Ctx<P> = { data: new Map(), events: [], ballots: [], last: [], partials: [] }
  const reports: CheckReport[] = []
  const needs: Record<CheckId, CheckId[]> = {
    files: [],
    chain: ['files'],
    parameters: ['chain'],
    trustees: ['parameters'],
    credentials: ['parameters'],
    ballots: ['credentials'],
    'last-ballot': ['ballots'],
    tally: ['last-ballot'],
    'partial-decryptions': ['tally', 'trustees'],
    result: ['partial-decryptions'],
  }
  const has = (t: EventType): boolean => ctx.events.some((e) => e.event.type === t)
  const reached: Partial<Record<CheckId, () => boolean>> = {
    tally: () => has('EncryptedTally'),
    'partial-decryptions': () => has('PartialDecryption'),
    result: () => has('Result'),
  }
  const bodies: Record<CheckId, () => number> = {
    files: () => checkFiles(archive, ctx),
    chain: () => checkChain(archive, ctx),
    parameters: () => checkParameters(ctx, group),
    trustees: () => {
      const setup = ctx.setup!
      if (crypto === undefined) fail('unsupported')
      const y = crypto.checkTrustees(setup.trusteesText, ctx.trusteesParsed, setup.election.group)
      if (!group.equals(y, setup.publicKey)) fail('bad-public-key')
      return (ctx.trusteesParsed as unknown[]).length
    },
    credentials: () => checkCredentials(ctx, group),
    ballots: () => checkBallots(ctx, group, crypto),
    'last-ballot': () => checkLastBallot(ctx),
    tally: () => checkTally(ctx, group),
    'partial-decryptions': () => {
      if (crypto === undefined) fail('unsupported')
      const seen = new Set<number>()
      for (const pd of ctx.partials) {
        if (!isSmallInt(pd.owner, 1) || seen.has(pd.owner)) fail('bad-owner', { height: pd.height })
        seen.add(pd.owner)
        try {
          crypto.checkPartialDecryption(ctx.setup!, ctx.tally!, pd.owner, pd.text)
        } catch (e) {
          if (e instanceof CheckFailure) throw new CheckFailure(e.reason, { height: pd.height, ...e.where })
          throw e
        }
      }
      return ctx.partials.length
    },
    result: () => {
      if (crypto === undefined) fail('unsupported')
      crypto.checkResult(ctx.setup!, ctx.tally!, ctx.partials, ctx.resultText!)
      ctx.resultParsed = parseJson(ctx.resultText!)
      return 1
    },
  }
  for (const c of CHECKS) {
    const base = { n: c.n, id: c.id, name: c.name }
    const blocked = needs[c.id].some((d) => !reports.find((r) => r.id === d)!.ok)
    if (blocked) {
      reports.push({ ...base, ok: false, state: 'not-run', count: 0, ms: 0, detail: { reason: 'not-run', ...REASONS['not-run'] } })
      continue
    }
    const t0 = performance.now()
    if (reached[c.id] !== undefined && !reached[c.id]!()) {
      reports.push({ ...base, ok: true, state: 'not-reached', count: 0, ms: 0, detail: { reason: 'not-reached', ...REASONS['not-reached'] } })
      continue
    }
    try {
      const count = bodies[c.id]()
      reports.push({ ...base, ok: true, state: 'passed', count, ms: performance.now() - t0 })
    } catch (e) {
      const f = e instanceof CheckFailure ? e : new CheckFailure('malformed')
      const where = whereWords(f.where)
      const words = REASONS[f.reason]
      const state: CheckState = f.reason === 'unsupported' ? 'not-run' : 'failed'
      reports.push({
        ...base,
        ok: false,
        state,
        count: 0,
        ms: performance.now() - t0,
        detail: {
          reason: f.reason,
          ko: where.ko === '' ? words.ko : `${words.ko} (${where.ko})`,
          en: where.en === '' ? words.en : `${words.en} (${where.en})`,
          ...(Object.keys(f.where).length > 0 ? { where: f.where } : {}),
        },
      })
    }
  }
  return {
    ok: reports.every((r) => r.ok),
    checks: reports,
    summary: {
      ...(ctx.setup !== undefined ? { uuid: ctx.setup.election.uuid } : {}),
      events: ctx.events.length,
      ballots: ctx.ballots.length,
      ...(ctx.sized !== undefined ? { tallied: ctx.sized.numTallied } : {}),
      ...(ctx.resultParsed !== undefined ? { result: (ctx.resultParsed as { result: unknown }).result } : {}),
    },
  }
}

/** check 1: every file is named by the SHA-256 of its bytes; a name twice holds the same bytes */
function checkFiles(archive: ReadArchive, ctx: Ctx<unknown>): number {
  for (const f of archive.files) {
    if (sha256Hex(f.bytes) !== f.name) fail('hash-mismatch', { hash: f.name })
    const before = ctx.data.get(f.name)
    if (before !== undefined && (before.kind !== f.kind || before.text !== f.text)) fail('file-conflict', { hash: f.name })
    if (f.kind === 'data') ctx.data.set(f.name, f)
  }
  return archive.files.length
}

/** what may follow an event type (specification, "Public data": the typical sequence) */
function mayFollow(prev: EventType | undefined, next: EventType): boolean {
  if (prev === undefined) return next === 'Setup'
  switch (prev) {
    case 'Setup':
    case 'Ballot':
      return next === 'Ballot' || next === 'EndBallots'
    case 'EndBallots':
      return next === 'EncryptedTally'
    case 'EncryptedTally':
      return next === 'Shuffle' || next === 'EndShuffles' || next === 'PartialDecryption'
    case 'Shuffle':
      return next === 'Shuffle' || next === 'EndShuffles'
    case 'EndShuffles':
    case 'PartialDecryption':
      return next === 'PartialDecryption' || next === 'Result'
    case 'Result':
      return false
  }
  return false
}

/** check 2: events chained by parent from height 0, in the specification's order, each after the data it names */
function checkChain<P>(archive: ReadArchive, ctx: Ctx<P>): number {
  const seen = new Set<string>()
  const referred = new Set<string>()
  let prev: Ev | undefined
  const ref = (h: unknown, height: number): string => {
    if (typeof h !== 'string' || !seen.has(h)) fail('missing-payload', { height })
    referred.add(h)
    return h
  }
  const field = (t: string, name: string): unknown => {
    const v = parseJson(t)
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[name] : undefined
  }
  for (const f of archive.files) {
    if (f.kind === 'data') {
      seen.add(f.name)
      continue
    }
    const height = ctx.events.length
    const v = parseJson(f.text) as Partial<ArchiveEvent> | undefined
    if (typeof v !== 'object' || v === null || !EVENT_TYPES.includes(v.type as EventType) || typeof v.height !== 'number') fail('event-malformed', { height, hash: f.name })
    const e: ArchiveEvent = { height: v.height, type: v.type as EventType }
    if (v.parent !== undefined) e.parent = v.parent
    if (v.payload !== undefined) e.payload = v.payload
    if (eventText(e) !== f.text) fail('event-malformed', { height, hash: f.name })
    if (e.height !== height) fail('bad-height', { height, hash: f.name })
    if (e.parent !== prev?.hash) fail(prev === undefined ? 'no-setup' : 'bad-parent', { height, hash: f.name })
    if (!mayFollow(prev?.event.type, e.type)) fail(prev === undefined ? 'no-setup' : 'bad-order', { height, hash: f.name })
    const bare = e.type === 'EndBallots' || e.type === 'EndShuffles'
    if (bare && e.payload !== undefined) fail('extra-payload', { height })
    if (!bare) {
      const payload = ref(e.payload, height)
      const body = ctx.data.get(payload)!.text
      switch (e.type) {
        case 'Setup':
          for (const k of ['election', 'trustees', 'credentials']) ref(field(body, k), height)
          break
        case 'Ballot':
          ctx.ballots.push({ height, hash: payload, text: body, credential: '', answers: [] })
          break
        case 'EncryptedTally':
          ctx.tallyText = ctx.data.get(ref(field(body, 'encrypted_tally'), height))!.text
          ctx.sized = { numTallied: -1, totalWeight: -1n, text: body }
          break
        case 'Shuffle':
          ref(field(body, 'payload'), height)
          fail('unsupported', { height })
          break
        case 'PartialDecryption': {
          const text = ctx.data.get(ref(field(body, 'payload'), height))!.text
          const owned = parseCanonical(body, OWNED) as { owner: unknown } | undefined
          if (owned === undefined) fail('not-canonical', { height })
          ctx.partials.push({ height, owner: typeof owned.owner === 'number' ? owned.owner : -1, text })
          break
        }
        case 'Result':
          ctx.resultText = body
          break
      }
    }
    prev = { event: e, hash: f.name }
    ctx.events.push(prev)
  }
  if (ctx.events.length === 0) fail('no-setup')
  for (const h of seen) if (!referred.has(h)) fail('stray-data', { hash: h })
  return ctx.events.length
}

/** check 3: setup_data, the election's parameters and group, each setup text in its signed form */
function checkParameters<P>(ctx: Ctx<P>, group: VerifierGroup<P>): number {
  const setupEvent = ctx.events[0]!
  const setupText = ctx.data.get(setupEvent.event.payload!)!.text
  const sd = parseCanonical(setupText, SETUP_DATA) as { election: string; trustees: string; credentials: string } | undefined
  if (sd === undefined) fail(parseJson(setupText) === undefined ? 'malformed' : 'not-canonical', { height: 0, hash: setupEvent.event.payload! })
  const electionText = ctx.data.get(sd.election)!.text
  const trusteesText = ctx.data.get(sd.trustees)!.text
  const credentialsText = ctx.data.get(sd.credentials)!.text
  const election = parseCanonical(electionText, ELECTION) as ElectionJson | undefined
  if (election === undefined) fail(parseJson(electionText) === undefined ? 'malformed' : 'not-canonical', { hash: sd.election })
  if (election.version !== 1 || typeof election.name !== 'string' || typeof election.description !== 'string') fail('malformed', { hash: sd.election })
  if (election.administrator !== undefined && typeof election.administrator !== 'string') fail('malformed', { hash: sd.election })
  if (election.credential_authority !== undefined && typeof election.credential_authority !== 'string') fail('malformed', { hash: sd.election })
  if (election.group !== 'Ed25519' || group.name !== 'Ed25519') fail('bad-group', { hash: sd.election })
  if (typeof election.uuid !== 'string' || !B58.test(election.uuid)) fail('bad-uuid', { hash: sd.election })
  const publicKey = typeof election.public_key === 'string' ? group.parse(election.public_key) : null
  if (publicKey === null) fail('bad-point', { hash: sd.election })
  if (!Array.isArray(election.questions) || election.questions.length === 0) fail('bad-question', { hash: sd.election })
  election.questions.forEach((q, index) => {
    const ok =
      typeof q === 'object' &&
      q !== null &&
      !('type' in q) &&
      Array.isArray(q.answers) &&
      q.answers.length > 0 &&
      q.answers.every((a) => typeof a === 'string') &&
      typeof q.question === 'string' &&
      (q.blank === undefined || typeof q.blank === 'boolean') &&
      isSmallInt(q.min) &&
      isSmallInt(q.max) &&
      q.min <= q.max &&
      q.max <= q.answers.length
    if (!ok) fail('bad-question', { hash: sd.election, index })
  })
  const trustees = parseCanonical(trusteesText, TRUSTEES) as Array<[unknown, unknown]> | undefined
  if (trustees === undefined) fail(parseJson(trusteesText) === undefined ? 'malformed' : 'not-canonical', { hash: sd.trustees })
  if (trustees.length === 0 || !trustees.every((t) => t[0] === 'Single' || t[0] === 'Pedersen')) fail('malformed', { hash: sd.trustees })
  const creds = parseJson(credentialsText)
  if (!Array.isArray(creds) || !creds.every((c) => typeof c === 'string')) fail('malformed', { hash: sd.credentials })
  if (JSON.stringify(creds) !== credentialsText) fail('not-canonical', { hash: sd.credentials })
  ctx.trusteesParsed = trustees
  ctx.setup = {
    electionText,
    trusteesText,
    credentialsText,
    election,
    fingerprint: hexHashToB64(sd.election),
    publicKey,
    credentials: new Map(),
  }
  return election.questions.length
}

/** check 5: the public credentials, each a valid point, none twice, weights on all or none */
function checkCredentials<P>(ctx: Ctx<P>, group: VerifierGroup<P>): number {
  const list = JSON.parse(ctx.setup!.credentialsText) as string[]
  const map = ctx.setup!.credentials
  let weighted: boolean | undefined
  list.forEach((c, index) => {
    const parts = c.split(',')
    if (parts.length > 2) fail('malformed', { index })
    if (group.parse(parts[0]!) === null) fail('bad-point', { index })
    const w = parts[1]
    if (weighted !== undefined && weighted !== (w !== undefined)) fail('bad-weight', { index })
    weighted = w !== undefined
    if (w !== undefined && (!DECIMAL.test(w) || w === '0' || w.length > 20)) fail('bad-weight', { index })
    if (map.has(parts[0]!)) fail('duplicate-credential', { index })
    map.set(parts[0]!, w === undefined ? 1n : BigInt(w))
  })
  return list.length
}

function parseCiphertexts<P>(group: VerifierGroup<P>, v: unknown, shape: number[], allowIdentity: boolean): P[][][] | null {
  if (!Array.isArray(v) || v.length !== shape.length) return null
  const out: P[][][] = []
  for (let i = 0; i < shape.length; i++) {
    const row = v[i] as unknown
    if (!Array.isArray(row) || row.length !== shape[i]) return null
    const cts: P[][] = []
    for (const ct of row as unknown[]) {
      const { alpha, beta } = (typeof ct === 'object' && ct !== null ? ct : {}) as { alpha?: unknown; beta?: unknown }
      const a = typeof alpha === 'string' ? group.parse(alpha, { allowIdentity }) : null
      const b = typeof beta === 'string' ? group.parse(beta, { allowIdentity }) : null
      if (a === null || b === null) return null
      cts.push([a, b])
    }
    out.push(cts)
  }
  return out
}

/** check 6: each ballot for this election, from a listed credential, its signature and proofs valid */
function checkBallots<P>(ctx: Ctx<P>, group: VerifierGroup<P>, crypto: VerifierCrypto<P> | undefined): number {
  const setup = ctx.setup!
  const shape = questionShape(setup.election)
  for (const b of ctx.ballots) {
    const where = { height: b.height, hash: b.hash }
    const v = parseJson(b.text) as { election_uuid?: unknown; election_hash?: unknown; credential?: unknown; answers?: unknown } | undefined
    if (typeof v !== 'object' || v === null || typeof v.credential !== 'string' || !Array.isArray(v.answers)) fail('malformed', where)
    if (v.election_uuid !== setup.election.uuid || v.election_hash !== setup.fingerprint) fail('wrong-election', where)
    if (!setup.credentials.has(v.credential)) fail('unknown-credential', where)
    const answers = parseCiphertexts(
      group,
      v.answers.map((a: unknown) => (typeof a === 'object' && a !== null ? (a as { choices?: unknown }).choices : undefined)),
      shape,
      false,
    )
    if (answers === null) fail('bad-point', where)
    if (crypto === undefined) fail('unsupported')
    try {
      crypto.checkBallot(setup, b.text)
    } catch (e) {
      if (e instanceof CheckFailure) throw new CheckFailure(e.reason, where)
      throw e
    }
    b.credential = v.credential
    b.answers = answers
  }
  return ctx.ballots.length
}

/** check 7: no ballot twice; the last ballot of each credential is the one tallied (specification: last(B)) */
function checkLastBallot<P>(ctx: Ctx<P>): number {
  const hashes = new Set<string>()
  const last = new Map<string, Ctx<P>['last'][number]>()
  for (const b of ctx.ballots) {
    if (hashes.has(b.hash)) fail('ballot-replayed', { height: b.height, hash: b.hash })
    hashes.add(b.hash)
    last.delete(b.credential)
    last.set(b.credential, b)
  }
  ctx.last = [...last.values()]
  return ctx.ballots.length
}

/** check 8: num_tallied, total_weight and the encrypted tally are those of the last ballots */
function checkTally<P>(ctx: Ctx<P>, group: VerifierGroup<P>): number {
  const setup = ctx.setup!
  const sized = parseCanonical(ctx.sized!.text, SIZED_ENCRYPTED_TALLY) as { num_tallied: unknown; total_weight: unknown } | undefined
  if (sized === undefined) fail('not-canonical')
  const tw = sized.total_weight
  if (!isSmallInt(sized.num_tallied) || !(isSmallInt(tw) || (typeof tw === 'string' && DECIMAL.test(tw) && tw.length <= 30))) fail('malformed')
  let total = 0n
  for (const b of ctx.last) total += setup.credentials.get(b.credential)!
  if (sized.num_tallied !== ctx.last.length || BigInt(tw) !== total) fail('bad-count')
  ctx.sized = { numTallied: sized.num_tallied, totalWeight: total, text: ctx.sized!.text }
  const parsed = parseCanonical(ctx.tallyText!, ENCRYPTED_TALLY)
  if (parsed === undefined) fail(parseJson(ctx.tallyText!) === undefined ? 'malformed' : 'not-canonical')
  const tally = parseCiphertexts(
    group,
    parsed,
    questionShape(setup.election),
    true,
  )
  if (tally === null) fail('bad-point')
  tally.forEach((row, index) => {
    row.forEach((ct, j) => {
      let a = group.identity
      let b = group.identity
      for (const ballot of ctx.last) {
        const w = setup.credentials.get(ballot.credential)!
        const c = ballot.answers[index]![j]!
        a = group.add(a, w === 1n ? c[0]! : group.mul(c[0]!, w))
        b = group.add(b, w === 1n ? c[1]! : group.mul(c[1]!, w))
      }
      if (!group.equals(a, ct[0]!) || !group.equals(b, ct[1]!)) fail('bad-tally', { index })
    })
  })
  ctx.tally = tally
  return ctx.last.length
}

/** the number of ciphertexts of each question's answer: one per answer, and a leading one for blank when allowed */
export function questionShape(e: ElectionJson): number[] {
  return e.questions.map((q) => q.answers.length + (q.blank === true ? 1 : 0))
}
