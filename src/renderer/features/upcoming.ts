/**
 * A register whose screens are not built yet (land, documents, livestock, elections): a route gated by its roles
 * and, for those who hold one, an honest empty state. When the register arrives, its folder exports its real screens
 * instead and stops using this.
 */
import type { Role } from '../../shared/roles'
import type { Feature } from '../nav'
import type { UpcomingMessages } from './upcoming-messages'

export type { UpcomingMessages } from './upcoming-messages'

export interface UpcomingRegisterOptions {
  id: string
  order: number
  requires: readonly Role[]
  messages: { ko: UpcomingMessages; en: UpcomingMessages }
}

export function upcomingRegister(o: UpcomingRegisterOptions): Feature {
  return {
    id: o.id,
    routes: [
      {
        path: `/${o.id}`,
        name: o.id,
        component: () => import('../components/UpcomingRegister.vue'),
        props: { feature: o.id },
        meta: { titleKey: `${o.id}.title` },
      },
    ],
    nav: [{ id: o.id, to: `/${o.id}`, labelKey: `${o.id}.nav`, order: o.order, requires: o.requires }],
    messages: { ko: { ...o.messages.ko }, en: { ...o.messages.en } },
  }
}
