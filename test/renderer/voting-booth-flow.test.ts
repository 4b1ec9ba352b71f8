/**
 * The booth's steps without a browser (features/voting/booth/booth-flow.ts, ADR 0056): the letter read against the
 * election, refusals in words, a ballot sent under a throwaway key and followed until the ledger decides, and the
 * official's passphrase that ends the kiosk.
 */
import { describe, expect, it } from 'vitest'
import type { ApiClient } from '../../src/renderer/api/client'
import { formatLetterCode } from '../../src/ledger/registries/voting/portable/letter-code'
import { generateCredential } from '../../src/ledger/registries/voting/portable/belenios/credential'
import { BOOTH_WORDS } from '../../src/renderer/features/voting/booth/booth-words'
import {
  checkLetter,
  makeKioskLock,
  opensKioskLock,
  refusalText,
  sendAndFollow,
  storeKioskLock,
  storedKioskLock,
} from '../../src/renderer/features/voting/booth/booth-flow'
import { txFromJson } from '../../src/ledger/types/tx'

const UUID = 'XLE4bDuwvXp4Lk'

describe('the booth', () => {
  it('takes the credential typed or scanned, and refuses a letter of another election or anything else', () => {
    const c = generateCredential()
    expect(checkLetter(c, UUID)).toEqual({ ok: true, credential: c })
    expect(checkLetter(`  ${formatLetterCode(UUID, c)} `, UUID)).toEqual({ ok: true, credential: c })
    expect(checkLetter(formatLetterCode('YLE4bDuwvXp4Lk', c), UUID)).toEqual({ ok: false, problem: 'other-election' })
    expect(checkLetter('hello', UUID)).toEqual({ ok: false, problem: 'not-a-credential' })
    expect(checkLetter('', UUID)).toEqual({ ok: false, problem: 'not-a-credential' })
  })

  it('says a refusal in words, never its code', () => {
    expect(refusalText('VOTING_BALLOT_SEEN', 'ko')).toBe('이미 접수된 투표지입니다.')
    expect(refusalText('VOTING_AUDIT_NOT_OPENED', 'en')).toBe('The revealed randomness does not open this challenged ballot.')
    for (const l of ['ko', 'en'] as const) expect(refusalText('SOMETHING_ELSE', l)).not.toMatch(/[A-Z]{3,}_/)
  })

  it('both languages have the same words', () => {
    const keys = (o: object, p = ''): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v as object, `${p}${k}.`) : [`${p}${k}`]))
    expect(keys(BOOTH_WORDS.en).sort()).toEqual(keys(BOOTH_WORDS.ko).sort())
  })

  it('sends under a fresh key each time and follows the transaction until the ledger decides', async () => {
    const sent: Array<Record<string, unknown>> = []
    let asks = 0
    const client = (final: 'committed' | 'rejected') =>
      ({
        request: async (method: string, path: string, body?: unknown) => {
          if (method === 'POST' && path === '/txs') {
            sent.push(body as Record<string, unknown>)
            return { hash: 'ab'.repeat(32), status: 'pending' }
          }
          asks++
          if (asks < 3) return { hash: 'ab'.repeat(32), status: 'pending' }
          return final === 'committed'
            ? { hash: 'ab'.repeat(32), status: 'committed', height: 7 }
            : { hash: 'ab'.repeat(32), status: 'rejected', rejection: { code: 'VOTING_BALLOT_SEEN', message: 'seen' } }
        },
      }) as unknown as ApiClient
    const wait = async () => undefined
    expect(await sendAndFollow(client('committed'), 'chain', 'voting.ballot', { election: UUID, ballot: '{}' }, { wait })).toEqual({ status: 'committed', hash: 'ab'.repeat(32), height: 7 })
    asks = 0
    expect(await sendAndFollow(client('rejected'), 'chain', 'voting.ballot.audit', { election: UUID, ballot: '{}', randomness: [['1']] }, { wait })).toMatchObject({ status: 'rejected', code: 'VOTING_BALLOT_SEEN' })
    expect(sent.map((t) => t.type)).toEqual(['voting.ballot', 'voting.ballot.audit'])
    // each transaction is signed (it parses as one) by a key of its own
    expect(sent.map((t) => txFromJson(t as never).signer).every((s, _i, all) => all.indexOf(s) === all.lastIndexOf(s))).toBe(true)
    // a screen that moved on stops following
    asks = 0
    expect(await sendAndFollow(client('committed'), 'chain', 'voting.ballot', { election: UUID, ballot: '{}' }, { wait, stopped: () => true })).toBeNull()
  })

  it('ends the kiosk with the official’s passphrase only; the lock survives a reload of this window', async () => {
    const lock = await makeKioskLock(UUID, 'correct horse')
    expect(JSON.stringify(lock)).not.toContain('correct horse')
    expect(await opensKioskLock(lock, 'correct horse')).toBe(true)
    expect(await opensKioskLock(lock, 'correct horsE')).toBe(false)
    const m = new Map<string, string>()
    const storage = { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) }
    storeKioskLock(storage, lock)
    expect(storedKioskLock(storage)).toEqual(lock)
    storeKioskLock(storage, null)
    expect(storedKioskLock(storage)).toBeNull()
    m.set('daejang-booth-kiosk', '{bad')
    expect(storedKioskLock(storage)).toBeNull()
  })
})
