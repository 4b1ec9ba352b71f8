/**
 * How a feature plugs into the app frame: its routes and, optionally, an entry in the navigation, the registry whose
 * screens it holds (its words and verifier), how its transaction types' payloads are shown and its verifier's result
 * panel. Features list themselves in features/registry.ts; the router, the navigation, the words of transactions, the
 * explorer's payload renderers and the Verify screen's verifiers and panels are built from that list.
 */
import type { Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'
import type { RegistryPortable } from '../ledger/registries/portable-types'
import type { Role } from '../shared/roles'
import type { FormTable } from './lib/forms'
import type { RendererTable } from './lib/tx-render'

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
  /**
   * The registry this feature shows, by its portable barrel (registries/<domain>/portable): its transaction types,
   * fields and values read in words in the explorer, the outbox and the notifications.
   */
  registry?: RegistryPortable
  /**
   * When `registry` is given without its verifier (the frame reads only its words, errors and roles): loads the full
   * portable barrel, verifier included. The Verify screen loads it (features/verify-features.ts), so the verifier's
   * code (proofs, signatures, CBOR, schemas) stays out of the start bundle.
   */
  loadRegistry?: () => Promise<RegistryPortable>
  /** payload renderers for transaction types of its registry (lib/tx-render.ts), by type */
  renderers?: RendererTable
  /**
   * The Verify screen's result panel for a verified record of its registry (whose portable barrel declares a
   * `verifier`); given `{ outcome: VerifiedOutcome }` (features/verify/run.ts). Without one, the screen shows a
   * generic panel: the verdict and the registry's checks in words.
   */
  verifyPanel?: Component
  /** its signing forms by id (lib/forms.ts): where a rejected outbox item of theirs re-opens; ids unique across features */
  forms?: FormTable
}
