/** What the frame reads from a route's meta (lib/features.ts fills it from the feature's nav item). */
import 'vue-router'
import type { Requirement } from './lib/access'

declare module 'vue-router' {
  interface RouteMeta {
    /** who may use the screen; without it, everyone (the gate explains how to get a missing role) */
    requires?: Requirement
    /** i18n key of the screen's title (document title, announcement) */
    titleKey?: string
    /** the navigation entry to mark as current */
    navId?: string
    /** a screen shown as a tab of its register's frame: the key of its label under `<register>.tabs` (livestock) */
    tabKey?: string
    /** a screen shown without the navigation and the status bar (the first-run choice, features/onboarding) */
    bare?: boolean
  }
}

export {}
