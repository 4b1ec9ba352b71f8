/**
 * Staff keys on this device (lib/keystore.ts) and the one that is unlocked. The unlocked seed lives in this closure
 * only — never in reactive state, storage or logs — until the user locks, the key is removed, or AUTO_LOCK_MS pass
 * without keyboard or pointer activity. Signing goes through here and every signed transaction through the outbox.
 * The key store (scrypt, Ed25519) and signing (the transaction codec: CBOR, its schemas) are loaded on first use, not
 * with the app's first screen: the start bundle stays small (issue 9, item 19).
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { KeyInfoDto, TxJsonDto } from '../../shared/api'
import { fromHex, toHex } from '../../ledger/codec/bytes'
import type { ActJson, JsonValue } from '../../ledger/types/tx'
import type { Mandate } from '../../ledger/registries/land/portable/schema'
import { ApiError } from '../api/client'
import { fetchLocalAdminKey, getKeyInfo } from '../api/ledger'
import { appDb, STORES } from '../lib/idb'
import { watchIdle, type IdleWatch } from '../lib/idle'
import type { KeyMeta, KeyStore } from '../lib/keystore'
import { CosignedEditError, type OutboxItem } from '../lib/outbox'
import { useConnectionStore } from './connection'
import { useNodeStore } from './node'
import { useOutboxStore } from './outbox'
import { useSessionStore } from './session'

export const AUTO_LOCK_MS = 15 * 60_000
const ACTIVE_KEY_STORAGE = 'daejang.activeKey'
const CHAIN_META_KEY = 'chainId'

export type KeyWork = 'create' | 'unlock' | 'import' | 'local-admin'

export class KeyLockedError extends Error {
  constructor() {
    super('Unlock your key to sign.')
    this.name = 'KeyLockedError'
  }
}

export class NoChainError extends Error {
  constructor() {
    super('The chain is not known yet: the node has not answered since the app started.')
    this.name = 'NoChainError'
  }
}

type Signing = typeof import('../lib/signing')

/** The signing module, loaded once: before a key is unlocked (so a synchronous co-signature can use it) or to sign. */
let signingModule: Promise<Signing> | null = null
function loadSigning(): Promise<Signing> {
  signingModule ??= import('../lib/signing').catch((err: unknown) => {
    signingModule = null
    throw err
  })
  return signingModule
}

export const useKeysStore = defineStore('keys', () => {
  const connection = useConnectionStore()
  const node = useNodeStore()
  const outbox = useOutboxStore()
  const session = useSessionStore()

  const keys = ref<KeyMeta[]>([])
  const loaded = ref(false)
  const loadError = ref<string | null>(null)
  /** the key the UI works with (chosen by the user), unlocked or not */
  const activeKey = ref<string | null>(readActiveKey())
  /** public key of the unlocked key, if any */
  const unlockedKey = ref<string | null>(null)
  const infos = shallowRef<Record<string, KeyInfoDto>>({})
  const infoErrors = shallowRef<Record<string, string>>({})
  /** slow work in progress (scrypt), with its progress 0…1 */
  const work = ref<{ kind: KeyWork; progress: number } | null>(null)
  /**
   * A key just created or taken here and sealed by the OS secure storage: this device holds no copy usable without
   * that storage, so the UI asks for an encrypted backup right away (until exported or dismissed).
   */
  const backupDue = ref<string | null>(null)
  /** the bridge offers OS secure storage (Electron); in a browser never */
  const osStorageOffered = typeof window !== 'undefined' && window.daejang !== undefined

  let store: KeyStore | null = null
  let seed: Uint8Array | null = null
  /** loaded whenever `seed` is set (unlock and afterAdd wait for it) */
  let signing: Signing | null = null
  let idle: IdleWatch | null = null
  let cachedChainId: string | null = null

  const hasKeys = computed(() => keys.value.length > 0)
  const activeMeta = computed(() => keys.value.find((k) => k.publicKey === activeKey.value) ?? null)
  const activeInfo = computed(() => (activeKey.value ? (infos.value[activeKey.value] ?? null) : null))
  const isUnlocked = computed(() => unlockedKey.value !== null)
  /** agencies the unlocked key administers */
  const adminOf = computed(() => (unlockedKey.value ? (infos.value[unlockedKey.value]?.adminOf ?? []) : []))

  async function keyStore(): Promise<KeyStore> {
    if (store) return store
    const [db, { KeyStore }] = await Promise.all([appDb(), import('../lib/keystore')])
    store ??= new KeyStore(db, typeof window !== 'undefined' ? (window.daejang ?? null) : null)
    return store
  }

  async function load(): Promise<void> {
    try {
      keys.value = await (await keyStore()).list()
      loaded.value = true
      loadError.value = null
      if (activeKey.value && !keys.value.some((k) => k.publicKey === activeKey.value)) setActive(null)
      if (!activeKey.value && keys.value.length > 0) setActive(keys.value[0]!.publicKey)
      await Promise.all(keys.value.map((k) => refreshInfo(k.publicKey)))
    } catch (err) {
      loadError.value = messageOf(err)
    }
  }

  function setActive(publicKey: string | null): void {
    activeKey.value = publicKey
    try {
      if (publicKey) window.localStorage.setItem(ACTIVE_KEY_STORAGE, publicKey)
      else window.localStorage.removeItem(ACTIVE_KEY_STORAGE)
    } catch {
      // not remembered; fine
    }
  }

  /** Chooses the key to work with; a different unlocked key is locked first. */
  function select(publicKey: string): void {
    if (unlockedKey.value && unlockedKey.value !== publicKey) lock()
    setActive(publicKey)
  }

  async function withWork<T>(kind: KeyWork, fn: (progress: (p: number) => void) => Promise<T>): Promise<T> {
    work.value = { kind, progress: 0 }
    try {
      return await fn((p) => {
        if (work.value) work.value = { kind, progress: p }
      })
    } finally {
      work.value = null
    }
  }

  /** Creates a key on this device, encrypted under the passphrase, and unlocks it. */
  async function create(name: string, passphrase: string): Promise<KeyMeta> {
    const { generateSeed } = await import('../lib/keystore')
    const fresh = generateSeed()
    try {
      const meta = await withWork('create', async (onProgress) => (await keyStore()).add({ seed: fresh, name, passphrase, origin: 'created', onProgress }))
      await afterAdd(meta, fresh)
      if (meta.protection === 'os') backupDue.value = meta.publicKey
      return meta
    } finally {
      fresh.fill(0)
    }
  }

  /**
   * Local consortium only: takes the node's administrator key, encrypts it at once under the passphrase and unlocks
   * it. The seed is never shown, logged or stored unencrypted.
   */
  async function adoptLocalAdmin(name: string, passphrase: string): Promise<KeyMeta> {
    const client = await connection.ensureClient()
    return withWork('local-admin', async (onProgress) => {
      const [dto, { publicKeyFromSeed }] = await Promise.all([fetchLocalAdminKey(client), import('../../ledger/crypto/ed25519')])
      const adminSeed = fromHex(dto.seed)
      try {
        if (toHex(publicKeyFromSeed(adminSeed)) !== dto.publicKey) throw new Error('The node sent a key that does not match.')
        const s = await keyStore()
        if (await s.has(dto.publicKey)) {
          keys.value = await s.list()
          throw new Error('The local administrator key is already on this device.')
        }
        const meta = await s.add({
          seed: adminSeed,
          name,
          passphrase,
          origin: 'local-admin',
          agency: dto.agency,
          onProgress,
        })
        await afterAdd(meta, adminSeed)
        return meta
      } finally {
        adminSeed.fill(0)
      }
    })
  }

  async function importBackup(text: string, passphrase: string): Promise<KeyMeta> {
    const meta = await withWork('import', async (onProgress) => (await keyStore()).importBackup(text, passphrase, onProgress))
    keys.value = await (await keyStore()).list()
    if (!activeKey.value) setActive(meta.publicKey)
    await refreshInfo(meta.publicKey)
    return meta
  }

  async function afterAdd(meta: KeyMeta, keySeed: Uint8Array): Promise<void> {
    keys.value = await (await keyStore()).list()
    const loaded = await loadSigning()
    lock()
    signing = loaded
    seed = keySeed.slice()
    unlockedKey.value = meta.publicKey
    setActive(meta.publicKey)
    startIdleWatch()
    session.setIdentity(meta.publicKey, [], false, false)
    await refreshInfo(meta.publicKey)
  }

  /** Decrypts the key (slow on purpose: scrypt) and keeps its seed in memory. WrongPassphraseError if wrong. */
  async function unlock(publicKey: string, passphrase: string): Promise<void> {
    const s = await keyStore()
    // loaded first: a seed is never held without the means to sign with it
    const loaded = await loadSigning()
    const unlocked = await withWork('unlock', (onProgress) => s.unlock(publicKey, passphrase, onProgress))
    lock()
    signing = loaded
    seed = unlocked
    unlockedKey.value = publicKey
    setActive(publicKey)
    startIdleWatch()
    const info = infos.value[publicKey]
    session.setIdentity(publicKey, info ? activeRoles(info) : [], info ? info.adminOf.length > 0 : false, info !== undefined)
    await refreshInfo(publicKey)
  }

  function lock(): void {
    seed?.fill(0)
    seed = null
    if (unlockedKey.value !== null) {
      unlockedKey.value = null
      session.clear()
    }
    stopIdleWatch()
  }

  /** Reads the key's nonce, roles and administered agencies from the node. */
  async function refreshInfo(publicKey: string): Promise<KeyInfoDto | null> {
    try {
      const info = await getKeyInfo(await connection.ensureClient(), publicKey)
      infos.value = { ...infos.value, [publicKey]: info }
      const { [publicKey]: _gone, ...rest } = infoErrors.value
      infoErrors.value = rest
      if (unlockedKey.value === publicKey) session.setIdentity(publicKey, activeRoles(info), info.adminOf.length > 0)
      return info
    } catch (err) {
      infoErrors.value = { ...infoErrors.value, [publicKey]: messageOf(err) }
      return null
    }
  }

  async function rename(publicKey: string, name: string): Promise<void> {
    await (await keyStore()).rename(publicKey, name)
    keys.value = await (await keyStore()).list()
  }

  async function remove(publicKey: string): Promise<void> {
    if (unlockedKey.value === publicKey) lock()
    await (await keyStore()).remove(publicKey)
    if (backupDue.value === publicKey) backupDue.value = null
    keys.value = await (await keyStore()).list()
    if (activeKey.value === publicKey) setActive(keys.value[0]?.publicKey ?? null)
  }

  /** The encrypted backup file of a key (`daejang-key/1`, usable by the CLI too). */
  async function exportBackup(publicKey: string): Promise<{ fileName: string; text: string }> {
    return (await keyStore()).exportBackup(publicKey)
  }

  /** The backup prompt was answered (exported) or dismissed. */
  function dismissBackupPrompt(): void {
    backupDue.value = null
  }

  async function chainId(): Promise<string> {
    const fromStatus = node.status?.chainId
    if (fromStatus) {
      if (fromStatus !== cachedChainId) {
        cachedChainId = fromStatus
        void appDb()
          .then((db) => db.put(STORES.meta.name, { key: CHAIN_META_KEY, value: fromStatus }))
          .catch(() => undefined)
      }
      return fromStatus
    }
    if (cachedChainId) return cachedChainId
    const stored = await appDb()
      .then((db) => db.get<{ key: string; value: string }>(STORES.meta.name, CHAIN_META_KEY))
      .catch(() => undefined)
    if (stored?.value) return (cachedChainId = stored.value)
    throw new NoChainError()
  }

  /** The key's highest committed nonce (from the node, else as last seen; null if never known) and the highest used here. */
  async function noncesOf(publicKey: string): Promise<{ committed: number | null; local: number | null }> {
    let committed = infos.value[publicKey]?.nonce ?? null
    try {
      committed = (await getKeyInfo(await connection.ensureClient(), publicKey)).nonce
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      // offline: the device's own record and the clock are enough
    }
    return { committed, local: outbox.lastNonce(publicKey) }
  }

  /** Nonce for the unlocked key: max(committed + 1, now, last used here + 1); works offline (ADR 0003). */
  async function nonceFor(publicKey: string): Promise<number> {
    const { committed, local } = await noncesOf(publicKey)
    return (await loadSigning()).nextNonce(committed, local, Date.now())
  }

  async function signWithUnlocked(type: string, payload: JsonValue, signer?: string): Promise<TxJsonDto> {
    const pk = unlockedKey.value
    if (!pk || !seed || (signer !== undefined && signer !== pk)) throw new KeyLockedError()
    touch()
    const fields = { chainId: await chainId(), type, payload, nonce: await nonceFor(pk) }
    // the key may have been locked while the nonce was looked up
    if (!seed || !signing || unlockedKey.value !== pk) throw new KeyLockedError()
    return signing.signTransaction(seed, fields)
  }

  /** An act naming `cosigners`, signed by the unlocked key (docs/adr/0020); the others sign it elsewhere. */
  async function signNewActWithUnlocked(type: string, payload: JsonValue, cosigners: readonly string[]): Promise<ActJson> {
    const pk = unlockedKey.value
    if (!pk || !seed) throw new KeyLockedError()
    touch()
    const fields = { chainId: await chainId(), type, payload, nonce: await nonceFor(pk) }
    if (!seed || !signing || unlockedKey.value !== pk) throw new KeyLockedError()
    return signing.signNewAct(seed, fields, cosigners)
  }

  /** Adds the unlocked key's signature to an act that names it, unless the act would harm the key (lib/signing.ts). */
  async function signActWithUnlocked(act: ActJson): Promise<ActJson> {
    const pk = unlockedKey.value
    if (!pk || !seed) throw new KeyLockedError()
    touch()
    const ours = await chainId()
    const { committed, local } = await noncesOf(pk)
    const lastNonce = committed === null && local === null ? null : Math.max(committed ?? 0, local ?? 0)
    if (!seed || !signing || unlockedKey.value !== pk) throw new KeyLockedError()
    return signing.signActWith(seed, act, { chainId: ours, lastNonce, now: Date.now() })
  }

  /**
   * A party's mandate to a licensed agent for one exact request (docs/adr/0033, "Agents and their mandates"), signed by
   * the unlocked key. The key signs only the domain-separated mandate digest portable/mandate.ts builds from the
   * chain, the agent, the office and the request's hash — never bytes handed in, so it cannot be made to sign a
   * transaction. The request is parsed by the registry's own schema first.
   */
  async function signMandateWithUnlocked(agent: string, office: string, request: unknown): Promise<Mandate> {
    const pk = unlockedKey.value
    if (!pk || !seed) throw new KeyLockedError()
    touch()
    const [{ makeMandate }, { MandateSchema, RequestSchema, officeCode }, { portableSigner }] = await Promise.all([
      import('../../ledger/registries/land/portable/mandate'),
      import('../../ledger/registries/land/portable/schema'),
      import('../../ledger/crypto/ed25519'),
    ])
    const req = RequestSchema.parse(request)
    const code = officeCode.parse(office)
    if (!/^[0-9a-f]{64}$/.test(agent)) throw new Error('The agent is not a public key.')
    if (agent === pk) throw new Error('A key does not give a mandate to itself.')
    const chain = await chainId()
    if (!seed || unlockedKey.value !== pk) throw new KeyLockedError()
    const key = seed
    return MandateSchema.parse(makeMandate(pk, (digest) => portableSigner(key).sign(digest), agent, code, req, chain))
  }

  /**
   * Signs with the unlocked key and hands the transaction to the outbox (stored before it is sent). `form`: the form
   * that made it (lib/forms.ts), recorded so a rejection re-opens in it.
   */
  async function signAndSend(type: string, payload: JsonValue, form?: string): Promise<OutboxItem> {
    return outbox.send(await signWithUnlocked(type, payload), form)
  }

  /** Edit & re-submit: the item's transaction re-signed (new nonce and time) with a changed payload. */
  async function resign(item: OutboxItem, payload: JsonValue): Promise<OutboxItem> {
    // a co-signed item re-signed by this key alone would lose its co-signers (lib/outbox.ts isEditable)
    if (item.tx.cosigners !== undefined) throw new CosignedEditError()
    const tx = await signWithUnlocked(item.tx.type, payload, item.tx.signer)
    return outbox.replace(item.id, tx, item.hash)
  }

  function touch(): void {
    idle?.touch()
  }

  function startIdleWatch(): void {
    stopIdleWatch()
    idle = watchIdle({ timeoutMs: AUTO_LOCK_MS, onIdle: lock, source: typeof window === 'undefined' ? null : window })
  }

  function stopIdleWatch(): void {
    idle?.stop()
    idle = null
  }

  return {
    keys,
    loaded,
    loadError,
    activeKey,
    unlockedKey,
    infos,
    infoErrors,
    work,
    backupDue,
    osStorageOffered,
    hasKeys,
    activeMeta,
    activeInfo,
    isUnlocked,
    adminOf,
    load,
    select,
    create,
    adoptLocalAdmin,
    importBackup,
    unlock,
    lock,
    refreshInfo,
    rename,
    remove,
    exportBackup,
    dismissBackupPrompt,
    signAndSend,
    signNewActWithUnlocked,
    signActWithUnlocked,
    signMandateWithUnlocked,
    resign,
  }
})

function activeRoles(info: KeyInfoDto): string[] {
  return [...new Set(info.roles.filter((r) => r.active).map((r) => r.role))]
}

function readActiveKey(): string | null {
  try {
    const v = window.localStorage.getItem(ACTIVE_KEY_STORAGE)
    return v && /^[0-9a-f]{64}$/.test(v) ? v : null
  } catch {
    return null
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
