/**
 * Issue 15's "create → join → admitted → votes", through the app's API only (docs/adr/0064): a two-validator
 * consortium (`daejang testnet`), a new agency's node made with `daejang join` and started; it reports itself not
 * admitted (the consortium's nodes refuse it); its request, read from its own API, is checked by an administrator's
 * node and proposed, then approved by the other agency, each a transaction sent to the API; the new node then reports
 * catching up or admitted, votes from the effective height, and its signatures appear in the commits.
 */
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { makeTx, txToJson } from '../../src/ledger/types/tx'
import { loadSigner } from '../../src/ledger/crypto/keystore'
import { type StartedNode, api, cli, freeBase, startNode, stopAll, tempHome, waitFor } from './harness'

describe('an agency joins through the app API: refused, admitted, then voting', () => {
  const t = tempHome()
  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('create → join → admitted → votes', { timeout: 300_000 }, async () => {
    const base = await freeBase(6)
    const made = cli(['testnet', '--validators', '2', '--dir', t.dir, '--base-port', String(base), '--heartbeat-ms', '300', '--json'])
    expect(made.code, made.stderr).toBe(0)
    const chainId = made.json.chainId as string
    const homes = [join(t.dir, 'node0'), join(t.dir, 'node1')]
    const validators: StartedNode[] = []
    for (const h of homes) validators.push(await startNode(h))
    const status = async (n: StartedNode) => (await api(n, 'GET', '/api/v1/status')).body
    await waitFor(async () => (await status(validators[0]!)).height >= 2, 60_000, 'the consortium commits')
    // a validator of the consortium did not join: it reports no admission state
    expect((await status(validators[0]!)).admission ?? null).toBeNull()

    const home = join(t.dir, 'new')
    const peers = (made.json.nodes as Array<{ nodeKey: string; p2p: string }>).flatMap((n) => ['--peer', `${n.nodeKey}@${n.p2p}`])
    const joined = cli([
      'join', '--home', home, '--genesis', join(homes[0]!, 'genesis.json'), '--agency-id', 'agency-new', '--agency-name', '새 기관',
      '--listen', `/ip4/127.0.0.1/tcp/${base + 4}`, '--api-port', String(base + 5), '--heartbeat-ms', '300', ...peers, '--json',
    ])
    expect(joined.code, joined.stderr).toBe(0)
    const node = await startNode(home)
    const nodeKey = joined.json.nodeKey as string

    // not admitted: the consortium's nodes refuse it
    const first = await status(node)
    expect(first.admission).toMatchObject({ state: 'refused', kind: 'agency', agency: 'agency-new' })
    expect(first.peers).toBe(0)
    expect(first.height).toBe(0)

    // its request, as its waiting screen shows it, checked by an administrator's node
    const own = await api(node, 'GET', '/api/v1/admission/request')
    expect(own.status).toBe(200)
    expect(own.body.summary.agency.id).toBe('agency-new')
    expect(own.body.qr.whole).toBe(true)
    const checked = await api(validators[0]!, 'POST', '/api/v1/admission/check', { text: own.body.qr.text })
    expect(checked.status, JSON.stringify(checked.body)).toBe(200)
    expect(checked.body.change).toEqual({ kind: 'agency.admit', agency: own.body.summary.agency })
    // the same request altered on the way is refused, with its code
    const tampered = own.body.text.replace('"power": 10', '"power": 1000')
    expect(tampered).not.toBe(own.body.text)
    const refused = await api(validators[0]!, 'POST', '/api/v1/admission/check', { text: tampered })
    expect(refused.status).toBe(422)
    expect(refused.body.error.code).toBe('ADMISSION_BAD_SIGNATURE')
    // and a request of the consortium's own agency id is refused as taken
    const other = await api(validators[1]!, 'POST', '/api/v1/admission/check', { text: own.body.text.replace('"chainId": "', '"chainId": "x') })
    expect(other.body.error.code).toMatch(/^ADMISSION_(BAD_SIGNATURE|MALFORMED)$/)

    // propose (agency-0's administrator) and approve (agency-1's), each a signed transaction sent to the API
    const head = (await status(validators[0]!)).height
    const admins = homes.map((h) => loadSigner(join(h, 'keys', 'admin.json')))
    const submit = makeTx(admins[0]!, {
      chainId,
      type: 'governance.proposal.submit',
      nonce: Date.now(),
      payload: { change: checked.body.change, effectiveHeight: head + 30, note: 'admitted from its request' },
    })
    const proposed = await api(validators[0]!, 'POST', '/api/v1/txs?wait=commit', txToJson(submit))
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(200)
    const approve = makeTx(admins[1]!, { chainId, type: 'governance.proposal.approve', nonce: Date.now(), payload: { proposal: proposed.body.hash } })
    const approved = await api(validators[1]!, 'POST', '/api/v1/txs?wait=commit', txToJson(approve))
    expect(approved.status, JSON.stringify(approved.body)).toBe(200)
    const effective = head + 30

    // admitted: its peers take it, it syncs the blocks that record its admission, and says it votes from the height
    await waitFor(async () => {
      const a = (await status(node)).admission
      return a?.state === 'voting-from' || a?.state === 'voting' ? a : undefined
    }, 120_000, 'the node finds its agency admitted')
    const after = (await status(node)).admission
    expect(after.height).toBe(effective)
    expect(after.agencyName).toBe('새 기관')

    // from the effective height it votes: its signature is in the commits of blocks from there on
    await waitFor(async () => (await status(node)).admission?.state === 'voting', 120_000, 'voting')
    // the commit that decided block h (its validators' signatures)
    const signedBy = async (h: number): Promise<string[]> => {
      const b = (await api(validators[0]!, 'GET', `/api/v1/blocks/${h}`)).body
      expect(b.commit?.height ?? h).toBe(h)
      return (b.commit?.sigs ?? []).map((s: { validator: string }) => s.validator)
    }
    const found = await waitFor(async () => {
      const top = (await status(validators[0]!)).height
      for (let h = effective; h <= top; h++) if ((await signedBy(h)).includes(nodeKey)) return h
      return undefined
    }, 120_000, "the new node's signature in a commit")
    expect(found).toBeGreaterThanOrEqual(effective)
    // never before the effective height
    expect(await signedBy(effective - 1)).not.toContain(nodeKey)
    expect((await status(node)).validator).toBe(true)

    // a workstation of agency-0: refused until its administrator grants its node key the workstation role
    const wsHome = join(t.dir, 'workstation')
    const ws = cli([
      'join', '--workstation', '--agency-id', 'agency-0', '--home', wsHome, '--genesis', join(homes[0]!, 'genesis.json'),
      '--listen', '/ip4/127.0.0.1/tcp/0', ...peers, '--json',
    ])
    expect(ws.code, ws.stderr).toBe(0)
    const wsNode = await startNode(wsHome)
    expect((await status(wsNode)).admission).toMatchObject({ state: 'refused', kind: 'workstation', agency: 'agency-0' })
    const wsReq = (await api(wsNode, 'GET', '/api/v1/admission/request')).body
    const wsChecked = await api(validators[0]!, 'POST', '/api/v1/admission/check', { text: wsReq.text })
    expect(wsChecked.status, JSON.stringify(wsChecked.body)).toBe(200)
    expect(wsChecked.body.summary).toMatchObject({ kind: 'workstation', workstationAgency: 'agency-0', nodeKey: ws.json.nodeKey })
    expect(wsChecked.body.change).toBeNull()
    const grant = makeTx(admins[0]!, {
      chainId,
      type: 'identity.role.grant',
      nonce: Date.now(),
      payload: { agency: 'agency-0', subject: wsChecked.body.summary.nodeKey, role: 'workstation', expiresAt: null },
    })
    const granted = await api(validators[0]!, 'POST', '/api/v1/txs?wait=commit', txToJson(grant))
    expect(granted.status, JSON.stringify(granted.body)).toBe(200)
    await waitFor(async () => (await status(wsNode)).admission?.state === 'workstation', 120_000, 'the workstation finds its role')
    expect((await status(wsNode)).validator).toBe(false)
  })
})
