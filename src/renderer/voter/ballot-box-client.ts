/**
 * The voter page's calls to a ballot box endpoint (src/server/ballot-box.ts): the open elections, one election's
 * public data, casting a ballot, challenging one (its spoil, then its opening) and finding a tracker. A refusal carries its sentence in Korean and English; a
 * network failure is `unreachable`. No credentials, cookies or keys are sent: only the encrypted ballot.
 */
import type { BoxCastDto, BoxElectionDto, BoxElectionListDto, BoxSentDto, BoxTrackerDto } from '../../ledger/registries/voting/portable/ballot-box-dto'

export type BoxAnswer<T> = { ok: true; value: T } | { ok: false; unreachable: true } | { ok: false; unreachable: false; text: { ko: string; en: string } }

async function call<T>(url: string, init?: RequestInit): Promise<BoxAnswer<T>> {
  let r: Response
  try {
    r = await fetch(url, { ...init, credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store' })
  } catch {
    return { ok: false, unreachable: true }
  }
  let body: unknown
  try {
    body = await r.json()
  } catch {
    return { ok: false, unreachable: true }
  }
  if (r.ok) return { ok: true, value: body as T }
  const text = (body as { error?: { text?: { ko?: unknown; en?: unknown } } }).error?.text
  return typeof text?.ko === 'string' && typeof text.en === 'string'
    ? { ok: false, unreachable: false, text: { ko: text.ko, en: text.en } }
    : { ok: false, unreachable: true }
}

/** The endpoint's base address without a trailing slash, or null when it is not an http(s) address. */
export function endpointBase(input: string): string | null {
  try {
    const u = new URL(input.trim())
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null
    return u.origin
  } catch {
    return null
  }
}

export const listElections = (base: string) => call<BoxElectionListDto>(`${base}/elections`)
export const getElection = (base: string, uuid: string) => call<BoxElectionDto>(`${base}/elections/${encodeURIComponent(uuid)}`)
export const castBallot = (base: string, text: string) =>
  call<BoxCastDto>(`${base}/ballot?wait=commit`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: text,
  })
const postJson = (url: string, body: unknown) => call<BoxSentDto>(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
/** Benaloh's challenge, first: the ballot's hash spoiled, signed by its credential (the ballot itself is not sent). */
export const spoilBallot = (base: string, spoil: { election: string; ballotHash: string; credential: string; proof: { challenge: string; response: string } }) =>
  postJson(`${base}/spoil?wait=commit`, spoil)
/** Then, once the spoil is recorded, the ballot opened: its text and randomness, published and never counted. */
export const auditBallot = (base: string, audit: { election: string; ballot: string; randomness: string[][] }) => postJson(`${base}/audit?wait=commit`, audit)
export const findTracker = (base: string, uuid: string, tracker: string) =>
  call<BoxTrackerDto>(`${base}/elections/${encodeURIComponent(uuid)}/trackers/${encodeURIComponent(tracker)}`)
