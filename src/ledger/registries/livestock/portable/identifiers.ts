/**
 * The livestock registry's identifiers (docs/adr/0041, "Identifiers"). Portable: the node, the forms, the CLI and the
 * label's verifier check numbers with these functions.
 *
 * - An animal's individual identification number (개체식별번호, the ear tag's number): 12 digits, the last a check
 *   digit. The ear tag prints the country before it (KOR 410); the ledger keeps the 12 digits.
 * - A site's identification number (농장식별번호 for a farm; the same 6-digit shape for markets, slaughterhouses, packers
 *   and shops).
 * - A bundle number (묶음번호) for a pack that mixes animals: "L" and 14 digits.
 * - An area: a 법정동 code (10 digits: 시도 2, 시군구 3, 읍면동 3, 리 2); a standstill names an area by its first 2, 5
 *   or 8 digits (시도, 시군구, 읍면동).
 */

/**
 * The check digit of an animal number's first 11 digits. MAFRA does not publish its rule; this is GS1's mod-10 (weights
 * 3 and 1 alternating from the rightmost data digit, as on every barcode), kept in this ONE function so that an agency
 * replaces it with the official rule in one place (docs/adr/0041). Returns a digit 0–9.
 */
export function animalCheckDigit(first11: string): number {
  let sum = 0
  for (let i = 0; i < first11.length; i++) {
    const d = first11.charCodeAt(first11.length - 1 - i) - 48
    sum += d * (i % 2 === 0 ? 3 : 1)
  }
  return (10 - (sum % 10)) % 10
}

const ANIMAL_SHAPE = /^\d{12}$/

/** Why an animal number is not one, or null: 'shape' (not 12 digits), 'check' (the check digit does not match). */
export function animalNumberProblem(s: string): 'shape' | 'check' | null {
  if (!ANIMAL_SHAPE.test(s)) return 'shape'
  return animalCheckDigit(s.slice(0, 11)) === s.charCodeAt(11) - 48 ? null : 'check'
}

/** The 12 digits typed or scanned with spaces or dashes ("002 1234 5678 9", "KOR 410 …" not included), or null. */
export function parseAnimalNumber(typed: string): string | null {
  const digits = typed.replace(/[\s-]/g, '')
  return animalNumberProblem(digits) === null ? digits : null
}

/** An animal number as the ear tag groups it: 3-4-4-1 ("002 1234 5678 9"). */
export function formatAnimalNumber(n: string): string {
  return ANIMAL_SHAPE.test(n) ? `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7, 11)} ${n.slice(11)}` : n
}

/** A complete animal number from its first 11 digits (generators, tests). */
export function withCheckDigit(first11: string): string {
  return first11 + String(animalCheckDigit(first11))
}

export const SITE_SHAPE = /^\d{6}$/
export const BUNDLE_SHAPE = /^L\d{14}$/
/** a 법정동 code */
export const AREA_CODE_SHAPE = /^\d{10}$/
/** a standstill's area: 시도 (2), 시군구 (5) or 읍면동 (8) digits of a 법정동 code */
export const AREA_PREFIX_SHAPE = /^(?:\d{2}|\d{5}|\d{8})$/

/** The prefixes of a 법정동 code a standstill may name (시도, 시군구, 읍면동), broadest first. */
export function areaPrefixes(areaCode: string): string[] {
  return [areaCode.slice(0, 2), areaCode.slice(0, 5), areaCode.slice(0, 8)]
}

/** A number on a label: an animal's or a bundle's. */
export function numberKind(s: string): 'animal' | 'bundle' | null {
  if (BUNDLE_SHAPE.test(s)) return 'bundle'
  return animalNumberProblem(s) === null ? 'animal' : null
}
