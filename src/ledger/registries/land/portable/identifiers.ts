/**
 * Personal and corporate identifiers of right-holders (docs/adr/0033, "Personal identifiers"). A resident
 * registration number (주민등록번호) never goes on the ledger in clear: the party's software sends the masked form, as
 * today's extracts print it (800101-1******), and a peppered hash that lets a registry office or a bank with the
 * consortium's pepper find a person's registers. A corporate registration number (법인등록번호) is public on the
 * register and is kept as it is.
 */
import { sha256Parts } from '../../../crypto/sha256'

export type IdKind = 'resident' | 'corporate' | 'foreigner'

const RESIDENT = /^(\d{2})(\d{2})(\d{2})-?([0-9])(\d{6})$/
const CORPORATE = /^(\d{6})-?(\d{7})$/

/** The century a resident number's 7th digit implies (1, 2, 5, 6: 1900s; 3, 4, 7, 8: 2000s; 9, 0: 1800s). */
function century(g: number): number {
  if (g === 9 || g === 0) return 1800
  if (g === 1 || g === 2 || g === 5 || g === 6) return 1900
  return 2000
}

function realDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return d <= days
}

/**
 * Reads a resident registration number (with or without its hyphen): its canonical form and kind, or null when the
 * birth date it carries is not a real day. Numbers issued since October 2020 have no check digit, so the last digit
 * is not checked; a 7th digit of 5–8 is a registered foreigner's number.
 */
export function parseResidentNumber(text: string): { canonical: string; kind: IdKind; birth: string } | null {
  const m = RESIDENT.exec(text.trim())
  if (m === null) return null
  const g = Number(m[4])
  const y = century(g) + Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  if (!realDay(y, mo, d)) return null
  const birth = `${y}-${m[2]}-${m[3]}`
  return { canonical: `${m[1]}${m[2]}${m[3]}-${m[4]}${m[5]}`, kind: g >= 5 && g <= 8 ? 'foreigner' : 'resident', birth }
}

/** The masked form printed on registers: the birth date and the sex digit, the rest as asterisks. */
export function maskResidentNumber(text: string): string | null {
  const p = parseResidentNumber(text)
  return p === null ? null : `${p.canonical.slice(0, 8)}******`
}

/**
 * Reads a corporate registration number: 13 digits whose last is a check digit (weights 1,2,1,2,…; the sum's last
 * digit subtracted from 10). Null when the shape or the check fails.
 */
export function parseCorporateNumber(text: string): string | null {
  const m = CORPORATE.exec(text.trim())
  if (m === null) return null
  const digits = (m[1]! + m[2]!).split('').map(Number)
  let sum = 0
  for (let i = 0; i < 12; i++) sum += digits[i]! * (i % 2 === 0 ? 1 : 2)
  const check = (10 - (sum % 10)) % 10
  if (check !== digits[12]) return null
  return `${m[1]}-${m[2]}`
}

const ID_TAG = new TextEncoder().encode('daejang/land/id\0')
const enc = new TextEncoder()

/**
 * The identifier's hash stored on the ledger: SHA-256("daejang/land/id\0" ‖ pepper ‖ 0x00 ‖ canonical number), lower
 * hex. The pepper is the consortium's secret (≥ 16 bytes), held by registry offices' and banks' nodes, never on the
 * ledger: without it the ~10⁹ plausible numbers cannot be tried against the chain.
 */
export function identifierHash(pepper: Uint8Array, canonicalNumber: string): string {
  if (pepper.length < 16) throw new RangeError('the pepper must be at least 16 bytes')
  const h = sha256Parts(ID_TAG, pepper, new Uint8Array([0]), enc.encode(canonicalNumber))
  let out = ''
  for (const b of h) out += b.toString(16).padStart(2, '0')
  return out
}
