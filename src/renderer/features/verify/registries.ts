/**
 * The verifiers and result panels of the Verify screen, assembled from a list of features: each feature's registry
 * that declares a `verifier` (its portable barrel), and the feature's `verifyPanel` for that registry's records. A
 * record of a registry with no panel is shown by the generic one (GenericVerifyResult.vue).
 */
import type { Component } from 'vue'
import type { Words } from '../../../ledger/registries/portable-types'
import type { AnyVerifier } from '../../../ledger/verify/framework'
import { verifiersOf } from '../../../ledger/verify/verifiers'
import type { Feature } from '../../nav'

export interface VerifyRegistries {
  verifiers: readonly AnyVerifier[]
  /** result panels by registry name */
  panels: ReadonlyMap<string, Component>
  /** the registries' names in words, by registry name (the generic panel says whose record it is) */
  titles: ReadonlyMap<string, Words>
}

export function verifyRegistriesOf(features: ReadonlyArray<Pick<Feature, 'registry' | 'verifyPanel'>>): VerifyRegistries {
  const verifiers = verifiersOf(features.flatMap((f) => (f.registry ? [f.registry] : [])))
  const panels = new Map<string, Component>()
  const titles = new Map<string, Words>()
  for (const f of features) {
    if (!f.registry?.verifier) continue
    titles.set(f.registry.name, f.registry.title)
    if (f.verifyPanel) panels.set(f.registry.name, f.verifyPanel)
  }
  return { verifiers, panels, titles }
}
