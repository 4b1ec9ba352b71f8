/**
 * What a credential letter's QR code carries (docs/adr/0048, Amendments): the election's uuid and the voter's private
 * credential, as `DJV1:<uuid>:<credential>`. The booth and the voter page accept either this text (a QR reader types
 * it) or the credential alone, as printed on the letter; a code for another election is refused by the caller.
 */
import { parseCredential } from './belenios/credential'

const PREFIX = 'DJV1:'
const UUID = /^[1-9A-HJ-NP-Za-km-z]{14,22}$/

/** The QR text of a letter. */
export function formatLetterCode(uuid: string, credential: string): string {
  const c = parseCredential(credential)
  if (c === null || !UUID.test(uuid)) throw new Error('formatLetterCode: not an election uuid and a credential')
  return `${PREFIX}${uuid}:${c}`
}

/**
 * What the voter typed or scanned: the credential in its dashed form and, when the text came from a letter's QR,
 * the election it names; null when it is neither form.
 */
export function parseLetterInput(input: unknown): { uuid: string | null; credential: string } | null {
  if (typeof input !== 'string' || input.length > 128) return null
  const s = input.trim()
  if (s.startsWith(PREFIX)) {
    const rest = s.slice(PREFIX.length)
    const i = rest.indexOf(':')
    if (i < 0) return null
    const uuid = rest.slice(0, i)
    const credential = parseCredential(rest.slice(i + 1))
    return UUID.test(uuid) && credential !== null ? { uuid, credential } : null
  }
  const credential = parseCredential(s)
  return credential === null ? null : { uuid: null, credential }
}
