import { describe, expect, it } from 'vitest'
import { generateCredential } from '../../../src/ledger/registries/voting/portable/belenios/credential'
import { formatLetterCode, parseLetterInput } from '../../../src/ledger/registries/voting/portable/letter-code'

const UUID = '7QXt5Tr9bhRKdaMb4GeoGk'

describe('the credential letter code', () => {
  it('carries the election and the credential, and reads back', () => {
    const c = generateCredential()
    const code = formatLetterCode(UUID, c)
    expect(code.startsWith('DJV1:')).toBe(true)
    expect(parseLetterInput(code)).toEqual({ uuid: UUID, credential: c })
    expect(parseLetterInput(`  ${code}\n`)).toEqual({ uuid: UUID, credential: c })
  })
  it('accepts the credential alone, with or without dashes', () => {
    const c = generateCredential()
    expect(parseLetterInput(c)).toEqual({ uuid: null, credential: c })
    expect(parseLetterInput(c.replaceAll('-', ''))).toEqual({ uuid: null, credential: c })
  })
  it('refuses what is neither', () => {
    const c = generateCredential()
    for (const bad of ['', 'DJV1:', `DJV1:${UUID}`, `DJV1:0OIl:${c}`, `DJV2:${UUID}:${c}`, `DJV1:${UUID}:${c}x`, 42, null, 'x'.repeat(200)]) {
      expect(parseLetterInput(bad)).toBeNull()
    }
    expect(() => formatLetterCode('bad uuid', c)).toThrow()
    expect(() => formatLetterCode(UUID, 'nope')).toThrow()
  })
})
