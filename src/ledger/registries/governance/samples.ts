/**
 * A payload of every transaction type of the governance registry, as a node would accept it: test/renderer/words.test.ts
 * describes each in words and checks it against the type's schema (a type without a sample fails there).
 */
const KEY = 'ab'.repeat(32)

export const samples: Readonly<Record<string, unknown>> = {
  'governance.proposal.submit': { change: { kind: 'validator.set', agency: 'seoul', validator: { publicKey: KEY, power: 3 } }, effectiveHeight: 40 },
  'governance.proposal.approve': { proposal: KEY },
  'governance.proposal.withdraw': { proposal: KEY },
}
