/**
 * The restore fence (server/backup/fence.ts, docs/adr/0065): a restored validator's signing guard refuses every
 * signature while the fence is closed — even one the backup's own guard record would allow —, the fence is lifted
 * only once the node has committed past the head it started with and is not behind, at max(head, peers' height) + 1,
 * written to its file before anything is signed; then nothing at or below the floor is signed, and the next height is.
 */
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MemoryGuardStore, SignGuard } from '../../src/ledger/consensus/guard'
import { Home } from '../../src/ledger/node/home'
import { RestoreFence, fencePath, readFence, writeFence } from '../../src/server/backup/fence'
import { mkdirSync, writeFileSync } from 'node:fs'
import { Cleanup, signerFor, tempDir } from '../ledger/helpers'

const cleanup = new Cleanup()
afterAll(() => cleanup.run())

const req = (height: number, round = 0, step: 0 | 1 | 2 = 1) => ({ height, round, step, signBytes: new Uint8Array([height, round, step]) })

describe('the restore fence', () => {
  it('signs nothing while closed, then nothing at or below the floor, then the next height', () => {
    const home = new Home(join(tempDir(cleanup), 'h'))
    mkdirSync(home.consensusDir, { recursive: true })
    writeFence(fencePath(home), { format: 'daejang-restore-fence/1', backupHeight: 10, restoredAt: new Date().toISOString(), floor: null })
    const fence = RestoreFence.open(home)!
    const inner = new MemoryGuardStore()
    // the backup's guard: last signed at height 10
    inner.record = { height: 10, round: 0, step: 2, digest: new Uint8Array(32) }
    const guard = new SignGuard(signerFor('v'), fence.wrap(inner))
    expect(guard.sign(req(11)).ok).toBe(false)
    expect(guard.sign(req(500)).ok).toBe(false)
    expect(inner.saves).toBe(0)

    // not yet: the head it started with, or still behind its peers
    fence.observe({ height: 10, syncing: false, syncTarget: 10 })
    expect(fence.observe({ height: 10, syncing: false, syncTarget: 40 })).toBe(false)
    expect(fence.observe({ height: 25, syncing: true, syncTarget: 40 })).toBe(false)
    expect(readFence(fencePath(home))?.floor).toBeNull()
    expect(guard.sign(req(41)).ok).toBe(false)

    // caught up: the floor is the peers' height + 1, durable in the file
    expect(fence.observe({ height: 40, syncing: false, syncTarget: 41 })).toBe(true)
    expect(readFence(fencePath(home))?.floor).toBe(42)
    expect(RestoreFence.open(home)!.record.floor).toBe(42)
    expect(guard.sign(req(42, 7, 2)).ok).toBe(false)
    expect(guard.sign(req(41)).ok).toBe(false)
    const next = guard.sign(req(43))
    expect(next.ok).toBe(true)
    expect(inner.record?.height).toBe(43)
  })

  it('a home that was not restored has no fence; a damaged fence file keeps the validator from signing', () => {
    const home = new Home(join(tempDir(cleanup), 'h'))
    expect(RestoreFence.open(home)).toBeNull()
    mkdirSync(home.consensusDir, { recursive: true })
    writeFileSync(fencePath(home), '{"format": "something else"}')
    expect(() => RestoreFence.open(home)).toThrow(/restore fence/)
  })
})
