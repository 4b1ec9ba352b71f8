/** Table columns shared by every list of role credentials (a key's roles, an agency's credentials). */
import { NTag, type DataTableColumn } from 'naive-ui'
import { h } from 'vue'
import type { RoleCredentialDto } from '../../../shared/api'
import { formatDateTime } from '../../lib/format'
import { credentialState } from './credential'

type T = (key: string, values?: Record<string, unknown>) => string

const STATE_TAG = { active: 'success', expired: 'warning', revoked: 'error' } as const

export function expiryColumn(t: T, locale: () => string): DataTableColumn<RoleCredentialDto> {
  return {
    key: 'expiresAt',
    title: t('keys.roles.expires'),
    render: (c) => (c.expiresAt === null ? t('keys.roles.never') : formatDateTime(c.expiresAt, locale())),
  }
}

/** active / expired / revoked, with the reason of a revocation */
export function stateColumn(t: T): DataTableColumn<RoleCredentialDto> {
  return {
    key: 'state',
    title: t('keys.roles.stateCol'),
    render: (c) => {
      const state = credentialState(c)
      return h('span', { class: 'cred-state' }, [
        h(NTag, { size: 'small', type: STATE_TAG[state], bordered: false }, () => t(`keys.roles.${state}`)),
        c.revoked ? h('span', { class: 'cred-state__reason' }, t('keys.roles.revokedReason', { reason: c.revoked.reason })) : null,
      ])
    },
  }
}
