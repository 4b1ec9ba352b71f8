/** Paging through blocks newest first with a `before` height cursor (GET /api/v1/blocks?before=&limit=). Pure. */

/** The cursor of the page just newer than one starting (newest) at `firstHeight`; undefined: the latest page. */
export function newerCursor(firstHeight: number, head: number, limit: number): number | undefined {
  const before = firstHeight + limit + 1
  return before > head ? undefined : before
}

/** The cursor of the page just older than one ending (oldest) at `lastHeight`; undefined: there is none. */
export function olderCursor(lastHeight: number): number | undefined {
  return lastHeight > 1 ? lastHeight : undefined
}

/** A `before` cursor from a route query value; undefined for none or anything that is not a height above 1. */
export function parseCursor(value: unknown): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) return undefined
  const n = Number(raw)
  return n >= 2 ? n : undefined
}

/** A block height from a route parameter, or null. */
export function parseHeight(value: unknown): number | null {
  const raw = Array.isArray(value) ? value[0] : value
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) return null
  const n = Number(raw)
  return n >= 1 ? n : null
}
