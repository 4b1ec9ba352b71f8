/**
 * How a feature plugs into the app frame: its routes and, optionally, an entry in the navigation. Features list
 * themselves in features/registry.ts; the router and the navigation are built from that list.
 */
import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '../shared/roles'

export interface NavItem {
  /** stable id, also used in data-testid="nav-<id>" */
  id: string
  /** route path the item leads to */
  to: string
  /** i18n key of the label */
  labelKey: string
  /** position in the navigation, small first */
  order: number
  /**
   * Who may use the screen: any of these roles, or 'admin' (an agency administrator key). Absent: everyone.
   * A user without it still sees the screen, which then says how to get the role.
   */
  requires?: readonly Role[] | 'admin'
}

export interface Feature {
  id: string
  routes: RouteRecordRaw[]
  nav?: NavItem[]
  /** per-feature messages, merged into the i18n catalogue under the feature's id */
  messages?: { ko: Record<string, unknown>; en: Record<string, unknown> }
}
