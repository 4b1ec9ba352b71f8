/**
 * A day of Korea's land register on four validators (issue 12, "Speed and scale"): about 4,000 transfers and 10,000
 * other entries — 근저당권 set with the sales, 근저당권 cancelled, 가압류 commissioned by the courts and released, 전세권 —
 * each applied for by its parties as one co-signed `land.apply` (or commissioned by a court, `land.commission`) and
 * entered by the registrar of the competent office (`land.enter`), through the nodes' HTTP API as real clients do:
 * the parties' acts spread over the four nodes, each agency's registrars working their offices' queue on their own
 * node in receipt order (reading the application and the rules' finding of today, entering what nothing stands in
 * the way of, coming back to an application when its register changes: a buyer's mortgage after the transfer, a
 * sale after the release of its 가압류). A buyer's mortgage (bank officer + buyer) is filed together with its sale
 * (연건신청, ADR 0033): sent once the sale's receipt is known, naming it (`together`), since the buyer is not yet on
 * the register.
 *
 * Four validator processes on 127.0.0.1, made by `daejang testnet`. First the day before (not timed): offices,
 * staff roles, condominium complexes, the registers the day touches, and the mortgages and 가압류 the day cancels.
 * Then the day, timed. Prints the time end to end, applications and entries a second, the blocks, the time from
 * submission to commit (p50/p99) of applications, of entries and of whole acts (application sent → entry committed),
 * the validators' CPU, and that all four nodes hold the same app hash at one height and the same registers (a sample,
 * read as of that height on every node, checked against what the day did to them).
 *
 * Usage: nice -n 10 npx tsx bench/land-day.ts [--scale 0.1] [--inflight 3000] [--base-port 24300] [--seed 7] [--keep]
 * Every validator process is stopped by its PID when the run ends, also on an error or Ctrl-C.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import WebSocket from 'ws'
import { toHex } from '../src/ledger/codec/bytes'
import type { Signer } from '../src/ledger/crypto/ed25519'
import { nodeSigner } from '../src/ledger/crypto/ed25519-node'
import { loadSigner } from '../src/ledger/crypto/keystore'
import { type JsonValue, type TxJson, encodeTx, makeAct, makeTx, signAct, txFromJson, txHash, txToJson } from '../src/ledger/types/tx'
import { argOf, flag, seededRandom, strArg } from './fixtures'
import { type ValidatorNode as Node, isRunning, startNode as startValidator, stopAll } from './validators'

const ROOT = resolve(import.meta.dirname, '..')
const BIN = join(ROOT, 'bin', 'daejang.mjs')
const SCALE = argOf('--scale', 1)
/** our transactions sent and not yet committed, at most: bounds the blocks, which must execute within a round */
const INFLIGHT = argOf('--inflight', 500)
const BASE_PORT = argOf('--base-port', 24300)
const KEEP = flag('--keep')
const { rand, randInt } = seededRandom(argOf('--seed', 7))
/** how long nothing may move before the run is declared stuck */
const STALL_MS = argOf('--stall-seconds', 90) * 1000

// ------------------------------------------------------------------------------------------- processes, by PID


const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** CPU time (user + system, ms) a process has used so far; Linux only (else NaN) */
function cpuMs(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100
  } catch {
    return NaN
  }
}
function rssMb(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : NaN
  } catch {
    return NaN
  }
}

// ------------------------------------------------------------------------------------------- HTTP

async function call<T>(n: Node, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await fetch(n.url + path, {
        method,
        headers: { Authorization: `Bearer ${n.token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      return { status: r.status, body: (await r.json()) as T }
    } catch (e) {
      // a busy node may drop a connection: try again a few times (a batch sent twice is harmless: same hashes)
      if (attempt >= 5 || !isRunning(n.pid)) {
        const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : ''
        throw new Error(`${method} ${path} on node ${n.i} failed${cause}${isRunning(n.pid) ? '' : ' (the node process has exited)'}`)
      }
      await sleep(500 * attempt)
    }
  }
}

async function stateValue(n: Node, key: string, height?: number): Promise<unknown> {
  const q = `/api/v1/state?key=${encodeURIComponent(key)}${height !== undefined ? `&height=${height}` : ''}`
  const r = await call<{ present: boolean; value: unknown }>(n, 'GET', q)
  if (r.status !== 200) throw new Error(`state ${key}: ${JSON.stringify(r.body)}`)
  return r.body.present ? r.body.value : undefined
}

async function mapLimit<T, R>(xs: readonly T[], limit: number, f: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(xs.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, xs.length) }, async () => {
      while (next < xs.length) {
        const k = next++
        out[k] = await f(xs[k]!, k)
      }
    }),
  )
  return out
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN
}
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')

// ------------------------------------------------------------------------------------------- keys and nonces

const keyOf = (label: string): Signer => nodeSigner(createHash('sha256').update(`daejang/bench/land-day/${label}`).digest())
const pk = (s: Signer): string => toHex(s.publicKey)
const nonces = new Map<string, number>()
const nonceOf = (s: Signer): number => {
  const k = pk(s)
  const n = (nonces.get(k) ?? 0) + 1
  nonces.set(k, n)
  return n
}

// ------------------------------------------------------------------------------------------- tracking transactions

interface Tracked {
  at: number
  kind: 'apply' | 'enter' | 'setup'
  onCommit?: (t: number) => void
  onReject?: (code: string) => void
}

const tracked = new Map<string, Tracked>()
const committedAt = new Map<string, number>()
const rejectedWith = new Map<string, string>()
const refusedAtSubmission = new Map<string, number>()
const blocks: Array<{ height: number; txCount: number; at: number }> = []
const nodeHeights: number[] = [0, 0, 0, 0]
/** Wait until every node has committed what any has: reads on any node then see what was committed. */
async function allNodesLevel(): Promise<void> {
  const top = Math.max(...nodeHeights)
  while (nodeHeights.some((h) => h < top)) await sleep(20)
}
const blockListeners: Array<(node: number, height: number) => void> = []
let lastProgress = performance.now()

function onEvent(node: number, e: { type: string; hash?: string; height?: number; txCount?: number; code?: string }): void {
  if (e.type === 'tx.committed' && e.hash) {
    const a = enterActs.get(e.hash)
    if (a !== undefined && a.office.agency === node) a.reg.changedAt = performance.now()
  }
  if (e.type === 'tx.committed' && e.hash && !committedAt.has(e.hash)) {
    const t = performance.now()
    committedAt.set(e.hash, t)
    lastProgress = t
    const tr = tracked.get(e.hash)
    if (tr) {
      // a transaction one proposer refused may still be committed by the next: it left the count then
      if (!rejectedWith.has(e.hash)) inflight--
      tr.onCommit?.(t)
    }
  } else if (e.type === 'tx.rejected' && e.hash && !rejectedWith.has(e.hash) && !committedAt.has(e.hash)) {
    rejectedWith.set(e.hash, e.code ?? '?')
    const tr = tracked.get(e.hash)
    if (tr) {
      inflight--
      tr.onReject?.(e.code ?? '?')
    }
  } else if (e.type === 'block' && e.height !== undefined) {
    nodeHeights[node] = Math.max(nodeHeights[node] ?? 0, e.height)
    if (node === 0) blocks.push({ height: e.height, txCount: e.txCount ?? 0, at: performance.now() })
    for (const l of blockListeners) l(node, e.height)
  }
}

function listen(n: Node): Promise<WebSocket> {
  const ws = new WebSocket(`${n.url.replace('http', 'ws')}/api/v1/events?token=${n.token}`)
  ws.on('message', (d) => onEvent(n.i, JSON.parse(String(d))))
  return new Promise((r, j) => {
    ws.once('open', () => r(ws))
    ws.once('error', j)
  })
}

// ------------------------------------------------------------------------------------------- submitting

interface Outgoing {
  tx: TxJson
  kind: Tracked['kind']
  /** the node to send it to (the parties' acts are spread; a registrar uses its agency's node) */
  node: number
  onSent?: (hash: string, at: number) => void
  onCommit?: (t: number) => void
  onReject?: (code: string) => void
}

let nodes: Node[] = []
const queue: Outgoing[] = []
const priority: Outgoing[] = []
let inflight = 0
let pumping = false

/** Send what is queued while fewer than --inflight of ours wait to commit (entries before new applications). */
async function pump(): Promise<void> {
  if (pumping) return
  pumping = true
  try {
    while ((priority.length > 0 || queue.length > 0) && inflight < INFLIGHT) {
      const room = Math.min(1000, INFLIGHT - inflight)
      const take = priority.splice(0, room)
      take.push(...queue.splice(0, room - take.length))
      inflight += take.length
      const byNode = nodes.map((_, k) => take.filter((o) => o.node === k))
      await Promise.all(
        byNode.map(async (items, k) => {
          if (items.length === 0) return
          const at = performance.now()
          const r = await call<{ results?: Array<{ hash?: string; error?: { code: string } }>; error?: { code: string } }>(nodes[k]!, 'POST', '/api/v1/txs/batch', {
            txs: items.map((o) => o.tx),
          })
          if (!r.body.results) throw new Error(`batch refused: ${JSON.stringify(r.body.error)}`)
          const back: Outgoing[] = []
          r.body.results.forEach((res0, j) => {
            const o = items[j]!
            // a batch sent again after a dropped connection: what the node had already is ours all the same
            const res = res0.error?.code === 'DUPLICATE_TX' ? { hash: toHex(txHash(encodeTx(txFromJson(o.tx)))) } : res0
            if (res.hash) {
              if (committedAt.has(res.hash) || rejectedWith.has(res.hash)) {
                // committed (or refused by a proposer) before we heard back: gossip is fast
                inflight--
                tracked.set(res.hash, { at, kind: o.kind })
                o.onSent?.(res.hash, at)
                if (committedAt.has(res.hash)) o.onCommit?.(committedAt.get(res.hash)!)
                else o.onReject?.(rejectedWith.get(res.hash)!)
                return
              }
              tracked.set(res.hash, { at, kind: o.kind, ...(o.onCommit ? { onCommit: o.onCommit } : {}), ...(o.onReject ? { onReject: o.onReject } : {}) })
              o.onSent?.(res.hash, at)
            } else {
              inflight--
              const code = res.error?.code ?? '?'
              if (code === 'MEMPOOL_FULL') back.push(o)
              else {
                refusedAtSubmission.set(code, (refusedAtSubmission.get(code) ?? 0) + 1)
                o.onReject?.(code)
              }
            }
          })
          if (back.length > 0) {
            priority.unshift(...back)
            await sleep(200)
          }
        }),
      )
    }
  } finally {
    pumping = false
  }
}
setInterval(() => void pump().catch(fail), 50).unref()

let failure: unknown = null
function fail(e: unknown): void {
  failure ??= e
}

// ------------------------------------------------------------------------------------------- the register's data

const AGENCIES = [
  { sido: '서울특별시', range: '11', sigungu: ['종로구', '중구', '강남구', '송파구'], court: '서울중앙지방법원', offices: ['등기국', '중부등기소', '강남등기소', '송파등기소'] },
  { sido: '부산광역시', range: '21', sigungu: ['연제구', '동래구', '해운대구', '북구'], court: '부산지방법원', offices: ['등기과', '동래등기소', '해운대등기소', '북부산등기소'] },
  { sido: '대구광역시', range: '22', sigungu: ['수성구', '북구', '달서구', '동구'], court: '대구지방법원', offices: ['등기과', '북대구등기소', '서대구등기소', '동대구등기소'] },
  { sido: '경기도', range: '41', sigungu: ['수원시 영통구', '성남시 분당구', '용인시 수지구', '화성시'], court: '수원지방법원', offices: ['등기과', '성남등기소', '용인등기소', '화성등기소'] },
]
const DONGS = ['신문로1가', '명륜동', '역삼동', '잠실동', '거제동', '온천동', '우동', '범어동', '대현동', '원천동', '정자동', '풍덕천동', '동탄동', '구포동', '성서동', '인계동']
const SURNAMES = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오', '서', '신', '권', '황']
const GIVEN = ['민준', '서연', '도윤', '하은', '시우', '지유', '주원', '서윤', '예준', '지민', '하준', '수아', '지호', '채원', '건우', '다은']
const BANKS = [
  { agency: 1, name: '한빛은행', base: '110111000000' },
  { agency: 2, name: '누리은행', base: '110111000001' },
  { agency: 3, name: '바다은행', base: '110111000002' },
]
const LAND_MIX: Array<[string, number]> = [
  ['building-site', 0.55],
  ['field', 0.15],
  ['paddy', 0.1],
  ['forest', 0.1],
  ['miscellaneous', 0.05],
  ['factory', 0.05],
]

/** a corporate registration number with its check digit (identifiers.ts) */
function corporateNumber(base12: string): string {
  const d = base12.split('').map(Number)
  let sum = 0
  for (let i = 0; i < 12; i++) sum += d[i]! * (i % 2 === 0 ? 1 : 2)
  return `${base12.slice(0, 6)}-${base12.slice(6)}${(10 - (sum % 10)) % 10}`
}
const personName = (k: number): string => SURNAMES[k % 16]! + GIVEN[Math.floor(k / 16) % 16]!
const masked = (k: number): string => `${String(60 + (k % 40)).padStart(2, '0')}${String(1 + (k % 12)).padStart(2, '0')}${String(1 + (k % 28)).padStart(2, '0')}-${1 + (k % 2)}******`

interface Person {
  name: string
  key: Signer
  id: string
  address: string
}
let people = 0
function newPerson(sido: string): Person {
  const k = people++
  return { name: personName(k * 7 + 3), key: keyOf(`person-${k}`), id: masked(k), address: `${sido} ${DONGS[k % DONGS.length]} ${1 + (k % 300)}` }
}
const holderOf = (p: Person): JsonValue => ({ kind: 'person', name: p.name, id: p.id, idHash: null, address: p.address, key: pk(p.key), agency: null, share: null })
const bankHolder = (b: (typeof BANKS)[number]): JsonValue => ({
  kind: 'corporation',
  name: b.name,
  id: corporateNumber(b.base),
  idHash: null,
  address: '서울특별시 중구 을지로 35',
  key: null,
  agency: `agency-${b.agency}`,
  share: null,
})
const courtHolder = (a: number): JsonValue => ({
  kind: 'public',
  name: AGENCIES[a]!.court,
  id: null,
  idHash: null,
  address: AGENCIES[a]!.sido,
  key: null,
  agency: `agency-${a}`,
  share: null,
})

interface Office {
  code: string
  agency: number
  name: string
  sigungu: string
  registrar: Signer
  nextLot: number
}

interface Register {
  /** the bench's own label; the number is learnt from the chain once it is opened */
  label: string
  office: Office
  kind: 'land' | 'unit'
  owner: Person
  number?: string
  /** when an entry on it was last committed on its office's node (performance.now()) */
  changedAt: number
  /** what the day should leave on it, checked on every node for the sample */
  expect: { owner?: string; liveB?: string[]; liveA?: string[] }
}

// ------------------------------------------------------------------------------------------- acts and registrars

interface Act {
  kind: string
  reg: Register
  office: Office
  tx: TxJson
  node: number
  sentAt?: number
  /** when the registrar last read it (performance.now()) */
  examinedAt?: number
  appHash?: string
  appCommittedAt?: number
  receipt?: number
  enteredAt?: number
  failed?: string
  finding?: string
  /**
   * an act filed together with this one (연건신청: the buyer's mortgage with the sale): sent once this act's receipt
   * is known, naming it (`together`) — the buyer is not on the register yet and would be refused at admission alone
   */
  joint?: { act: Act; sign: (receipt: number) => TxJson }
}

const actsByTx = new Map<string, Act>()
/** entries (land.enter) by hash → their act */
const enterActs = new Map<string, Act>()
let registrars: Registrar[] = []
const YEAR = Number(new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 4))
const CAUSE_ON = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10)

/** One office's registrar on its agency's node: works the queue in receipt order. */
class Registrar {
  cursor = 0
  readonly waiting = new Map<number, Act>()
  /** receipts to look at again (an entry refused by a proposer) */
  readonly dirty = new Set<number>()
  private busy = false
  private again = false
  constructor(
    readonly office: Office,
    readonly node: Node,
  ) {}

  /** Read new receipts and the waiting applications whose register changed; enter what nothing stands in the way of. */
  async poll(): Promise<void> {
    if (this.busy) {
      this.again = true
      return
    }
    this.busy = true
    try {
      do {
        this.again = false
        const counter = Number((await stateValue(this.node, `ld/of/${this.office.code}/rcpt/${YEAR}`)) ?? 0)
        const look: number[] = []
        for (let r = this.cursor + 1; r <= counter; r++) look.push(r)
        this.cursor = Math.max(this.cursor, counter)
        look.push(...this.dirty)
        this.dirty.clear()
        // a waiting application is looked at again once its register changed on this node after it was last read
        for (const [receipt, a] of this.waiting) if (a.reg.changedAt >= (a.examinedAt ?? 0)) look.push(receipt)
        await mapLimit([...new Set(look)], 8, async (receipt) => {
          const waiting = this.waiting.get(receipt)
          if (waiting) waiting.examinedAt = performance.now()
          const at = performance.now()
          const r = await call<{ tx?: string; status?: string; findingNow?: { code: string } | null; error?: { code: string } }>(
            this.node,
            'GET',
            `/api/v1/land/applications/${this.office.code}/${YEAR}/${receipt}`,
          )
          if (r.status !== 200 || r.body.tx === undefined) return // a receipt of a register's opening, not an application
          const act = actsByTx.get(r.body.tx)
          if (act === undefined) return
          if (act.receipt === undefined && act.joint !== undefined) {
            // the sale's receipt is known: its buyer's mortgage is filed now, together with it, on the node that
            // told us the receipt (the link must be there at admission; the other nodes may not have the block yet)
            const { act: joint, sign } = act.joint
            joint.tx = sign(receipt)
            joint.node = this.node.i
            submitAct(joint)
            void pump().catch(fail)
          }
          act.receipt = receipt
          act.examinedAt ??= at
          if (r.body.status !== 'received') {
            this.waiting.delete(receipt)
            return
          }
          if (r.body.findingNow) {
            act.finding = r.body.findingNow.code
            this.waiting.set(receipt, act)
            return
          }
          this.waiting.delete(receipt)
          this.enter(act)
        })
      } while (this.again)
    } finally {
      this.busy = false
    }
  }

  private enter(act: Act): void {
    const tx = txToJson(
      makeTx(this.office.registrar, { chainId, type: 'land.enter', nonce: nonceOf(this.office.registrar), payload: { office: this.office.code, year: YEAR, receipt: act.receipt! } }),
    )
    priority.push({
      tx,
      kind: 'enter',
      node: this.node.i,
      onSent: (hash) => enterActs.set(hash, act),
      onCommit: (t) => {
        act.enteredAt ??= t
        act.finding = undefined
      },
      onReject: () => {
        if (act.enteredAt === undefined) this.dirty.add(act.receipt!)
      },
    })
    void pump().catch(fail)
  }
}

let chainId = ''

function submitAct(act: Act): void {
  queue.push({
    tx: act.tx,
    kind: 'apply',
    node: act.node,
    onSent: (hash, at) => {
      act.appHash = hash
      act.sentAt = at
      actsByTx.set(hash, act)
    },
    onCommit: (t) => (act.appCommittedAt = t),
    onReject: (code) => (act.failed = code),
  })
}

let spread = 0
function apply(kind: string, reg: Register, signer: Signer, cosigners: Signer[], request: Record<string, JsonValue>, together?: JsonValue): Act {
  const payload = {
    ...(together !== undefined ? { together } : {}),
    office: reg.office.code,
    request: {
      register: reg.number!,
      purpose: 'ownership.transfer',
      cause: 'sale',
      causeOn: CAUSE_ON,
      holders: [],
      of: null,
      portion: null,
      amount: null,
      debtor: null,
      target: null,
      caseNo: null,
      mandate: null,
      ...request,
    },
  } as JsonValue
  let tx: TxJson
  if (cosigners.length === 0) {
    tx = txToJson(makeTx(signer, { chainId, type: kind === 'seizure' || kind === 'seizure-release' ? 'land.commission' : 'land.apply', payload, nonce: nonceOf(signer) }))
  } else {
    let a = makeAct({ chainId, type: 'land.apply', payload, signer: pk(signer), nonce: nonceOf(signer), cosigners: cosigners.map(pk) })
    for (const s of [signer, ...cosigners]) a = signAct(a, s)
    tx = a as unknown as TxJson
  }
  return { kind, reg, office: reg.office, tx, node: spread++ % 4 }
}

/** Run acts to the end: applied, received, entered. Returns once every act is entered or has failed; throws if stuck. */
async function run(acts: Act[], label: string): Promise<void> {
  // an act filed together with another (a buyer's mortgage) is sent once that one's receipt is known
  const later = new Set(acts.flatMap((a) => (a.joint ? [a.joint.act] : [])))
  for (const a of acts) if (!later.has(a)) submitAct(a)
  void pump().catch(fail)
  lastProgress = performance.now()
  const t0 = performance.now()
  let shown = t0
  for (;;) {
    if (performance.now() - shown > 30_000) {
      shown = performance.now()
      const applied = acts.filter((a) => a.appCommittedAt !== undefined).length
      const entered = acts.filter((a) => a.enteredAt !== undefined).length
      console.log(`  ${label}, ${((shown - t0) / 1000).toFixed(0)} s: ${applied}/${acts.length} applications committed, ${entered} entered, height ${Math.max(...nodeHeights)}, load ${loadavg()[0]!.toFixed(1)}`)
    }
    if (failure) throw failure
    // an act whose joint one was refused is not sent: it fails with it
    for (const a of acts) if (a.failed !== undefined && a.joint !== undefined && a.joint.act.appHash === undefined) a.joint.act.failed ??= `filed together with a refused ${a.kind}`
    const open = acts.filter((a) => a.enteredAt === undefined && a.failed === undefined)
    if (open.length === 0) return
    if (performance.now() - lastProgress > STALL_MS) {
      const byFinding = new Map<string, number>()
      for (const a of open) byFinding.set(`${a.kind}: ${a.finding ?? (a.receipt ? 'not entered' : a.appCommittedAt ? 'no receipt seen' : 'not committed')}`, (byFinding.get(`${a.kind}: ${a.finding ?? (a.receipt ? 'not entered' : a.appCommittedAt ? 'no receipt seen' : 'not committed')}`) ?? 0) + 1)
      throw new Error(`${label}: ${open.length} acts stuck for ${STALL_MS / 1000} s: ${JSON.stringify(Object.fromEntries(byFinding))}`)
    }
    await sleep(100)
  }
}

/** Single-signed transactions of the setup (grants, offices, complexes, openings), waited for until committed. */
async function commitAll(txs: Array<{ tx: TxJson; node: number }>, label: string): Promise<string[]> {
  const hashes: string[] = []
  let sent = 0
  let failed: string | null = null
  txs.forEach(({ tx, node }, k) => {
    queue.push({
      tx,
      kind: 'setup',
      node,
      onSent: (h) => {
        hashes[k] = h
        sent++
      },
      onReject: (c) => (failed ??= `${tx.type}: ${c}`),
    })
  })
  void pump().catch(fail)
  lastProgress = performance.now()
  const t0 = performance.now()
  let shown = t0
  for (;;) {
    if (performance.now() - shown > 30_000) {
      shown = performance.now()
      console.log(`  ${label}, ${((shown - t0) / 1000).toFixed(0)} s: ${hashes.filter((h) => committedAt.has(h)).length}/${txs.length} committed, height ${Math.max(...nodeHeights)}, load ${loadavg()[0]!.toFixed(1)}`)
    }
    if (failure) throw failure
    if (failed) throw new Error(`${label}: ${failed}`)
    if (sent === txs.length && hashes.every((h) => committedAt.has(h))) return hashes
    if (performance.now() - lastProgress > STALL_MS) throw new Error(`${label}: stuck`)
    await sleep(50)
  }
}

// ------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const dir = strArg('--dir') ?? mkdtempSync(join(tmpdir(), 'daejang-bench-land-day-'))
  const made = spawnSync(process.execPath, [BIN, 'testnet', '--validators', '4', '--dir', dir, '--base-port', String(BASE_PORT), '--heartbeat-ms', '200', '--json'], {
    encoding: 'utf8',
  })
  if (made.status !== 0) throw new Error(made.stderr)
  chainId = (JSON.parse(made.stdout) as { chainId: string }).chainId
  const homes = [0, 1, 2, 3].map((i) => join(dir, `node${i}`))
  nodes = await Promise.all(homes.map((h, i) => startValidator(BIN, i, h)))
  const sockets = await Promise.all(nodes.map(listen))
  const admins = homes.map((h) => loadSigner(join(h, 'keys', 'admin.json')))
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`)
  console.log(`4 validator processes (PIDs ${nodes.map((n) => n.pid).join(', ')}), chain ${chainId}, scale ${SCALE}, in flight ≤ ${INFLIGHT}`)

  // ---- the day before: staff, offices, complexes, registers, the rights the day cancels (not timed)
  const t0 = performance.now()
  const offices: Office[] = AGENCIES.flatMap((a, ai) =>
    a.offices.map((name, k) => ({
      code: `${a.range}0${k + 1}`,
      agency: ai,
      name: `${a.court} ${name}`,
      sigungu: a.sigungu[k]!,
      registrar: keyOf(`registrar-${a.range}0${k + 1}`),
      nextLot: 1,
    })),
  )
  const courts = AGENCIES.map((_, ai) => keyOf(`court-${ai}`))
  const bankers = BANKS.map((b) => keyOf(`bank-officer-${b.agency}`))
  const single = (s: Signer, type: string, payload: Record<string, JsonValue>): TxJson => txToJson(makeTx(s, { chainId, type, payload, nonce: nonceOf(s) }))
  const grant = (ai: number, subject: Signer, role: string): TxJson =>
    single(admins[ai]!, 'identity.role.grant', { agency: `agency-${ai}`, subject: pk(subject), role, expiresAt: null })
  await commitAll(
    [
      ...offices.map((o) => ({ tx: grant(o.agency, o.registrar, 'registrar'), node: o.agency })),
      ...courts.map((c, ai) => ({ tx: grant(ai, c, 'land-authority'), node: ai })),
      ...BANKS.map((b, k) => ({ tx: grant(b.agency, bankers[k]!, 'bank-officer'), node: b.agency })),
      ...offices.map((o) => ({ tx: single(admins[o.agency]!, 'land.office.define', { agency: `agency-${o.agency}`, office: o.code, name: o.name }), node: o.agency })),
    ],
    'staff and offices',
  )

  const n = (x: number): number => Math.max(1, Math.round(x * SCALE))
  const counts = { sales: n(4000), refinance: n(1000), newLoans: n(1000), attach: n(800), release: n(600), jeonse: n(1000) }
  const withLoan = Math.round(counts.sales * 0.6)
  const sellerLoans = Math.round(counts.sales * 0.5)
  const seized = Math.max(1, Math.round(counts.sales * 0.05))
  const unitShare = 0.6

  // registers, spread over the offices; 60 % of the homes sold are condominium units
  const regs: Register[] = []
  const make = (label: string, unit: boolean): Register => {
    const office = offices[regs.length % offices.length]!
    const r: Register = { label, office, kind: unit ? 'unit' : 'land', owner: newPerson(AGENCIES[office.agency]!.sido), expect: {}, changedAt: 0 }
    regs.push(r)
    return r
  }
  const sales = Array.from({ length: counts.sales }, (_, k) => make(`sale-${k}`, rand() < unitShare))
  const refi = Array.from({ length: counts.refinance }, (_, k) => make(`refinance-${k}`, rand() < unitShare))
  const loans = Array.from({ length: counts.newLoans }, (_, k) => make(`loan-${k}`, rand() < unitShare))
  const attach = Array.from({ length: counts.attach }, (_, k) => make(`attach-${k}`, rand() < 0.3))
  const release = Array.from({ length: counts.release }, (_, k) => make(`release-${k}`, rand() < 0.3))
  const jeonse = Array.from({ length: counts.jeonse }, (_, k) => make(`jeonse-${k}`, rand() < unitShare))

  // complexes: 24 units each (12 floors, 2 a floor), defined by the office that keeps them
  const UNITS = 24
  const complexes: Array<{ office: Office; name: string; number?: string; used: number }> = []
  const unitOf = new Map<Register, { complex: (typeof complexes)[number]; unit: string; floor: string }>()
  for (const o of offices) {
    const mine = regs.filter((r) => r.office === o && r.kind === 'unit')
    for (let k = 0; k < mine.length; k += UNITS) complexes.push({ office: o, name: `${o.sigungu} 한빛아파트 제${101 + complexes.length}동`, used: 0 })
    mine.forEach((r, k) => {
      const cx = complexes.filter((c) => c.office === o)[Math.floor(k / UNITS)]!
      const floor = 1 + Math.floor((k % UNITS) / 2)
      const dong = cx.name.match(/제(\d+)동$/)![1]
      unitOf.set(r, { complex: cx, unit: `제${dong}동 제${floor}층 제${floor}0${1 + (k % 2)}호`, floor: `${floor}층` })
    })
  }
  const location = (o: Office): Record<string, JsonValue> => {
    const lot = o.nextLot++
    return { sido: AGENCIES[o.agency]!.sido, sigungu: o.sigungu, dong: DONGS[lot % DONGS.length]!, ri: null, mountain: false, main: 1 + Math.floor(lot / DONGS.length), sub: lot % 7 }
  }
  const cxTxs = complexes.map((c) => {
    const lands = [{ location: location(c.office), category: 'building-site', area: `${3000 + randInt(9000)}.00` }]
    return {
      tx: single(c.office.registrar, 'land.complex.define', {
        office: c.office.code,
        complex: {
          name: c.name,
          location: lands[0]!.location,
          road: null,
          structure: '철근콘크리트구조',
          floors: Array.from({ length: 12 }, (_, f) => ({ floor: `${f + 1}층`, area: '480.00' })),
          lands,
        },
      }),
      node: c.office.agency,
    }
  })
  await commitAll(cxTxs, 'complexes')
  await allNodesLevel()
  // a complex's number is the office's next register number: learn it from the chain, by name
  for (const o of offices) {
    const last = Number((await stateValue(nodes[o.agency]!, `ld/of/${o.code}/seq/${YEAR}`)) ?? 0)
    for (let s = 1; s <= last; s++) {
      const number = `${o.code}-${YEAR}-${String(s).padStart(6, '0')}`
      const head = (await stateValue(nodes[o.agency]!, `ld/cx/${number}/head`)) as { name?: string } | undefined
      const cx = complexes.find((c) => c.office === o && c.name === head?.name)
      if (cx) cx.number = number
    }
  }
  if (complexes.some((c) => c.number === undefined)) {
    const o = complexes.find((c) => c.number === undefined)!.office
    throw new Error(`a complex has no number: office ${o.code} seq ${JSON.stringify(await stateValue(nodes[o.agency]!, `ld/of/${o.code}/seq/${YEAR}`))}, first ${JSON.stringify(await stateValue(nodes[o.agency]!, `ld/cx/${o.code}-${YEAR}-000001/head`))}`)
  }

  const openTx = (r: Register): TxJson => {
    const u = unitOf.get(r)
    const head: Record<string, JsonValue> =
      u === undefined
        ? (() => {
            let x = rand()
            const cat = LAND_MIX.find(([, p]) => (x -= p) < 0)?.[0] ?? 'building-site'
            return { kind: 'land', location: location(r.office), road: null, category: cat, area: `${80 + randInt(900)}.${String(randInt(100)).padStart(2, '0')}` }
          })()
        : {
            kind: 'unit',
            complex: u.complex.number!,
            unit: u.unit,
            floor: u.floor,
            structure: '철근콘크리트구조',
            area: `${59 + randInt(70)}.${String(randInt(100)).padStart(2, '0')}`,
            landRight: { kind: 'ownership', share: `${1000 + randInt(8000)}/${1_000_000}` },
          }
    return single(r.office.registrar, 'land.register.open', { office: r.office.code, head, owners: [holderOf(r.owner)], cause: u ? 'new-building' : 'sale', causeOn: CAUSE_ON })
  }
  const opens = regs.map((r) => ({ r, tx: openTx(r) }))
  const openHashes = await commitAll(
    opens.map((o) => ({ tx: o.tx, node: o.r.office.agency })),
    'registers',
  )
  // which number each register got: its first entry names the opening transaction
  await allNodesLevel()
  const byOpenTx = new Map<string, Register>()
  opens.forEach((o, k) => byOpenTx.set(openHashes[k]!, o.r))
  await mapLimit(offices, 4, async (o) => {
    const last = Number((await stateValue(nodes[o.agency]!, `ld/of/${o.code}/seq/${YEAR}`)) ?? 0)
    await mapLimit(
      Array.from({ length: last }, (_, s) => s + 1),
      16,
      async (s) => {
        const number = `${o.code}-${YEAR}-${String(s).padStart(6, '0')}`
        const e = (await stateValue(nodes[o.agency]!, `ld/r/${number}/e-000001`)) as { tx?: string } | undefined
        const r = e?.tx ? byOpenTx.get(e.tx) : undefined
        if (r) r.number = number
      },
    )
  })
  // opens are matched by hash as sent: a transaction's hash is the same on every node
  if (regs.some((r) => r.number === undefined)) throw new Error(`${regs.filter((r) => r.number === undefined).length} registers have no number`)

  registrars = offices.map((o) => new Registrar(o, nodes[o.agency]!))
  const pollAll = (node: number): void => {
    for (const r of registrars) if (r.node.i === node) void r.poll().catch(fail)
  }
  blockListeners.push((node) => pollAll(node))
  const poller = setInterval(() => nodes.forEach((_, k) => pollAll(k)), 2000)

  const bankFor = (k: number): number => k % BANKS.length
  const mortgage = (reg: Register, owner: Person, k: number): Act => {
    const b = bankFor(k)
    const amount = String((1 + randInt(60)) * 12_000_000)
    const request = { purpose: 'right.mortgage', cause: 'contract', holders: [bankHolder(BANKS[b]!)], amount, debtor: { name: owner.name, address: owner.address } }
    return apply('mortgage', reg, owner.key, [bankers[b]!], request)
  }
  /**
   * The buyer's mortgage, applied for by the bank's officer with the buyer, filed together with the sale (연건신청):
   * signed once the sale's receipt is known, naming it (sent then by the registrar's reader, see Registrar.poll).
   */
  const buyersMortgage = (reg: Register, sale: Act, buyer: Person, k: number): Act => {
    const b = bankFor(k)
    const amount = String((1 + randInt(60)) * 12_000_000)
    const request = { purpose: 'right.mortgage', cause: 'contract', holders: [bankHolder(BANKS[b]!)], amount, debtor: { name: buyer.name, address: buyer.address } }
    const act: Act = { kind: 'mortgage', reg, office: reg.office, tx: null as unknown as TxJson, node: spread++ % 4 }
    sale.joint = { act, sign: (receipt) => apply('mortgage', reg, bankers[b]!, [buyer.key], request, { office: reg.office.code, year: YEAR, receipt }).tx }
    return act
  }
  const attachment = (reg: Register, k: number): Act =>
    apply('seizure', reg, courts[reg.office.agency]!, [], {
      purpose: 'restriction.provisional-attachment',
      cause: 'court-decision',
      holders: [courtHolder(reg.office.agency)],
      amount: String((5 + randInt(200)) * 1_000_000),
      caseNo: `${YEAR}카단${10000 + k}`,
    })

  // the rights the day cancels: the sellers' and refinancers' loans, the 가압류 released on the day
  const before: Act[] = []
  sales.slice(0, sellerLoans).forEach((r, k) => before.push(mortgage(r, r.owner, k)))
  refi.forEach((r, k) => before.push(mortgage(r, r.owner, k)))
  sales.slice(counts.sales - seized).forEach((r, k) => before.push(attachment(r, k)))
  release.forEach((r, k) => before.push(attachment(r, 5000 + k)))
  await run(before, 'the day before')
  if (before.some((a) => a.failed)) throw new Error(`the day before: ${before.filter((a) => a.failed).map((a) => `${a.kind} ${a.failed}`).slice(0, 5).join('; ')}`)
  const setupS = (performance.now() - t0) / 1000
  console.log(
    `the day before (${setupS.toFixed(1)} s): 16 offices, ${complexes.length} complexes, ${regs.length} registers (${regs.filter((r) => r.kind === 'unit').length} units), ${before.length} rights entered`,
  )

  // ---- the day: 4,000 transfers and 10,000 other entries, interleaved (a sale's acts together)
  const day: Act[][] = []
  sales.forEach((r, k) => {
    const buyer = newPerson(AGENCIES[r.office.agency]!.sido)
    const acts: Act[] = []
    if (k < sellerLoans) acts.push(apply('mortgage-release', r, bankers[bankFor(k)]!, [], { purpose: 'cancellation', cause: 'release', target: { section: 'B', rank: '1' } }))
    if (k >= counts.sales - seized) acts.push(apply('seizure-release', r, courts[r.office.agency]!, [], { purpose: 'cancellation', cause: 'release', target: { section: 'A', rank: '2' } }))
    const sale = apply('transfer', r, r.owner.key, [buyer.key], { holders: [holderOf(buyer)], amount: String((150 + randInt(1500)) * 1_000_000) })
    acts.push(sale)
    if (k < withLoan) acts.push(buyersMortgage(r, sale, buyer, k))
    r.expect = { owner: buyer.name, liveB: k < withLoan ? ['right.mortgage'] : [], liveA: [] }
    day.push(acts)
  })
  refi.forEach((r, k) => {
    day.push([apply('mortgage-release', r, bankers[bankFor(k)]!, [], { purpose: 'cancellation', cause: 'release', target: { section: 'B', rank: '1' } }), mortgage(r, r.owner, k + 1)])
    r.expect = { owner: r.owner.name, liveB: ['right.mortgage'], liveA: [] }
  })
  loans.forEach((r, k) => {
    day.push([mortgage(r, r.owner, k)])
    r.expect = { owner: r.owner.name, liveB: ['right.mortgage'], liveA: [] }
  })
  attach.forEach((r, k) => {
    day.push([attachment(r, 10000 + k)])
    r.expect = { owner: r.owner.name, liveB: [], liveA: ['restriction.provisional-attachment'] }
  })
  release.forEach((r) => {
    day.push([apply('seizure-release', r, courts[r.office.agency]!, [], { purpose: 'cancellation', cause: 'release', target: { section: 'A', rank: '2' } })])
    r.expect = { owner: r.owner.name, liveB: [], liveA: [] }
  })
  jeonse.forEach((r) => {
    const tenant = newPerson(AGENCIES[r.office.agency]!.sido)
    day.push([apply('jeonse', r, r.owner.key, [tenant.key], { purpose: 'right.jeonse', cause: 'contract', holders: [holderOf(tenant)], amount: String((100 + randInt(500)) * 1_000_000) })])
    r.expect = { owner: r.owner.name, liveB: ['right.jeonse'], liveA: [] }
  })
  // a seeded shuffle of the day's acts (each group keeps its order: a release before the sale it unblocks)
  for (let i = day.length - 1; i > 0; i--) {
    const j = randInt(i + 1)
    ;[day[i], day[j]] = [day[j]!, day[i]!]
  }
  const acts = day.flat()
  const transfers = acts.filter((a) => a.kind === 'transfer').length
  const kinds = new Map<string, number>()
  for (const a of acts) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1)
  console.log(`the day: ${fmt(acts.length)} applications — ${[...kinds].map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`)

  const heightBefore = blocks.at(-1)?.height ?? 0
  const cpu0 = nodes.map((x) => cpuMs(x.pid))
  const start = performance.now()
  await run(acts, 'the day')
  const end = performance.now()
  clearInterval(poller)
  blockListeners.length = 0
  const cpu = nodes.map((x, k) => cpuMs(x.pid) - cpu0[k]!)
  const s = (end - start) / 1000

  // ---- figures
  const failed = acts.filter((a) => a.failed)
  const entered = acts.filter((a) => a.enteredAt !== undefined)
  const dayBlocks = blocks.filter((b) => b.height > heightBefore && b.at <= end + 1)
  const withTxs = dayBlocks.filter((b) => b.txCount > 0)
  const lat = (kind: Tracked['kind']): number[] =>
    [...tracked.entries()].filter(([h, t]) => t.kind === kind && t.at >= start && committedAt.has(h)).map(([h, t]) => committedAt.get(h)! - t.at)
  const appLat = lat('apply')
  const enterLat = lat('enter')
  const actLat = entered.map((a) => a.enteredAt! - a.sentAt!)
  const lines = [
    `the day took ${s.toFixed(1)} s end to end: ${fmt(entered.length)} of ${fmt(acts.length)} applications entered (${fmt(transfers)} transfers), ${failed.length} refused${failed.length ? ` (${[...new Set(failed.map((a) => a.failed))].join(', ')})` : ''}`,
    `rates: ${fmt(acts.length / s)} applications/s, ${fmt(entered.length / s)} entries/s, ${fmt((acts.length + entered.length) / s)} tx/s`,
    `applications all accepted by the nodes ${((Math.max(...acts.map((a) => a.sentAt ?? 0)) - start) / 1000).toFixed(1)} s after the start, all committed at ${((Math.max(...acts.map((a) => a.appCommittedAt ?? 0)) - start) / 1000).toFixed(1)} s`,
    `blocks: ${dayBlocks.length} (${withTxs.length} with transactions), ${fmt((acts.length + entered.length) / Math.max(1, withTxs.length))} tx a block on average, at most ${Math.max(0, ...dayBlocks.map((b) => b.txCount))}`,
    `submission → commit: application p50 ${fmt(pct(appLat, 50))} ms p99 ${fmt(pct(appLat, 99))} ms; entry p50 ${fmt(pct(enterLat, 50))} ms p99 ${fmt(pct(enterLat, 99))} ms; whole act (applied → entered) p50 ${fmt(pct(actLat, 50))} ms p99 ${fmt(pct(actLat, 99))} ms`,
    `validators' CPU over the day: ${cpu.map((c) => (c / 1000).toFixed(0)).join(' / ')} s (${fmt((cpu.reduce((a, b) => a + b, 0) * 1000) / (acts.length + entered.length))} µs a transaction, all four), peak RSS ${nodes.map((x) => rssMb(x.pid).toFixed(0)).join(' / ')} MB`,
  ]
  if (refusedAtSubmission.size > 0) lines.push(`refused at submission: ${JSON.stringify(Object.fromEntries(refusedAtSubmission))}`)
  for (const l of lines) console.log(l)

  // ---- every node: the same app hash at one height, the same registers, as the day left them
  // the highest height any node has committed, once every node has it: all the day's entries are in it
  const h = Math.max(...nodeHeights)
  await allNodesLevel()
  const atH = await Promise.all(nodes.map(async (x) => (await call<{ hash: string; appHash: string }>(x, 'GET', `/api/v1/blocks/${h}`)).body))
  const sameHash = new Set(atH.map((b) => `${b.hash}/${b.appHash}`)).size === 1
  const sample: Register[] = []
  for (const group of [sales.slice(0, withLoan), sales.slice(withLoan, counts.sales - seized), sales.slice(counts.sales - seized), refi, loans, attach, release, jeonse]) {
    for (let k = 0; k < 5 && group.length > 0; k++) sample.push(group[randInt(group.length)]!)
  }
  let same = 0
  let asExpected = 0
  const wrong: string[] = []
  for (const r of sample) {
    const views = await Promise.all(nodes.map(async (x) => (await call<Record<string, unknown>>(x, 'GET', `/api/v1/land/registers/${r.number}?height=${h}`)).body))
    if (new Set(views.map((v) => JSON.stringify(v))).size === 1) same++
    const v = views[0] as { owners: Array<{ holder: { name: string } }>; live: Array<{ section: string; purpose: string }> }
    const ok =
      v.owners.length === 1 &&
      v.owners[0]!.holder.name === r.expect.owner &&
      JSON.stringify(v.live.filter((l) => l.section === 'B').map((l) => l.purpose)) === JSON.stringify(r.expect.liveB) &&
      JSON.stringify(v.live.filter((l) => l.section === 'A').map((l) => l.purpose)) === JSON.stringify(r.expect.liveA)
    if (ok) asExpected++
    else wrong.push(`${r.label} ${r.number}: owners ${v.owners.map((o) => o.holder.name).join(',')} live ${v.live.map((l) => `${l.section}:${l.purpose}`).join(',')}`)
  }
  console.log(
    `agreement at height ${h}: block hash and app hash ${sameHash ? 'the same on all 4 nodes' : 'DIFFER'} (${atH[0]!.appHash.slice(0, 16)}…); ${same}/${sample.length} sampled registers identical on all 4 nodes, ${asExpected}/${sample.length} as the day left them${wrong.length ? ` (not: ${wrong.slice(0, 5).join(', ')})` : ''}`,
  )
  console.log(
    `\n| day (${SCALE === 1 ? 'full' : `scale ${SCALE}`}) | applications | entries | time | applications/s | entries/s | blocks | app. p50/p99 ms | entry p50/p99 ms | act p50/p99 ms | nodes agree |\n|---|---|---|---|---|---|---|---|---|---|---|\n| ${new Date().toISOString().slice(0, 16)}Z | ${fmt(acts.length)} | ${fmt(entered.length)} | ${s.toFixed(1)} s | ${fmt(acts.length / s)} | ${fmt(entered.length / s)} | ${dayBlocks.length} | ${fmt(pct(appLat, 50))} / ${fmt(pct(appLat, 99))} | ${fmt(pct(enterLat, 50))} / ${fmt(pct(enterLat, 99))} | ${fmt(pct(actLat, 50))} / ${fmt(pct(actLat, 99))} | ${sameHash && same === sample.length ? 'yes' : 'NO'} |`,
  )
  for (const w of sockets) w.close()
  await stopAll()
  if (!KEEP) rmSync(dir, { recursive: true, force: true })
  else console.log(`node homes kept in ${dir}`)
  if (!sameHash || same !== sample.length || asExpected !== sample.length || failed.length > 0 || entered.length !== acts.length) process.exitCode = 1
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    void stopAll().finally(() => process.exit(130))
  })
}
try {
  await main()
} catch (e) {
  console.error(e instanceof Error ? e.message : e)
  process.exitCode = 1
} finally {
  // never leave a validator behind: each is stopped by its PID
  await stopAll()
  process.exit()
}
