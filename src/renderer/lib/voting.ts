/** The consortium's validators and administrators, from GET /api/v1/identity/agencies. Pure. */
import type { AgencyDto } from '../../shared/api'

export interface ValidatorRow {
  agencyId: string
  agencyName: string
  publicKey: string
  power: number
  /** share of the total voting power, 0..1 */
  share: number
}

export interface VotingPower {
  validators: ValidatorRow[]
  total: number
  /** least power whose signatures commit a block: more than 2/3 of the total */
  quorum: number
  /** most power that may fail or lie while the consortium stays safe and live: less than 1/3 of the total */
  tolerated: number
  /** most validators that may fail together within that power (the smallest ones first) */
  toleratedValidators: number
}

export function votingPower(agencies: readonly AgencyDto[]): VotingPower {
  const withValidator = agencies.filter((a) => a.validator && a.validator.power > 0)
  const total = withValidator.reduce((sum, a) => sum + a.validator!.power, 0)
  const validators = withValidator
    .map((a) => ({
      agencyId: a.id,
      agencyName: a.name,
      publicKey: a.validator!.publicKey,
      power: a.validator!.power,
      share: total > 0 ? a.validator!.power / total : 0,
    }))
    .sort((x, y) => y.power - x.power || (x.agencyId < y.agencyId ? -1 : 1))
  const tolerated = total > 0 ? Math.ceil(total / 3) - 1 : 0
  let toleratedValidators = 0
  let failing = 0
  for (const v of [...validators].sort((x, y) => x.power - y.power)) {
    if (failing + v.power > tolerated) break
    failing += v.power
    toleratedValidators++
  }
  return {
    validators,
    total,
    quorum: total > 0 ? Math.floor((2 * total) / 3) + 1 : 0,
    tolerated,
    toleratedValidators,
  }
}

export interface AdminRow {
  publicKey: string
  agencyId: string
  agencyName: string
}

export function administrators(agencies: readonly AgencyDto[]): AdminRow[] {
  return agencies.flatMap((a) => a.admins.map((publicKey) => ({ publicKey, agencyId: a.id, agencyName: a.name })))
}

/** "12.5 %" in the UI language. */
export function formatShare(share: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share)
}
