/**
 * The acts store keeps acts waiting for signatures in IndexedDB (review finding 9): a failed read must not let the
 * next save overwrite the stored list, and two windows saving keep each other's acts (merged by act id).
 */
import { IDBFactory } from 'fake-indexeddb'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { toHex, utf8 } from '../../src/ledger/codec/bytes'
import { publicKeyFromSeed } from '../../src/ledger/crypto/ed25519'
import { sha256 } from '../../src/ledger/crypto/sha256'
import { actFileText, actId } from '../../src/renderer/lib/acts'
import { signNewAct } from '../../src/renderer/lib/signing'

const seed = (l: string): Uint8Array => sha256(utf8('acts-store-test/' + l))
const other = toHex(publicKeyFromSeed(seed('other')))
const actText = (n: number): string =>
  actFileText(signNewAct(seed('me'), { chainId: 'daejang-test', type: 'governance.proposal.approve', payload: { proposal: 'ab'.repeat(32) }, nonce: n, time: 1_700_000_000_000 }, [other]))

async function freshModules() {
  vi.resetModules()
  vi.stubGlobal('indexedDB', new IDBFactory())
  const { useActsStore } = await import('../../src/renderer/stores/acts')
  const { appDb } = await import('../../src/renderer/lib/idb')
  /** a window of the app: its own pinia, the same database */
  const window = () => {
    setActivePinia(createPinia())
    return useActsStore()
  }
  return { window, appDb }
}

describe('the acts store', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('does not overwrite the stored acts after a failed read', async () => {
    const { window, appDb } = await freshModules()
    const first = await window().importText(actText(1))
    // a later start: the first read of the list fails
    vi.spyOn(await appDb(), 'get').mockRejectedValueOnce(new Error('read failed'))
    const w = window()
    await w.load()
    const second = await w.importText(actText(2))
    const again = window()
    await again.load()
    expect(again.acts.map((a) => a.id).sort()).toEqual([first.id, second.id].sort())
  })

  it('keeps the acts another window saved in between (merged by act id), and drops only what was removed', async () => {
    const { window } = await freshModules()
    const a = window()
    const b = window()
    await a.load()
    await b.load()
    const one = await a.importText(actText(1))
    const two = await b.importText(actText(2))
    const three = await a.importText(actText(3))
    await b.remove(one.id)
    const seen = window()
    await seen.load()
    expect(seen.acts.map((x) => x.id).sort()).toEqual([two.id, three.id].sort())
    expect(actId(seen.acts[0]!.act)).toBe(seen.acts[0]!.id)
  })
})
