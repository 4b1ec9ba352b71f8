/**
 * The frame built from the feature list (features/registry.ts): routes, navigation, the i18n catalogue, the
 * registries whose transactions read in words and the explorer's payload renderers. Pure, so the rules (ids unique,
 * messages under the feature's id, screens gated by their nav item, one renderer per type) are unit-tested.
 */
import type { RouteRecordRaw } from 'vue-router'
import { makeCatalogue } from '../../ledger/registries/catalogue'
import type { Feature, NavItem } from '../nav'
import type { FormDef, FormTable } from './forms'
import type { RendererTable, TxRenderer } from './tx-render'
import type { RegistryWordsSource } from './registry-words'

export type Messages = Record<string, unknown>

/**
 * Throws on duplicate feature ids, nav ids or route paths (two features must never silently shadow each other), and on
 * a screen requiring a role that no feature's registry declares (roles are strings, checked here, at assembly).
 */
export function checkFeatures(features: readonly Feature[], reservedMessageKeys: readonly string[] = []): void {
  const seen = (what: string): ((key: string) => void) => {
    const set = new Set<string>()
    return (key) => {
      if (set.has(key)) throw new Error(`Two features use the same ${what}: "${key}"`)
      set.add(key)
    }
  }
  const id = seen('id')
  const navId = seen('navigation id')
  const path = seen('route path')
  featureForms(features) // throws on a form id declared twice
  const roles = new Set(makeCatalogue(featureRegistries(features)).roleIds())
  const known = (where: string, requires: unknown): void => {
    if (!Array.isArray(requires)) return
    for (const r of requires as unknown[]) {
      if (typeof r !== 'string' || !roles.has(r)) throw new Error(`${where} requires the role "${String(r)}", which no registry declares`)
    }
  }
  for (const f of features) {
    id(f.id)
    if (f.messages && reservedMessageKeys.includes(f.id)) {
      throw new Error(`Feature id "${f.id}" clashes with a frame message section`)
    }
    for (const n of f.nav ?? []) {
      navId(n.id)
      known(`Navigation entry "${n.id}"`, n.requires)
    }
    for (const r of f.routes) {
      path(r.path)
      known(`Route "${r.path}"`, r.meta?.requires)
    }
  }
}

/** Navigation entries of every feature, by `order` (then id, for a stable result). */
export function navItems(features: readonly Feature[]): NavItem[] {
  return features
    .flatMap((f) => f.nav ?? [])
    .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/**
 * Routes of every feature. A route reached from a nav item inherits the item's `requires` (and label, as its title)
 * in its meta unless it sets them itself; its children inherit them through the parent, as vue-router merges meta.
 */
export function featureRoutes(features: readonly Feature[]): RouteRecordRaw[] {
  const out: RouteRecordRaw[] = []
  for (const f of features) {
    const byPath = new Map((f.nav ?? []).map((n) => [n.to, n]))
    for (const r of f.routes) {
      const nav = byPath.get(r.path)
      if (!nav) {
        out.push(r)
        continue
      }
      const meta = { ...r.meta }
      if (nav.requires !== undefined && meta.requires === undefined) meta.requires = nav.requires
      if (meta.titleKey === undefined) meta.titleKey = nav.labelKey
      if (meta.navId === undefined) meta.navId = nav.id
      out.push({ ...r, meta } as RouteRecordRaw)
    }
  }
  return out
}

/** The i18n catalogue: the frame's messages, each feature's under its id. */
export function buildCatalogue<L extends string>(
  frame: Record<L, Messages>,
  features: readonly Feature[],
): Record<L, Messages> {
  const out = {} as Record<L, Messages>
  for (const locale of Object.keys(frame) as L[]) {
    const merged: Messages = { ...frame[locale] }
    for (const f of features) {
      const m = f.messages?.[locale as 'ko' | 'en']
      if (m) merged[f.id] = m
    }
    out[locale] = merged
  }
  return out
}

/** Dotted paths of every leaf of a message tree: to compare languages against the Korean schema. */
export function messageKeys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix]
  return Object.entries(tree as Record<string, unknown>)
    .flatMap(([k, v]) => messageKeys(v, prefix ? `${prefix}.${k}` : k))
    .sort()
}

/** The nav entry to mark current: the route's own (meta.navId, inherited by child routes), else the longest prefix. */
export function currentNavId(items: readonly NavItem[], path: string, navId?: unknown): string | null {
  if (typeof navId === 'string' && items.some((i) => i.id === navId)) return navId
  let best: NavItem | null = null
  for (const item of items) {
    const to = item.to.replace(/\/+$/, '')
    const hit = item.to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`)
    if (hit && (!best || item.to.length > best.to.length)) best = item
  }
  return best?.id ?? null
}

/** The registries the features declare, in feature order (a registry shown by two features counts once). */
export function featureRegistries(features: readonly Pick<Feature, 'registry'>[]): RegistryWordsSource[] {
  const out: RegistryWordsSource[] = []
  for (const f of features) if (f.registry && !out.includes(f.registry)) out.push(f.registry)
  return out
}

/** The signing forms of every feature, by id; throws when two features declare the same form id. */
export function featureForms(features: readonly Pick<Feature, 'forms'>[]): FormTable {
  const out: Record<string, FormDef> = {}
  for (const f of features) {
    for (const [id, def] of Object.entries(f.forms ?? {})) {
      if (Object.hasOwn(out, id)) throw new Error(`Two features declare the form "${id}"`)
      out[id] = def
    }
  }
  return out
}

/** The renderers of every feature; throws when two features render the same type (one would shadow the other). */
export function featureRenderers(features: readonly Pick<Feature, 'renderers'>[]): RendererTable {
  const out: Record<string, TxRenderer> = {}
  for (const f of features) {
    for (const [type, r] of Object.entries(f.renderers ?? {})) {
      if (Object.hasOwn(out, type)) throw new Error(`Two features render the transaction type "${type}"`)
      out[type] = r
    }
  }
  return out
}
