/**
 * After a decision the replica keeps the decided height's WAL records until the next decision: if the node
 * crashes before the host has committed the block, the replay decides the same height again instead of starting
 * it afresh without its locks.
 */
import { describe, expect, it } from 'vitest'
import { nodeSigner, verifyNode } from '../../src/ledger/crypto/ed25519-node'
import { MemoryGuardStore, SignGuard } from '../../src/ledger/consensus/guard'
import { decodeInput, inputHeight } from '../../src/ledger/consensus/messages'
import { Replica, type ReplicaHost } from '../../src/ledger/consensus/replica'
import { ValidatorSet } from '../../src/ledger/consensus/validators'
import { MemoryWal } from '../../src/ledger/consensus/wal'

describe('replica WAL compaction', () => {
  it('keeps the decided height until the next decision, and a replay decides it again', () => {
    const signer = nodeSigner(new Uint8Array(32).fill(3))
    const validators = new ValidatorSet([{ publicKey: signer.publicKey, power: 1 }])
    const wal = new MemoryWal()
    const guardStore = new MemoryGuardStore()
    const decided: number[] = []
    const asked: Array<[number, number]> = []
    const host = (): ReplicaHost => ({
      broadcast: () => undefined,
      scheduleTimeout: () => undefined,
      // answered by hand below, so that the lone validator decides height 1 and stops there
      requestValue: (h, round) => void asked.push([h, round]),
      isValid: () => true,
      decided: (d) => decided.push(d.height),
      evidence: () => undefined,
    })
    const cfg = { chainId: 'wal-test', validators, verify: verifyNode }
    const r = new Replica(cfg, new SignGuard(signer, guardStore), wal, host(), 0)
    r.start()
    expect(asked).toEqual([[1, 0]])
    r.input({ kind: 'value', height: 1, round: 0, value: new Uint8Array([1, 2, 3]) })
    expect(decided).toEqual([1])
    const heights = wal.read().records.map((rec) => inputHeight(decodeInput(rec)))
    expect(heights).toContain(1)
    // a crash before the block of height 1 was committed: the application still says 0 decided
    decided.length = 0
    const again = new Replica(cfg, new SignGuard(signer, guardStore), wal, host(), 0)
    expect(decided).toEqual([1])
    expect(again.core.height).toBe(2)
  })
})
