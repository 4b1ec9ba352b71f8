/**
 * A payload of every transaction type of the land registry, as a node would accept it: test/renderer/words.test.ts
 * describes each in words and checks it against the type's schema (a type without a sample fails there).
 */
export const samples: Readonly<Record<string, unknown>> = {} // no transaction types yet
