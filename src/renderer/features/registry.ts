/**
 * Every feature of the app, in one list: the router, the navigation, the i18n catalogue, the words of every
 * transaction type (each feature's registry) and the explorer's payload renderers are built from it.
 */
import { provide } from 'vue'
import { featureForms, featureRegistries, featureRenderers } from '../lib/features'
import type { FormTable } from '../lib/forms'
import { REGISTRY_WORDS, wordsCatalogue } from '../lib/registry-words'
import { TX_RENDERERS } from '../lib/tx-render'
import type { Feature } from '../nav'
import { activityFeature } from './activity'
import { consortiumFeature } from './governance'
import { credentialsFeature } from './identity'
import { documentsFeature } from './notary'
import { electionsFeature } from './voting'
import { explorerFeature } from './explorer'
import { keysFeature } from './keys'
import { landFeature } from './land'
import { livestockFeature } from './livestock'
import { overviewFeature } from './node'
import { outboxFeature } from './outbox'
import { settingsFeature } from './settings'
import { sneakernetFeature } from './sneakernet'
import { onboardingFeature } from './onboarding'
import { verifyFeature } from './verify'

export const FEATURES: Feature[] = [
  overviewFeature,
  landFeature,
  documentsFeature,
  verifyFeature,
  livestockFeature,
  electionsFeature,
  consortiumFeature,
  sneakernetFeature,
  explorerFeature,
  keysFeature,
  credentialsFeature,
  outboxFeature,
  activityFeature,
  settingsFeature,
  onboardingFeature,
]

/** The signing forms of every feature, by id (where a rejected outbox item re-opens: lib/forms.ts). */
export const FORMS: FormTable = featureForms(FEATURES)

/** Gives the screens below the calling component (the app frame) the features' words and renderers. */
export function provideRegistries(features: readonly Feature[] = FEATURES): void {
  provide(REGISTRY_WORDS, wordsCatalogue(featureRegistries(features)))
  provide(TX_RENDERERS, featureRenderers(features))
}
