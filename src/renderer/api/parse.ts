/**
 * Answers of the node, parsed with the shared zod schemas (src/shared/api.ts). An answer of the wrong shape is an
 * ApiError of kind 'invalid' that names what was expected and where the answer differs; in a list, entries of the
 * wrong shape are left out (the rest is shown) but the list itself must be a list. Each entry left out is logged
 * (console.warn: which list, which entry, where it differs) and counted: per list (droppedOf) and in all
 * (droppedEntries), so that a screen can say that some entries could not be read.
 *
 * The schemas (and zod) are not in the start bundle: `apiSchemas()` loads them with the first answer to parse, and
 * `answerOf` / `listOf` start that load beside the request they wait for.
 */
import { readonly, shallowRef, type Ref } from 'vue'
import type { z } from 'zod'
import { ApiError } from './api-error'

/** The module of answer schemas (api/schemas.ts), loaded once on first use. */
export type ApiSchemas = typeof import('./schemas')
/** The names of its schemas ("StatusSchema", …). */
export type SchemaName = { [K in keyof ApiSchemas]: ApiSchemas[K] extends z.ZodType ? K : never }[keyof ApiSchemas]

let schemasLoading: Promise<ApiSchemas> | null = null
let schemasLoaded: ApiSchemas | null = null

/** The answer schemas; the first call loads them (a failed load is tried again at the next call). */
export function apiSchemas(): Promise<ApiSchemas> {
  if (!schemasLoading) {
    const loading = import('./schemas')
    schemasLoading = loading
    loading.then(
      (m) => {
        schemasLoaded = m
      },
      () => {
        if (schemasLoading === loading) schemasLoading = null
      },
    )
  }
  return schemasLoading
}

/** The answer schemas if they have loaded, else null (for a caller that must not wait: the event stream). */
export function loadedApiSchemas(): ApiSchemas | null {
  return schemasLoaded
}

/** `answer` parsed with the named schema (parseAnswer), the schemas loading while the answer is awaited. */
export async function answerOf<K extends SchemaName>(name: K, answer: Promise<unknown>, what: string): Promise<z.output<ApiSchemas[K]>> {
  const schemas = apiSchemas()
  const body = await answer
  return parseAnswer((await schemas)[name], body, what) as z.output<ApiSchemas[K]>
}

/** A list answer parsed entry by entry with the named schema (parseList), the schemas loading meanwhile. */
export async function listOf<K extends SchemaName>(name: K, answer: Promise<unknown>, what: string): Promise<z.output<ApiSchemas[K]>[]> {
  const schemas = apiSchemas()
  const body = await answer
  return parseList((await schemas)[name], body, what) as z.output<ApiSchemas[K]>[]
}

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
