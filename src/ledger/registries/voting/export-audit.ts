/**
 * The challenged ballots' file (ADR 0056): `daejang election export --uuid` writes, beside the Belenios archive and
 * never inside it (Belenios's tools must accept the archive as it is), the election's audited ballots as JSON — for
 * `election.bel`, `election.audit.json` — read page by page from the node's audit route. Each entry has what anyone
 * needs to re-open the ballot (its text and randomness: portable/belenios/audit.ts) and the ledger height it was
 * recorded at; none was counted.
 */
import type { AuditRecord } from './rules-audit'

export const AUDIT_FORMAT = 'daejang-election-audit/1'
const PAGE = 100

interface AuditPage {
  total: number
  audits: AuditRecord[]
  more: boolean
}

/** The audit file's path for an archive's: `x.bel` → `x.audit.json` (any other name: `name.audit.json`). */
export const auditPathFor = (archivePath: string): string => `${archivePath.replace(/\.bel$/i, '')}.audit.json`

/** Every audited ballot of `uuid` from a node, in commit order (read against the first page's total). */
export async function auditsFromNode(api: { get<T>(path: string): Promise<T> }, uuid: string): Promise<AuditRecord[]> {
  const base = `/api/v1/voting/elections/${encodeURIComponent(uuid)}/audit`
  const first = await api.get<AuditPage>(`${base}?from=1&limit=${PAGE}`)
  const audits = [...first.audits]
  let more = first.more
  while (more && audits.length < first.total) {
    const page = await api.get<AuditPage>(`${base}?from=${audits.length + 1}&limit=${PAGE}`)
    if (page.audits.length === 0) break
    audits.push(...page.audits)
    more = page.more
  }
  return audits.slice(0, first.total)
}

/** The file's text: the format, the election, and each audited ballot (fields in a fixed order, one per line). */
export function auditFileText(uuid: string, audits: readonly AuditRecord[]): string {
  const entry = (a: AuditRecord) =>
    JSON.stringify({ seq: a.seq, height: a.height, tracker: a.tracker, hash: a.hash, credential: a.credential, plaintext: a.plaintext, randomness: a.randomness, ballot: a.ballot })
  return `{"format":"${AUDIT_FORMAT}","election":${JSON.stringify(uuid)},"counted":false,"audits":[${audits.length === 0 ? '' : `\n${audits.map(entry).join(',\n')}\n`}]}\n`
}

/** Read the audited ballots of `uuid` from the node and write them beside `archivePath`; the path written and the count. */
export async function writeAuditBeside(
  api: { get<T>(path: string): Promise<T> },
  files: { write(path: string, bytes: Uint8Array): void },
  uuid: string,
  archivePath: string,
): Promise<{ path: string; audits: number }> {
  const audits = await auditsFromNode(api, uuid)
  const path = auditPathFor(archivePath)
  files.write(path, new TextEncoder().encode(auditFileText(uuid, audits)))
  return { path, audits: audits.length }
}
