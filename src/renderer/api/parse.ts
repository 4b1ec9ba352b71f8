/**
 * Answers of the node, parsed with the shared zod schemas (src/shared/api.ts). An answer of the wrong shape is an
 * ApiError of kind 'invalid' that names what was expected and where the answer differs; in a list, entries of the
 * wrong shape are left out (the rest is shown) but the list itself must be a list. Each entry left out is logged
 * (console.warn: which list, which entry, where it differs) and counted: per list (droppedOf) and in all
 * (droppedEntries), so that a screen can say that some entries could not be read.
 */
import { readonly, shallowRef, type Ref } from 'vue'
import type { z } from 'zod'
import { ApiError } from './api-error'

/** Entries left out of each list parseList returned (a list with none left out is not kept). */
const droppedByList = new WeakMap<readonly unknown[], number>()
const droppedSoFar = shallowRef(0)

/** Entries left out of list answers since the page started (reactive). */
export const droppedEntries: Readonly<Ref<number>> = readonly(droppedSoFar)

/** How many entries of the answer were left out of `list` (one parseList returned), 0 for any other array. */
export function droppedOf(list: readonly unknown[]): number {
  return droppedByList.get(list) ?? 0
}

/** Where and how an answer differs from its schema, in a short sentence (for the log and the 'invalid' error). */
function difference(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return ''
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'the answer'
  return ` (${where}: ${issue.message})`
}

/** The answer as `schema` says, or ApiError 'invalid': "Unexpected <what> (path: why)." */
export function parseAnswer<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body)
  if (!result.success) throw new ApiError('invalid', `Unexpected ${what}${difference(result.error)}.`)
  return result.data
}

/** A list answer: must be an array; the entries that `schema` accepts, in order. */
export function parseList<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S>[] {
  if (!Array.isArray(body)) throw new ApiError('invalid', `Unexpected ${what}: not a list.`)
  const out: z.output<S>[] = []
  let dropped = 0
  body.forEach((entry: unknown, index) => {
    const result = schema.safeParse(entry)
    if (result.success) {
      out.push(result.data)
      return
    }
    dropped++
    console.warn(`daejang: left out entry ${index} of a ${what}${difference(result.error)}`)
  })
  if (dropped > 0) {
    droppedByList.set(out, dropped)
    droppedSoFar.value += dropped
  }
  return out
}
