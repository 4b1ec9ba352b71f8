/**
 * The ballot box endpoint on a real node process (docs/adr/0057): `daejang start --ballot-box 127.0.0.1:PORT` serves
 * voters a second listener; a ballot posted there is checked, wrapped in a transaction under a throwaway key,
 * committed and found on the board by its tracker; every refusal comes with its stable code and its sentence in
 * Korean and English, and changes nothing; a client over its rate gets 429; no route of the node's API is reachable
 * there; and a node started without the option does not listen.
 */
import { type Socket, connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Home } from '../../src/ledger/node/home'
import { nodeGroup } from '../../src/ledger/registries/voting/node-group'
import { type Election, createBallot, credentialSecret, generateCredential, parseElection, randomnessToText, signSpoil } from '../../src/ledger/registries/voting/portable/belenios'
import { type StartedNode, api, startNode, stopAll, stopGracefully, tempHome, waitFor } from '../integration/harness'
import { type Consortium, type OpenElection, freePort, grantRoles, makeVotingHome, openElection } from './ballot-box-fixture'

const G = nodeGroup()

/** whether something accepts connections on the port */
const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect(port, '127.0.0.1')
    s.once('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
  })

interface Refusal {
  error: { code: string; message: string; text: { ko: string; en: string } }
}

describe('the ballot box endpoint', () => {
  let dir: { dir: string; cleanup: () => void }
  let c: Consortium
  let node: StartedNode
  let box = ''
  let open: OpenElection
  let closing: OpenElection
  let e: Election<unknown>

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(box + path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body })
  const ballotOf = (el: Election<unknown>, credential: string, k = 1) => createBallot(G, el, credential, [[0, 1, 2, 3, 4, 5].map((i) => (i === k ? 1 : 0))])
  const refusal = async (r: Response): Promise<Refusal['error']> => ((await r.json()) as Refusal).error
  const ballotsOf = async (uuid: string): Promise<number> => ((await api(node, 'GET', `/api/v1/voting/elections/${uuid}`)).body as { ballots: number }).ballots

  beforeAll(async () => {
    dir = tempHome()
    c = makeVotingHome(dir.dir)
    // a known rate for the test: 200 requests at once from an address, then one a second; 3 ballots of a credential
    const h = new Home(c.home)
    h.writeConfig({ ...h.readConfig(), ballotBox: { listen: '127.0.0.1:1', trustedProxies: [], perAddress: { burst: 200, perMinute: 60 }, perCredential: { burst: 3, perMinute: 1 } } })
    const port = await freePort()
    node = await startNode(c.home, ['--ballot-box', `127.0.0.1:${port}`])
    box = `http://127.0.0.1:${port}`
    expect(node.output()).toContain(`Ballot box  ${box}`)
    await grantRoles(node, c)
    open = await openElection(node, c, { voters: 6, openForMs: 3_600_000 })
    // a second election, open for a short while: it is closed by the time its refusal is tried
    closing = await openElection(node, c, { voters: 1, openForMs: 20_000, opensInMs: 3_000, name: '곧 마감되는 선거' })
    const dto = (await (await fetch(`${box}/elections/${open.uuid}`)).json()) as { election: string }
    const r = parseElection(G, dto.election)
    if (!r.ok) throw new Error(r.reason)
    e = r.election
  }, 240_000)

  afterAll(async () => {
    await stopAll()
    dir?.cleanup()
  })

  it('serves the open elections and what the page needs of one', async () => {
    const list = (await (await fetch(`${box}/elections`)).json()) as { elections: Array<{ uuid: string; name: string }> }
    expect(list.elections.map((x) => x.uuid)).toContain(open.uuid)
    const r = await fetch(`${box}/elections/${open.uuid}`)
    expect(r.status).toBe(200)
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
    const d = (await r.json()) as { name: string; phase: string; questions: Array<{ answers: string[] }>; election: string }
    expect(d.phase).toBe('open')
    expect(d.questions[0]!.answers).toContain('김하나')
    expect(JSON.parse(d.election).uuid).toBe(open.uuid)
    const unknown = await fetch(`${box}/elections/1111111111111111111111`)
    expect([unknown.status, (await refusal(unknown)).code]).toEqual([404, 'VOTING_UNKNOWN_ELECTION'])
  })

  it('takes a ballot: committed under a throwaway key, its tracker on the board and counted', { timeout: 120_000 }, async () => {
    const b = ballotOf(e, open.credentials[0]!, 2)
    const r = await post('/ballot?wait=commit', b.text)
    const body = (await r.json()) as { tracker: string; txHash: string; status: string; height: number }
    expect([r.status, body.status, body.tracker]).toEqual([200, 'committed', b.tracker])
    const tx = (await api(node, 'GET', `/api/v1/txs/${body.txHash}`)).body as { status: string; tx: { type: string; signer: string; payload: { ballot: string } } }
    expect(tx.status).toBe('committed')
    expect(tx.tx.type).toBe('voting.ballot')
    expect(tx.tx.payload.ballot).toBe(b.text)
    // the signer is a key nobody holds a role with: a second ballot comes under another one
    const board = (await api(node, 'GET', `/api/v1/voting/elections/${open.uuid}/board`)).body as { entries: Array<{ tracker: string }> }
    expect(board.entries.map((x) => x.tracker)).toContain(b.tracker)
    const found = (await (await fetch(`${box}/elections/${open.uuid}/trackers/${encodeURIComponent(b.tracker)}`)).json()) as { found: boolean; counts: boolean }
    expect(found).toMatchObject({ found: true, counts: true, spoiledBy: null })
    // without waiting: accepted as pending, then committed
    const b2 = ballotOf(e, open.credentials[1]!, 0)
    const r2 = await post('/ballot', b2.text)
    const p2 = (await r2.json()) as { status: string; txHash: string }
    expect([r2.status, p2.status]).toEqual([202, 'pending'])
    await waitFor(async () => ((await api(node, 'GET', `/api/v1/txs/${p2.txHash}`)).body as { status: string }).status === 'committed', 60_000, 'the second ballot committed')
    const t2 = (await api(node, 'GET', `/api/v1/txs/${p2.txHash}`)).body as { tx: { signer: string } }
    expect(t2.tx.signer).not.toBe(tx.tx.signer)
    // a re-vote replaces the first ballot: the first tracker is still on the board but no longer counts
    const again = await post('/ballot?wait=commit', ballotOf(e, open.credentials[0]!, 3).text)
    expect(again.status).toBe(200)
    const old = (await (await fetch(`${box}/elections/${open.uuid}/trackers/${encodeURIComponent(b.tracker)}`)).json()) as { found: boolean; counts: boolean }
    expect(old).toMatchObject({ found: true, counts: false })
  })

  it('refuses, with the code and words in both languages, and changes nothing', { timeout: 120_000 }, async () => {
    const before = await ballotsOf(open.uuid)
    const expectRefused = async (r: Response, status: number, code: string): Promise<void> => {
      const err = await refusal(r)
      expect([r.status, err.code]).toEqual([status, code])
      expect(err.text.ko).toMatch(/[가-힣]/)
      expect(err.text.en).toMatch(/[a-z]/)
      expect(err.text.en).not.toMatch(/VOTING_|voting\./)
    }
    // a credential not on the list
    await expectRefused(await post('/ballot', ballotOf(e, generateCredential()).text), 422, 'VOTING_UNKNOWN_CREDENTIAL')
    // a proof that fails: one answer's proof changed
    const good = JSON.parse(ballotOf(e, open.credentials[2]!, 1).text) as { answers: Array<{ individual_proofs: Array<Array<{ response: string }>> }> }
    const p = good.answers[0]!.individual_proofs[0]![0]!
    p.response = p.response.endsWith('1') ? p.response.slice(0, -1) + '2' : p.response.slice(0, -1) + '1'
    const bad = await post('/ballot', JSON.stringify(good))
    await expectRefused(bad, 422, 'VOTING_BAD_BALLOT')
    // a ballot sent twice
    const b = ballotOf(e, open.credentials[3]!, 4)
    expect((await post('/ballot?wait=commit', b.text)).status).toBe(200)
    await expectRefused(await post('/ballot', b.text), 409, 'VOTING_BALLOT_SEEN')
    // oversized (refused from its declared length, before it is read), malformed JSON, not a ballot
    await expectRefused(await post('/ballot', ' '.repeat(600 * 1024)), 413, 'PAYLOAD_TOO_LARGE')
    await expectRefused(await post('/ballot', '{"election_uuid": '), 400, 'MALFORMED_JSON')
    await expectRefused(await post('/ballot', '[1,2,3]'), 400, 'BALLOT_BOX_BAD_BALLOT')
    // the election closed (its closing time passed)
    await waitFor(async () => Date.now() > closing.closes + 500, 60_000, 'the second election closing')
    const dto = (await (await fetch(`${box}/elections/${closing.uuid}`)).json()) as { election: string }
    const pe = parseElection(G, dto.election)
    if (!pe.ok) throw new Error(pe.reason)
    await expectRefused(await post('/ballot', ballotOf(pe.election, closing.credentials[0]!, 1).text), 409, 'VOTING_NOT_OPEN')
    // wrong method, wrong route, and the node's API is not there
    await expectRefused(await fetch(`${box}/ballot`), 405, 'METHOD_NOT_ALLOWED')
    await expectRefused(await fetch(`${box}/elections/${open.uuid}`, { method: 'DELETE' }), 405, 'METHOD_NOT_ALLOWED')
    for (const path of ['/api/v1/health', '/api/v1/txs', '/api/v1/voting/elections', '/audits', '/../api/v1/status']) {
      const r = await fetch(box + path, { method: path === '/api/v1/txs' || path === '/audits' ? 'POST' : 'GET', body: path === '/api/v1/txs' || path === '/audits' ? '{}' : undefined })
      await expectRefused(r, 404, 'NOT_FOUND')
    }
    expect(await ballotsOf(open.uuid)).toBe(before + 1)
  })

  it("takes a voter's challenge: her spoil, then the opening; refuses an audit before the spoil, a spoil of another's ballot, and changes nothing then", { timeout: 180_000 }, async () => {
    const expectRefused = async (r: Response, status: number, code: string): Promise<void> => {
      const err = await refusal(r)
      expect([r.status, err.code]).toEqual([status, code])
      expect(err.text.ko).toMatch(/[가-힣]/)
      expect(err.text.en).not.toMatch(/VOTING_|voting\./)
    }
    const spoilOf = (credential: string, hashHex: string) => ({ election: open.uuid, ballotHash: hashHex, ...signSpoil(G, open.uuid, credentialSecret(open.uuid, credential), hashHex) })
    const auditOf = (b: { text: string; randomness: readonly (readonly bigint[])[] }) => ({ election: open.uuid, ballot: b.text, randomness: randomnessToText(b.randomness) })
    const audits = async (): Promise<Array<{ tracker: string; plaintext: number[][] }>> =>
      ((await api(node, 'GET', `/api/v1/voting/elections/${open.uuid}/audit?from=1&limit=100`)).body as { audits: Array<{ tracker: string; plaintext: number[][] }> }).audits
    const before = await ballotsOf(open.uuid)
    const mine = open.credentials[4]!
    const b = ballotOf(e, mine, 3)
    // opened before it is spoiled: refused (published first, anyone could cast it)
    await expectRefused(await post('/audit', JSON.stringify(auditOf(b))), 409, 'VOTING_AUDIT_NOT_SPOILED')
    // another voter's ballot, already on the board, spoiled with her own valid signature: refused as seen
    const theirs = ballotOf(e, open.credentials[0]!, 1)
    expect((await post('/ballot?wait=commit', theirs.text)).status).toBe(200)
    await expectRefused(await post('/spoil', JSON.stringify(spoilOf(open.credentials[5]!, theirs.hashHex))), 409, 'VOTING_BALLOT_SEEN')
    // her ballot spoiled in her credential's name with another's secret: refused
    const forged = { ...spoilOf(open.credentials[5]!, b.hashHex), credential: b.credential }
    await expectRefused(await post('/spoil', JSON.stringify(forged)), 422, 'VOTING_BAD_SPOIL')
    // her own spoil, committed; then the opening, committed and published with what it opens to
    const s = await post('/spoil?wait=commit', JSON.stringify(spoilOf(mine, b.hashHex)))
    const sb = (await s.json()) as { status: string; tracker: string }
    expect([s.status, sb.status, sb.tracker]).toEqual([200, 'committed', b.tracker])
    // the read-only route a booth polls before opening: spoiled, by her own credential
    const spoiled = (await (await fetch(`${box}/elections/${open.uuid}/trackers/${encodeURIComponent(b.tracker)}`)).json()) as { spoiledBy: string | null }
    expect(spoiled.spoiledBy).toBe(b.credential)
    // a wrong randomness does not open it
    const wrong = auditOf(b)
    wrong.randomness[0]![0] = wrong.randomness[0]![1]!
    await expectRefused(await post('/audit', JSON.stringify(wrong)), 422, 'VOTING_AUDIT_NOT_OPENED')
    const a = await post('/audit?wait=commit', JSON.stringify(auditOf(b)))
    expect([a.status, ((await a.json()) as { status: string }).status]).toEqual([200, 'committed'])
    const listed = (await audits()).find((x) => x.tracker === b.tracker)
    expect(listed?.plaintext).toEqual([[0, 0, 0, 1, 0, 0]])
    // the spoiled ballot can never be cast, nor opened twice; it is not on the board and not counted
    await expectRefused(await post('/ballot', b.text), 409, 'VOTING_BALLOT_SEEN')
    await expectRefused(await post('/audit', JSON.stringify(auditOf(b))), 409, 'VOTING_BALLOT_SEEN')
    const found = (await (await fetch(`${box}/elections/${open.uuid}/trackers/${encodeURIComponent(b.tracker)}`)).json()) as { found: boolean }
    expect(found.found).toBe(false)
    expect(await ballotsOf(open.uuid)).toBe(before + 1)
    // she votes again with the same credential: a fresh ballot is cast and counts
    const again = ballotOf(e, mine, 2)
    expect((await post('/ballot?wait=commit', again.text)).status).toBe(200)
    expect(await ballotsOf(open.uuid)).toBe(before + 2)
  })

  it('limits a credential: past its burst, 429; forged ballots naming it spend nothing', { timeout: 60_000 }, async () => {
    // garbage naming her credential (public on the ledger) spends nothing of hers: an attacker cannot lock her out
    const forged = JSON.parse(ballotOf(e, open.credentials[2]!, 1).text) as { credential: string }
    forged.credential = (JSON.parse(ballotOf(e, open.credentials[1]!, 1).text) as { credential: string }).credential
    for (let i = 0; i < 3; i++) expect((await refusal(await post('/ballot', JSON.stringify(forged)))).code).toBe('VOTING_BAD_BALLOT')
    // credential 1 cast once above, so 2 of its 3 tokens are left: two re-votes are taken, the next is refused before it reaches the node
    for (const k of [1, 2]) expect((await post('/ballot', ballotOf(e, open.credentials[1]!, k).text)).status).toBe(202)
    const r = await post('/ballot', ballotOf(e, open.credentials[1]!, 3).text)
    const err = await refusal(r)
    expect([r.status, err.code]).toEqual([429, 'BALLOT_BOX_RATE_LIMITED'])
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0)
    // another credential is not held back by it
    expect((await post('/ballot', ballotOf(e, open.credentials[2]!, 1).text)).status).toBe(202)
  })

  it('limits a client address: past its burst, 429 with Retry-After', { timeout: 60_000 }, async () => {
    let limited: Response | null = null
    for (let i = 0; i < 400 && limited === null; i++) {
      const r = await fetch(`${box}/elections`)
      if (r.status === 429) limited = r
      else await r.arrayBuffer()
    }
    expect(limited).not.toBeNull()
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0)
    const err = await refusal(limited!)
    expect(err.code).toBe('BALLOT_BOX_RATE_LIMITED')
    expect(err.text.ko).toContain('요청이 너무 많습니다')
    // the node's own API is not limited by it
    expect((await api(node, 'GET', '/api/v1/health')).status).toBe(200)
  })

  it('cuts off a client that sends its headers too slowly, and caps the connections of one address', { timeout: 120_000 }, async () => {
    const port = Number(new URL(box).port)
    const dial = (): Promise<{ s: Socket; closed: () => boolean }> =>
      new Promise((resolve, reject) => {
        const s = connect(port, '127.0.0.1')
        s.resume() // read (and drop) the answers: a socket never read never sees its end
        let closed = false
        s.on('close', () => (closed = true))
        s.on('error', () => undefined)
        s.once('connect', () => resolve({ s, closed: () => closed }))
        s.once('error', reject)
      })
    // slow loris: a request line and one header, then nothing; the server closes it (headers timeout)
    const slow = await dial()
    slow.s.write('POST /ballot HTTP/1.1\r\nHost: vote\r\n')
    await waitFor(async () => slow.closed(), 60_000, 'the slow client cut off')
    // a client that keeps its half of the connection open is cut off all the same
    const half = await new Promise<{ s: Socket; closed: () => boolean }>((resolve) => {
      const s = connect({ port, host: '127.0.0.1', allowHalfOpen: true })
      s.resume() // read (and drop) what the server answers, so that its end is seen
      let closed = false
      s.on('close', () => (closed = true))
      s.on('error', () => undefined)
      s.once('connect', () => resolve({ s, closed: () => closed }))
    })
    half.s.write('GET /elections HTTP/1.1\r\n')
    // it sees the server's end; the server has let go of the socket: what it writes next is refused (reset)
    await waitFor(async () => half.s.readableEnded, 60_000, 'the half-open client answered')
    await waitFor(
      async () => {
        if (!half.closed()) half.s.write('Host: vote\r\n')
        return half.closed()
      },
      60_000,
      'the half-open client cut off',
    )
    // many connections from one address: past the cap, the server hangs up at once
    const many = await Promise.all(Array.from({ length: 24 }, () => dial().catch(() => null)))
    await waitFor(async () => many.filter((m) => m === null || m.closed()).length >= 8, 30_000, 'connections past the cap closed')
    for (const m of many) m?.s.destroy()
    // the endpoint still serves
    const served = async (): Promise<boolean> => {
      try {
        return (await fetch(`${box}/elections/${open.uuid}`)).status === 200
      } catch {
        return false // hung up on while the closed connections are still counted
      }
    }
    await waitFor(served, 30_000, 'served again')
  })

  it('is off by default: a node started without it does not listen', { timeout: 180_000 }, async () => {
    expect(await stopGracefully(node)).toBe(0)
    const port = Number(new URL(box).port)
    expect(await listening(port)).toBe(false)
    // the home as a node has it by default: no ballotBox section
    const h = new Home(c.home)
    const { ballotBox: _dropped, ...config } = h.readConfig()
    h.writeConfig(config)
    node = await startNode(c.home)
    expect(node.output()).not.toContain('Ballot box')
    expect((await api(node, 'GET', '/api/v1/health')).status).toBe(200)
    expect(await listening(port)).toBe(false)
  })
})
