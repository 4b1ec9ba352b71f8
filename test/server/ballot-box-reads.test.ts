/**
 * The ballot box endpoint over a node stand-in that counts its reads (src/server/ballot-box.ts, docs/adr/0057):
 * `GET /elections` reads the store once per block however many voters' pages ask (a burst shares one read; a new
 * block reads again; a failed read is not kept); and the challenge's routes, `POST /spoil` and `POST /audit`, refuse
 * hostile bodies with stable codes and words before anything reaches the node, and are limited per credential like a
 * ballot (charged once the node took the transaction).
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { LedgerNode } from '../../src/ledger/node/node'
import { electionKey } from '../../src/ledger/registries/voting/portable/keys'
import { type BallotBox, startBallotBox } from '../../src/server/ballot-box'

const UUIDS = ['1111111111111111111111', '2222222222222222222222', '3333333333333333333333']
const HEX = (c: string): string => c.repeat(64)

interface Stand {
  node: LedgerNode
  height: number
  scans: number
  gets: number
  submitted: number
  failNextScan: boolean
  open: Set<string>
}

function standIn(): Stand {
  const s: Stand = { node: null as unknown as LedgerNode, height: 7, scans: 0, gets: 0, submitted: 0, failNextScan: false, open: new Set(UUIDS.slice(0, 2)) }
  const head = (uuid: string) => ({ uuid, stage: s.open.has(uuid) ? 'open' : 'closed', draft: { name: `선거 ${uuid.slice(0, 1)}`, opens: 1, closes: 2 } })
  s.node = {
    genesis: { chainId: 'test-chain' },
    chain: { head: () => ({ height: s.height }) },
    store: {
      async *scanState(prefix: string) {
        s.scans++
        // the read takes a while: requests of a burst arrive while it runs
        await new Promise((r) => setTimeout(r, 20))
        if (s.failNextScan) {
          s.failNextScan = false
          throw new Error('the store failed')
        }
        for (const u of UUIDS) yield [prefix + u, true]
      },
      async get(key: string) {
        s.gets++
        const u = UUIDS.find((x) => key === electionKey(x))
        return u === undefined ? undefined : head(u)
      },
    },
    submitBytes: async () => {
      s.submitted++
      return { hashHex: HEX('e') }
    },
  } as unknown as LedgerNode
  return s
}

let box: BallotBox | null = null
afterEach(async () => {
  await box?.close()
  box = null
})

async function start(s: Stand): Promise<string> {
  box = await startBallotBox({ node: s.node, host: '127.0.0.1', port: 0, pageFile: null, limits: { perAddress: { burst: 1000, perMinute: 1000 }, perCredential: { burst: 3, perMinute: 1 }, maxConnectionsPerAddress: 64 } })
  return box.url
}

const listOf = async (url: string): Promise<string[]> => {
  const r = await fetch(`${url}/elections`)
  expect(r.status).toBe(200)
  return ((await r.json()) as { elections: Array<{ uuid: string }> }).elections.map((e) => e.uuid)
}

describe('the ballot box: the open elections read once per block', () => {
  it('answers a burst of requests with one read, and reads again on a new block', async () => {
    const s = standIn()
    const url = await start(s)
    const burst = await Promise.all(Array.from({ length: 40 }, () => listOf(url)))
    for (const l of burst) expect(l).toEqual(UUIDS.slice(0, 2))
    expect(s.scans).toBe(1)
    expect(s.gets).toBe(UUIDS.length)
    // later requests at the same height: no read at all
    await listOf(url)
    await listOf(url)
    expect([s.scans, s.gets]).toEqual([1, UUIDS.length])
    // a block: the third election opened in it is listed, with one more read
    s.open.add(UUIDS[2]!)
    s.height++
    const after = await Promise.all(Array.from({ length: 10 }, () => listOf(url)))
    for (const l of after) expect(l).toEqual(UUIDS)
    expect([s.scans, s.gets]).toEqual([2, 2 * UUIDS.length])
  })

  it('does not keep a failed read: the next request reads again', async () => {
    const s = standIn()
    const url = await start(s)
    s.failNextScan = true
    const r = await fetch(`${url}/elections`)
    expect(r.status).toBe(500)
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('INTERNAL')
    expect(await listOf(url)).toEqual(UUIDS.slice(0, 2))
    expect(s.scans).toBe(2)
  })
})

describe('the ballot box: the challenge (spoil, then open) refuses hostile bodies', () => {
  const spoil = (o: Record<string, unknown> = {}) => ({ election: UUIDS[0], ballotHash: HEX('a'), credential: HEX('b'), proof: { challenge: '12', response: '34' }, ...o })
  const audit = (o: Record<string, unknown> = {}) => ({ election: UUIDS[0], ballot: JSON.stringify({ election_uuid: UUIDS[0], credential: HEX('b') }), randomness: [['1', '2']], ...o })

  it('refuses with stable codes and words in both languages, and sends nothing to the node', async () => {
    const s = standIn()
    const url = await start(s)
    const refused = async (path: string, body: string, status: number, code: string, method = 'POST'): Promise<void> => {
      const r = await fetch(url + path, { method, headers: { 'Content-Type': 'application/json' }, ...(method === 'POST' ? { body } : {}) })
      const err = ((await r.json()) as { error: { code: string; text: { ko: string; en: string } } }).error
      expect([path, r.status, err.code]).toEqual([path, status, code])
      expect(err.text.ko).toMatch(/[가-힣]/)
      expect(err.text.en).not.toMatch(/BALLOT_BOX_|voting\.|ballotHash|randomness"/)
    }
    for (const path of ['/spoil', '/audit']) {
      await refused(path, '{"election": ', 400, 'MALFORMED_JSON')
      await refused(path, '[1,2,3]', 400, path === '/spoil' ? 'BALLOT_BOX_BAD_SPOIL' : 'BALLOT_BOX_BAD_AUDIT')
      await refused(path, 'null', 400, path === '/spoil' ? 'BALLOT_BOX_BAD_SPOIL' : 'BALLOT_BOX_BAD_AUDIT')
      await refused(path, `${'['.repeat(200)}${']'.repeat(200)}`, 400, 'SCHEMA_INVALID')
      await refused(path, '', 405, 'METHOD_NOT_ALLOWED', 'GET')
    }
    const badSpoil = (o: Record<string, unknown>) => refused('/spoil', JSON.stringify(spoil(o)), 400, 'BALLOT_BOX_BAD_SPOIL')
    await badSpoil({ ballotHash: 'zz' })
    await badSpoil({ ballotHash: HEX('A') })
    await badSpoil({ credential: 'not-a-point' })
    await badSpoil({ credential: HEX('b').slice(1) })
    await badSpoil({ proof: { challenge: 12, response: '34' } })
    await badSpoil({ election: '../../etc' })
    await badSpoil({ extra: 'field' })
    await badSpoil({ ballot: '{}' })
    await refused('/spoil', JSON.stringify({ ...spoil(), pad: 'x'.repeat(8 * 1024) }), 413, 'PAYLOAD_TOO_LARGE')
    const badAudit = (o: Record<string, unknown>) => refused('/audit', JSON.stringify(audit(o)), 400, 'BALLOT_BOX_BAD_AUDIT')
    await badAudit({ ballot: 'not json' })
    await badAudit({ ballot: '{"credential": 5}' })
    await badAudit({ ballot: JSON.stringify({ credential: 'x'.repeat(64) }) })
    await badAudit({ randomness: [[1, 2]] })
    await badAudit({ randomness: [] })
    await badAudit({ randomness: 'r' })
    await badAudit({ randomness: [['1'.repeat(78)]] })
    await badAudit({ ballotHash: HEX('a') })
    await refused('/audit', JSON.stringify(audit({ ballot: 'x'.repeat(1200 * 1024) })), 413, 'PAYLOAD_TOO_LARGE')
    expect(s.submitted).toBe(0)
  })

  it('limits a credential across ballots, spoils and audits: past its burst, 429 before the node is asked', async () => {
    const s = standIn()
    const url = await start(s)
    const post = (path: string, body: unknown) => fetch(url + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    const taken = await post('/spoil', spoil())
    expect([taken.status, ((await taken.json()) as { status: string; tracker: string }).status]).toEqual([202, 'pending'])
    expect((await post('/audit', audit())).status).toBe(202)
    expect((await post('/spoil', spoil({ ballotHash: HEX('c') }))).status).toBe(202)
    const r = await post('/audit', audit())
    expect([r.status, ((await r.json()) as { error: { code: string } }).error.code]).toEqual([429, 'BALLOT_BOX_RATE_LIMITED'])
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(s.submitted).toBe(3)
    // another credential is not held back by it
    expect((await post('/spoil', spoil({ credential: HEX('d') }))).status).toBe(202)
  })
})
