/**
 * Acts waiting for signatures (docs/adr/0020): made here (signed by our key, naming co-signers) or imported from a
 * file or QR code to add our signature. They are kept on this device (IndexedDB, the meta store: no secret in them)
 * until every party has signed; then `send` hands the act, now a transaction, to the outbox. A list that could not be
 * read is never written over (a change is refused until it is read); a save merges with what other windows saved
 * meanwhile, by act id (their signatures kept, only what this window removed dropped), as the outbox does.
 */
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { TxJsonDto } from '../../shared/api'
import type { JsonValue } from '../../ledger/types/tx'
import { type ActJson, actId, isComplete, mergeActs, parseAct, validSignaturesOnly } from '../lib/acts'
import { appDb, STORES } from '../lib/idb'
import type { OutboxItem } from '../lib/outbox'
import { useKeysStore } from './keys'
import { useOutboxStore } from './outbox'

export interface HeldAct {
  id: string
  act: ActJson
  addedAt: number
}

const META_KEY = 'acts-awaiting-signatures'

export const useActsStore = defineStore('acts', () => {
  const acts = shallowRef<HeldAct[]>([])
  /** the reason the stored list could not be read (null once read) */
  const loadError = shallowRef<unknown>(null)
  let loaded: Promise<boolean> | null = null
  /** acts this window removed: a save does not bring them back from another window's list */
  const removed = new Set<string>()

  async function stored(): Promise<HeldAct[]> {
    const r = await (await appDb()).get<{ key: string; value: HeldAct[] }>(STORES.meta.name, META_KEY)
    return r?.value ?? []
  }

  /** Read the stored list (once; again after a failure). Resolves false when it could not be read. */
  function load(): Promise<boolean> {
    loaded ??= stored().then(
      (list) => {
        acts.value = merged(acts.value, list)
        loadError.value = null
        return true
      },
      (err: unknown) => {
        loadError.value = err
        loaded = null
        return false
      },
    )
    return loaded
  }

  /** Ours and `theirs`, by act id: signatures of both copies kept; newest first. */
  function merged(ours: readonly HeldAct[], theirs: readonly HeldAct[]): HeldAct[] {
    const byId = new Map(ours.map((h) => [h.id, h]))
    for (const t of theirs) {
      if (removed.has(t.id)) continue
      const mine = byId.get(t.id)
      byId.set(t.id, mine ? { ...mine, act: mergeActs(mine.act, t.act) } : t)
    }
    return [...byId.values()].sort((x, y) => y.addedAt - x.addedAt)
  }

  /** Before a change: the stored list must have been read, or the change would write over it. */
  async function ready(): Promise<void> {
    if (!(await load())) throw new Error('The acts kept on this device could not be read; nothing was changed.', { cause: loadError.value })
  }

  async function save(): Promise<void> {
    const db = await appDb()
    acts.value = merged(acts.value, await stored())
    await db.put(STORES.meta.name, { key: META_KEY, value: JSON.parse(JSON.stringify(acts.value)) as HeldAct[] })
  }

  function put(act: ActJson): HeldAct {
    const id = actId(act)
    const i = acts.value.findIndex((a) => a.id === id)
    const held: HeldAct = { id, act: i >= 0 ? mergeActs(acts.value[i]!.act, act) : act, addedAt: i >= 0 ? acts.value[i]!.addedAt : Date.now() }
    acts.value = i >= 0 ? acts.value.map((a, k) => (k === i ? held : a)) : [held, ...acts.value]
    return held
  }

  /** A new act signed by the unlocked key, naming `cosigners`; kept here until they have signed. */
  async function create(type: string, payload: JsonValue, cosigners: readonly string[]): Promise<HeldAct> {
    await ready()
    const held = put(await useKeysStore().signNewActWithUnlocked(type, payload, cosigners))
    await save()
    return held
  }

  /** An act from a file or a QR code: its valid signatures are added to our copy (or it is kept as a new one). */
  async function importText(text: string): Promise<HeldAct> {
    await ready()
    const held = put(validSignaturesOnly(parseAct(text)))
    await save()
    return held
  }

  /** Our unlocked key signs the act (it must be one of its parties). */
  async function sign(id: string): Promise<HeldAct> {
    await ready()
    const held = acts.value.find((a) => a.id === id)
    if (!held) throw new Error('No such act.')
    const next = put(await useKeysStore().signActWithUnlocked(held.act))
    await save()
    return next
  }

  /** Every party has signed: the act goes to the outbox as a transaction, and leaves this list. */
  async function send(id: string): Promise<OutboxItem> {
    const held = acts.value.find((a) => a.id === id)
    if (!held || !isComplete(held.act)) throw new Error('The act still needs signatures.')
    const item = await useOutboxStore().send(held.act as TxJsonDto)
    await remove(id)
    return item
  }

  async function remove(id: string): Promise<void> {
    await ready()
    removed.add(id)
    acts.value = acts.value.filter((a) => a.id !== id)
    await save()
  }

  return { acts, loadError, load, create, importText, sign, send, remove }
})
