/**
 * `daejang verify`'s headline for a land extract a later proof shows changed: valid as of the extract's own block,
 * and no longer current — in Korean and English — never "in force as of" the later block.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { CertifiedVerification } from '../../src/ledger/verify/framework'
import { setCliLang } from '../../src/server/cli/lang'
import { verificationText } from '../../src/server/cli/verify-command'

afterEach(() => setCliLang(null))

const T1 = Date.UTC(2026, 11, 1, 3, 0, 0)
const T2 = Date.UTC(2026, 11, 2, 4, 0, 0)
const changed = {
  registry: 'land',
  format: 1,
  valid: true,
  verdict: 'valid-as-of',
  record: null,
  checks: {
    status: {
      ok: true,
      result: 'pass',
      code: 'LAND_EXTRACT_CHANGED',
      detail: 'no longer current: as of block 12, 1 entry entered',
      current: false,
      live: false,
      proven: true,
      asOf: { height: 12, time: T2 },
    },
  },
  proof: null,
  asOf: { height: 7, time: T1 },
  problem: null,
  refused: null,
} as unknown as CertifiedVerification

describe('the verify headline of an extract no longer current', () => {
  it('says in English that it was valid as of its block and is no longer current', () => {
    setCliLang('en')
    const head = verificationText(changed, undefined).split('\n')[0]!
    expect(head).toMatch(/^VALID AS OF ITS BLOCK 7 \(2026-12-01 03:00:00 UTC\), BUT NO LONGER CURRENT — changed as of block 12 /)
    expect(head).not.toMatch(/IN FORCE/)
  })

  it('says it in Korean', () => {
    setCliLang('ko')
    const head = verificationText(changed, undefined).split('\n')[0]!
    expect(head).toMatch(/^블록 7\(2026-12-01 03:00:00 UTC\) 기준으로는 유효했으나, 현재의 내용이 아닙니다 — 블록 12/)
  })

  it('keeps "in force as of" for an extract a later proof shows unchanged', () => {
    setCliLang('en')
    const same = { ...changed, checks: { status: { ...changed.checks.status, current: true } } } as unknown as CertifiedVerification
    expect(verificationText(same, undefined).split('\n')[0]).toMatch(/^VALID — IN FORCE AS OF BLOCK 12 /)
  })
})
