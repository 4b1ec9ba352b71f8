/**
 * The embedded Hangul font (scripts/build-font.mjs) covers every Hangul character the UI's messages use and the
 * 2,350 common syllables of KS X 1001 (names in records), and the file in the repository is the one its stamp
 * describes (so a message with a new syllable cannot ship drawn as a box: `npm run build` cuts the font again).
 */
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../integration/harness'

const DIR = join(ROOT, 'src', 'renderer', 'assets', 'fonts')
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/u

function messageFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) messageFiles(p, out)
    else if (/^messages.*\.ts$/.test(name) || (name === 'ko.ts' && dir.endsWith(join('i18n', 'messages')))) out.push(p)
  }
  return out
}

describe('the embedded Hangul font subset', () => {
  const stamp = JSON.parse(readFileSync(join(DIR, 'hangul-subset.json'), 'utf8')) as { chars: string; sha256: string; count: number }
  const inFont = new Set(stamp.chars)

  it('is the file its stamp describes, a WOFF2', () => {
    const woff2 = readFileSync(join(DIR, 'hangul-subset.woff2'))
    expect(woff2.subarray(0, 4).toString('latin1')).toBe('wOF2')
    expect(createHash('sha256').update(woff2).digest('hex')).toBe(stamp.sha256)
  })

  it("covers every Hangul character of the UI's messages", () => {
    const files = messageFiles(join(ROOT, 'src', 'renderer'))
    expect(files.length).toBeGreaterThan(5)
    const missing = new Set<string>()
    for (const f of files) for (const c of readFileSync(f, 'utf8')) if (HANGUL.test(c) && !inFont.has(c)) missing.add(c)
    expect([...missing].join('')).toBe('')
  })

  it('covers the 2,350 common syllables of KS X 1001', () => {
    const dec = new TextDecoder('euc-kr')
    let n = 0
    for (let hi = 0xb0; hi <= 0xc8; hi++) {
      for (let lo = 0xa1; lo <= 0xfe; lo++) {
        const c = dec.decode(new Uint8Array([hi, lo]))
        expect(inFont.has(c), c).toBe(true)
        n++
      }
    }
    expect(n).toBe(2350)
  })
})
