/**
 * The livestock traceability register (docs/adr/0041): sites and keepers, an animal's life from birth (or import) to
 * the shop, standstills. Rules: rules*.ts (the table a batch runs: rules.ts); reads, routes and commands: queries.ts,
 * routes.ts, cli.ts. Other parts add their types, routes, commands and node-local work at the end of each list.
 */
import { type Registry, type TxContext, txType } from '../types'
import { livestockPortable } from './portable'
import { areaStandstillKey, animalKey, siteKey, siteStandstillKey } from './portable/keys'
import { LIVESTOCK_OFFICER_ROLE, FARMER_ROLE } from './portable/roles'
import { ExportSchema, ImportSchema, LiftSchema, MoveSchema, SiteRegisterSchema, SiteUpdateSchema, StandstillSchema, type StandstillTarget } from './portable/schema'
import { LIVESTOCK_EVENT_RULES, type LivestockEventRule } from './rules'
import { FARM_ROLES, applyExport, applyImport, applyMove } from './rules-life'
import { applySiteRegister, applySiteUpdate, applyStandstillLift, applyStandstillPlace } from './rules-sites'
import { LIVESTOCK_ROUTES } from './routes'
import { livestockCli } from './cli'
import { TRACE_ROUTES, startLivestockTrace } from './trace-routes'
import { livestockTraceCli } from './cli-trace'
import { LIVESTOCK_LABEL_ROUTES } from './label-routes'
import { livestockLabelCli } from './cli-label'
import { livestockLabelVerifier } from './portable/verify'
import { livestockBatch } from './batch'

const officer = [LIVESTOCK_OFFICER_ROLE] as const
const targetKeys = (ts: readonly StandstillTarget[]): string[] =>
  ts.map((t) => (t.kind === 'site' ? siteStandstillKey(t.site) : areaStandstillKey(t.area)))

/** An event type of the batch table as a transaction type of its own. */
function eventType(def: LivestockEventRule<never>) {
  return txType<never>({
    schema: def.schema,
    permission: def.roles,
    apply: (ctx: TxContext<never>) => def.apply(ctx),
    keys: (p: never) => def.keys(p),
  })
}

export const livestockRegistry: Registry = {
  ...livestockPortable,
  verifier: livestockLabelVerifier,
  // each part adds its routes and commands on a line of its own at the end of these lists
  routes: [
    ...LIVESTOCK_ROUTES,
    ...TRACE_ROUTES,
    ...LIVESTOCK_LABEL_ROUTES,
    ...livestockBatch.routes,
  ],
  // the node-local index of tracing and the officer's dashboard (docs/adr/0046)
  startLocal: startLivestockTrace,
  cli: (host) => {
    livestockCli(host)
    livestockTraceCli(host)
    livestockLabelCli(host)
    livestockBatch.cli(host)
  },
  txTypes: {
    'livestock.site.register': txType({ schema: SiteRegisterSchema, permission: officer, apply: applySiteRegister, keys: (p) => [siteKey(p.site)] }),
    'livestock.site.update': txType({ schema: SiteUpdateSchema, permission: officer, apply: applySiteUpdate, keys: (p) => [siteKey(p.site)] }),
    ...Object.fromEntries(Object.entries(LIVESTOCK_EVENT_RULES).map(([type, def]) => [type, eventType(def)])),
    'livestock.move': txType({
      schema: MoveSchema,
      permission: FARM_ROLES,
      // the keeper of the site the animals go to co-signs (the rule says LIVESTOCK_BOTH_SITES when no one did)
      cosigners: { permission: FARM_ROLES, min: 0, max: 1 },
      apply: applyMove,
      keys: (p) => [siteKey(p.from), siteKey(p.to), siteStandstillKey(p.from), siteStandstillKey(p.to), ...p.animals.map(animalKey)],
    }),
    'livestock.import': txType({
      schema: ImportSchema,
      permission: [FARMER_ROLE, LIVESTOCK_OFFICER_ROLE],
      apply: applyImport,
      keys: (p) => [animalKey(p.animal), siteKey(p.farm), siteStandstillKey(p.farm)],
    }),
    'livestock.export': txType({
      schema: ExportSchema,
      permission: [FARMER_ROLE],
      apply: applyExport,
      keys: (p) => [animalKey(p.animal), siteKey(p.farm), siteStandstillKey(p.farm)],
    }),
    'livestock.standstill.place': txType({
      schema: StandstillSchema,
      permission: officer,
      apply: applyStandstillPlace,
      keys: (p) => [...targetKeys(p.targets), ...p.targets.flatMap((t) => (t.kind === 'site' ? [siteKey(t.site)] : []))],
    }),
    'livestock.standstill.lift': txType({ schema: LiftSchema, permission: officer, apply: applyStandstillLift, keys: (p) => targetKeys(p.targets) }),
    ...livestockBatch.txTypes,
  },
}

export { LIVESTOCK_EVENT_RULES, hasLivestockRole, parseEvent } from './rules'
