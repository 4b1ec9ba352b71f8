/**
 * The parts a file's dry run is sent in (docs/adr/0047): each part within the node's bounds on one request — events
 * and animals named — and all of them checked on one dry run kept by the node (its `session`), so a part sees what
 * the parts before it would have written. Portable: the CLI and the batch screen split a file with it; the route
 * checks the same bounds.
 */

/** events one dry-run request checks (a day of a slaughterhouse's or an agency's reports: births and their tags) */
export const DRY_RUN_MAX_EVENTS = 5_000

/**
 * the animals one dry-run request names at most (an event's `animals`, else one): the route asks no signature, so
 * without it one request of vet acts or packs of 100–200 animals each would make the node read a million animals
 */
export const DRY_RUN_MAX_ANIMALS = 50_000

/** How many animals an event names for the dry run's budget: its `animals` list, or one. */
export function animalsNamed(e: { payload?: unknown }): number {
  const p = e.payload
  const list = p !== null && typeof p === 'object' ? (p as { animals?: unknown }).animals : undefined
  return Array.isArray(list) ? Math.max(1, list.length) : 1
}

/** The parts of these events, in order, as [start, end) indexes: each within both bounds, at least one event. */
export function dryRunParts(events: ReadonlyArray<{ payload: unknown }>): Array<[number, number]> {
  const parts: Array<[number, number]> = []
  let start = 0
  let animals = 0
  events.forEach((e, i) => {
    const n = animalsNamed(e)
    if (i > start && (i - start >= DRY_RUN_MAX_EVENTS || animals + n > DRY_RUN_MAX_ANIMALS)) {
      parts.push([start, i])
      start = i
      animals = 0
    }
    animals += n
  })
  if (events.length > start) parts.push([start, events.length])
  return parts
}
