/**
 * The owner lookup (docs/adr/0038, and 0033 "Personal identifiers"): registers where a person or a company is a
 * current owner or holds a live right, found by the identifier's peppered hash in the node-local owner index. Only
 * for the registrar, bank-officer and land-authority roles: the request is signed by such a key — the transaction
 * sign bytes (domain tag, chain, a type no registry defines, the query, signer, nonce and time) of type
 * `land.query.owners`, never submitted and never executable — checked against the credentials in state, valid for a
 * short time and used once (a request signed before the node started is refused, so a restart opens no replay), and
 * addressed to this node (its audience, so a request cannot be replayed at another node). The identifier comes in clear from the caller (over the node's local API) and is hashed
 * here with the pepper file `land-pepper` in the node's home; it is never logged, stored or returned.
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { DaejangError } from '../../../shared/errors'
import { fromHex, toHex } from '../../codec/bytes'
import { verifyNode } from '../../crypto/ed25519-node'
import { encodeTx, parseTxJson, txHash, txSignBytes } from '../../types/tx'
import { agenciesForRoles } from '../identity/authz'
import type { RegistryHost } from '../types'
import { landLocal } from './local-index'
import type { LandRegisterSummaryDto } from './portable/dto'
import { identifierHash, parseCorporateNumber, parseResidentNumber } from './portable/identifiers'
import { currentKey, headKey } from './portable/keys'
import { AUTHORITY_ROLE, BANK_OFFICER_ROLE, REGISTRAR_ROLE } from './portable/roles'
import type { CurrentState } from './portable/schema'
import { summaryOf } from './queries'

/** The type a signed owner lookup carries: reserved, never a transaction type of the land registry. */
export const OWNER_LOOKUP_TYPE = 'land.query.owners'
export const LOOKUP_ROLES = [REGISTRAR_ROLE, BANK_OFFICER_ROLE, AUTHORITY_ROLE] as const
/** how long a signed lookup stays valid after its time, and how far ahead of the node's clock it may be dated */
export const LOOKUP_VALID_MS = 120_000
export const LOOKUP_AHEAD_MS = 30_000
export const PEPPER_FILE = 'land-pepper'
/** registers one lookup answers at most */
export const MAX_OWNER_REGISTERS = 500

/**
 * What a lookup carries: the number, and the node it is addressed to (its audience, `lookupAudience`): a request
 * signed for one node is refused by every other, so a request seen at one node (its logs, a proxy) cannot be replayed
 * at another within its two minutes.
 */
export const LookupPayloadSchema = z.object({ id: z.string().min(1).max(20), node: z.string().regex(/^[0-9a-f]{32}$/) }).strict()

const AUDIENCE_KEY = 'land-lookup/audience'
const audiences = new WeakMap<RegistryHost, Promise<string>>()

/**
 * This node's audience for owner lookups: 16 random bytes in hex, made once and kept in the node's local data (so the
 * same across restarts; a node whose local data is deleted gets a new one). Public: GET /api/v1/land/owners/audience.
 */
export function lookupAudience(host: RegistryHost): Promise<string> {
  let a = audiences.get(host)
  if (a === undefined) {
    a = (async () => {
      const raw = await host.state.getAux(AUDIENCE_KEY)
      const known = raw === undefined ? '' : new TextDecoder().decode(raw)
      if (/^[0-9a-f]{32}$/.test(known)) return known
      const made = toHex(randomBytes(16))
      await host.keepLocal([[AUDIENCE_KEY, new TextEncoder().encode(made)]])
      return made
    })()
    // a failed read or write is tried again at the next lookup
    a.catch(() => audiences.delete(host))
    audiences.set(host, a)
  }
  return a
}

/** The pepper of the node's home (hex, at least 16 bytes, one line), or LAND_NO_PEPPER. */
export function readPepper(host: RegistryHost): Uint8Array {
  const raw = host.localFile(PEPPER_FILE)
  if (raw === null) throw new DaejangError('LAND_NO_PEPPER', `this node has no ${PEPPER_FILE} file in its home`)
  const text = new TextDecoder().decode(raw).trim().toLowerCase()
  if (!/^(?:[0-9a-f]{2}){16,128}$/.test(text)) throw new DaejangError('LAND_NO_PEPPER', `the ${PEPPER_FILE} file is not 16 to 128 bytes of hex`)
  return fromHex(text)
}

/** A resident or corporate registration number in its canonical form, or LAND_ID_INVALID (the number is not echoed). */
export function canonicalIdentifier(text: string): string {
  const r = parseResidentNumber(text)
  if (r !== null) return r.canonical
  const c = parseCorporateNumber(text)
  if (c !== null) return c
  throw new DaejangError('LAND_ID_INVALID', 'not a resident or corporate registration number')
}

/** Signed lookups already used, until they expire (one per node; a restart refuses any signed before it). */
class ReplayGuard {
  readonly startedAt: number
  private readonly seen = new Map<string, number>()
  constructor(now: number) {
    this.startedAt = now
  }
  use(hash: string, expires: number, now: number): void {
    for (const [h, until] of this.seen) if (until < now) this.seen.delete(h)
    if (this.seen.has(hash)) throw new DaejangError('LAND_LOOKUP_REPLAYED', 'this signed lookup was already used')
    this.seen.set(hash, expires)
  }
}
const guards = new WeakMap<RegistryHost, ReplayGuard>()
/** slack for the clocks of the signing device and the node when a request is signed just before the node started */
const START_SLACK_MS = 2_000
/** The node's guard, made when its land work starts (or at its first lookup). */
export const guardOf = (host: RegistryHost, now: number): ReplayGuard => {
  let g = guards.get(host)
  if (g === undefined) guards.set(host, (g = new ReplayGuard(now)))
  return g
}

/**
 * Check a signed lookup: its shape, type and chain, its signature, its time (within LOOKUP_VALID_MS, not before this
 * process started), its audience (this node), not used before, and the signer's credential for a lookup role. The signer and the identifier.
 */
export async function verifyLookup(host: RegistryHost, input: unknown, now: number): Promise<{ signer: string; agencies: string[]; id: string }> {
  const guard = guardOf(host, now)
  let tx
  try {
    tx = parseTxJson(input)
  } catch {
    throw new DaejangError('LAND_NOT_AUTHORISED', 'not a signed lookup request')
  }
  if (tx.type !== OWNER_LOOKUP_TYPE || tx.cosigners !== undefined || tx.chainId !== host.genesis.chainId) {
    throw new DaejangError('LAND_NOT_AUTHORISED', `the request must be a ${OWNER_LOOKUP_TYPE} signed for this chain`)
  }
  if (!verifyNode(tx.sig, txSignBytes(tx), tx.signer)) throw new DaejangError('LAND_NOT_AUTHORISED', 'the signature does not verify')
  if (tx.time > now + LOOKUP_AHEAD_MS || tx.time < now - LOOKUP_VALID_MS || tx.time < guard.startedAt - START_SLACK_MS) {
    throw new DaejangError('LAND_LOOKUP_EXPIRED', `a signed lookup is valid for ${LOOKUP_VALID_MS / 1000} s after its time`)
  }
  const p = tx.payload as Record<string, unknown> | null
  if (p === null || typeof p !== 'object' || p.node !== (await lookupAudience(host))) {
    throw new DaejangError('LAND_NOT_AUTHORISED', 'the lookup is not addressed to this node (its payload names another node, or none)')
  }
  const payload = LookupPayloadSchema.safeParse(tx.payload)
  if (!payload.success) throw new DaejangError('LAND_ID_INVALID', 'the lookup names one identifier and this node: { id, node }')
  const signer = toHex(tx.signer)
  const agencies = await agenciesForRoles(host.state, signer, LOOKUP_ROLES, now)
  if (agencies.length === 0) {
    throw new DaejangError('LAND_NOT_AUTHORISED', 'the signer holds no active credential as a registrar, a bank officer or a commissioning authority')
  }
  // only a request that would be answered is remembered: a key without the role cannot fill the guard
  guard.use(toHex(txHash(encodeTx(tx))), tx.time + LOOKUP_VALID_MS, now)
  return { signer, agencies, id: payload.data.id }
}

/** What a holder with the identifier holds on a register. */
export interface OwnerHolding {
  as: 'owner' | 'right'
  section: 'A' | 'B'
  rank: string
  purpose: string | null
  share: string | null
  name: string
  /** the identifier as the register prints it (masked) */
  id: string | null
}

export interface OwnerLookupDto {
  /** the block the answer stands at */
  height: number
  registers: Array<LandRegisterSummaryDto & { holds: OwnerHolding[] }>
  /** the holder holds on more registers than one answer lists (MAX_OWNER_REGISTERS) */
  more: boolean
}

/** The registers where a holder with this identifier hash owns or holds a live right, checked against state. */
export async function registersOfHolder(host: RegistryHost, idHash: string): Promise<OwnerLookupDto> {
  const ix = landLocal(host)
  if (!(await ix.ensure(5_000))) throw new DaejangError('LAND_INDEX_BEHIND', 'the land index is still catching up with the chain')
  const state = host.state
  const out: OwnerLookupDto['registers'] = []
  const candidates = await ix.ownersOf(idHash, MAX_OWNER_REGISTERS * 4)
  let more = candidates.length >= MAX_OWNER_REGISTERS * 4
  for (const number of candidates) {
    const cur = (await state.get(currentKey(number))) as unknown as CurrentState | undefined
    const head = await state.get(headKey(number))
    if (cur === undefined || head === undefined) continue
    const holds: OwnerHolding[] = []
    for (const o of cur.owners) {
      if (o.holder.idHash === idHash) holds.push({ as: 'owner', section: 'A', rank: o.rank, purpose: null, share: o.share, name: o.holder.name, id: o.holder.id })
    }
    for (const l of cur.live) {
      for (const h of l.holders) {
        if (h.idHash === idHash) holds.push({ as: 'right', section: l.section, rank: l.rank, purpose: l.purpose, share: null, name: h.name, id: h.id })
      }
    }
    // the key was written when the holder held something here; a later block may have ended it
    if (holds.length === 0) continue
    if (out.length >= MAX_OWNER_REGISTERS) {
      more = true
      break
    }
    const s = await summaryOf(state, number, head)
    if (s !== null) out.push({ ...s, holds })
  }
  return { height: await ix.height(), registers: out, more }
}

/** The whole lookup: the signed request checked, the identifier hashed with the pepper, the registers found. */
export async function lookupOwners(host: RegistryHost, input: unknown, now: number): Promise<OwnerLookupDto & { by: { key: string; agencies: string[] } }> {
  const v = await verifyLookup(host, input, now)
  const pepper = readPepper(host)
  const idHash = identifierHash(pepper, canonicalIdentifier(v.id))
  return { ...(await registersOfHolder(host, idHash)), by: { key: v.signer, agencies: v.agencies } }
}
