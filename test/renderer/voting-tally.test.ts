/**
 * The count as the app makes it (features/voting/tally/tally.ts) over a generated election (a 2-of-3 Pedersen
 * ceremony, ballots with a re-vote and an abstention): the node's tally read and checked against the board, each
 * trustee's partial decryption from its secret and voutput (accepted by the ledger's check), the result from two of
 * three equal to the sum of the last ballots' plaintexts — and the refusals: a wrong secret, a forged or missing tally,
 * a board that does not add up to the tally, too few or a wrong partial decryption.
 */
import { describe, expect, it } from 'vitest'
import type { ApiClient } from '../../src/renderer/api/client'
import { portableGroup as G } from '../../src/ledger/registries/voting/portable/belenios/group'
import { ballotTracker } from '../../src/ledger/registries/voting/portable/belenios/ballot'
import { verifyPartialDecryption } from '../../src/ledger/registries/voting/portable/belenios/tally'
import { ownerKey } from '../../src/ledger/registries/voting/portable/belenios/trustees'
import { ballotKey, setupKey, tallyKey } from '../../src/ledger/registries/voting/portable/keys'
import { SECRET_FORMAT, type TrusteeSecret } from '../../src/renderer/features/voting/trustee-ceremony'
import {
  checkAgainstBoard,
  computeResultText,
  makePartial,
  readTallyRecord,
  sumBallots,
  tallyRecord,
  type TallyRecord,
} from '../../src/renderer/features/voting/tally/tally'
import { generateElection } from '../ledger/voting/archive-fixture'

const gen = generateElection({ voters: 9, revoters: [0, 4], abstainers: [8] })
const { record, ceremony } = gen
const running = { text: record.tally!.encryptedTally, numTallied: record.tally!.numTallied, totalWeight: record.tally!.totalWeight }
const secret = (i: number): TrusteeSecret => ({ format: SECRET_FORMAT, election: gen.uuid, agency: `agency-${i}`, seed: ceremony.seeds[i - 1]! })
const voutput = (i: number): string => ceremony.voutputs[i - 1]!.text

function rec(): TallyRecord {
  const r = tallyRecord(record.election, record.trustees, running)
  if ('problem' in r) throw new Error(r.problem)
  return r
}

/** The last ballot of each voter (the ones counted), and the board as the node lists it. */
function board(): Array<{ seq: number; tracker: string; hash: string; replaced: boolean }> {
  const lastOf = new Map<number, number>()
  gen.cast.forEach((c, k) => lastOf.set(c.voter, k))
  return gen.cast.map((c, k) => ({ seq: k + 1, tracker: ballotTracker(c.text), hash: ballotTracker(c.text), replaced: lastOf.get(c.voter) !== k }))
}

/** A node answering the board and the state route from a map of state keys. */
function node(state: Map<string, unknown>, entries = board()): ApiClient {
  return {
    request: async (_method: string, path: string) => {
      const u = new URL(path, 'http://node')
      if (u.pathname.endsWith('/board')) {
        const from = Number(u.searchParams.get('from'))
        const limit = Number(u.searchParams.get('limit'))
        const page = entries.slice(from - 1, from - 1 + limit)
        return { ballots: entries.length, counted: entries.filter((e) => !e.replaced).length, entries: page, more: from - 1 + limit < entries.length }
      }
      const key = u.searchParams.get('key')!
      return { key, height: 9, present: state.has(key), value: state.get(key) ?? null }
    },
  } as unknown as ApiClient
}

function ledgerState(): Map<string, unknown> {
  const s = new Map<string, unknown>([
    [setupKey(gen.uuid, 'election'), record.election],
    [setupKey(gen.uuid, 'trustees'), record.trustees],
    [tallyKey(gen.uuid), running],
  ])
  for (const c of gen.cast) s.set(ballotKey(gen.uuid, ballotTracker(c.text)), c.text)
  return s
}

describe('the count in the app', () => {
  it('reads the tally and checks it against the counted ballots on the board', async () => {
    const client = node(ledgerState())
    const r = await readTallyRecord(client, gen.uuid)
    expect('problem' in r).toBe(false)
    if ('problem' in r) return
    expect(r.numTallied).toBe(8)
    const seen: number[] = []
    expect(await checkAgainstBoard(client, gen.uuid, r, (done) => seen.push(done))).toEqual({ ok: true, checked: true })
    expect(seen.at(-1)).toBe(8)
  })

  it('does not add up a tally too large for the renderer, and says it did not', async () => {
    const r = rec()
    // 8 ballots × 6 choices = 48 ciphertexts: above a limit of 47, nothing is read (a node that would fail every read)
    const refusing = { request: async () => Promise.reject(new Error('no read expected')) } as unknown as ApiClient
    expect(await checkAgainstBoard(refusing, gen.uuid, r, undefined, 47)).toEqual({ ok: true, checked: false })
    expect(await checkAgainstBoard(node(ledgerState()), gen.uuid, r, undefined, 48)).toEqual({ ok: true, checked: true })
  })

  it('refuses a board that does not add up to the tally', async () => {
    const r = rec()
    // a replaced ballot counted instead of the one that replaced it
    const swapped = board().map((e, k) => (k === 0 ? { ...e, replaced: false } : e.replaced || gen.cast[k]!.voter !== 0 ? e : { ...e, replaced: true }))
    expect(await checkAgainstBoard(node(ledgerState(), swapped), gen.uuid, r)).toEqual({ ok: false, problem: 'mismatch' })
    // one counted ballot fewer than num_tallied
    const dropped = board().filter((e) => e.seq !== 2)
    expect(await checkAgainstBoard(node(ledgerState(), dropped), gen.uuid, r)).toEqual({ ok: false, problem: 'count' })
    // a counted ballot the node cannot give
    const s = ledgerState()
    s.delete(ballotKey(gen.uuid, board().find((e) => !e.replaced)!.hash))
    expect(await checkAgainstBoard(node(s), gen.uuid, r)).toEqual({ ok: false, problem: 'ballot' })
  })

  it('refuses a tally that is missing, not in the group or not shaped by the election', () => {
    expect(tallyRecord(record.election, record.trustees, undefined)).toEqual({ problem: 'missing' })
    expect(tallyRecord('{}', record.trustees, running)).toEqual({ problem: 'election' })
    expect(tallyRecord(record.election, '[]x', running)).toEqual({ problem: 'trustees' })
    const rows = JSON.parse(running.text) as Array<Array<{ alpha: string; beta: string }>>
    // a point of order 2, (0, −1): on the curve, not in the group
    const bad = structuredClone(rows)
    bad[0]![0]!.alpha = `7f${'ff'.repeat(30)}ec`
    expect(tallyRecord(record.election, record.trustees, { ...running, text: JSON.stringify(bad) })).toEqual({ problem: 'tally' })
    expect(tallyRecord(record.election, record.trustees, { ...running, text: JSON.stringify(rows.slice(1)) })).toEqual({ problem: 'tally' })
    expect(tallyRecord(record.election, record.trustees, { ...running, text: `${running.text} ` })).toEqual({ problem: 'tally' })
    expect(tallyRecord(record.election, record.trustees, { ...running, totalWeight: 99 })).toEqual({ problem: 'count' })
  })

  it('makes each trustee\u2019s partial decryption the ledger accepts, and only with its own secret', () => {
    const r = rec()
    for (const i of [1, 2, 3]) {
      const p = makePartial(r, secret(i), i, voutput(i))
      expect(p.ok).toBe(true)
      if (!p.ok) continue
      const vk = G.toString(ownerKey(r.trustees, i)!.publicKey)
      expect(verifyPartialDecryption(G, r.election.fingerprint, vk, r.tally, p.text).ok).toBe(true)
    }
    // another agency's secret, or the agency's own secret given another agency's voutput
    expect(makePartial(r, secret(2), 1, voutput(1))).toEqual({ ok: false, problem: 'notOurs' })
    expect(makePartial(r, secret(1), 2, voutput(1))).toEqual({ ok: false, problem: 'notOurs' })
    expect(makePartial(r, secret(1), 1, null)).toEqual({ ok: false, problem: 'voutput' })
    expect(makePartial(r, secret(1), 1, '{"private_key":1}')).toEqual({ ok: false, problem: 'voutput' })
    expect(makePartial(r, secret(1), 4, voutput(1))).toEqual({ ok: false, problem: 'notTrustee' })
  }, 60_000)

  it('computes the result from two of three partial decryptions: the sum of the last ballots', () => {
    const r = rec()
    const p = [1, 2, 3].map((i) => {
      const m = makePartial(r, secret(i), i, voutput(i))
      return m.ok ? m.text : ''
    })
    const want = JSON.stringify({ result: gen.expected })
    for (const sent of [[p[0]!, null, p[2]!], [null, p[1]!, p[2]!], [p[0]!, p[1]!, null]]) {
      const res = computeResultText(r, 2, sent)
      expect(res).toMatchObject({ ok: true, text: want })
    }
    // all three sent: the first two in the draft's order are combined, as the rule does
    expect(computeResultText(r, 2, p)).toMatchObject({ ok: true, text: want, used: [1, 2] })
    expect(computeResultText(r, 2, [p[0]!, null, null])).toEqual({ ok: false, reason: 'notEnough', have: 1 })
    // agency 3's place holding agency 1's partial decryption
    expect(computeResultText(r, 2, [p[0]!, null, p[0]!])).toEqual({ ok: false, reason: 'badPartial', trustee: 3 })
  }, 60_000)

  it('adds the counted ballots up to the tally, and refuses a ballot of another shape', () => {
    const r = rec()
    const counted = board().filter((e) => !e.replaced).map((e) => gen.cast[e.seq - 1]!.text)
    const sum = sumBallots(r.election, counted)
    expect(sum === null ? null : JSON.stringify(sum.map((row) => row.map((c) => ({ alpha: G.toString(c.alpha), beta: G.toString(c.beta) }))))).toBe(running.text)
    expect(sumBallots(r.election, ['{"answers":[]}'])).toBeNull()
    expect(sumBallots(r.election, ['not json'])).toBeNull()
  })
})
