/** How the identity registry's transactions read, in Korean and English (registries/portable-types.ts). */
import type { RegistryWords } from '../../portable-types'
import { agencyName, isoDay, record, roleName, shortKey, str } from '../../words-util'

export const words: RegistryWords = {
  txTypes: {
    'identity.role.grant': { ko: '역할 발급', en: 'Role grant' },
    'identity.role.revoke': { ko: '역할 회수', en: 'Role revocation' },
  },
  fields: {
    agency: { ko: '기관', en: 'Agency' },
    subject: { ko: '대상 키', en: 'Subject key' },
    role: { ko: '역할', en: 'Role' },
    expiresAt: { ko: '만료', en: 'Expires' },
    label: { ko: '메모', en: 'Note' },
    reason: { ko: '사유', en: 'Reason' },
  },
  describe(type, payload, locale, names) {
    const p = record(payload)
    const agency = str(p, 'agency')
    const subject = str(p, 'subject')
    const role = str(p, 'role')
    if (!agency || !subject || !role) return null
    const a = agencyName(agency, names)
    const r = roleName(role, names)
    const k = shortKey(subject)
    if (type === 'identity.role.grant') {
      const expires = p?.['expiresAt']
      if (expires !== null && typeof expires !== 'number') return null
      const until = typeof expires === 'number' ? isoDay(expires) : null
      return locale === 'ko'
        ? `${a}의 키 ${k}에 「${r}」 역할 발급, ${until ? `${until}까지` : '기한 없음'}`
        : `Role “${r}” granted to key ${k} of ${a}, ${until ? `until ${until}` : 'with no expiry'}`
    }
    if (type === 'identity.role.revoke') {
      const reason = str(p, 'reason')
      if (!reason) return null
      return locale === 'ko'
        ? `${a}의 키 ${k}에서 「${r}」 역할 회수 (사유: ${reason})`
        : `Role “${r}” revoked from key ${k} of ${a} (reason: ${reason})`
    }
    return null
  },
}
