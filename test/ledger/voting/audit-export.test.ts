/**
 * The challenged ballots' file written beside the archive (export-audit.ts, ADR 0056): its name beside the .bel, every
 * page read from the audit route against the first page's total, and a text anyone can re-open each ballot from.
 */
import { describe, expect, it } from 'vitest'
import { auditFileText, auditPathFor, auditsFromNode, writeAuditBeside } from '../../../src/ledger/registries/voting/export-audit'
import { createBallot, generateCredential, openChallengedBallot, randomnessToText } from '../../../src/ledger/registries/voting/portable/belenios'
import type { AuditRecord } from '../../../src/ledger/registries/voting/rules-audit'
import { NG, ONE_OF_FIVE, UUID, makeElection } from './belenios-fixture'

const e = makeElection(NG, 77n, [ONE_OF_FIVE])
const records: AuditRecord[] = [1, 2, 3].map((seq) => {
  const b = createBallot(NG, e, generateCredential(), [[0, 0, 0, 0, 0].map((_, i) => (i === seq ? 1 : 0))])
  return { seq, hash: b.hashHex, tracker: b.tracker, credential: b.credential, ballot: b.text, randomness: randomnessToText(b.randomness), plaintext: [[0, 0, 0, 0, 0].map((_, i) => (i === seq ? 1 : 0))], height: 10 + seq }
})

/** a node's audit route over `records`, `limit` a page at most 2 */
const api = (paths: string[]) => ({
  get: async <T,>(path: string): Promise<T> => {
    paths.push(path)
    const q = new URL(path, 'http://node').searchParams
    const from = Number(q.get('from'))
    const limit = Math.min(2, Number(q.get('limit')))
    const audits = records.slice(from - 1, from - 1 + limit)
    return { total: records.length, audits, more: from - 1 + limit < records.length } as T
  },
})

describe('audit.json beside the archive', () => {
  it('is named beside the archive', () => {
    expect(auditPathFor('/x/election.bel')).toBe('/x/election.audit.json')
    expect(auditPathFor('/x/e.BEL')).toBe('/x/e.audit.json')
    expect(auditPathFor('/x/archive')).toBe('/x/archive.audit.json')
  })

  it('reads every page in order, and each entry re-opens to its plaintext', async () => {
    const paths: string[] = []
    const got = await auditsFromNode(api(paths), UUID)
    expect(got.map((a) => a.seq)).toEqual([1, 2, 3])
    expect(paths).toEqual([`/api/v1/voting/elections/${UUID}/audit?from=1&limit=100`, `/api/v1/voting/elections/${UUID}/audit?from=3&limit=100`])
    const file = JSON.parse(auditFileText(UUID, got)) as { format: string; election: string; counted: boolean; audits: AuditRecord[] }
    expect([file.format, file.election, file.counted]).toEqual(['daejang-election-audit/1', UUID, false])
    for (const a of file.audits) expect(openChallengedBallot(NG, e, a.ballot, a.randomness)).toMatchObject({ ok: true, plaintext: a.plaintext, tracker: a.tracker })
    // the same audits give the same bytes
    expect(auditFileText(UUID, await auditsFromNode(api([]), UUID))).toBe(auditFileText(UUID, got))
  })

  it('writes the file beside the archive and says how many', async () => {
    const written: Record<string, string> = {}
    const r = await writeAuditBeside(api([]), { write: (p, b) => (written[p] = new TextDecoder().decode(b)) }, UUID, '/out/e.bel')
    expect(r).toEqual({ path: '/out/e.audit.json', audits: 3 })
    expect(Object.keys(written)).toEqual(['/out/e.audit.json'])
    expect(auditFileText(UUID, [])).toBe(`{"format":"daejang-election-audit/1","election":"${UUID}","counted":false,"audits":[]}\n`)
  })
})
