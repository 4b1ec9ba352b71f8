/**
 * Bounds on texts read from outside (docs/adr/0061): the encrypted tally has one canonical length for its election,
 * the trustees text a length and a count bound, both checked before the text is parsed; the export's credential list
 * is read a few parts at a time, never in one reply.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { toHex, utf8 } from '../../../src/ledger/codec/bytes'
import { sha256 } from '../../../src/ledger/crypto/sha256'
import { registryHost } from '../../../src/server/registry-host'
import { readCredentialsPage, publicCredentialsJson, readRecord, CREDENTIAL_PAGE_MAX } from '../../../src/ledger/registries/voting/export'
import { emptyTally, encryptedTallyText, generateCredential, parseEncryptedTally, publicCredential } from '../../../src/ledger/registries/voting/portable/belenios'
import { encryptedTallyLength } from '../../../src/ledger/registries/voting/portable/belenios/tally'
import { TRUSTEES_MAX, TRUSTEES_MAX_CHARS, parseTrustees, proveTrusteeKey, trusteeKeyText, trusteesText } from '../../../src/ledger/registries/voting/portable/belenios/trustees'
import { publicCredentialsText } from '../../../src/ledger/registries/voting/portable/setup-texts'
import { electionUuidOf } from '../../../src/ledger/registries/voting/rules-setup'
import type { Group } from '../../../src/ledger/registries/voting/portable/belenios/group'
import { NG, ONE_OF_FIVE, PG, TWO_OF_THREE_BLANK, ZERO_TO_TWO, makeElection } from './belenios-fixture'
import { accepted, authority, ceremony, cleanup, draft, official, setUp, single } from './rules-harness'

afterEach(() => {
  cleanup.run()
  vi.restoreAllMocks()
})

describe('the encrypted tally: one length for its election', () => {
  for (const G of [NG as Group<unknown>, PG as Group<unknown>]) {
    it(`refuses a text of any other length before parsing it (${G.backend})`, () => {
      const e = makeElection(G, 12345n, [ONE_OF_FIVE, TWO_OF_THREE_BLANK, ZERO_TO_TWO])
      const text = encryptedTallyText(G, emptyTally(G, e))
      expect(text.length).toBe(encryptedTallyLength(e))
      expect(parseEncryptedTally(G, e, text)).not.toBeNull()
      const parse = vi.spyOn(JSON, 'parse')
      for (const hostile of [`${text} `, ' '.repeat(text.length + 1), '['.repeat(8 << 20), text.slice(0, -1)]) {
        expect(parseEncryptedTally(G, e, hostile)).toBeNull()
      }
      expect(parse).not.toHaveBeenCalled()
      // the right length but not canonical (a space inside, a character dropped elsewhere): parsed, then refused
      const spaced = `[ ${text.slice(1, -2)}]`
      expect(spaced.length).toBe(text.length)
      expect(parseEncryptedTally(G, e, spaced)).toBeNull()
    })
  }
})

describe('the trustees text: bounded before and while it is parsed', () => {
  const G = NG
  const single1 = trusteeKeyText(G, proveTrusteeKey(G, 77n))
  it('parses a list of Single trustees up to the bound, and refuses one more', () => {
    const items = (n: number) => trusteesText(Array.from({ length: n }, () => ({ kind: 'Single' as const, text: single1 })))
    expect(parseTrustees(G, items(3))).toHaveLength(3)
    expect(parseTrustees(G, items(TRUSTEES_MAX))).toHaveLength(TRUSTEES_MAX)
    expect(parseTrustees(G, items(TRUSTEES_MAX + 1))).toBeNull()
  })
  it('refuses a text past TRUSTEES_MAX_CHARS without parsing it, and a threshold item with too many entries', () => {
    const parse = vi.spyOn(JSON, 'parse')
    expect(parseTrustees(G, `[${' '.repeat(TRUSTEES_MAX_CHARS)}]`)).toBeNull()
    expect(parse).not.toHaveBeenCalled()
    parse.mockRestore()
    const many = (n: number) => `{"threshold":1,"certs":[],"coefexps":[],"verification_keys":[${Array.from({ length: n }, () => single1).join(',')}]}`
    expect(parseTrustees(G, trusteesText([{ kind: 'Pedersen', text: many(TRUSTEES_MAX + 1) }]))).toBeNull()
    expect(parseTrustees(G, trusteesText([{ kind: 'Pedersen', text: many(2) }]))).toHaveLength(1)
  })
})

describe('the export: the credential list a few parts at a time', () => {
  it('reads the parts in pages and gives the text the seal hashed', async () => {
    const node = await setUp()
    const tx = single(official, 'voting.election.draft', draft())
    await accepted(node, tx)
    const uuid = electionUuidOf(toHex(tx.hash))
    await ceremony(node, uuid)
    const creds = [generateCredential(), generateCredential(), generateCredential()].map((c) => publicCredential(NG, uuid, c)).sort()
    for (let i = 0; i < 3; i++) await accepted(node, single(authority, 'voting.credentials.publish', { election: uuid, part: i + 1, credentials: [creds[i]] }))
    const text = publicCredentialsText(creds)
    await accepted(node, single(authority, 'voting.credentials.seal', { election: uuid, count: 3, hash: toHex(sha256(utf8(text))) }))
    await accepted(node, single(official, 'voting.election.open', { election: uuid }))
    const host = registryHost(node)
    const pages = [1, 2, 3].map((from) => readCredentialsPage(host, uuid, from, 1))
    const got = await Promise.all(pages)
    expect(got.map((p) => [p.from, p.credentials.length, p.more])).toEqual([[1, 1, true], [2, 1, true], [3, 1, false]])
    expect(publicCredentialsJson(got.flatMap((p) => p.credentials))).toBe(text)
    // a page never holds more than CREDENTIAL_PAGE_MAX parts, whatever the limit asked
    expect((await readCredentialsPage(host, uuid, 1, 10 * CREDENTIAL_PAGE_MAX)).credentials).toHaveLength(3)
    expect((await readRecord(host, uuid)).publicCredentials).toBe(text)
  })
})
