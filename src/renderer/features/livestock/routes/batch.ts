/**
 * The livestock screens of this part (docs/adr/0041), as children of /livestock: each with `meta.tabKey` (a key under
 * livestock.tabs) to show as a tab, and `meta.requires` (roles) where the screen is not open to everyone.
 */
import type { RouteRecordRaw } from 'vue-router'

export const routes: RouteRecordRaw[] = []
