/**
 * Shares of co-ownership (공유지분) and of land rights (대지권), as exact fractions. The ledger stores a share as its
 * reduced text `n/d` (never a float): the rules add and compare them exactly, so "the shares sum to the whole" is a
 * fact, not a rounding. Korean registers print a share as "2분의 1"; a 대지권 share often has decimals
 * ("12345.6분의 78.9"), read here as the exact fraction 789/123456 (stored reduced: 263/41152).
 */

export interface Share {
  n: bigint
  d: bigint
}

/** Larger numerators or denominators are refused: no register needs them, and a bound keeps arithmetic cheap. */
export const MAX_SHARE_DIGITS = 30

const gcd = (a: bigint, b: bigint): bigint => {
  while (b !== 0n) [a, b] = [b, a % b]
  return a < 0n ? -a : a
}

function make(n: bigint, d: bigint): Share {
  if (d === 0n) throw new RangeError('a share with a zero denominator')
  if (d < 0n) [n, d] = [-n, -d]
  const g = gcd(n, d)
  return g > 1n ? { n: n / g, d: d / g } : { n, d }
}

export const WHOLE: Share = { n: 1n, d: 1n }
export const NONE: Share = { n: 0n, d: 1n }

const DECIMAL = /^(\d{1,30})(?:\.(\d{1,12}))?$/

/** A non-negative decimal as a fraction ("78.9" → 789/10). */
function decimal(text: string): Share | null {
  const m = DECIMAL.exec(text)
  if (m === null) return null
  const frac = m[2] ?? ''
  const n = BigInt(m[1]! + frac)
  const d = 10n ** BigInt(frac.length)
  return make(n, d)
}

/**
 * Reads a share: `n/d` (decimals allowed on both sides), Korean `d분의 n`, or `1` for the whole. Null when it is not a
 * share between 0 (excluded) and 1 (included).
 */
export function parseShare(text: string): Share | null {
  const t = text.trim().replace(/,/g, '')
  let num: string
  let den: string
  const ko = /^(.+?)\s*분의\s*(.+)$/.exec(t)
  if (ko !== null) {
    den = ko[1]!
    num = ko[2]!
  } else if (t.includes('/')) {
    const parts = t.split('/')
    if (parts.length !== 2) return null
    num = parts[0]!.trim()
    den = parts[1]!.trim()
  } else {
    num = t
    den = '1'
  }
  const a = decimal(num)
  const b = decimal(den)
  if (a === null || b === null || b.n === 0n) return null
  const s = make(a.n * b.d, a.d * b.n)
  if (s.n <= 0n || compareShares(s, WHOLE) > 0) return null
  if (s.n.toString().length > MAX_SHARE_DIGITS || s.d.toString().length > MAX_SHARE_DIGITS) return null
  return s
}

/** The canonical text stored on the ledger: reduced, `n/d` (`1/1` for the whole). */
export function shareText(s: Share): string {
  return `${s.n}/${s.d}`
}

/** The share as a register prints it: "2분의 1" / "1/2"; the whole as 단독 / sole. */
export function shareWords(s: Share, locale: 'ko' | 'en'): string {
  if (s.n === s.d) return locale === 'ko' ? '단독' : 'sole'
  return locale === 'ko' ? `${s.d}분의 ${s.n}` : `${s.n}/${s.d}`
}

export function addShares(a: Share, b: Share): Share {
  return make(a.n * b.d + b.n * a.d, a.d * b.d)
}

export function subtractShares(a: Share, b: Share): Share {
  return make(a.n * b.d - b.n * a.d, a.d * b.d)
}

/** Negative, zero or positive as a is less than, equal to or greater than b. */
export function compareShares(a: Share, b: Share): number {
  const l = a.n * b.d
  const r = b.n * a.d
  return l < r ? -1 : l > r ? 1 : 0
}

/**
 * The owners of one register must share a common denominator of at most this many digits. Each share alone is
 * bounded (MAX_SHARE_DIGITS), but sums of many shares with unrelated denominators are not: 1/(n·p) and (p−1)/(n·p)
 * for many primes p make exact sums of thousands of digits, and every act on the register would pay for them.
 */
export const MAX_COMMON_DIGITS = 30
const MAX_COMMON = 10n ** BigInt(MAX_COMMON_DIGITS)

/** The least common denominator of the shares, or null as soon as it would pass MAX_COMMON_DIGITS (cheap either way). */
export function commonDenominator(shares: readonly Share[]): bigint | null {
  let l = 1n
  for (const s of shares) {
    l = (l / gcd(l, s.d)) * s.d
    if (l > MAX_COMMON) return null
  }
  return l
}

export function sumShares(shares: readonly Share[]): Share {
  const l = commonDenominator(shares)
  if (l === null) return shares.reduce(addShares, NONE)
  let n = 0n
  for (const s of shares) n += s.n * (l / s.d)
  return make(n, l)
}

/** True when the shares are each positive and together make exactly the whole. */
export function isWhole(shares: readonly Share[]): boolean {
  return shares.length > 0 && shares.every((s) => s.n > 0n) && compareShares(sumShares(shares), WHOLE) === 0
}
