/**
 * The booth's steps without the screen (ADR 0056): the voter's letter read against the election, the election text
 * read from the node, a ballot sent under a throwaway key and followed until the ledger decides, the official's
 * passphrase that ends the kiosk, and refusals in words (the registry's own sentences, never a code).
 */
import type { ApiClient } from '../../../api/client'
import { getTx, submitTx } from '../../../api/ledger'
import { parseLetterInput } from '../../../../ledger/registries/voting/portable/letter-code'
import { votingPortable } from '../../../../ledger/registries/voting/portable'
import type { BallotLang } from './ballot-form-words'

export type LetterCheck = { ok: true; credential: string } | { ok: false; problem: 'not-a-credential' | 'other-election' }

/** What the voter typed or the QR scanner typed: the credential, refused when it is not one or names another election. */
export function checkLetter(input: string, uuid: string): LetterCheck {
  const r = parseLetterInput(input)
  if (r === null) return { ok: false, problem: 'not-a-credential' }
  if (r.uuid !== null && r.uuid !== uuid) return { ok: false, problem: 'other-election' }
  return { ok: true, credential: r.credential }
}

/** The election's `election` text (Belenios), from the first page of its record. */
export async function readElectionText(client: ApiClient, uuid: string): Promise<string> {
  const body = (await client.request('GET', `/voting/elections/${encodeURIComponent(uuid)}/record?from=1&limit=1`)) as { setup?: { election?: unknown } }
  const text = body.setup?.election
  if (typeof text !== 'string') throw new Error('the election has no setup yet')
  return text
}

/** A fresh Ed25519 seed for one transaction, never kept: a ballot's authorization is its credential's signature. */
export function throwawaySeed(): Uint8Array {
  const seed = new Uint8Array(32)
  globalThis.crypto.getRandomValues(seed)
  return seed
}

export type Followed = { status: 'committed'; hash: string; height?: number } | { status: 'rejected'; hash: string; code: string; message: string }

/**
 * Sign `type` with a throwaway key, POST it, and follow it until committed or rejected: asked again each `everyMs`
 * until `stopped()` says the screen went on (then resolves to null).
 */
export async function sendAndFollow(
  client: ApiClient,
  chainId: string,
  type: string,
  payload: Record<string, unknown>,
  opts: { stopped?: () => boolean; everyMs?: number; wait?: (ms: number) => Promise<void> } = {},
): Promise<Followed | null> {
  const { signTransaction } = await import('../../../lib/signing')
  const seed = throwawaySeed()
  const tx = signTransaction(seed, { chainId, type, payload: payload as never, nonce: Date.now() })
  seed.fill(0)
  const sent = await submitTx(client, tx)
  const wait = opts.wait ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  let status = sent.status
  let height = sent.height
  while (status === 'pending') {
    if (opts.stopped?.() === true) return null
    await wait(opts.everyMs ?? 500)
    const got = await getTx(client, sent.hash)
    status = got.status
    height = got.height
    if (got.status === 'rejected') return { status: 'rejected', hash: sent.hash, code: got.rejection?.code ?? 'REJECTED', message: got.rejection?.message ?? '' }
  }
  return status === 'committed' ? { status: 'committed', hash: sent.hash, ...(height !== undefined ? { height } : {}) } : { status: 'rejected', hash: sent.hash, code: 'REJECTED', message: '' }
}

/** A refusal in words: the voting registry's sentence for its code, else the generic one. */
export function refusalText(code: string | undefined, lang: BallotLang): string {
  const def = code === undefined ? undefined : (votingPortable.errors as Record<string, { text: Record<BallotLang, string> } | undefined>)[code]
  if (def !== undefined) return def.text[lang]
  return lang === 'ko' ? '노드가 이 투표지를 받지 않았습니다. 선거 관리관에게 알려 주세요.' : 'The node did not take this ballot. Please tell an election official.'
}

// ---- the official's passphrase that ends the kiosk ---------------------------------------------------------------

export interface KioskLock {
  uuid: string
  salt: string
  hash: string
}

const hex = (b: ArrayBuffer | Uint8Array): string => Array.from(new Uint8Array(b), (v) => v.toString(16).padStart(2, '0')).join('')

async function passHash(salt: string, passphrase: string): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveBits'])
  const bits = await globalThis.crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode(salt), iterations: 100_000 }, key, 256)
  return hex(bits)
}

/** The lock an official sets when the kiosk starts: only a salted PBKDF2 of the passphrase is kept. */
export async function makeKioskLock(uuid: string, passphrase: string): Promise<KioskLock> {
  const s = new Uint8Array(16)
  globalThis.crypto.getRandomValues(s)
  const salt = hex(s)
  return { uuid, salt, hash: await passHash(salt, passphrase) }
}

export async function opensKioskLock(lock: KioskLock, passphrase: string): Promise<boolean> {
  return (await passHash(lock.salt, passphrase)) === lock.hash
}

/** The shortest passphrase an official may set. */
export const PASSPHRASE_MIN = 8

const LOCK_STORAGE = 'daejang-booth-kiosk'

/** The kiosk's lock survives a reload of the page (sessionStorage: this window only), so the guard comes back. */
export function storedKioskLock(storage: Pick<Storage, 'getItem'> | null): KioskLock | null {
  try {
    const v = JSON.parse(storage?.getItem(LOCK_STORAGE) ?? 'null') as Partial<KioskLock> | null
    return v !== null && typeof v.uuid === 'string' && typeof v.salt === 'string' && typeof v.hash === 'string' ? { uuid: v.uuid, salt: v.salt, hash: v.hash } : null
  } catch {
    return null
  }
}

export function storeKioskLock(storage: Pick<Storage, 'setItem' | 'removeItem'> | null, lock: KioskLock | null): void {
  if (lock === null) storage?.removeItem(LOCK_STORAGE)
  else storage?.setItem(LOCK_STORAGE, JSON.stringify(lock))
}
