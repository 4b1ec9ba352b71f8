/**
 * A tiny promise wrapper over IndexedDB: one database for the app's device-local data (keys, outbox, small settings).
 * Written against the standard IDBFactory so tests can pass `fake-indexeddb`.
 */
export const DB_NAME = 'daejang'
export const DB_VERSION = 1

/** Object stores, all keyed by an in-line key path. */
export const STORES = {
  keys: { name: 'keys', keyPath: 'publicKey' },
  outbox: { name: 'outbox', keyPath: 'id' },
  meta: { name: 'meta', keyPath: 'key' },
} as const

export type StoreName = (typeof STORES)[keyof typeof STORES]['name']

export interface Db {
  get<T>(store: StoreName, key: string): Promise<T | undefined>
  getAll<T>(store: StoreName): Promise<T[]>
  /** Resolves once the write is committed (transaction complete), so the data survives a reload or crash. */
  put<T>(store: StoreName, value: T): Promise<void>
  delete(store: StoreName, key: string): Promise<void>
  /**
   * Read-modify-write in ONE readwrite transaction (so no other window can write in between): reads the record, then
   * writes what `decide` returns for it — a value to put, DELETE to remove it, or KEEP to leave it. `decide` runs
   * synchronously inside the transaction. Resolves, once committed, with the record as stored afterwards.
   */
  modify<T>(store: StoreName, key: string, decide: (current: T | undefined) => T | typeof DELETE | typeof KEEP): Promise<ModifyResult<T>>
  close(): void
}

/** `modify` decisions besides a value to write. */
export const DELETE: unique symbol = Symbol('delete')
export const KEEP: unique symbol = Symbol('keep')

export interface ModifyResult<T> {
  /** whether `decide` wrote or removed the record */
  changed: boolean
  /** the record after the transaction (undefined: none) */
  stored: T | undefined
}

export class StorageUnavailableError extends Error {
  constructor(detail: string) {
    super(`Device storage (IndexedDB) is not available: ${detail}`)
    this.name = 'StorageUnavailableError'
  }
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'))
  })
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'))
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
  })
}

export function openDb(factory: IDBFactory | undefined = globalThis.indexedDB, name = DB_NAME): Promise<Db> {
  if (!factory) return Promise.reject(new StorageUnavailableError('no indexedDB in this environment'))
  return new Promise<IDBDatabase>((resolve, reject) => {
    const req = factory.open(name, DB_VERSION)
    req.onupgradeneeded = () => {
      const db = req.result
      for (const s of Object.values(STORES)) {
        if (!db.objectStoreNames.contains(s.name)) db.createObjectStore(s.name, { keyPath: s.keyPath })
      }
    }
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(new StorageUnavailableError(req.error?.message ?? 'open failed'))
    req.onblocked = () => reject(new StorageUnavailableError('blocked by another window with an older version'))
  }).then((db) => {
    // another window upgrading the schema: let it proceed
    db.onversionchange = () => db.close()
    return wrap(db)
  })
}

function wrap(db: IDBDatabase): Db {
  return {
    async get<T>(store: StoreName, key: string) {
      const tx = db.transaction(store, 'readonly')
      return (await request(tx.objectStore(store).get(key))) as T | undefined
    },
    async getAll<T>(store: StoreName) {
      const tx = db.transaction(store, 'readonly')
      return (await request(tx.objectStore(store).getAll())) as T[]
    },
    async put<T>(store: StoreName, value: T) {
      const tx = db.transaction(store, 'readwrite', { durability: 'strict' })
      tx.objectStore(store).put(value)
      await done(tx)
    },
    async delete(store: StoreName, key: string) {
      const tx = db.transaction(store, 'readwrite', { durability: 'strict' })
      tx.objectStore(store).delete(key)
      await done(tx)
    },
    async modify<T>(store: StoreName, key: string, decide: (current: T | undefined) => T | typeof DELETE | typeof KEEP) {
      const tx = db.transaction(store, 'readwrite', { durability: 'strict' })
      const os = tx.objectStore(store)
      const committed = done(tx)
      let result: ModifyResult<T> = { changed: false, stored: undefined }
      let failure: unknown = null
      const got = os.get(key)
      got.onsuccess = () => {
        const current = got.result as T | undefined
        let decision: T | typeof DELETE | typeof KEEP
        try {
          decision = decide(current)
        } catch (err) {
          tx.abort()
          result = { changed: false, stored: current }
          failure = err
          return
        }
        if (decision === KEEP) result = { changed: false, stored: current }
        else if (decision === DELETE) {
          os.delete(key)
          result = { changed: current !== undefined, stored: undefined }
        } else {
          os.put(decision)
          result = { changed: true, stored: decision }
        }
      }
      try {
        await committed
      } catch (err) {
        throw failure ?? err
      }
      return result
    },
    close: () => db.close(),
  }
}

let shared: Promise<Db> | null = null

/** The app's database, opened once per page. */
export function appDb(): Promise<Db> {
  shared ??= openDb().catch((err: unknown) => {
    shared = null
    throw err
  })
  return shared
}
