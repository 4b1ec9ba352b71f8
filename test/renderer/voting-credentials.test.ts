/**
 * The credential authority's work as the app does it (features/voting/credentials.ts): one credential per voter, its
 * public credential derived with the election's uuid, the public list sorted and distinct, cut into the ledger's
 * parts, sealed with the SHA-256 of the compact `public_credentials` text; the private file holds them in voter order.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { describe, expect, it } from 'vitest'
import { parseCredential, publicCredential } from '../../src/ledger/registries/voting/portable/belenios/credential'
import { portableGroup as G } from '../../src/ledger/registries/voting/portable/belenios/group'
import { CredentialsPublishSchema } from '../../src/ledger/registries/voting/portable/schema'
import { generateCredentials, parts, privateFileText, seal } from '../../src/renderer/features/voting/credentials'

const E = 'B4s1cE1ect1onUu1d'

describe('the credential authority in the app', () => {
  it('generates one credential per voter, reporting progress, with the public list sorted and distinct', async () => {
    const seen: number[] = []
    const g = (await generateCredentials(E, 23, (n) => seen.push(n), () => false, 10))!
    expect(seen).toEqual([10, 20, 23])
    expect(g.privates).toHaveLength(23)
    expect(g.privates.every((c) => parseCredential(c) === c)).toBe(true)
    expect(new Set(g.publics).size).toBe(23)
    expect(g.publics).toEqual([...g.privates.map((c) => publicCredential(G, E, c))].sort())
    const file = JSON.parse(privateFileText(E, g.privates))
    expect(file).toEqual({ format: 'daejang-private-credentials/1', election: E, credentials: g.privates })
  })

  it('stops when cancelled', async () => {
    let calls = 0
    expect(await generateCredentials(E, 100, () => calls++, () => calls >= 2, 10)).toBeNull()
    expect(calls).toBe(2)
  })

  it('cuts the list into parts the schema takes and seals it with the hash of its text', async () => {
    const g = (await generateCredentials(E, 7, () => undefined))!
    const ps = parts(g.publics, 3)
    expect(ps.map((p) => p.length)).toEqual([3, 3, 1])
    expect(ps.flat()).toEqual(g.publics)
    ps.forEach((p, i) => expect(CredentialsPublishSchema.safeParse({ election: E, part: i + 1, credentials: p }).success).toBe(true))
    expect(seal(g.publics)).toEqual({ count: 7, hash: bytesToHex(sha256(utf8ToBytes(JSON.stringify(g.publics)))) })
  })
})
