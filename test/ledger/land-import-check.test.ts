/**
 * The import's line check (land/cli-import.ts checkLine: the node's schema and history replay, before signing) and the
 * generated Korea-shaped data it is benchmarked with (bench/land-data.ts).
 */
import { describe, expect, it } from 'vitest'
import { DONG_COUNT, REGIONS, generateLine } from '../../bench/land-data'
import { boundedLines, checkLine, lineHash } from '../../src/ledger/registries/land/cli-import'
import { makeCatalogue } from '../../src/ledger/registries/catalogue'
import { REGISTRIES } from '../../src/ledger/registries'

const TODAY = '2026-12-03'

describe('land import line check', () => {
  it('accepts generated registers of every kind, and the data is Korea-shaped and deterministic', () => {
    const kinds = new Map<string, number>()
    for (let i = 0; i < 300; i++) {
      const c = checkLine(generateLine(i, { until: '2026-11-30' }), TODAY)
      if ('problem' in c) throw new Error(`line ${i}: ${c.problem.code} ${c.problem.detail}`)
      expect(c.payload.entries.length).toBeGreaterThanOrEqual(5)
      expect(c.payload.entries.length).toBeLessThanOrEqual(10)
      kinds.set(c.payload.head.kind, (kinds.get(c.payload.head.kind) ?? 0) + 1)
    }
    expect([...kinds.keys()].sort()).toEqual(['building', 'land', 'unit'])
    expect(new Set(REGIONS.map((g) => g.sido)).size).toBe(17)
    expect(REGIONS.length).toBeGreaterThanOrEqual(240)
    expect(DONG_COUNT).toBeGreaterThanOrEqual(3400)
    expect(generateLine(42, { seed: 7 })).toBe(generateLine(42, { seed: 7 }))
    expect(generateLine(42, { seed: 7 })).not.toBe(generateLine(42, { seed: 8 }))
  })

  it('refuses a bad line with a stable code and what is wrong', () => {
    const good = JSON.parse(generateLine(0, { office: '1101', until: '2026-11-30' }))
    const code = (line: string): string => {
      const c = checkLine(line, TODAY)
      return 'problem' in c ? c.problem.code : 'OK'
    }
    expect(code(JSON.stringify(good))).toBe('OK')
    expect(code('{"number":')).toBe('MALFORMED_JSON')
    expect(code('[1,2]')).toBe('BAD_PAYLOAD')
    expect(code('x'.repeat(70_000))).toBe('TX_TOO_LARGE')
    // a resident registration number in clear never passes
    const clear = structuredClone(good)
    clear.entries[0].holders[0].kind = 'person'
    clear.entries[0].holders[0].id = '800101-1234567'
    expect(code(JSON.stringify(clear))).toBe('BAD_PAYLOAD')
    // a cancellation of what is not there
    const cancel = structuredClone(good)
    cancel.entries.push({ ...cancel.entries.at(-1), section: 'B', rank: '9', purpose: 'cancellation', holders: [], target: { section: 'B', rank: '8' }, amount: null, debtor: null, caseNo: null, receipt: { on: '2026-11-30', number: 99999 }, causeOn: '2026-11-30' })
    expect(code(JSON.stringify(cancel))).toBe('LAND_TARGET')
    // the source is the line's hash, whatever the line says
    const c = checkLine(JSON.stringify({ ...good, source: 'ff'.repeat(32) }), TODAY)
    expect('payload' in c && c.payload.source).toBe(lineHash(JSON.stringify({ ...good, source: 'ff'.repeat(32) })))
  })

  it('reads in words in both languages, with no raw type or code', () => {
    const c = makeCatalogue(REGISTRIES)
    const p = JSON.parse(generateLine(3, { office: '1101' }))
    expect(c.describeTx('land.register.migrate', p, 'ko')).toBe(`1101 등기소에 ${p.number} 등기기록 이관 (등기 ${p.entries.length}건)`)
    expect(c.txTypeWords('land.register.migrate', 'en')).toBe('Migration of a register')
    for (const code of ['LAND_MIGRATION', 'LAND_NUMBER_TAKEN', 'LAND_ALREADY_IMPORTED']) {
      expect(c.errorSentence(code, 'ko')).not.toContain(code)
      expect(c.errorSentence(code, 'en')).not.toContain(code)
    }
  })

  it('reads a file line by line without holding an endless line whole', async () => {
    async function* chunks(): AsyncGenerator<Buffer> {
      yield Buffer.from('{"a":1}\r\nshort')
      yield Buffer.from('er\n')
      // a hostile line of 8 MiB in 1 MiB pieces, then a good line
      for (let i = 0; i < 8; i++) yield Buffer.alloc(1 << 20, 120)
      yield Buffer.from('\n한글 줄\nlast')
    }
    const out: Array<string | null> = []
    for await (const l of boundedLines(chunks(), 64 * 1024)) out.push(l)
    expect(out).toEqual(['{"a":1}', 'shorter', null, '한글 줄', 'last'])
    // a line just at the bound is kept, one byte more is not
    const at: Array<string | null> = []
    for await (const l of boundedLines([Buffer.alloc(10, 97), Buffer.from('\n'), Buffer.alloc(11, 98)], 10)) at.push(l)
    expect(at).toEqual(['a'.repeat(10), null])
  })
})
