/**
 * How a transaction's payload is shown, per type: a small table of renderers keyed by transaction type. A renderer
 * names the payload fields to show (with how to format each) and the sentence that says what the transaction did.
 * Types without a renderer — or payloads that do not have the expected shape — are shown as JSON. Pure: the screen
 * does the formatting (role names, dates, keys) in the UI language.
 */
export type FieldKind = 'key' | 'role' | 'agency' | 'date' | 'text'

export interface FieldSpec {
  key: string
  /** i18n key of the field's label */
  labelKey: string
  kind: FieldKind
  /** may be absent (and, for dates, null: "no expiry") */
  optional?: boolean
}

export interface TxRenderer {
  /** i18n key of the sentence; its parameters are the payload fields by name */
  summaryKey: string
  fields: readonly FieldSpec[]
}

const agency: FieldSpec = { key: 'agency', labelKey: 'explorer.fields.agency', kind: 'agency' }
const subject: FieldSpec = { key: 'subject', labelKey: 'explorer.fields.subject', kind: 'key' }
const role: FieldSpec = { key: 'role', labelKey: 'explorer.fields.role', kind: 'role' }

export const TX_RENDERERS: Readonly<Record<string, TxRenderer>> = {
  'identity.role.grant': {
    summaryKey: 'explorer.render.grant',
    fields: [
      role,
      subject,
      agency,
      { key: 'expiresAt', labelKey: 'explorer.fields.expiresAt', kind: 'date', optional: true },
      { key: 'label', labelKey: 'explorer.fields.label', kind: 'text', optional: true },
    ],
  },
  'identity.role.revoke': {
    summaryKey: 'explorer.render.revoke',
    fields: [role, subject, agency, { key: 'reason', labelKey: 'explorer.fields.reason', kind: 'text' }],
  },
}

export interface RenderedField {
  spec: FieldSpec
  /** string for key/role/agency/text, number (ms) or null for dates; undefined when an optional field is absent */
  value: string | number | null | undefined
}

export interface RenderedPayload {
  renderer: TxRenderer
  fields: RenderedField[]
}

/** The renderer's view of a payload, or null: show it as JSON. */
export function renderPayload(type: string, payload: unknown): RenderedPayload | null {
  const renderer = Object.hasOwn(TX_RENDERERS, type) ? TX_RENDERERS[type] : undefined
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
