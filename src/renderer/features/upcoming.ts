/**
 * A register whose screens are not built yet (land, documents, livestock, elections): a route gated by its roles
 * and, for those who hold one, an honest empty state. When the register arrives, its folder exports its real screens
 * instead and stops using this.
 */
import type { RegistryPortable } from '../../ledger/registries/portable-types'
import type { Feature } from '../nav'
import type { UpcomingMessages } from './upcoming-messages'

export type { UpcomingMessages } from './upcoming-messages'

export interface UpcomingRegisterOptions {
  id: string
  order: number
  /** the registry's portable stub: its roles gate the screen and become grantable and named in words */
  registry: RegistryPortable
  messages: { ko: UpcomingMessages; en: UpcomingMessages }
}

export function upcomingRegister(o: UpcomingRegisterOptions): Feature {
  return {
    id: o.id,
    registry: o.registry,
    routes: [
      {
        path: `/${o.id}`,
        name: o.id,
        component: () => import('../components/UpcomingRegister.vue'),
        props: { feature: o.id },
        meta: { titleKey: `${o.id}.title` },
      },
    ],
    nav: [{ id: o.id, to: `/${o.id}`, labelKey: `${o.id}.nav`, order: o.order, requires: o.registry.roles.map((r) => r.id) }],
    messages: { ko: { ...o.messages.ko }, en: { ...o.messages.en } },
  }
}
