/** How role grants and revocations (the identity registry) show in the explorer (lib/tx-render.ts). */
import type { FieldSpec, RendererTable } from '../../lib/tx-render'

const agency: FieldSpec = { key: 'agency', kind: 'agency' }
const subject: FieldSpec = { key: 'subject', kind: 'key' }
const role: FieldSpec = { key: 'role', kind: 'role' }

export const renderers: RendererTable = {
  'identity.role.grant': {
    summaryKey: 'credentials.render.grant',
    fields: [role, subject, agency, { key: 'expiresAt', kind: 'date', optional: true }, { key: 'label', kind: 'text', optional: true }],
  },
  'identity.role.revoke': {
    summaryKey: 'credentials.render.revoke',
    fields: [role, subject, agency, { key: 'reason', kind: 'text' }],
  },
}
