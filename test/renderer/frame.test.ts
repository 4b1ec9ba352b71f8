/** The frame built from the feature list: gating, navigation, routes, the i18n catalogue, the session store. */
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import type { Feature } from '../../src/renderer/nav'
import { type Requirement, asRequirement, meetsRequirement } from '../../src/renderer/lib/access'
import {
  buildCatalogue,
  checkFeatures,
  featureForms,
  currentNavId,
  featureRoutes,
  messageKeys,
  navItems,
} from '../../src/renderer/lib/features'
import { useSessionStore } from '../../src/renderer/stores/session'
import { landPortable } from '../../src/ledger/registries/land/portable'
import { landFeature } from '../../src/renderer/features/land'
import { FEATURES, FORMS } from '../../src/renderer/features/registry'
import en from '../../src/renderer/i18n/messages/en'
import ko from '../../src/renderer/i18n/messages/ko'
import consortium from '../../src/renderer/features/governance/messages'
import documents from '../../src/renderer/features/notary/messages'
import elections from '../../src/renderer/features/voting/messages'
import explorer from '../../src/renderer/features/explorer/messages'
import land from '../../src/renderer/features/land/messages'
import livestock from '../../src/renderer/features/livestock/messages'
import overview from '../../src/renderer/features/node/messages'
import settings from '../../src/renderer/features/settings/messages'
import verify from '../../src/renderer/features/verify/messages'
import standalone from '../../src/renderer/verifier/messages'

const Page = { render: () => null }
const feature = (id: string, extra: Partial<Feature> = {}): Feature => ({
  id,
  routes: [{ path: `/${id}`, component: Page }],
  nav: [{ id, to: `/${id}`, labelKey: `${id}.nav`, order: 50 }],
  ...extra,
})

describe('access', () => {
  const clerk = { roles: new Set(['registrar']), isAdmin: false }
  const admin = { roles: new Set<string>(), isAdmin: true }
  it('lets anyone through without a requirement, else needs any listed role or an admin key', () => {
    expect(meetsRequirement(undefined, clerk)).toBe(true)
    expect(meetsRequirement(['registrar', 'bank-officer'], clerk)).toBe(true)
    expect(meetsRequirement(['notary'], clerk)).toBe(false)
    expect(meetsRequirement('admin', clerk)).toBe(false)
    expect(meetsRequirement('admin', admin)).toBe(true)
    // administering an agency is not holding its roles
    expect(meetsRequirement(['notary'], admin)).toBe(false)
  })
  it('reads requirements from untrusted route meta', () => {
    expect(asRequirement('admin')).toBe('admin')
    expect(asRequirement(['notary'])).toEqual(['notary'])
    expect(asRequirement([1])).toBeUndefined()
    expect(asRequirement('root')).toBeUndefined()
  })
})

describe('frame from the feature list', () => {
  it('orders the navigation by `order`', () => {
    const items = navItems([
      feature('b', { nav: [{ id: 'b', to: '/b', labelKey: 'b.nav', order: 20 }] }),
      feature('a', { nav: [{ id: 'a', to: '/a', labelKey: 'a.nav', order: 10 }] }),
      feature('c', { nav: [] }),
    ])
    expect(items.map((i) => i.id)).toEqual(['a', 'b'])
  })

  it('refuses duplicate ids, nav ids and paths, and feature ids that take a frame message section', () => {
    expect(() => checkFeatures([feature('a'), feature('a')])).toThrow(/same id/)
    expect(() => checkFeatures([feature('a'), feature('b', { routes: [{ path: '/a', component: Page }] })])).toThrow(/route path/)
    expect(() => checkFeatures([feature('status', { messages: { ko: {}, en: {} } })], Object.keys(ko))).toThrow(/clashes/)
    expect(() => checkFeatures([feature('a'), feature('b')], Object.keys(ko))).not.toThrow()
  })

  it('assembles the signing forms from the features, refusing a form id declared twice', () => {
    const form = { types: ['harbour.ship.enter'], route: () => ({ name: 'harbour' }) }
    const harbour = feature('harbour', { forms: { 'harbour.enter': form } })
    expect(featureForms([harbour, feature('b')])).toEqual({ 'harbour.enter': form })
    expect(() => checkFeatures([harbour, feature('b', { forms: { 'harbour.enter': form } })])).toThrow(/harbour\.enter/)
    // the app's forms come from its features: the notary's, identity's and governance's
    expect(Object.keys(FORMS).sort()).toEqual(['governance.proposal', 'notary.register', 'notary.status', 'roles.grant', 'roles.revoke'])
  })

  it('refuses a screen requiring a role that no feature’s registry declares, and takes a new registry’s role', () => {
    const harbour = { ...landPortable, name: 'harbour', words: { txTypes: {} }, errors: {}, roles: [{ id: 'harbour-master', words: { ko: '항만장', en: 'Harbour master' } }] }
    const gated = feature('h', { nav: [{ id: 'h', to: '/h', labelKey: 'h.nav', order: 1, requires: ['harbour-master'] }] })
    expect(() => checkFeatures([gated])).toThrow(/harbour-master/)
    expect(() => checkFeatures([{ ...gated, registry: harbour }])).not.toThrow()
    const routeGated = feature('r', { routes: [{ path: '/r', component: Page, meta: { requires: ['registrar'] } }] })
    expect(() => checkFeatures([routeGated])).toThrow(/registrar/)
    expect(() => checkFeatures([routeGated, landFeature])).not.toThrow()
    // the app's own list passes, every placeholder register's roles declared by its stub registry
    expect(() => checkFeatures(FEATURES)).not.toThrow()
  })

  it('opens the land lookup and the register to anyone; the queue, watch list, owner lookup and commissions keep their roles', () => {
    const citizen = { roles: new Set<string>(), isAdmin: false }
    const land = featureRoutes([landFeature]).find((r) => r.path === '/land')!
    const resolve = (name: string): Requirement => {
      const child = land.children!.find((c) => c.name === name)!
      // vue-router merges meta parent first, child last
      return ({ ...land.meta, ...child.meta } as { requires?: Requirement }).requires
    }
    expect(landFeature.nav?.find((n) => n.id === 'land')?.requires).toBeUndefined()
    for (const open of ['land', 'land-register', 'land-apply', 'land-follow']) expect(meetsRequirement(resolve(open), citizen), open).toBe(true)
    expect(resolve('land-queue')).toEqual(['registrar'])
    expect(resolve('land-watch')).toEqual(['bank-officer'])
    expect(resolve('land-owners')).toEqual(['registrar', 'bank-officer', 'land-authority'])
    expect(resolve('land-commission')).toEqual(['land-authority'])
    for (const gated of ['land-queue', 'land-watch', 'land-owners', 'land-commission']) expect(meetsRequirement(resolve(gated), citizen), gated).toBe(false)
    expect(meetsRequirement(resolve('land-queue'), { roles: new Set(['registrar']), isAdmin: false })).toBe(true)
  })

  it("gives a nav item's route its requirement and title, unless the route sets its own", () => {
    const f = feature('land', {
      nav: [{ id: 'land', to: '/land', labelKey: 'land.nav', order: 20, requires: ['registrar'] }],
      routes: [
        { path: '/land', component: Page },
        { path: '/land-other', component: Page },
      ],
    })
    const own = feature('x', {
      nav: [{ id: 'x', to: '/x', labelKey: 'x.nav', order: 1, requires: 'admin' }],
      routes: [{ path: '/x', component: Page, meta: { requires: ['notary'], titleKey: 'x.title' } }],
    })
    const [land, other, x] = featureRoutes([f, own])
    expect(land!.meta).toEqual({ requires: ['registrar'], titleKey: 'land.nav', navId: 'land' })
    expect(other!.meta).toBeUndefined()
    expect(x!.meta).toMatchObject({ requires: ['notary'], titleKey: 'x.title', navId: 'x' })
  })

  it('marks the nav item of the current route, child routes included', () => {
    const items = navItems([
      feature('overview', { nav: [{ id: 'overview', to: '/', labelKey: 'o', order: 1 }] }),
      feature('explorer'),
      feature('keys'),
    ])
    expect(currentNavId(items, '/')).toBe('overview')
    expect(currentNavId(items, '/explorer/txs/ab')).toBe('explorer')
    expect(currentNavId(items, '/explorerish')).toBeNull()
    expect(currentNavId(items, '/somewhere', 'keys')).toBe('keys')
  })

  it("merges each feature's messages under its id", () => {
    const cat = buildCatalogue({ ko: { app: { x: 1 } }, en: { app: { x: 2 } } }, [
      feature('land', { messages: { ko: { nav: '토지' }, en: { nav: 'Land' } } }),
      feature('plain'),
    ])
    expect(cat).toEqual({ ko: { app: { x: 1 }, land: { nav: '토지' } }, en: { app: { x: 2 }, land: { nav: 'Land' } } })
  })
})

describe('messages', () => {
  const catalogues: Record<string, { ko: unknown; en: unknown }> = {
    frame: { ko, en },
    overview,
    land,
    documents,
    livestock,
    elections,
    consortium,
    explorer,
    settings,
    verify,
    standalone,
  }
  for (const [name, m] of Object.entries(catalogues)) {
    it(`${name}: English has exactly the Korean keys, none empty`, () => {
      expect(messageKeys(m.en)).toEqual(messageKeys(m.ko))
      for (const tree of [m.ko, m.en]) {
        const strings = JSON.stringify(tree).match(/"(?:[^"\\]|\\.)*"/g) ?? []
        expect(strings.every((s) => s !== '""')).toBe(true)
      }
    })
  }
})

describe('session store', () => {
  it('holds the unlocked key, its roles and admin flag, and gates by them', () => {
    setActivePinia(createPinia())
    const s = useSessionStore()
    expect(s.activeKey).toBeNull()
    expect(s.allows(['notary'])).toBe(false)
    expect(s.allows(undefined)).toBe(true)
    s.setIdentity('ab'.repeat(32), ['notary', 'vet'], true)
    expect(s.activeKey).toBe('ab'.repeat(32))
    expect([...s.roles]).toEqual(['notary', 'vet'])
    expect(s.isAdmin).toBe(true)
    expect(s.rolesKnown).toBe(true)
    expect(s.allows(['registrar', 'notary'])).toBe(true)
    expect(s.allows('admin')).toBe(true)
    // a key just unlocked, its roles still being read from the node: not yet known to lack any
    s.setIdentity('cd'.repeat(32), [], false, false)
    expect(s.rolesKnown).toBe(false)
    expect(s.allows(['notary'])).toBe(false)
    s.clear()
    expect(s.rolesKnown).toBe(false)
    expect(s.activeKey).toBeNull()
    expect(s.roles.size).toBe(0)
    expect(s.allows('admin')).toBe(false)
  })
  it('never grants roles or admin without a key', () => {
    setActivePinia(createPinia())
    const s = useSessionStore()
    s.setIdentity(null, ['notary'], true)
    expect(s.roles.size).toBe(0)
    expect(s.isAdmin).toBe(false)
  })
})
