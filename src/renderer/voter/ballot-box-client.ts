/**
 * The voter page's calls to a ballot box endpoint (src/server/ballot-box.ts): the open elections, one election's
 * public data, casting a ballot and finding a tracker. A refusal carries its sentence in Korean and English; a
 * network failure is `unreachable`. No credentials, cookies or keys are sent: only the encrypted ballot.
 */
import type { BoxCastDto, BoxElectionDto, BoxElectionListDto, BoxTrackerDto } from '../../ledger/registries/voting/portable/ballot-box-dto'

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
export const findTracker = (base: string, uuid: string, tracker: string) =>
  call<BoxTrackerDto>(`${base}/elections/${encodeURIComponent(uuid)}/trackers/${encodeURIComponent(tracker)}`)
