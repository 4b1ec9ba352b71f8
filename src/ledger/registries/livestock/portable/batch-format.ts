/**
 * The batch file (docs/livestock-batch.md): JSON lines (`{"type":"livestock.birth","payload":{…}}`, or the short type
 * `"birth"`) or CSV (a header row naming `type` and the payload's fields; `animals` holds numbers separated by spaces
 * or semicolons). Read into events with the line each came from, or the line's problem — a line's shape only; each
 * event's payload is checked by the node's rules (the dry run, the batch). Portable: the CLI and the batch screen read
 * files with it.
 */
import { BATCH_TYPES } from './schema'

export type BatchEventType = (typeof BATCH_TYPES)[number]
export interface BatchLineEvent {
  line: number
  /** the line's text as read (its hash keys the progress file) */
  text: string
  event: { type: BatchEventType; payload: Record<string, unknown> }
}
export interface BatchLineProblem {
  line: number
  text: string
  problem: { code: 'MALFORMED_JSON' | 'BAD_PAYLOAD'; detail: string }
}
export type BatchLine = BatchLineEvent | BatchLineProblem

/** a file larger than this is refused (a day's reports of the biggest slaughterhouse are far smaller) */
export const BATCH_FILE_MAX_BYTES = 32 * 1024 * 1024
/** a line longer than this is refused (an event is a few hundred bytes; a vet act names at most 200 animals) */
export const BATCH_LINE_MAX_CHARS = 16 * 1024

const TYPES = new Set<string>(BATCH_TYPES)
/** `birth` → `livestock.birth`; a full type as it is; anything else null */
export function batchType(t: unknown): BatchEventType | null {
  if (typeof t !== 'string') return null
  const full = t.startsWith('livestock.') ? t : `livestock.${t}`
  return TYPES.has(full) ? (full as BatchEventType) : null
}

const typeProblem = (t: unknown): string =>
  `"type" must be one of ${BATCH_TYPES.map((x) => x.slice('livestock.'.length)).join(', ')} (moves are co-signed by both sites and are not batched); got ${JSON.stringify(t)?.slice(0, 40) ?? 'nothing'}`

/** Whether a file's text is CSV (its first non-blank line does not start with `{`). */
export function looksLikeCsv(text: string): boolean {
  const first = text.split('\n').find((l) => l.trim() !== '')
  return first !== undefined && !first.trimStart().startsWith('{')
}

/** Reads a batch file, JSON lines or CSV (`format`, default: by its first line). Blank lines are skipped. */
export function readBatchFile(text: string, format?: 'jsonl' | 'csv'): BatchLine[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text
  return (format ?? (looksLikeCsv(body) ? 'csv' : 'jsonl')) === 'csv' ? readCsv(body) : readJsonLines(body)
}

function readJsonLines(text: string): BatchLine[] {
  const out: BatchLine[] = []
  text.split('\n').forEach((raw, i) => {
    const line = i + 1
    const t = raw.replace(/\r$/, '')
    if (t.trim() === '') return
    if (t.length > BATCH_LINE_MAX_CHARS) return out.push({ line, text: t.slice(0, 200), problem: { code: 'BAD_PAYLOAD', detail: `the line is longer than ${BATCH_LINE_MAX_CHARS} characters` } })
    let json: unknown
    try {
      json = JSON.parse(t)
    } catch {
      return out.push({ line, text: t, problem: { code: 'MALFORMED_JSON', detail: 'the line is not JSON' } })
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return out.push({ line, text: t, problem: { code: 'BAD_PAYLOAD', detail: 'the line is not a JSON object' } })
    const o = json as Record<string, unknown>
    const type = batchType(o.type)
    if (type === null) return out.push({ line, text: t, problem: { code: 'BAD_PAYLOAD', detail: typeProblem(o.type) } })
    const extra = Object.keys(o).filter((k) => k !== 'type' && k !== 'payload')
    if (extra.length > 0) return out.push({ line, text: t, problem: { code: 'BAD_PAYLOAD', detail: `a line has "type" and "payload" only; it also has ${extra.slice(0, 3).join(', ')}` } })
    if (o.payload === null || typeof o.payload !== 'object' || Array.isArray(o.payload)) return out.push({ line, text: t, problem: { code: 'BAD_PAYLOAD', detail: '"payload" must be an object' } })
    out.push({ line, text: t, event: { type, payload: o.payload as Record<string, unknown> } })
  })
  return out
}

/** RFC 4180 records with the line each starts on (quoted fields may hold commas, quotes doubled, line breaks). */
function csvRecords(text: string): Array<{ line: number; fields: string[]; text: string; broken: boolean }> {
  const out: Array<{ line: number; fields: string[]; text: string; broken: boolean }> = []
  let i = 0
  let line = 1
  while (i < text.length) {
    const start = i
    const startLine = line
    const fields: string[] = []
    let field = ''
    let quoted = false
    let broken = false
    for (;;) {
      if (i >= text.length) {
        if (quoted) broken = true
        fields.push(field)
        break
      }
      const c = text[i]!
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"'
            i += 2
            continue
          }
          quoted = false
          i++
          continue
        }
        if (c === '\n') line++
        field += c
        i++
        continue
      }
      if (c === '"' && field === '') {
        quoted = true
        i++
        continue
      }
      if (c === ',') {
        fields.push(field)
        field = ''
        i++
        continue
      }
      if (c === '\n' || c === '\r') {
        fields.push(field)
        if (c === '\r' && text[i + 1] === '\n') i++
        i++
        line++
        break
      }
      field += c
      i++
    }
    const raw = text.slice(start, i).replace(/\r?\n$/, '')
    if (raw.length > BATCH_LINE_MAX_CHARS) broken = true
    if (fields.length === 1 && fields[0]!.trim() === '' && !broken) continue
    out.push({ line: startLine, fields, text: raw.slice(0, BATCH_LINE_MAX_CHARS), broken })
  }
  return out
}

function readCsv(text: string): BatchLine[] {
  const records = csvRecords(text)
  const header = records.shift()
  if (header === undefined) return []
  const names = header.fields.map((f) => f.trim())
  const typeAt = names.indexOf('type')
  if (typeAt < 0 || new Set(names).size !== names.length || names.some((n) => !/^[A-Za-z][A-Za-z0-9]{0,31}$/.test(n))) {
    return [{ line: header.line, text: header.text, problem: { code: 'BAD_PAYLOAD', detail: 'the first row names the columns: "type" and the fields of the reports, each once' } }]
  }
  return records.map((r): BatchLine => {
    if (r.broken) return { line: r.line, text: r.text, problem: { code: 'BAD_PAYLOAD', detail: 'the row is too long, or a quoted field is not closed' } }
    if (r.fields.length !== names.length) return { line: r.line, text: r.text, problem: { code: 'BAD_PAYLOAD', detail: `the row has ${r.fields.length} fields; the first row names ${names.length}` } }
    const type = batchType(r.fields[typeAt]!.trim())
    if (type === null) return { line: r.line, text: r.text, problem: { code: 'BAD_PAYLOAD', detail: typeProblem(r.fields[typeAt]) } }
    const payload: Record<string, unknown> = {}
    names.forEach((n, k) => {
      const v = r.fields[k]!.trim()
      if (k === typeAt || v === '') return
      payload[n] = n === 'animals' ? v.split(/[;\s]+/).filter((x) => x !== '') : v
    })
    return { line: r.line, text: r.text, event: { type, payload } }
  })
}
