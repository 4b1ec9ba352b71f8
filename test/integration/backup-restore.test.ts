/**
 * Backup → wipe → restore → resync with real node processes on loopback (docs/adr/0065). Four validators of equal
 * power (three make more than 2/3): one is backed up while it runs (`daejang backup create --with-store`, made by the
 * node from a snapshot of its store), killed, its home wiped; the others go on. Restored into the empty home, it
 * starts, catches up from its peers, and signs nothing until it has: its restore fence is lifted at a height at
 * least the one its peers had reached, no commit at or below that height carries its signature, its signing guard
 * moves on past it, and no node holds evidence of a double signature. A second validator restored from a backup
 * without its store syncs from height 0 and votes again. A restore over a live home or with a wrong passphrase is
 * refused with its code.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FileGuardStore } from '../../src/ledger/consensus/guard-file'
import { FENCE_FILE, readFence } from '../../src/server/backup/fence'
import { type StartedNode, api, cli, freeBase, kill9, startNode, stopAll, tempHome, waitFor } from './harness'

describe('backup and restore of a validator between processes', () => {
  const t = tempHome()
  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('comes back from its backup, catches up and signs again without signing twice', { timeout: 420_000 }, async () => {
    const base = await freeBase(8)
    const made = cli(['testnet', '--validators', '4', '--dir', t.dir, '--base-port', String(base), '--heartbeat-ms', '300', '--json'])
    expect(made.code, made.stderr).toBe(0)
    const homes = [0, 1, 2, 3].map((i) => join(t.dir, `node${i}`))
    const keys: string[] = made.json.nodes.map((n: { nodeKey: string }) => n.nodeKey)
    const nodes: StartedNode[] = []
    for (const h of homes) nodes.push(await startNode(h))
    const height = async (n: StartedNode): Promise<number> => (await api(n, 'GET', '/api/v1/status')).body.height
    await waitFor(async () => (await height(nodes[0]!)) >= 3, 60_000, 'the consortium commits')

    const passFile = join(t.dir, 'pass.txt')
    writeFileSync(passFile, 'a long backup passphrase\n')
    const full = join(t.dir, 'node3.djbackup')
    const c = cli(['backup', 'create', '--home', homes[3]!, '--out', full, '--with-store', '--passphrase-file', passFile, '--json'])
    expect(c.code, c.stderr).toBe(0)
    expect(c.json.header).toMatchObject({ nodeKey: keys[3], withStore: true })
    const backupHeight = c.json.header.height as number
    expect(backupHeight).toBeGreaterThanOrEqual(3)
    const keysOnly = join(t.dir, 'node2-keys.djbackup')
    expect(cli(['backup', 'create', '--home', homes[2]!, '--out', keysOnly, '--passphrase-file', passFile, '--json']).code).toBe(0)
    const shown = cli(['backup', 'show', full, '--json'])
    expect(shown.json).toMatchObject({ chainId: made.json.chainId, nodeKey: keys[3], height: backupHeight })
    expect(cli(['backup', 'show', full, '--lang', 'en']).stdout).toContain('Keys, settings, copy of the ledger')

    // never over a live home; a wrong passphrase opens nothing
    const over = cli(['backup', 'restore', '--home', homes[3]!, '--from', full, '--passphrase-file', passFile, '--json'])
    expect(over.json.error.code).toBe('BACKUP_HOME_NOT_EMPTY')
    const wrong = join(t.dir, 'wrong.txt')
    writeFileSync(wrong, 'not the passphrase')
    const w = cli(['backup', 'restore', '--home', join(t.dir, 'elsewhere'), '--from', full, '--passphrase-file', wrong, '--json'])
    expect(w.json.error.code).toBe('BACKUP_WRONG_PASSPHRASE')
    expect(existsSync(join(t.dir, 'elsewhere'))).toBe(false)

    // the machine is lost; the other three go on
    await kill9(nodes[3]!)
    rmSync(homes[3]!, { recursive: true, force: true })
    const lost = await height(nodes[0]!)
    await waitFor(async () => (await height(nodes[0]!)) >= lost + 5, 90_000, 'the three others go on')

    const r = cli(['backup', 'restore', '--home', homes[3]!, '--from', full, '--passphrase-file', passFile, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({ chainId: made.json.chainId, height: backupHeight, withStore: true })
    const fencePath = join(homes[3]!, 'data', 'consensus', FENCE_FILE)
    expect(readFence(fencePath)).toMatchObject({ floor: null, backupHeight })
    const peersAtStart = await height(nodes[0]!)
    nodes[3] = await startNode(homes[3]!)

    // it catches up, then its fence is lifted at a height at least the one its peers were at
    const fence = await waitFor(async () => readFence(fencePath)?.floor ?? undefined, 120_000, 'the restored validator catches up and lifts its fence')
    expect(fence).toBeGreaterThanOrEqual(peersAtStart + 1)
    expect(await height(nodes[3]!)).toBeGreaterThanOrEqual(fence - 1)
    // it signs again: its guard moves past the fence
    const guardPath = join(homes[3]!, 'data', 'consensus', 'sign-guard')
    await waitFor(async () => (new FileGuardStore(guardPath).load()?.height ?? 0) > fence, 90_000, 'the restored validator signs again')
    await waitFor(async () => (await height(nodes[0]!)) >= fence + 2, 60_000, 'blocks past the fence')
    // no commit from its restart up to the fence carries its signature
    for (let h = peersAtStart + 1; h <= fence; h++) {
      const b = (await api(nodes[0]!, 'GET', `/api/v1/blocks/${h}`)).body
      expect(b.commit.sigs.map((s: { validator: string }) => s.validator), `block ${h}`).not.toContain(keys[3])
    }

    // a second validator, from a backup without its store: keys and config, then the whole chain from its peers
    await kill9(nodes[2]!)
    rmSync(homes[2]!, { recursive: true, force: true })
    const r2 = cli(['backup', 'restore', '--home', homes[2]!, '--from', keysOnly, '--passphrase-file', passFile, '--json'])
    expect(r2.code, r2.stderr).toBe(0)
    expect(r2.json).toMatchObject({ withStore: false, height: null })
    expect(JSON.parse(readFileSync(join(homes[2]!, 'keys', 'node.json'), 'utf8')).publicKey).toBe(keys[2])
    nodes[2] = await startNode(homes[2]!)
    const target = await height(nodes[0]!)
    await waitFor(async () => (await height(nodes[2]!)) >= target, 120_000, 'the keys-only restore syncs from height 0')
    const fence2 = await waitFor(async () => readFence(join(homes[2]!, 'data', 'consensus', FENCE_FILE))?.floor ?? undefined, 120_000, 'its fence lifts')
    await waitFor(async () => (new FileGuardStore(join(homes[2]!, 'data', 'consensus', 'sign-guard')).load()?.height ?? 0) > fence2, 90_000, 'it signs again')
    const b1 = (await api(nodes[2]!, 'GET', '/api/v1/blocks/1')).body
    expect(b1.hash).toBe((await api(nodes[0]!, 'GET', '/api/v1/blocks/1')).body.hash)

    // nobody signed twice
    for (const n of nodes) expect((await api(n, 'GET', '/api/v1/consensus/evidence')).body).toEqual([])
  })
})
