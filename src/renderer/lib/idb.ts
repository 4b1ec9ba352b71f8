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
  close(): void
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
