/**
 * Amounts on the register (거래가액, 채권최고액, 전세금): whole won, stored as a decimal string of digits (no floats in
 * state), printed the Korean way — 금 120,000,000원 — or in English as KRW 120,000,000.
 */

/** The largest amount accepted: 10¹⁵ won (a thousand trillion), far above any real price. */
export const MAX_WON_DIGITS = 16

/** The canonical digits of an amount typed with or without separators ("120,000,000", "금 1억2천만원" is not read); null when it is not one. */
export function parseWon(text: string): string | null {
  const t = text.trim().replace(/^금\s*/, '').replace(/원$/, '').replace(/[,\s]/g, '')
  if (!/^\d+$/.test(t)) return null
  const digits = t.replace(/^0+(?=\d)/, '')
  return digits.length > MAX_WON_DIGITS ? null : digits
}

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

export function formatWon(digits: string, locale: 'ko' | 'en'): string {
  if (!/^\d+$/.test(digits)) throw new RangeError(`not an amount: ${digits}`)
  return locale === 'ko' ? `금 ${group(digits)}원` : `KRW ${group(digits)}`
}
