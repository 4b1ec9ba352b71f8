/**
 * A party's mandate to a licensed agent (법무사, role `land-agent`; docs/adr/0033, "Agents and their mandates").
 * Portable: the CLI signs one (`daejang land mandate`), the party's screen may, and the rules verify it.
 *
 * The party signs, with the key the register knows it by, the digest
 *   SHA-256(canonical ["daejang/land/mandate/v2", chain id, agent key, office, request hash])
 * where the request hash is SHA-256(canonical ["daejang/land/request/v1", request with `mandate` null]). So a mandate
 * names one chain, one agent, one office and one exact request: it cannot be lifted into another request, given to
 * another agent, filed at another office or carried to another chain (a test network, a copy of the chain with the
 * same offices and registers). The digest is what the application records as the mandate's hash. (v1, without the
 * chain, is no longer accepted: a v1 mandate fails its signature check.)
 */
import { fromHex, toHex } from '../../../codec/bytes'
import { type Canonical, encodeCanonical } from '../../../codec/canonical'
import { verifyPortable } from '../../../crypto/ed25519'
import { sha256 } from '../../../crypto/sha256'
import type { LandRequest, Mandate } from './schema'

const REQUEST_TAG = 'daejang/land/request/v1'
const MANDATE_TAG = 'daejang/land/mandate/v2'

/** The canonical hash of a request (its `mandate` field left out: it may name the mandate's own hash). */
export function requestHash(request: LandRequest): string {
  const r = { ...request, mandate: null } as unknown as Canonical
  return toHex(sha256(encodeCanonical([REQUEST_TAG, r])))
}

/** The digest a party signs: the mandate's hash, recorded on the application. */
export function mandateDigest(chainId: string, agent: string, office: string, reqHash: string): Uint8Array {
  return sha256(encodeCanonical([MANDATE_TAG, chainId, agent, office, reqHash]))
}

/** A mandate signed by `sign` (the party's key) for `agent` at `office` for exactly `request`, on chain `chainId`. */
export function makeMandate(
  party: string,
  sign: (message: Uint8Array) => Uint8Array,
  agent: string,
  office: string,
  request: LandRequest,
  chainId: string,
): Mandate {
  const reqHash = requestHash(request)
  return { party, agent, office, request: reqHash, sig: toHex(sign(mandateDigest(chainId, agent, office, reqHash))) }
}

/**
 * Whether a mandate is the party's signature for this agent, office and request on chain `chainId`: its hash (hex)
 * when it is, else a reason in words (English, the node's detail). A mandate signed for another chain fails as not
 * signed by that key (the chain is in what was signed, not in the mandate).
 */
export function checkMandate(m: Mandate, office: string, request: LandRequest, chainId: string): { hash: string } | { reason: string } {
  if (m.office !== office) return { reason: `the mandate of ${m.party.slice(0, 12)}… is for office ${m.office}, not ${office}` }
  if (m.request !== requestHash(request)) return { reason: `the mandate of ${m.party.slice(0, 12)}… is for another request` }
  const digest = mandateDigest(chainId, m.agent, m.office, m.request)
  if (!verifyPortable(fromHex(m.sig), digest, fromHex(m.party))) return { reason: `the mandate of ${m.party.slice(0, 12)}… is not signed by that key for this chain (one signed for another chain, or before mandates named their chain, must be signed again)` }
  return { hash: toHex(digest) }
}
