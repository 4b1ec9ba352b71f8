/**
 * The verifiers a build knows, assembled from its registries: a registry that certifies records declares `verifier` in
 * its portable barrel (registries/portable-types.ts). The node and the CLI pass the registry list (REGISTRIES), the
 * app's Verify screen and the standalone page the registries of the app's features. A QR code or bundle of a
 * registry not in the list is refused with a clear message (framework.ts). Portable.
 */
import type { AnyVerifier } from './framework'

/**
 * The verifiers declared by a list of registries, in its order. A verifier must be its own registry's (a registry
 * that verified another's records would shadow it), and a registry is listed once.
 */
export function verifiersOf(registries: ReadonlyArray<{ name: string; verifier?: AnyVerifier }>): AnyVerifier[] {
  const out: AnyVerifier[] = []
  for (const r of registries) {
    if (!r.verifier) continue
    if (r.verifier.registry !== r.name) throw new Error(`the verifier of registry ${r.name} verifies "${r.verifier.registry}"`)
    if (out.some((v) => v.registry === r.name)) throw new Error(`two verifiers of registry ${r.name}`)
    out.push(r.verifier)
  }
  return out
}
