/**
 * What the app reads of role issuing from the start: the nav label and the sentences of its transactions
 * (tx-render.ts), which the explorer, the outbox and notifications show. The rest, the Roles screen (messages.ts),
 * loads with its route (i18n/screen-messages.ts). Korean is the schema; English has exactly the same keys.
 */
const ko = {
  nav: '역할 발급',
  render: {
    grant: '기관 {agency}[이/가] 키 {subject}에 「{role}」 역할을 발급했습니다 ({expiry}).',
    revoke: '기관 {agency}[이/가] 키 {subject}의 「{role}」 역할을 회수했습니다. 사유: {reason}',
  },
}

const en: typeof ko = {
  nav: 'Issue roles',
  render: {
    grant: 'Agency {agency} granted the role “{role}” to key {subject} ({expiry}).',
    revoke: 'Agency {agency} revoked the role “{role}” from key {subject}. Reason: {reason}',
  },
}

export default { ko, en }
