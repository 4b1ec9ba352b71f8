/**
 * What a Pedersen trustee keeps between the ceremony's rounds and until the tally: `TrusteeSecret`, stored by the app
 * (encrypted in its keystore) or the CLI (a file the trustee keeps), never on the ledger (ADR 0051).
 *
 * Only `seed` is secret: the 22 Base58 characters from which the signing key sk and the channel decryption key dk
 * derive (specification, "Public key infrastructure"). Everything else the trustee needs is public on the ledger and
 * opened with the seed: its own polynomial (sent to itself in its `polynomial` message), the shares sent to it (in
 * its vinput), and after the ceremony its decryption key S_j (sent to itself in its voutput's `private_key`;
 * `openDecryptionKey`). Whoever holds the seed can sign as the trustee in the ceremony, read the shares sent to it,
 * and compute its partial decryptions: it must be kept like a private key. `election` and `cert` are public and say
 * which ceremony the seed belongs to (the certificate text the trustee published with it).
 */
import type { Group } from './group'
import { isUuid } from './hash'
import { deriveKeys, isSeed, jstr, parseCertKeys, parseObject, parseSignedMsg } from './pedersen-pki'

export const TRUSTEE_SECRET_FORMAT = 'daejang-belenios-pedersen-trustee' as const

export interface TrusteeSecret {
  format: typeof TRUSTEE_SECRET_FORMAT
  version: 1
  /** The election's uuid (public). */
  election: string
  /** SECRET: the Belenios PKI seed. */
  seed: string
  /** The certificate text made from the seed (public; on the ledger). */
  cert: string
}

export function trusteeSecretText(s: TrusteeSecret): string {
  return `{"format":"${TRUSTEE_SECRET_FORMAT}","version":1,"election":${jstr(s.election)},"seed":${jstr(s.seed)},"cert":${jstr(s.cert)}}`
}

export type TrusteeSecretProblem = 'malformed' | 'seed-does-not-match-cert'

/** Read a stored TrusteeSecret: its shape, and that its certificate's keys are the seed's. */
export function parseTrusteeSecret<P>(G: Group<P>, text: unknown): { ok: true; secret: TrusteeSecret } | { ok: false; problem: TrusteeSecretProblem } {
  const o = parseObject(text)
  if (o === null || o.format !== TRUSTEE_SECRET_FORMAT || o.version !== 1 || Object.keys(o).length !== 5) return { ok: false, problem: 'malformed' }
  if (!isUuid(o.election) || !isSeed(o.seed) || typeof o.cert !== 'string') {
    return { ok: false, problem: 'malformed' }
  }
  const signed = parseSignedMsg(o.cert)
  const keys = signed === null ? null : parseCertKeys(G, signed.message)
  if (keys === null) return { ok: false, problem: 'malformed' }
  const mine = deriveKeys(G, o.seed)
  if (!G.equals(mine.vk, keys.verification) || !G.equals(mine.ek, keys.encryption)) return { ok: false, problem: 'seed-does-not-match-cert' }
  return { ok: true, secret: { format: TRUSTEE_SECRET_FORMAT, version: 1, election: o.election, seed: o.seed, cert: o.cert } }
}
