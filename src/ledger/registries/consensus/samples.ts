/**
 * A payload of every transaction type of the consensus registry, as a node would accept it: test/renderer/words.test.ts
 * describes each in words and checks it against the type's schema (a type without a sample fails there).
 */
const KEY = 'ab'.repeat(32)

export const samples: Readonly<Record<string, unknown>> = {
  'consensus.evidence.submit': {
    voteA: { type: 1, height: 7, round: 0, blockHash: 'cd'.repeat(32), validator: KEY, sig: 'ef'.repeat(64) },
    voteB: { type: 1, height: 7, round: 0, blockHash: '12'.repeat(32), validator: KEY, sig: 'ef'.repeat(64) },
  },
}
