/**
 * A payload of every transaction type of the identity registry, as a node would accept it: test/renderer/words.test.ts
 * describes each in words and checks it against the type's schema (a type without a sample fails there).
 */
const KEY = 'ab'.repeat(32)

export const samples: Readonly<Record<string, unknown>> = {
  'identity.role.grant': { agency: 'seoul', subject: KEY, role: 'notary', expiresAt: Date.UTC(2027, 0, 31), label: 'Kim' },
  'identity.role.revoke': { agency: 'seoul', subject: KEY, role: 'notary', reason: 'left the office' },
}
