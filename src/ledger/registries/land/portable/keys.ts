/**
 * State keys of the land register (docs/adr/0033, "State keys"): everything of one register under one group, so that
 * one range proof proves the whole register (and the absence of anything else). Portable: the extract's verifier
 * rebuilds them.
 */

export const LAND_PREFIX = 'ld/'

/** The group of a register: its head, entries and current state. */
export const registerGroup = (number: string): string => `ld/r/${number}`
export const headKey = (number: string): string => `ld/r/${number}/head`
export const currentKey = (number: string): string => `ld/r/${number}/cur`
export const entryKey = (number: string, seq: number): string => `ld/r/${number}/e-${String(seq).padStart(6, '0')}`

export const complexKey = (number: string): string => `ld/cx/${number}/head`
export const complexUnitKey = (complex: string, unit: string): string => `ld/cx/${complex}/u-${unit}`

/**
 * The land register that keeps a parcel (1필지 1등기기록): `ld/loc/<normal form of its location>` → its number. Only
 * land registers are keyed so: several buildings may stand on one lot, and a unit is keyed by its complex.
 */
export const locationKey = (normalForm: string): string => `ld/loc/${normalForm}`
/** The agency that holds an office-code range (an office code's first two digits, its region). */
export const officeRangeKey = (office: string): string => `ld/ofr/${office.slice(0, 2)}`

/** The agency an office code belongs to. */
export const officeKey = (office: string): string => `ld/of/${office}/agency`
/** The last register sequence of an office and year. */
export const sequenceKey = (office: string, year: number): string => `ld/of/${office}/seq/${year}`
/** The last receipt number of an office and year. */
export const receiptCounterKey = (office: string, year: number): string => `ld/of/${office}/rcpt/${year}`
export const applicationKey = (office: string, year: number, receipt: number): string =>
  `ld/app/${office}/${year}/${String(receipt).padStart(7, '0')}`
/** A mandate's hash once an application has carried it: a mandate is used once (docs/adr/0033, "Agents and their mandates"). */
export const mandateUsedKey = (hash: string): string => `ld/mandate/${hash}`
