/**
 * The registries whose certified records this build verifies: one line per registry that certifies records. A QR
 * code or bundle of a registry not listed here is refused with a clear message (framework.ts). Portable.
 * (When each registry exports its portable barrel, this list is assembled from it: `verifiersOf(portables)`.)
 */
import { notaryVerifier } from '../registries/notary/portable/verify'
import type { AnyVerifier } from './framework'

export const VERIFIERS: readonly AnyVerifier[] = [notaryVerifier]

/** The verifiers declared by a list of registries (those that certify records declare one). */
export function verifiersOf(registries: ReadonlyArray<{ verifier?: AnyVerifier }>): AnyVerifier[] {
  return registries.flatMap((r) => (r.verifier ? [r.verifier] : []))
}
