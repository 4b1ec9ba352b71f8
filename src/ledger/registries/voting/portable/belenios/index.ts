/** The Belenios 2.5 cryptography, written from the specification (ADR 0048): one import for the registry's users. */
export * from './group'
export * from './hash'
export * from './credential'
export * from './election'
export * from './proofs'
export * from './ballot'
export * from './tally'
export * from './audit'
