/**
 * The features with their registries' full portable barrels (Feature.loadRegistry: verifiers included), for the
 * Verify screen. Its route loads them before the screen (features/verify/index.ts), never at start, so that the
 * screen reads its verifiers synchronously, as before.
 */
import type { Feature } from '../nav'
import { FEATURES } from './registry'

/** `features` with each `loadRegistry` resolved into `registry` (the others as they are). */
export async function withFullRegistries(features: readonly Feature[]): Promise<Feature[]> {
  return Promise.all(features.map(async (f) => (f.loadRegistry ? { ...f, registry: await f.loadRegistry() } : f)))
}

let loaded: readonly Feature[] | null = null

/** Loads the app's features with their full registries (once). */
export async function loadVerifyFeatures(): Promise<readonly Feature[]> {
  loaded ??= await withFullRegistries(FEATURES)
  return loaded
}

/** The app's features with their full registries; loadVerifyFeatures() must have resolved (the Verify route waits). */
export function verifyFeatures(): readonly Feature[] {
  if (!loaded) throw new Error('the features’ verifiers are not loaded yet (loadVerifyFeatures)')
  return loaded
}
