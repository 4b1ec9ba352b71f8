/**
 * An election record read from a JSON file (`daejang election export --record`): the exact texts in ledger order,
 * checked for shape and size before the archive is written. Refusals: VOTING_ARCHIVE_INCOMPLETE, nothing written.
 */
import { archiveError } from './tar'
import type { ElectionRecord } from './archive'

export { buildArchive } from './archive'

const isText = (v: unknown): v is string => typeof v === 'string'

export function recordFromJson(v: unknown): ElectionRecord {
  const r = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>
  const bad = (what: string): never => {
    throw archiveError('VOTING_ARCHIVE_INCOMPLETE', what)
  }
  if (!Number.isSafeInteger(r.timestamp) || (r.timestamp as number) < 0) bad('timestamp: the opening time in seconds')
  for (const k of ['election', 'trustees', 'publicCredentials'] as const) if (!isText(r[k])) bad(`${k}: a text`)
  if (r.setupData !== undefined && !isText(r.setupData)) bad('setupData: a text')
  if (!Array.isArray(r.ballots) || !r.ballots.every(isText)) bad('ballots: a list of texts')
  if (typeof r.closed !== 'boolean') bad('closed: true or false')
  const t = r.tally as Record<string, unknown> | undefined
  if (t !== undefined && (typeof t !== 'object' || t === null || !isText(t.encryptedTally) || !Number.isSafeInteger(t.numTallied) || !(Number.isSafeInteger(t.totalWeight) || isText(t.totalWeight))))
    bad('tally: { encryptedTally, numTallied, totalWeight }')
  const pds = r.partialDecryptions ?? []
  if (!Array.isArray(pds) || !pds.every((p) => typeof p === 'object' && p !== null && Number.isSafeInteger((p as { owner?: unknown }).owner) && isText((p as { text?: unknown }).text)))
    bad('partialDecryptions: a list of { owner, text }')
  if (r.result !== undefined && !isText(r.result)) bad('result: a text')
  return {
    timestamp: r.timestamp as number,
    election: r.election as string,
    trustees: r.trustees as string,
    publicCredentials: r.publicCredentials as string,
    ...(r.setupData !== undefined ? { setupData: r.setupData as string } : {}),
    ballots: r.ballots as string[],
    closed: r.closed as boolean,
    ...(t !== undefined ? { tally: { encryptedTally: t.encryptedTally as string, numTallied: t.numTallied as number, totalWeight: t.totalWeight as number | string } } : {}),
    partialDecryptions: (pds as Array<{ owner: number; text: string }>).map((p) => ({ owner: p.owner, text: p.text })),
    ...(r.result !== undefined ? { result: r.result as string } : {}),
  }
}
