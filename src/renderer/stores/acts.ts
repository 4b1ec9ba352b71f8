/**
 * Acts waiting for signatures (docs/adr/0020): made here (signed by our key, naming co-signers) or imported from a
 * file or QR code to add our signature. They are kept on this device (IndexedDB, the meta store: no secret in them)
 * until every party has signed; then `send` hands the act, now a transaction, to the outbox.
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
  let loaded: Promise<void> | null = null

  function load(): Promise<void> {
    loaded ??= appDb()
      .then((db) => db.get<{ key: string; value: HeldAct[] }>(STORES.meta.name, META_KEY))
      .then((r) => {
        if (r?.value) acts.value = r.value
      })
      .catch(() => undefined)
    return loaded
  }

  async function save(): Promise<void> {
    const db = await appDb()
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
    await load()
    const held = put(await useKeysStore().signNewActWithUnlocked(type, payload, cosigners))
    await save()
    return held
  }

  /** An act from a file or a QR code: its valid signatures are added to our copy (or it is kept as a new one). */
  async function importText(text: string): Promise<HeldAct> {
    await load()
    const held = put(validSignaturesOnly(parseAct(text)))
    await save()
    return held
  }

  /** Our unlocked key signs the act (it must be one of its parties). */
  async function sign(id: string): Promise<HeldAct> {
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
    acts.value = acts.value.filter((a) => a.id !== id)
    await save()
  }

  return { acts, load, create, importText, sign, send, remove }
})
