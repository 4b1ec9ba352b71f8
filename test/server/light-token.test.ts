import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readNodeToken } from '../../src/server/cli/light-commands'

// `daejang light sync --token-file F`: a newcomer gives the full node's api.json (where the node writes its token);
// a file that is not a token must be refused as such, never reported as "the node is not running".
describe('light --token-file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dj-token-'))
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text)
    return join(dir, name)
  }

  it('reads a bare token', () => {
    expect(readNodeToken(file('t', 'ab12cd\n'))).toBe('ab12cd')
  })

  it("reads the token out of the full node's api.json", () => {
    const f = file('api.json', JSON.stringify({ url: 'http://127.0.0.1:1', token: 'c749b4', pid: 1 }, null, 2))
    expect(readNodeToken(f)).toBe('c749b4')
  })

  it('refuses a file that holds no token, with a sentence', () => {
    expect(() => readNodeToken(file('bad', 'two words\nand lines'))).toThrow(/token/)
    try {
      readNodeToken(file('bad2', '{"url":"x"}'))
      expect.unreachable()
    } catch (e) {
      expect((e as { code: string }).code).toBe('SCHEMA_INVALID')
    }
  })
})
