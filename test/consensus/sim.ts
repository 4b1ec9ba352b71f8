/**
 * Deterministic simulation of N in-process validators running the consensus core (src/ledger/consensus) on a
 * simulated clock and network, all randomness drawn from one seeded PRNG (mulberry32): a seed reproduces a run.
 *
 * Before "global stabilization" (GST) the network delays (with spikes), loses, duplicates and reorders messages,
 * partitions the validators and heals, and validators crash and restart, sometimes in the middle of a WAL append (a
 * torn tail), after a power failure that lost what the WAL appended since its last sync, or after losing the WAL altogether (only the signing guard then prevents double signing). One validator of four may be Byzantine: it proposes two different values when it is the proposer
 * (sometimes invalid ones) and sends conflicting prevotes and precommits to different peers. At GST every crashed
 * validator restarts, partitions heal and the network becomes reliable with short delays (the Byzantine one goes
 * on equivocating).
 *
 * Invariants, checked as the run goes:
 *   - agreement: no two validators decide different values at one height;
 *   - every decision carries a commit that verifyCommit accepts (> 2/3 of the power) for the decided value, and the
 *     value is valid;
 *   - no honest validator signs two different things for one (height, round, step) (every message sent on the
 *     network is checked);
 *   - evidence reported by honest validators verifies and accuses only the Byzantine validator;
 *   - liveness: after GST every honest validator decides `heightsAfterGst` more heights within `livenessBoundMs`.
 *
 * Membership changes (docs/adr/0013), in about a third of the runs: a fifth node follows from the start and joins
 * the validator set at height J, and one of the original validators leaves it at height L > J. Each node knows the
 * set of a height only up to two heights past its last decision (as a node knows the sets governance scheduled),
 * so messages from further ahead are refused and come again. Commits and evidence are checked against the set of
 * their height.
 */
import { equalBytes, toHex } from '../../src/ledger/codec/bytes'
import { utf8 } from '../../src/ledger/codec/bytes'
import type { VerifyFn } from '../../src/ledger/crypto/ed25519'
import { nodeSigner, verifyNode } from '../../src/ledger/crypto/ed25519-node'
import { sha256 } from '../../src/ledger/crypto/sha256'
import '../../src/ledger/crypto/sha256-node'
import { type Validator, type Vote, VoteType, verifyCommit, voteSignBytes } from '../../src/ledger/types/block'
import { MemoryGuardStore, SignGuard } from '../../src/ledger/consensus/guard'
import { NIL_ID, type Proposal, proposalSignBytes, type TimeoutKind } from '../../src/ledger/consensus/messages'
import { type ConsensusMessage, type MessageSigner, Replica, type ReplicaHost } from '../../src/ledger/consensus/replica'
import type { Decision, TimeoutConfig } from '../../src/ledger/consensus/tendermint'
import { ValidatorSet } from '../../src/ledger/consensus/validators'
import { type DuplicateVoteEvidence, verifyEvidence } from '../../src/ledger/consensus/voteset'
import { MemoryWal, WalCrash } from '../../src/ledger/consensus/wal'

export const CHAIN_ID = 'daejang-sim'

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A verification cache: every (signature, message, key) is checked once per run, as the node will do. */
export function cachedVerify(inner: VerifyFn = verifyNode): VerifyFn & { hits: number; misses: number } {
  const cache = new Map<string, boolean>()
  const f = ((sig: Uint8Array, msg: Uint8Array, pk: Uint8Array) => {
    const k = toHex(sig) + toHex(pk) + toHex(msg)
    let r = cache.get(k)
    if (r === undefined) {
      r = inner(sig, msg, pk)
      cache.set(k, r)
      f.misses++
    } else f.hits++
    return r
  }) as VerifyFn & { hits: number; misses: number }
  f.hits = 0
  f.misses = 0
  return f
}

/** the validity predicate of the simulation: non-empty and not starting with a zero byte */
export function simValid(v: Uint8Array): boolean {
  return v.length > 0 && v[0] !== 0
}

export interface SimOptions {
  seed: number
  /** voting powers (default: chosen by the seed among equal and unequal sets of four) */
  powers?: number[]
  /** index of the Byzantine validator, null for none (default: chosen by the seed) */
  byzantine?: number | null
  /** simulated ms of faults before GST */
  gstMs?: number
  /** heights every honest validator must decide after GST */
  heightsAfterGst?: number
  livenessBoundMs?: number
  timeouts?: TimeoutConfig
  /** probabilities during the fault phase */
  loss?: number
  duplicate?: number
  precommitLoss?: number
  crashes?: boolean
  partitions?: boolean
  /** a validator joins and another leaves (default: chosen by the seed) */
  membership?: boolean
  /** debugging: receives a line per notable event */
  trace?: (line: string) => void
}

export interface SimStats {
  seed: number
  powers: number[]
  byzantine: number | null
  decidedHeights: number
  heightAtGst: number
  maxRound: number
  messages: number
  crashes: number
  tornCrashes: number
  tornTailsSeen: number
  walsLost: number
  partitions: number
  evidence: number
  signRefusals: number
  livenessMs: number
  simTimeMs: number
  /** the heights at which a validator joined and one left, when the run changed the set */
  membership: { joinAt: number; leaveAt: number; left: number } | null
  /** times a node's state machine waited for the validator set of the height it had reached */
  setWaits: number
  /** crashes that lost the WAL's unsynced tail */
  powerLosses: number
}

export interface SimResult {
  ok: boolean
  error?: string
  stats: SimStats
}

export const SIM_TIMEOUTS: TimeoutConfig = {
  propose: { base: 300, delta: 100 },
  prevote: { base: 150, delta: 50 },
  precommit: { base: 150, delta: 50 },
}

/** the voting powers a seed chooses among (equal and unequal sets of four) */
export const POWER_SETS: number[][] = [
  [1, 1, 1, 1],
  [1, 1, 1, 1],
  [3, 2, 2, 1],
  [5, 3, 2, 1],
  [10, 7, 5, 1],
]

/** a priority queue of timed events; equal times leave in the order they were pushed */
export class Heap<T> {
  private a: { t: number; s: number; v: T }[] = []
  private seq = 0
  get size(): number {
    return this.a.length
  }
  push(t: number, v: T): void {
    const a = this.a
    a.push({ t, s: this.seq++, v })
    let i = a.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (this.less(a[i]!, a[p]!)) {
        ;[a[i], a[p]] = [a[p]!, a[i]!]
        i = p
      } else break
    }
  }
  pop(): { t: number; v: T } | undefined {
    const a = this.a
    if (a.length === 0) return undefined
    const top = a[0]!
    const last = a.pop()!
    if (a.length > 0) {
      a[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < a.length && this.less(a[l]!, a[m]!)) m = l
        if (r < a.length && this.less(a[r]!, a[m]!)) m = r
        if (m === i) break
        ;[a[i], a[m]] = [a[m]!, a[i]!]
        i = m
      }
    }
    return top
  }
  private less(x: { t: number; s: number }, y: { t: number; s: number }): boolean {
    return x.t < y.t || (x.t === y.t && x.s < y.s)
  }
}

type Event =
  | { kind: 'deliver'; to: number; from: number; msg: ConsensusMessage }
  | { kind: 'timeout'; node: number; life: number; timeout: TimeoutKind; height: number; round: number }
  | { kind: 'gossip'; node: number; life: number }
  | { kind: 'crash'; node: number; mode: 'clean' | 'power' | 'torn' | 'wal-lost' }
  | { kind: 'restart'; node: number }
  | { kind: 'partition' }
  | { kind: 'heal' }
  | { kind: 'gst' }

class SimFailure extends Error {}

interface SimNode {
  index: number
  publicKey: Uint8Array
  hex: string
  byzantine: boolean
  signer: MessageSigner
  rawSign: (m: Uint8Array) => Uint8Array
  guardStore: MemoryGuardStore
  wal: MemoryWal
  decisions: Map<number, Decision>
  replica: Replica | null
  life: number
  certSent: Map<string, number>
}

function msgHeight(m: ConsensusMessage): number {
  return m.kind === 'proposal' ? m.proposal.height : m.vote.height
}

/**
 * The invariant that no honest validator signs two different things for one (height, round, step), checked on every
 * message sent (`check`); `seenIds` collects the value ids proposed at each height (what a Byzantine validator votes
 * for when it equivocates). Messages signed by `byzHex` are not checked.
 */
export function honestSigningCheck(
  byzHex: string | null,
  idOf: (value: Uint8Array) => Uint8Array,
  fail: (message: string) => never,
): { check: (m: ConsensusMessage) => void; seenIds: Map<number, Uint8Array[]> } {
  const signed = new Map<string, string>()
  const proposalIds = new WeakMap<Proposal, Uint8Array>()
  const seenIds = new Map<number, Uint8Array[]>()
  const check = (m: ConsensusMessage): void => {
    let signer: Uint8Array, key: string, what: string
    if (m.kind === 'proposal') {
      const p = m.proposal
      let id = proposalIds.get(p)
      if (!id) {
        proposalIds.set(p, (id = idOf(p.value)))
        const ids = seenIds.get(p.height) ?? []
        if (!ids.some((x) => equalBytes(x, id!))) ids.push(id)
        seenIds.set(p.height, ids)
      }
      signer = p.proposer
      key = `${p.height}/${p.round}/0`
      what = toHex(id) + '/' + p.validRound
    } else {
      const v = m.vote
      signer = v.validator
      key = `${v.height}/${v.round}/${v.type}`
      what = toHex(v.blockHash)
    }
    const who = toHex(signer)
    if (who === byzHex) return
    const k = who + '/' + key
    const prev = signed.get(k)
    if (prev === undefined) signed.set(k, what)
    else if (prev !== what) fail(`honest validator ${who.slice(0, 8)} signed two different messages for ${key}`)
  }
  return { check, seenIds }
}

export function runSim(opts: SimOptions): SimResult {
  const rnd = mulberry32(opts.seed ^ 0x9e3779b9)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const powers = opts.powers ?? pick(POWER_SETS)
  const total = powers.reduce((a, b) => a + b, 0)
  // membership: node `powers.length` joins at joinAt with joinPower; node `left` leaves at leaveAt
  const changes = opts.membership ?? rnd() < 0.35
  const joinPower = Math.max(1, Math.round(total / (2 + Math.floor(rnd() * 3))))
  const joinAt = 2 + Math.floor(rnd() * 2)
  const leaveAt = joinAt + 2
  const allPowers = changes ? [...powers, joinPower] : powers
  const n = allPowers.length
  /** validator powers by node index in each set (0 = not a member) */
  const setPowers = (left: number): number[][] =>
    changes ? [[...powers, 0], allPowers, allPowers.map((p, i) => (i === left ? 0 : p))] : [powers]
  // a node's share must stay below 1/3 in every set it belongs to (for the Byzantine one and the amnesiac)
  const under3rd = (i: number, sets: number[][]): boolean =>
    sets.every((ps) => ps[i]! * 3 < ps.reduce((a, b) => a + b, 0))
  let left = changes ? Math.floor(rnd() * powers.length) : -1
  let byz: number | null
  if (opts.byzantine !== undefined) byz = opts.byzantine
  else {
    const eligible = powers.map((_, i) => (i !== left && under3rd(i, setPowers(left)) ? i : -1)).filter((i) => i >= 0)
    byz = rnd() < 0.75 && eligible.length > 0 ? pick(eligible) : null
  }
  if (changes && byz === left) left = (left + 1) % powers.length
  const sets = setPowers(left)
  if (byz !== null && !under3rd(byz, sets)) throw new Error('the Byzantine validator must have < 1/3 of the power')
  const gstMs = opts.gstMs ?? 8000
  const heightsAfterGst = opts.heightsAfterGst ?? 3
  const livenessBoundMs = opts.livenessBoundMs ?? 30_000
  const timeouts = opts.timeouts ?? SIM_TIMEOUTS
  const loss = opts.loss ?? 0.15
  const dup = opts.duplicate ?? 0.1
  const precommitLoss = opts.precommitLoss ?? 0.5
  const withCrashes = opts.crashes ?? true
  const withPartitions = opts.partitions ?? true

  const verify = cachedVerify()
  const seeds = allPowers.map((_, i) => sha256(utf8(`daejang-sim/${opts.seed}/${i}`)))
  const signers = seeds.map((s) => nodeSigner(s))
  const setOf = (ps: number[], firstHeight: number): { validators: Validator[]; set: ValidatorSet } => {
    const validators = signers.flatMap((s, i) => (ps[i]! > 0 ? [{ publicKey: s.publicKey, power: ps[i]! }] : []))
    return { validators, set: new ValidatorSet(validators, firstHeight) }
  }
  const schedule = changes ? [setOf(sets[0]!, 0), setOf(sets[1]!, joinAt), setOf(sets[2]!, leaveAt)] : [setOf(sets[0]!, 0)]
  const scheduleAt = (h: number): { validators: Validator[]; set: ValidatorSet } =>
    !changes || h < joinAt ? schedule[0]! : h < leaveAt ? schedule[1]! : schedule[2]!

  const stats: SimStats = {
    seed: opts.seed,
    powers,
    byzantine: byz,
    decidedHeights: 0,
    heightAtGst: 0,
    maxRound: 0,
    messages: 0,
    crashes: 0,
    tornCrashes: 0,
    tornTailsSeen: 0,
    walsLost: 0,
    partitions: 0,
    evidence: 0,
    signRefusals: 0,
    livenessMs: 0,
    simTimeMs: 0,
    membership: changes ? { joinAt, leaveAt, left } : null,
    setWaits: 0,
    powerLosses: 0,
  }

  const events = new Heap<Event>()
  let now = 0
  let afterGst = false
  let partition: number[] | null = null // group of each node
  const agreed = new Map<number, string>()
  const fail = (m: string): never => {
    throw new SimFailure(m)
  }

  const nodes: SimNode[] = signers.map((s, i) => {
    const guardStore = new MemoryGuardStore()
    const byzantine = i === byz
    const signer: MessageSigner = byzantine
      ? { publicKey: s.publicKey, sign: (req) => ({ ok: true, sig: s.sign(req.signBytes) }) }
      : new SignGuard(s, guardStore)
    return {
      index: i,
      publicKey: s.publicKey,
      hex: toHex(s.publicKey),
      byzantine,
      signer,
      rawSign: (m) => s.sign(m),
      guardStore,
      wal: new MemoryWal(),
      decisions: new Map(),
      replica: null,
      life: 0,
      certSent: new Map(),
    }
  })
  const byzHex = byz === null ? null : nodes[byz]!.hex

  const randomValue = (valid: boolean): Uint8Array => {
    const v = new Uint8Array(8 + Math.floor(rnd() * 32))
    for (let i = 0; i < v.length; i++) v[i] = Math.floor(rnd() * 256)
    v[0] = valid ? 1 + Math.floor(rnd() * 255) : 0
    return v
  }

  // ---- invariant: honest validators never sign two different things for one step ----
  const { check: checkSigned, seenIds } = honestSigningCheck(byzHex, (v) => sha256(v), fail)

  // ---- network ----
  const send = (from: number, to: number, msg: ConsensusMessage): void => {
    checkSigned(msg)
    stats.messages++
    if (!afterGst) {
      if (partition && partition[from] !== partition[to]) return
      // precommits are lost more often: rounds then end with validators locked on values few have decided, the
      // situation in which locking is what keeps agreement
      if (rnd() < (msg.kind === 'vote' && msg.vote.type === VoteType.precommit ? precommitLoss : loss)) return
    }
    const delay = (): number => (afterGst ? 1 + rnd() * 50 : rnd() < 0.05 ? 300 + rnd() * 1500 : 1 + rnd() * 200)
    events.push(now + delay(), { kind: 'deliver', to, from, msg })
    if (!afterGst && rnd() < dup) events.push(now + delay(), { kind: 'deliver', to, from, msg })
  }

  // the Byzantine validator signs exactly two versions of each of its messages (double proposals, double votes)
  const conflicts = new Map<string, ConsensusMessage>()
  const conflictingMessage = (node: SimNode, m: ConsensusMessage): ConsensusMessage => {
    const k = m.kind === 'proposal' ? `p/${m.proposal.height}/${m.proposal.round}` : `v/${m.vote.height}/${m.vote.round}/${m.vote.type}`
    let c = conflicts.get(k)
    if (!c) conflicts.set(k, (c = makeConflicting(node, m)))
    return c
  }
  const makeConflicting = (node: SimNode, m: ConsensusMessage): ConsensusMessage => {
    if (m.kind === 'proposal') {
      const p = m.proposal
      const value = randomValue(rnd() < 0.8)
      const sig = node.rawSign(proposalSignBytes(CHAIN_ID, p.height, p.round, sha256(value), p.validRound))
      return { kind: 'proposal', proposal: { ...p, value, sig } }
    }
    const v = m.vote
    // vote for another value proposed at this height if there is one (to split the honest validators), else nil
    const others = (seenIds.get(v.height) ?? []).filter((id) => !equalBytes(id, v.blockHash))
    const blockHash = others.length > 0 && rnd() < 0.8 ? pick(others) : equalBytes(v.blockHash, NIL_ID) ? sha256(randomValue(true)) : NIL_ID
    const sig = node.rawSign(voteSignBytes(CHAIN_ID, v.type, v.height, v.round, blockHash))
    return { kind: 'vote', vote: { ...v, blockHash, sig } }
  }

  const broadcast = (node: SimNode, msg: ConsensusMessage): void => {
    if (node.byzantine && rnd() < 0.7) {
      const other = conflictingMessage(node, msg)
      const peers = nodes.filter((p) => p !== node)
      // both versions reach someone
      const first = Math.floor(rnd() * peers.length)
      peers.forEach((p, i) => send(node.index, p.index, i === first ? other : i === (first + 1) % peers.length ? msg : rnd() < 0.5 ? msg : other))
      return
    }
    for (const p of nodes) if (p !== node) send(node.index, p.index, msg)
  }

  const lastDecided = (node: SimNode): number => {
    let h = 0
    while (node.decisions.has(h + 1)) h++
    return h
  }

  const checkDecision = (node: SimNode, d: Decision): void => {
    const id = toHex(d.valueId)
    if (!equalBytes(sha256(d.value), d.valueId)) fail(`decision id mismatch at height ${d.height}`)
    if (!simValid(d.value)) fail(`node ${node.index} decided an invalid value at height ${d.height}`)
    const c = verifyCommit(CHAIN_ID, scheduleAt(d.height).validators, d.commit, d.valueId, d.height, verify)
    if (!c.ok) fail(`node ${node.index} decided height ${d.height} without a valid commit: ${c.reason}`)
    const prev = agreed.get(d.height)
    if (prev === undefined) agreed.set(d.height, id)
    else if (prev !== id) fail(`agreement violated at height ${d.height}: ${prev.slice(0, 8)} vs ${id.slice(0, 8)} (node ${node.index})`)
    const mine = node.decisions.get(d.height)
    if (mine) {
      if (!equalBytes(mine.valueId, d.valueId)) fail(`node ${node.index} decided height ${d.height} twice differently`)
      return
    }
    if (d.height !== lastDecided(node) + 1) fail(`node ${node.index} decided height ${d.height} out of order`)
    node.decisions.set(d.height, d)
    stats.decidedHeights = Math.max(stats.decidedHeights, d.height)
  }

  const hostFor = (node: SimNode): ReplicaHost => ({
    broadcast: (m) => broadcast(node, m),
    scheduleTimeout: (t, ms) => {
      stats.maxRound = Math.max(stats.maxRound, t.round)
      events.push(now + ms, { kind: 'timeout', node: node.index, life: node.life, ...t })
    },
    getValue: () => randomValue(!node.byzantine || rnd() < 0.7),
    isValid: (v) => simValid(v),
    decided: (d) => checkDecision(node, d),
    evidence: (ev: DuplicateVoteEvidence) => {
      if (node.byzantine) return
      stats.evidence++
      const ec = verifyEvidence(CHAIN_ID, scheduleAt(ev.voteA.height).set, ev, verify)
      if (!ec.ok) fail('evidence does not verify: ' + ec.reason + JSON.stringify([ev.voteA, ev.voteB].map((v) => [v.type, v.height, v.round, toHex(v.blockHash).slice(0, 8)])))
      if (toHex(ev.voteA.validator) !== byzHex) fail(`honest validator accused by evidence`)
    },
    signRefused: () => {
      stats.signRefusals++
    },
  })

  /** run something on a live node; a torn WAL append crashes it */
  const guarded = (node: SimNode, f: (r: Replica) => void): void => {
    if (!node.replica) return
    try {
      f(node.replica)
      if (node.replica?.core.waitingForValidators) stats.setWaits++
    } catch (e) {
      if (e instanceof WalCrash) {
        stats.tornCrashes++
        down(node)
        events.push(now + 50 + rnd() * 1000, { kind: 'restart', node: node.index })
        return
      }
      throw e
    }
  }

  const down = (node: SimNode): void => {
    node.replica = null
    node.life++
    node.wal.tearNextAppend = null
  }

  const boot = (node: SimNode): void => {
    node.life++
    // the sets this node knows: up to two heights past its last decision (docs/adr/0013)
    const validators = (h: number): ValidatorSet | null => (h > lastDecided(node) + 2 ? null : scheduleAt(h).set)
    const r = new Replica({ chainId: CHAIN_ID, validators, verify, timeouts }, node.signer, node.wal, hostFor(node), lastDecided(node))
    if (r.boot.tornTail) stats.tornTailsSeen++
    node.replica = r
    guarded(node, (rep) => rep.start())
    events.push(now + rnd() * 500, { kind: 'gossip', node: node.index, life: node.life })
  }

  const sendCertificate = (node: SimNode, to: number, height: number): void => {
    const d = node.decisions.get(height)
    if (!d) return
    const k = `${to}/${height}`
    const last = node.certSent.get(k)
    if (last !== undefined && now - last < 300) return
    node.certSent.set(k, now)
    send(node.index, to, { kind: 'proposal', proposal: d.proposal })
    for (const s of d.commit.sigs) {
      const vote: Vote = { type: VoteType.precommit, height, round: d.commit.round, blockHash: d.valueId, validator: s.validator, sig: s.sig }
      send(node.index, to, { kind: 'vote', vote })
    }
  }

  // ---- schedule the faults ----
  if (withPartitions) {
    for (let t = rnd() * 1500; t < gstMs; t += 500 + rnd() * 2500) {
      events.push(t, { kind: 'partition' })
      t += 200 + rnd() * 1500
      if (t < gstMs) events.push(t, { kind: 'heal' })
    }
  }
  const amnesiac = byz === null ? powers.findIndex((_, i) => under3rd(i, sets)) : -1
  if (withCrashes) {
    for (let t = rnd() * 1000; t < gstMs; t += 300 + rnd() * 1500) {
      const x = rnd()
      const node = Math.floor(rnd() * n)
      // losing the WAL is amnesia, a fault of its own: only for one validator with < 1/3 of the power, and only
      // when no validator is Byzantine, so that the faulty power stays below 1/3
      // 'power': a power failure loses what the WAL appended since its last sync (it syncs before signing)
      const mode = x < 0.3 ? 'clean' : x < 0.5 ? 'power' : x < 0.85 || node !== amnesiac ? 'torn' : 'wal-lost'
      events.push(t, { kind: 'crash', node, mode })
    }
  }
  events.push(gstMs, { kind: 'gst' })

  for (const node of nodes) boot(node)

  const honest = nodes.filter((x) => !x.byzantine)
  let target = Infinity
  try {
    for (;;) {
      if (afterGst && honest.every((x) => lastDecided(x) >= target)) {
        stats.livenessMs = now - gstMs
        break
      }
      const ev = events.pop()
      if (!ev) fail('no more events')
      now = ev!.t
      if (afterGst && now > gstMs + livenessBoundMs) {
        fail(
          `liveness: after GST honest validators reached heights ${honest.map(lastDecided).join(',')} (target ${target}) ` +
            `within ${livenessBoundMs} ms; rounds ${honest.map((x) => x.replica?.core.round).join(',')}`,
        )
      }
      const e = ev!.v
      switch (e.kind) {
        case 'deliver': {
          const node = nodes[e.to]!
          if (!node.replica) break
          const h = msgHeight(e.msg)
          if (h < node.replica.core.height) {
            sendCertificate(node, e.from, h)
            break
          }
          // a message from a later height: ask its sender for the decision we miss (a stand-in for block sync)
          if (h > node.replica.core.height) sendCertificate(nodes[e.from]!, e.to, node.replica.core.height)
          guarded(node, (r) => {
            const res = r.receive(e.msg)
            if (opts.trace) {
              const m = e.msg
              const d = m.kind === 'proposal' ? `P h${m.proposal.height} r${m.proposal.round} vr${m.proposal.validRound}` : `V${m.vote.type} h${m.vote.height} r${m.vote.round} ${toHex(m.vote.blockHash).slice(0, 6)} by ${toHex(m.vote.validator).slice(0, 4)}`
              opts.trace(`${now.toFixed(0)} n${e.to}<-n${e.from} ${d}: ${res.accepted ? 'ok' : res.reason} | h${r.core.height} r${r.core.round} ${r.core.stepName}`)
            }
          })
          break
        }
        case 'timeout': {
          const node = nodes[e.node]!
          if (node.life !== e.life) break
          guarded(node, (r) => {
            const res = r.timeout(e.timeout, e.height, e.round)
            opts.trace?.(`${now.toFixed(0)} n${e.node} timeout ${e.timeout} h${e.height} r${e.round}: ${res.accepted ? 'ok' : res.reason} | h${r.core.height} r${r.core.round} ${r.core.stepName}`)
          })
          break
        }
        case 'gossip': {
          const node = nodes[e.node]!
          if (node.life !== e.life || !node.replica) break
          const own = node.replica.core.ownMessages()
          for (const proposal of own.proposals) broadcast(node, { kind: 'proposal', proposal })
          for (const vote of own.votes) broadcast(node, { kind: 'vote', vote })
          events.push(now + 400 + rnd() * 200, { kind: 'gossip', node: node.index, life: node.life })
          break
        }
        case 'crash': {
          const node = nodes[e.node]!
          if (afterGst || !node.replica) break
          stats.crashes++
          if (e.mode === 'torn') {
            // crash in the middle of the next WAL append (its effects never happen)
            node.wal.tearNextAppend = Math.floor(rnd() * 64)
          } else {
            // 'wal-lost': the WAL is gone (a disk restored from an older copy); only the guard stands between the
            // restarted validator and a second, different signature for a step it already signed
            if (e.mode === 'power') {
              node.wal.loseUnsynced()
              stats.powerLosses++
            }
            if (e.mode === 'wal-lost') {
              node.wal.rewrite([])
              stats.walsLost++
            }
            down(node)
            events.push(now + 50 + rnd() * 1500, { kind: 'restart', node: node.index })
          }
          break
        }
        case 'restart': {
          const node = nodes[e.node]!
          if (!node.replica) boot(node)
          break
        }
        case 'partition': {
          stats.partitions++
          const g = nodes.map(() => (rnd() < 0.5 ? 0 : 1))
          partition = g
          break
        }
        case 'heal':
          partition = null
          break
        case 'gst': {
          afterGst = true
          partition = null
          for (const node of nodes) {
            node.wal.tearNextAppend = null
            if (!node.replica) boot(node)
          }
          stats.heightAtGst = Math.max(0, ...nodes.map(lastDecided))
          target = stats.heightAtGst + heightsAfterGst
          break
        }
      }
    }
  } catch (e) {
    if (e instanceof SimFailure) {
      stats.simTimeMs = now
      return { ok: false, error: `seed ${opts.seed}: ${e.message}`, stats }
    }
    throw new Error(`seed ${opts.seed}: ${(e as Error).stack ?? String(e)}`)
  }
  stats.simTimeMs = now
  return { ok: true, stats }
}
