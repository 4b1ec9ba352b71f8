/**
 * The signing forms, by id. The outbox records on each item the form that made it (OutboxItem.form); a rejected item
 * re-opens in that form, pre-filled from its payload and checked as there (composables/useResubmit.ts), never in a
 * raw payload editor. A form's screen is a route; the item's id travels in the query (`?resubmit=<id>`). Each feature
 * declares its forms (Feature.forms); the table is assembled from the feature list (features/registry.ts FORMS).
 */
import type { RouteLocationNamedRaw, RouteLocationRaw } from 'vue-router'
import type { z } from 'zod'
import type { OutboxItem } from './outbox'

/** A signing form's id ("notary.register"): unique across the features (checkFeatures refuses one declared twice). */
export type FormId = string

/** A signing form a feature declares (Feature.forms): the types it signs, and its screen for a payload. */
export interface FormDef {
  types: readonly string[]
  route: (payload: Record<string, unknown>) => RouteLocationNamedRaw
}

/** The forms of every feature, by id (features/registry.ts FORMS, from featureForms). */
export type FormTable = Readonly<Record<FormId, FormDef>>

/** the query parameter that names the outbox item a form re-opens */
export const RESUBMIT_QUERY = 'resubmit'


/** The form that made an item: the one it recorded, or (items signed before forms were recorded) the form of its type. */
export function formOf(item: Pick<OutboxItem, 'form' | 'tx'>, forms: FormTable): FormId | null {
  if (item.form !== undefined && Object.hasOwn(forms, item.form)) return item.form
  const byType = Object.keys(forms).filter((f) => forms[f]!.types.includes(item.tx.type))
  return byType.length === 1 ? byType[0]! : null
}

/** Where a rejected item is corrected: its form's screen with the item named in the query, or null (no form made it). */
export function resubmitRoute(item: Pick<OutboxItem, 'id' | 'form' | 'tx'>, forms: FormTable): RouteLocationRaw | null {
  const form = formOf(item, forms)
  if (form === null) return null
  const payload = typeof item.tx.payload === 'object' && item.tx.payload !== null && !Array.isArray(item.tx.payload) ? item.tx.payload : {}
  const to = forms[form]!.route(payload as Record<string, unknown>)
  return { ...to, query: { [RESUBMIT_QUERY]: item.id } }
}

/** Why the registry's schema refuses one field: empty, too long, or not of its form. */
export type FieldRefusal =
  | { field: string; key: 'required' }
  | { field: string; key: 'tooLong'; params: { max: number } }
  | { field: string; key: 'invalid' }

/**
 * The fields of `value` that the registry's own zod schema refuses (so a form refuses what the node would), each with
 * why, in the order of `fields`. The schema is the rule source; the form puts the refusal in words.
 */
export function schemaFieldProblems(
  schema: { shape: Record<string, z.ZodType> },
  value: Record<string, unknown>,
  fields: readonly string[],
): FieldRefusal[] {
  const out: FieldRefusal[] = []
  for (const field of fields) {
    const rule = schema.shape[field]
    if (!rule) throw new Error(`the schema has no field ${field}`)
    const result = rule.safeParse(value[field])
    if (result.success) continue
    const issue = result.error.issues[0]
    if (issue?.code === 'too_small' && (value[field] === '' || value[field] === undefined)) out.push({ field, key: 'required' })
    else if (issue?.code === 'too_big' && typeof issue.maximum === 'number') out.push({ field, key: 'tooLong', params: { max: issue.maximum } })
    else out.push({ field, key: 'invalid' })
  }
  return out
}
