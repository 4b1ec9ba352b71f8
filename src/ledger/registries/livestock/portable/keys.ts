/**
 * State keys of the livestock registry (docs/adr/0041, "State keys"). An animal's head and every event under one group,
 * so one range proof proves its whole history and the absence of any other event (the consumer's label and file).
 * Portable: the label's verifier rebuilds them.
 */

export const LIVESTOCK_PREFIX = 'lv/'

/** The group of an animal: its head and its events. */
export const animalGroup = (animal: string): string => `lv/a/${animal}`
export const animalKey = (animal: string): string => `lv/a/${animal}/head`
/** An animal's event by its sequence (1, 2, …: the order the ledger recorded them in). */
export const animalEventKey = (animal: string, seq: number): string => `lv/a/${animal}/e-${String(seq).padStart(6, '0')}`

export const siteKey = (site: string): string => `lv/s/${site}/head`
export const bundleKey = (bundle: string): string => `lv/b/${bundle}/head`
/** A standstill on one site. */
export const siteStandstillKey = (site: string): string => `lv/ss/s/${site}`
/** A standstill on an area: a 법정동 code's first 2, 5 or 8 digits. */
export const areaStandstillKey = (prefix: string): string => `lv/ss/a/${prefix}`
/** The outcome of a batch submission, by its transaction hash: which events were refused and why. */
export const batchKey = (txHash: string): string => `lv/batch/${txHash}`
/** A site a key keeps (written by site.register and site.update): the group lv/kp/<key> lists every site of one keeper. */
export const keeperSiteKey = (key: string, site: string): string => `lv/kp/${key}/${site}`
export const keeperSitesPrefix = (key: string): string => `lv/kp/${key}/`
/** Meat a shop holds under an animal's or a bundle's number (written by a pack sent to it; a sale and a DNA test read it). */
export const heldKey = (shop: string, number: string): string => `lv/h/${shop}/${number}`
/**
 * A DNA result by the sample's number: one result per sample, its letters in one case (`lab-0002` is the sample
 * `LAB-0002`: written in other letters it would raise a mismatch's alerts twice).
 */
export const dnaSampleKey = (sample: string): string => `lv/dna/${sample.toUpperCase()}`
