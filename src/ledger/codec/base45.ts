/**
 * Base45 (RFC 9285): bytes as text in the 45-character alphanumeric set of QR codes, which QR's alphanumeric mode
 * packs at 5.5 bits a character — about 23 % fewer modules than base64 in byte mode. Portable.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]))

export function toBase45(b: Uint8Array): string {
  let s = ''
  for (let i = 0; i + 1 < b.length; i += 2) {
    let n = b[i]! * 256 + b[i + 1]!
    s += ALPHABET[n % 45]!
    n = Math.floor(n / 45)
    s += ALPHABET[n % 45]! + ALPHABET[Math.floor(n / 45)]!
  }
  if (b.length % 2 === 1) {
    const n = b[b.length - 1]!
    s += ALPHABET[n % 45]! + ALPHABET[Math.floor(n / 45)]!
  }
  return s
}

export function fromBase45(s: string): Uint8Array {
  if (s.length % 3 === 1) throw new TypeError('invalid base45 length')
  const out = new Uint8Array(Math.floor(s.length / 3) * 2 + (s.length % 3 === 2 ? 1 : 0))
  let o = 0
  for (let i = 0; i < s.length; i += 3) {
    const c = [...s.slice(i, i + 3)].map((ch) => {
      const v = VALUE.get(ch)
      if (v === undefined) throw new TypeError(`invalid base45 character ${JSON.stringify(ch)}`)
      return v
    })
    if (c.length === 3) {
      const n = c[0]! + c[1]! * 45 + c[2]! * 2025
      if (n > 0xffff) throw new TypeError('invalid base45 triple')
      out[o++] = n >> 8
      out[o++] = n & 0xff
    } else {
      const n = c[0]! + c[1]! * 45
      if (n > 0xff) throw new TypeError('invalid base45 pair')
      out[o++] = n
    }
  }
  return out
}
