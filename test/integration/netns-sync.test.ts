/**
 * A peer that sends bad blocks is dropped while the sync goes on (issue 15 item 3, docs/adr/0053), as real processes
 * in network namespaces: three validators of a testnet share a chain made ahead (600 blocks); two run `daejang
 * start`, the third runs the test-only hostile node (netns-hostile-peer.ts: honest in consensus, but every block sync
 * answer it gives has a forged commit). A workstation node that starts from nothing catches up from the three: the
 * hostile one is reported (a bad block, then disconnected — in the activity log, in words), the others are not, and
 * the node reaches the head.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { tempHome, waitFor } from './harness'
import { NetnsLab, type NsNode, makeConsortium, netnsOrSkipReason } from './netns'
import { buildChain, copyStore } from './netns-chain'

const available = netnsOrSkipReason('netns-sync.test.ts')
const CATCHER = 3
const HOSTILE = 2

describe.skipIf(!available)('a peer that sends bad blocks (network namespaces)', () => {
  const t = tempHome()
  let lab: NetnsLab | null = null
  afterAll(async () => {
    await lab?.destroy()
    t.cleanup()
  })

  it('is dropped, and the node catches up from the others', { timeout: 400_000 }, async () => {
    lab = NetnsLab.create(4)
    const L = lab
    const { vHomes, keys, ws } = makeConsortium(L, t.dir, { validators: 3, heartbeatMs: 300, wsName: 'catcher' })

    // a chain made ahead: 3,000 role grants in 600 blocks, each committed by the three validators' precommits
    const top = await buildChain({ validatorHomes: vHomes, txs: 3_000, block: 5 })
    expect(top).toBe(600)
    copyStore(vHomes[0]!, vHomes[1]!)
    copyStore(vHomes[0]!, vHomes[2]!)

    const validators: NsNode[] = []
    for (let i = 0; i < 3; i++) {
      validators.push(
        i === HOSTILE
          ? await L.start(i, vHomes[i]!, [process.execPath, '--import', 'tsx', 'test/integration/netns-hostile-peer.ts', '--home', vHomes[i]!])
          : await L.start(i, vHomes[i]!),
      )
    }
    const status = async (n: NsNode) => (await L.api(n, 'GET', '/api/v1/status')).body
    // consensus goes on past the made chain, the hostile validator voting honestly
    await waitFor(async () => (await status(validators[0]!)).height >= top + 2, 120_000, 'the validators commit past the made chain')

    const catcher = await L.start(CATCHER, ws.home)
    const target = (await status(validators[0]!)).height
    await waitFor(async () => (await status(catcher)).height >= target, 240_000, `the node catches up to ${target}`)
    await waitFor(async () => (await status(catcher)).syncState === 'synced', 60_000, 'the node in step')
    for (let h = top - 2; h <= top; h++) {
      expect((await L.api(catcher, 'GET', `/api/v1/blocks/${h}`)).body.hash).toBe((await L.api(validators[1]!, 'GET', `/api/v1/blocks/${h}`)).body.hash)
    }

    // the hostile node did send forged answers, and only it was reported
    expect(validators[HOSTILE]!.output()).toMatch(/hostile: forged answer \d+/)
    const entries = L.cli(CATCHER, ['activity', '--home', ws.home, '--kind', 'sync,peer', '--json']).json.entries as Array<{
      event: string
      details: Record<string, string | number>
    }>
    const bad = entries.filter((e) => e.event === 'sync.badBlock')
    const dropped = entries.filter((e) => e.event === 'peer.dropped')
    expect(bad.length).toBeGreaterThan(0)
    expect(new Set(bad.map((e) => e.details.peer))).toEqual(new Set([keys[HOSTILE]]))
    expect(String(bad[0]!.details.reason)).toMatch(/commit/)
    expect(dropped.map((e) => e.details.peer)).toContain(keys[HOSTILE])
    expect(dropped.map((e) => e.details.peer)).not.toContain(keys[0])
    expect(dropped.map((e) => e.details.peer)).not.toContain(keys[1])
    const ended = entries.filter((e) => e.event === 'sync.ended')
    expect(ended.length).toBeGreaterThan(0)
    // in words, both languages
    const en = L.cli(CATCHER, ['activity', '--home', ws.home, '--kind', 'sync,peer', '--lang', 'en']).stdout
    expect(en).toMatch(/was not valid and was not taken/)
    expect(en).toMatch(/was disconnected/)
    expect(en).not.toMatch(/sync\.badBlock|peer\.dropped/)
    const ko = L.cli(CATCHER, ['activity', '--home', ws.home, '--kind', 'sync,peer', '--lang', 'ko']).stdout
    expect(ko).toMatch(/올바르지 않아 받지 않았습니다/)
    expect(ko).toMatch(/연결을 끊었습니다/)
  })
})
