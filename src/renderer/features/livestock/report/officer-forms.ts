/**
 * The livestock officer's forms (docs/adr/0041, "Sites and keepers", standstills): a farm or business registered,
 * changed or closed with its keepers' keys; a standstill placed on sites and areas, or lifted. Each field checked as
 * it is typed (problems are message keys under livestockReport.problems, as in forms.ts), the payload parsed with the
 * registry's schema before it is signed. Pure (test/renderer/livestock-report-forms.test.ts).
 */
import { AREA_CODE_SHAPE, AREA_PREFIX_SHAPE, SITE_SHAPE } from '../../../../ledger/registries/livestock/portable/identifiers'
import {
  DISEASES,
  LiftSchema,
  SITE_KINDS,
  type SiteRecord,
  SiteRegisterSchema,
  SiteUpdateSchema,
  type StandstillTarget,
  StandstillSchema,
} from '../../../../ledger/registries/livestock/portable/schema'
import type { Problem } from './forms'

const HEX64 = /^[0-9a-f]{64}$/
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/u

/** Lines or commas: keys, standstill targets. */
export const splitList = (typed: string): string[] =>
  typed
    .split(/[\n,;]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')

function textProblem(s: string, max: number): Problem | null {
  const t = s.trim()
  if (t === '') return { key: 'required' }
  if (CONTROL_OR_FORMAT.test(t)) return { key: 'plain' }
  return t.length > max ? { key: 'tooLong', values: { max } } : null
}

/** Keepers' keys, one a line: 1 to 16, each 64 hex digits, none twice. */
export function keysProblem(typed: string): Problem | null {
  const list = splitList(typed).map((k) => k.toLowerCase())
  if (list.length === 0) return { key: 'required' }
  if (list.length > 16) return { key: 'tooMany', values: { max: 16 } }
  for (const [i, k] of list.entries()) {
    if (!HEX64.test(k)) return { key: 'keyAt', values: { n: i + 1 } }
    if (list.indexOf(k) !== i) return { key: 'duplicate', values: { n: i + 1 } }
  }
  return null
}

export interface SiteForm {
  site: string
  kind: (typeof SITE_KINDS)[number]
  name: string
  area: string
  address: string
  keepers: string
}

export const emptySite = (): SiteForm => ({ site: '', kind: 'farm', name: '', area: '', address: '', keepers: '' })

export function checkSite(f: SiteForm): Record<string, Problem> {
  const out: Record<string, Problem> = {}
  if (!SITE_SHAPE.test(f.site.trim())) out.site = f.site.trim() === '' ? { key: 'required' } : { key: 'site' }
  const name = textProblem(f.name, 100)
  if (name) out.name = name
  if (!AREA_CODE_SHAPE.test(f.area.trim())) out.area = f.area.trim() === '' ? { key: 'required' } : { key: 'area' }
  const address = textProblem(f.address, 200)
  if (address) out.address = address
  const keepers = keysProblem(f.keepers)
  if (keepers) out.keepers = keepers
  return out
}

export function buildSiteRegister(f: SiteForm): Record<string, unknown> | null {
  if (Object.keys(checkSite(f)).length > 0) return null
  const r = SiteRegisterSchema.safeParse({
    site: f.site.trim(),
    kind: f.kind,
    name: f.name.trim(),
    area: f.area.trim(),
    address: f.address.trim(),
    keepers: splitList(f.keepers).map((k) => k.toLowerCase()),
  })
  return r.success ? r.data : null
}

/** The form of a registered site, to change: its name, address and keepers as they are. */
export const siteFormOf = (s: SiteRecord): SiteForm => ({ site: s.site, kind: s.kind, name: s.name, area: s.area, address: s.address, keepers: s.keepers.join('\n') })

/** What changed from the registered site (only those fields go in the update); null when nothing did or a field is wrong. */
export function buildSiteUpdate(before: SiteRecord, f: SiteForm, close: boolean): Record<string, unknown> | null {
  const problems = checkSite({ ...f, area: before.area })
  if (Object.keys(problems).length > 0) return null
  const keepers = splitList(f.keepers).map((k) => k.toLowerCase())
  const u: Record<string, unknown> = { site: before.site }
  if (f.name.trim() !== before.name) u.name = f.name.trim()
  if (f.address.trim() !== before.address) u.address = f.address.trim()
  if (keepers.join() !== before.keepers.join()) u.keepers = keepers
  if (close && !before.closed) u.closed = true
  if (Object.keys(u).length === 1) return null
  const r = SiteUpdateSchema.safeParse(u)
  return r.success ? r.data : null
}

/** A standstill's targets, one a line: a 6-digit site number, or an area's 2 (시도), 5 (시군구) or 8 (읍면동) digits. */
export function parseTargets(typed: string): { targets: StandstillTarget[]; problem: Problem | null } {
  const list = splitList(typed)
  if (list.length === 0) return { targets: [], problem: { key: 'required' } }
  if (list.length > 500) return { targets: [], problem: { key: 'tooMany', values: { max: 500 } } }
  const targets: StandstillTarget[] = []
  const seen = new Set<string>()
  for (const [i, s] of list.entries()) {
    if (seen.has(s)) return { targets: [], problem: { key: 'duplicate', values: { n: i + 1 } } }
    seen.add(s)
    if (SITE_SHAPE.test(s)) targets.push({ kind: 'site', site: s })
    else if (AREA_PREFIX_SHAPE.test(s)) targets.push({ kind: 'area', area: s })
    else return { targets: [], problem: { key: 'targetAt', values: { n: i + 1 } } }
  }
  return { targets, problem: null }
}

export interface StandstillForm {
  order: string
  targets: string
  disease: (typeof DISEASES)[number]
  reason: string
}

export const emptyStandstill = (): StandstillForm => ({ order: '', targets: '', disease: 'fmd', reason: '' })

export function checkStandstill(f: StandstillForm): Record<string, Problem> {
  const out: Record<string, Problem> = {}
  if (!REFERENCE.test(f.order.trim())) out.order = f.order.trim() === '' ? { key: 'required' } : { key: 'reference' }
  const t = parseTargets(f.targets).problem
  if (t) out.targets = t
  const reason = textProblem(f.reason, 500)
  if (reason) out.reason = reason
  return out
}

export function buildStandstill(f: StandstillForm): Record<string, unknown> | null {
  if (Object.keys(checkStandstill(f)).length > 0) return null
  const r = StandstillSchema.safeParse({ order: f.order.trim(), targets: parseTargets(f.targets).targets, disease: f.disease, reason: f.reason.trim() })
  return r.success ? r.data : null
}

/** A lift of an order in force on these targets (the lift's own order number, and why). */
export function buildLift(order: string, targets: readonly StandstillTarget[], reason: string): Record<string, unknown> | null {
  if (!REFERENCE.test(order.trim()) || textProblem(reason, 500)) return null
  const r = LiftSchema.safeParse({ order: order.trim(), targets, reason: reason.trim() })
  return r.success ? r.data : null
}

/** A target in words' parts: a site by its number, an area by its prefix. */
export const targetText = (t: StandstillTarget): string => (t.kind === 'site' ? t.site : t.area)
