/**
 * Credential letters (docs/adr/0058): one A4 page per voter, in Korean and English; read back with pdftotext (the
 * words: the election's name, the dates, how to vote, the voter and the credential) and zbarimg on each page rendered
 * by pdftoppm (the QR code is the DJV1 code of that page's voter, which parseLetterInput reads back).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { certificateFonts } from '../../../src/ledger/cert/fonts-node'
import { generateCredential } from '../../../src/ledger/registries/voting/portable/belenios/credential'
import { formatLetterCode, parseLetterInput } from '../../../src/ledger/registries/voting/portable/letter-code'
import { buildLetters, letterTime } from '../../../src/ledger/registries/voting/portable/letters'

const dir = mkdtempSync(join(tmpdir(), 'letters-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const UUID = 'Ab3dEfGhJkLmNpQr5t'
const OPENS = Date.UTC(2026, 11, 9, 0, 0) // 09:00 in Korea
const CLOSES = Date.UTC(2026, 11, 10, 9, 30) // 18:30 in Korea

function pages(pdf: Uint8Array): { file: string; text: (page: number) => string; qr: (page: number) => string[] } {
  const file = join(dir, `l-${Math.random().toString(36).slice(2)}.pdf`)
  writeFileSync(file, pdf)
  return {
    file,
    text: (page) => {
      const r = spawnSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' })
      expect(r.status, r.stderr).toBe(0)
      return r.stdout
    },
    qr: (page) => {
      const prefix = join(dir, `p${page}-${Math.random().toString(36).slice(2)}`)
      const r = spawnSync('pdftoppm', ['-r', '110', '-gray', '-png', '-f', String(page), '-l', String(page), file, prefix])
      expect(r.status, String(r.stderr)).toBe(0)
      const png = readdirSync(dir).find((n) => join(dir, n).startsWith(prefix))!
      const z = spawnSync('zbarimg', ['-q', '--raw', join(dir, png)], { encoding: 'utf8' })
      expect(z.status, z.stderr).toBe(0)
      return z.stdout.split('\n').filter((l) => l !== '')
    },
  }
}

describe('credential letters', () => {
  it('one page per voter: the words in Korean and English, the credential, and a QR code with that voter’s DJV1 code', { timeout: 120_000 }, async () => {
    const credentials = Array.from({ length: 5 }, () => generateCredential())
    const voters = credentials.map((_, i) => `학생 ${i + 1}`)
    const seen: number[] = []
    const pdf = await buildLetters(
      { uuid: UUID, name: '2026 학생회장 선거', opens: OPENS, closes: CLOSES, questions: ['학생회장을 고르십시오'], credentials, voters, issuer: '한국인터넷진흥원' },
      certificateFonts(),
      (done) => seen.push(done),
      2,
    )
    expect(seen).toEqual([2, 4, 5])
    const p = pages(pdf)
    const count = spawnSync('pdfinfo', [p.file], { encoding: 'utf8' }).stdout
    expect(count).toMatch(/Pages:\s+5/)
    expect(count).toMatch(/Page size:\s+595\.28 x 841\.89/)
    for (let i = 0; i < credentials.length; i++) {
      const text = p.text(i + 1)
      expect(text).toContain('2026 학생회장 선거')
      expect(text).toContain('선거인 자격증명 안내문')
      expect(text).toContain('Voting credential letter')
      expect(text).toContain(`학생 ${i + 1}`)
      expect(text).toContain(credentials[i])
      // every other voter's credential is absent from this page
      for (const [j, c] of credentials.entries()) if (j !== i) expect(text).not.toContain(c)
      expect(text).toContain('2026년 12월 9일 09:00 (한국 시간)')
      expect(text).toContain('2026-12-10 18:30 (Korea time, UTC+9)')
      expect(text).toContain('투표하는 방법')
      expect(text).toContain('How to vote')
      expect(text).toContain('마지막 투표만 개표됩니다')
      expect(text).toContain('학생회장을 고르십시오')
      const codes = p.qr(i + 1)
      expect(codes).toEqual([formatLetterCode(UUID, credentials[i]!)])
      expect(parseLetterInput(codes[0])).toEqual({ uuid: UUID, credential: credentials[i] })
    }
  })

  it('numbers the voters when no list is given, and refuses a list of another length', async () => {
    const credentials = [generateCredential(), generateCredential()]
    const pdf = await buildLetters({ uuid: UUID, name: 'Board election', opens: OPENS, closes: CLOSES, questions: [], credentials }, certificateFonts())
    const p = pages(pdf)
    expect(p.text(2)).toContain('선거인 2 / Voter 2')
    await expect(buildLetters({ uuid: UUID, name: 'x', opens: OPENS, closes: CLOSES, questions: [], credentials, voters: ['a'] }, certificateFonts())).rejects.toThrow(/one voter per credential/)
  })

  it('writes times in Korean time in both languages', () => {
    expect(letterTime(Date.UTC(2026, 0, 1, 15, 5), 'ko')).toBe('2026년 1월 2일 00:05 (한국 시간)')
    expect(letterTime(Date.UTC(2026, 0, 1, 15, 5), 'en')).toBe('2026-01-02 00:05 (Korea time, UTC+9)')
  })
})
