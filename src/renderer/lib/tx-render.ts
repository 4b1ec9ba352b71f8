/**
 * How a transaction's payload is shown, per type: a renderer names the payload fields to show (with how to format
 * each) and the sentence (an i18n key of the feature that declares it) that says what the transaction did. Features
 * declare the renderers of their registry's types (nav.ts `renderers`); the explorer's table is assembled from the
 * feature list. Types without a renderer — or payloads that do not have the expected shape — are shown by the
 * registry's one-line description and their fields. Pure: the screen does the formatting in the UI language.
 */
import type { InjectionKey } from 'vue'

export type FieldKind = 'key' | 'role' | 'agency' | 'date' | 'text'

export interface FieldSpec {
  key: string
  kind: FieldKind
  /** may be absent (and, for dates, null: "no expiry") */
  optional?: boolean
}

export interface TxRenderer {
  /** i18n key of the sentence; its parameters are the payload fields by name (and `expiry` for a date field) */
  summaryKey: string
  fields: readonly FieldSpec[]
}

export type RendererTable = Readonly<Record<string, TxRenderer>>

/** The explorer's renderers, provided by the app frame (App.vue) and read by the payload view. */
export const TX_RENDERERS: InjectionKey<RendererTable> = Symbol('tx-renderers')

export interface RenderedField {
  spec: FieldSpec
  /** string for key/role/agency/text, number (ms) or null for dates; undefined when an optional field is absent */
  value: string | number | null | undefined
}

export interface RenderedPayload {
  renderer: TxRenderer
  fields: RenderedField[]
}

/** The renderer's view of a payload, or null: show it by its description and fields. */
export function renderPayload(renderers: RendererTable, type: string, payload: unknown): RenderedPayload | null {
  const renderer = Object.hasOwn(renderers, type) ? renderers[type] : undefined
  if (!renderer || typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null
  const p = payload as Record<string, unknown>
  const fields: RenderedField[] = []
  for (const spec of renderer.fields) {
    const value = Object.hasOwn(p, spec.key) ? p[spec.key] : undefined
    if (!fits(spec, value)) return null
    fields.push({ spec, value: value as RenderedField['value'] })
  }
  return { renderer, fields }
}

function fits(spec: FieldSpec, value: unknown): boolean {
  if (value === undefined) return spec.optional === true
  switch (spec.kind) {
    case 'date':
      return value === null || (typeof value === 'number' && Number.isFinite(value))
    case 'key':
      return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value)
    default:
      return typeof value === 'string'
  }
}

/** Pretty JSON for the generic view (payloads are JSON values by construction). */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? String(value)
}
