/**
 * The land register (docs/adr/0033): registers of land, buildings and condominium units, applications by the parties
 * (one co-signed act), commissions by courts and offices, examination by the registrar of the competent office.
 * Reads, routes and commands: queries.ts, routes.ts, cli.ts; screens: src/renderer/features/land/.
 */
import { credentialsKey } from '../identity/state-keys'
import { type Registry, txType } from '../types'
import { landCli } from './cli'
import { landLocalCli } from './cli-local'
import { landImportCli } from './cli-import'
import { landPortable } from './portable'
import { applicationKey, complexUnitKey, currentKey, headKey, locationKey, officeKey, officeRangeKey } from './portable/keys'
import {
  AUTHORITY_ROLE,
  ApplySchema,
  DefineComplexSchema,
  DefineOfficeSchema,
  EnterSchema,
  OpenRegisterSchema,
  locationNormalForm,
  REGISTRAR_ROLE,
  RebindSchema,
  RejectSchema,
  WithdrawSchema,
} from './portable/schema'
import { LAND_ROUTES } from './routes'
import { LAND_LOCAL_ROUTES, startLandLocal } from './local-index-routes'
import { LAND_EXTRACT_ROUTES } from './extract-routes'
import { applyMigrateRegister, migrateKeys } from './import-rules'
import { MigrateSchema } from './portable/import-schema'
import {
  admitApply,
  admitWithdraw,
  applyApply,
  applyCommission,
  applyDefineComplex,
  applyDefineOffice,
  applyEnter,
  applyOpenRegister,
  applyRebind,
  applyReject,
  applyWithdraw,
} from './rules'

const registrar = [REGISTRAR_ROLE] as const
const authority = [AUTHORITY_ROLE] as const
/** the parties of an application sign it together: up to 16 co-signers, any key (the rule decides whose are needed) */
const parties = { permission: 'anyone', min: 0, max: 16 } as const

export const landRegistry: Registry = {
  ...landPortable,
  routes: [...LAND_ROUTES, ...LAND_LOCAL_ROUTES, ...LAND_EXTRACT_ROUTES],
  startLocal: startLandLocal,
  cli: (host) => {
    landCli(host)
    landLocalCli(host)
    landImportCli(host)
  },
  txTypes: {
    'land.office.define': txType({
      schema: DefineOfficeSchema,
      permission: 'admin',
      apply: applyDefineOffice,
      keys: (p) => [officeKey(p.office), officeRangeKey(p.office)],
    }),
    'land.complex.define': txType({ schema: DefineComplexSchema, permission: registrar, apply: applyDefineComplex, keys: (p) => [officeKey(p.office)] }),
    'land.register.open': txType({
      schema: OpenRegisterSchema,
      permission: registrar,
      apply: applyOpenRegister,
      keys: (p) => [
        officeKey(p.office),
        ...(p.head.kind === 'land' ? [locationKey(locationNormalForm(p.head.location))] : []),
        ...(p.head.kind === 'unit' ? [complexUnitKey(p.head.complex, p.head.unit)] : []),
      ],
    }),
    'land.register.migrate': txType({ schema: MigrateSchema, permission: registrar, apply: applyMigrateRegister, keys: migrateKeys }),
    'land.apply': txType({
      schema: ApplySchema,
      permission: 'anyone',
      cosigners: parties,
      admit: admitApply,
      apply: applyApply,
      keys: (p, signer) => [officeKey(p.office), headKey(p.request.register), currentKey(p.request.register), credentialsKey(signer)],
    }),
    'land.commission': txType({
      schema: ApplySchema,
      permission: authority,
      apply: applyCommission,
      keys: (p) => [officeKey(p.office), headKey(p.request.register), currentKey(p.request.register)],
    }),
    'land.enter': txType({
      schema: EnterSchema,
      permission: registrar,
      apply: applyEnter,
      keys: (p) => [officeKey(p.office), applicationKey(p.office, p.year, p.receipt)],
    }),
    'land.reject': txType({
      schema: RejectSchema,
      permission: registrar,
      apply: applyReject,
      keys: (p) => [officeKey(p.office), applicationKey(p.office, p.year, p.receipt)],
    }),
    'land.withdraw': txType({
      schema: WithdrawSchema,
      permission: 'anyone',
      admit: admitWithdraw,
      apply: applyWithdraw,
      keys: (p) => [applicationKey(p.office, p.year, p.receipt)],
    }),
    'land.holder.rebind': txType({
      schema: RebindSchema,
      permission: registrar,
      apply: applyRebind,
      keys: (p) => [headKey(p.register), currentKey(p.register)],
    }),
  },
}

export * from './portable/keys'
export * from './portable/schema'
export type * from './portable/dto'
