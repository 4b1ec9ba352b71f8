/** Every feature of the app, in one list: the router, the navigation and the i18n catalogue are built from it. */
import type { Feature } from '../nav'
import { consortiumFeature } from './consortium'
import { credentialsFeature } from './credentials'
import { documentsFeature } from './documents'
import { electionsFeature } from './elections'
import { explorerFeature } from './explorer'
import { keysFeature } from './keys'
import { landFeature } from './land'
import { livestockFeature } from './livestock'
import { overviewFeature } from './node'
import { outboxFeature } from './outbox'
import { settingsFeature } from './settings'
import { verifyFeature } from './verify'

export const FEATURES: Feature[] = [
  overviewFeature,
  landFeature,
  documentsFeature,
  verifyFeature,
  livestockFeature,
  electionsFeature,
  consortiumFeature,
  explorerFeature,
  keysFeature,
  credentialsFeature,
  outboxFeature,
  settingsFeature,
]
