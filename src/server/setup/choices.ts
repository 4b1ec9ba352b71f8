/**
 * The first-run choices of the app's node (docs/adr/0063): try it alone (a local consortium), create a consortium,
 * join one, or be a workstation of a member agency. Each choice is checked in full before anything is written
 * (checkX → a plan), and a plan writes the home in one go; a refusal leaves the home as it was.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { multiaddr } from '@multiformats/multiaddr'
import { z } from 'zod'
import { DaejangError } from '../../shared/errors'
import { fromHex } from '../../ledger/codec/bytes'
import { acceptablePublicKey } from '../../ledger/crypto/ed25519'
import { ConfigSchema, type Home, initHome } from '../../ledger/node/home'
import { type Agency, AgencySchema, type Genesis, GenesisSchema, parseGenesis } from '../../ledger/types/genesis'
import { ADMISSION_FORMAT, parseAdmissionRequest } from '../admission'
import { joinConsortium, parsePeer } from '../join'

/** how many other founding agencies one creation takes (the genesis holds at most 200) */
export const MAX_OTHER_AGENCIES = 199
/** how many peers a join names at most (the node's config takes 200) */
export const MAX_PEERS = 50
/** the file beside a joining agency's home that holds its admission request (what `daejang join --agency-out` writes) */
export const ADMISSION_REQUEST_FILE = 'admission-request.json'

/** What the app shows of a genesis document before joining: its chain in words. */
export interface GenesisSummary {
  chainId: string
  label: string | null
  agencies: { id: string; name: string; validator: boolean }[]
}

/** What a choice made: the chain, and the files the app hands to the user (genesis for the others, the request). */
export interface SetupResult {
  /** restore: the fifth choice, a node restored from its backup (restore-upload.ts) */
  choice: SetupChoice | 'restore'
  chainId: string
  /** the genesis document, for the founders to save and give the other agencies (create) */
  genesis: Genesis | null
  /** the agency's admission request, for the consortium's administrators (join) */
  admissionRequest: Agency | null
  nodeKey: string
  adminKey: string | null
  /** false when this node's power alone is not more than 2/3: blocks wait until enough validators run */
  producesAlone: boolean
}

export type SetupChoice = 'local' | 'create' | 'join' | 'workstation'

/** A checked choice: writing it is all that is left. */
export interface SetupPlan {
  choice: SetupChoice
  write(home: Home, apiPort: number): SetupResult
}

const agencyId = AgencySchema.shape.id
const agencyName = z.string().trim().min(1).max(200)
const power = z.number().int().min(0).max(1_000)
const listen = z.string().min(1).max(200)

const CreateSchema = z
  .object({
    /** the chain's name (its id); default daejang-<node key prefix> */
    chainId: GenesisSchema.shape.chainId.optional(),
    agency: z.object({ id: agencyId, name: agencyName }).strict(),
    power: power.min(1),
    /** other founding agencies: their admission request files, as read */
    others: z.array(z.unknown()).max(MAX_OTHER_AGENCIES).default([]),
    listen: listen.optional(),
    mdns: z.boolean().default(false),
  })
  .strict()

const JoinSchema = z
  .object({
    genesis: z.unknown(),
    agency: z.object({ id: agencyId, name: agencyName }).strict(),
    power,
    listen,
    peers: z.array(z.string().max(300)).max(MAX_PEERS).default([]),
    mdns: z.boolean().default(false),
  })
  .strict()

const WorkstationSchema = z
  .object({
    genesis: z.unknown(),
    listen,
    peers: z.array(z.string().max(300)).max(MAX_PEERS).default([]),
    mdns: z.boolean().default(false),
  })
  .strict()

function schemaError(e: z.ZodError): DaejangError {
  const i = e.issues[0]
  return new DaejangError('SCHEMA_INVALID', `${i && i.path.length ? i.path.join('.') + ': ' : ''}${i?.message ?? 'invalid'}`)
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {})
  if (!r.success) throw schemaError(r.error)
  return r.data
}

/** A genesis document as given by the user: parsed and checked, or GENESIS_INVALID in words. */
export function checkGenesis(raw: unknown): Genesis {
  try {
    return parseGenesis(raw)
  } catch (e) {
    throw new DaejangError('GENESIS_INVALID', `not a genesis document: ${(e as Error).message}`)
  }
}

export function genesisSummary(g: Genesis): GenesisSummary {
  return {
    chainId: g.chainId,
    label: g.label ?? null,
    agencies: g.agencies.map((a) => ({ id: a.id, name: a.name, validator: a.validator !== null })),
  }
}

/**
 * An agency's admission request: the signed file a joining node keeps (daejang-admission/1, ADR 0064: its signatures
 * checked, so the request holds the keys it names; any chain, as the consortium is still to be made), or the bare
 * agency `daejang join --agency-out` writes. Its form, and every key a usable Ed25519 public key (not of small
 * order), or ADMISSION_MALFORMED (ADMISSION_BAD_SIGNATURE, ADMISSION_TOO_LARGE).
 */
export function checkAdmissionRequest(raw: unknown): Agency {
  let inner = raw
  if (raw !== null && typeof raw === 'object' && (raw as { format?: unknown }).format === ADMISSION_FORMAT) {
    const signed = parseAdmissionRequest(JSON.stringify(raw))
    if (signed.kind !== 'agency') throw new DaejangError('ADMISSION_MALFORMED', "a workstation's request names no agency to found the consortium with")
    inner = signed.agency
  }
  const r = AgencySchema.safeParse(inner)
  if (!r.success) {
    const i = r.error.issues[0]
    throw new DaejangError('ADMISSION_MALFORMED', `${i && i.path.length ? i.path.join('.') + ': ' : ''}${i?.message ?? 'invalid'}`)
  }
  const a = r.data
  for (const k of [...a.admins, ...(a.validator ? [a.validator.publicKey] : [])]) {
    if (!acceptablePublicKey(fromHex(k))) throw new DaejangError('ADMISSION_MALFORMED', `key ${k.slice(0, 16)}… is not a usable Ed25519 public key`)
  }
  if (new Set(a.admins).size !== a.admins.length) throw new DaejangError('ADMISSION_ADMIN_KEY_TWICE', `agency ${a.id}: an administrator key is given twice`)
  return a
}

/**
 * Agencies that may sit in one genesis: ids used once; a validator key used once, by no other key of any agency. An
 * administrator key may serve several agencies (ADR 0064), so it is not refused for that.
 */
function checkDistinct(agencies: readonly Agency[]): void {
  const ids = new Set<string>()
  for (const a of agencies) {
    if (ids.has(a.id)) throw new DaejangError('AGENCY_ID_TAKEN', `agency id "${a.id}" is given twice`)
    ids.add(a.id)
  }
  const admins = new Set(agencies.flatMap((a) => a.admins))
  const validators = new Set<string>()
  for (const a of agencies) {
    const v = a.validator?.publicKey
    if (v === undefined) continue
    if (validators.has(v) || admins.has(v)) throw new DaejangError('ADMISSION_KEY_TAKEN', `agency ${a.id}: validator key ${v.slice(0, 16)}… is already another key in this consortium`)
    validators.add(v)
  }
}

function checkListen(addr: string): string {
  try {
    const m = multiaddr(addr)
    if (!/^\/(ip4|ip6|dns4|dns6)\/[^/]+\/tcp\/\d+/.test(m.toString())) throw new Error('not a TCP address')
    return m.toString()
  } catch (e) {
    throw new DaejangError('SCHEMA_INVALID', `listen address "${addr.slice(0, 80)}": ${(e as Error).message}; e.g. /ip4/0.0.0.0/tcp/26656`)
  }
}

function checkPeers(peers: readonly string[], mdns: boolean): { publicKey: string; addr: string }[] {
  const out = peers.map((p) => p.trim()).filter((p) => p.length > 0).map(parsePeer)
  for (const p of out) {
    try {
      multiaddr(p.addr)
    } catch (e) {
      throw new DaejangError('SCHEMA_INVALID', `peer address "${p.addr.slice(0, 80)}": ${(e as Error).message}`)
    }
  }
  if (out.length === 0 && !mdns) throw new DaejangError('SCHEMA_INVALID', 'name at least one peer, or find them on this network')
  return out
}

function powerAlone(g: Genesis, nodeKey: string): boolean {
  const total = g.agencies.reduce((s, a) => s + (a.validator?.power ?? 0), 0)
  const mine = g.agencies.find((a) => a.validator?.publicKey === nodeKey)?.validator?.power ?? 0
  return mine * 3 > total * 2
}

function withApiPort(home: Home, apiPort: number): void {
  home.writeConfig({ ...home.readConfig(), apiPort })
}

/** Try it alone: today's local consortium, labelled so. */
export function planLocal(body: unknown): SetupPlan {
  parse(z.object({}).strict(), body)
  return {
    choice: 'local',
    write(home, apiPort) {
      const r = initHome(home, { label: 'local', agencyName: 'Local agency (this computer)' })
      withApiPort(home, apiPort)
      return { choice: 'local', chainId: r.genesis.chainId, genesis: null, admissionRequest: null, nodeKey: r.nodeKey.publicKey, adminKey: r.adminKey.publicKey, producesAlone: true }
    },
  }
}

/** Create a consortium: this node's agency founds it, with the other founders' admission requests. */
export function planCreate(body: unknown): SetupPlan {
  const o = parse(CreateSchema, body)
  const others = o.others.map((raw, i) => {
    try {
      return checkAdmissionRequest(raw)
    } catch (e) {
      const err = e as DaejangError
      throw new DaejangError(err.code, `founding agency ${i + 1}: ${err.message}`, { index: i })
    }
  })
  checkDistinct([{ id: o.agency.id, name: o.agency.name, validator: null, admins: [] }, ...others].map((a) => ({ ...a })))
  const listenAddr = o.listen !== undefined ? checkListen(o.listen) : undefined
  if (others.length > 0 && listenAddr === undefined) {
    throw new DaejangError('SCHEMA_INVALID', 'listen: give the address this node listens on for the other agencies’ nodes')
  }
  return {
    choice: 'create',
    write(home, apiPort) {
      const r = initHome(home, { agencyId: o.agency.id, agencyName: o.agency.name, ...(o.chainId ? { chainId: o.chainId } : {}) })
      const founder = { ...r.genesis.agencies[0]!, validator: { publicKey: r.nodeKey.publicKey, power: o.power } }
      const genesis = checkGenesis({ ...r.genesis, agencies: [founder, ...others] })
      checkDistinct(genesis.agencies)
      home.writeGenesis(genesis)
      home.writeConfig(
        ConfigSchema.parse({
          ...home.readConfig(),
          apiPort,
          ...(listenAddr !== undefined ? { p2p: { listen: listenAddr, peers: [], ...(o.mdns ? { mdns: true } : {}) } } : {}),
        }),
      )
      return { choice: 'create', chainId: genesis.chainId, genesis, admissionRequest: null, nodeKey: r.nodeKey.publicKey, adminKey: r.adminKey.publicKey, producesAlone: powerAlone(genesis, r.nodeKey.publicKey) }
    },
  }
}

/** Join a consortium: its genesis, this agency, where to listen and whom to ask; the request is for its administrators. */
export function planJoin(body: unknown): SetupPlan {
  const o = parse(JoinSchema, body)
  const genesis = checkGenesis(o.genesis)
  if (genesis.agencies.some((a) => a.id === o.agency.id)) {
    throw new DaejangError('AGENCY_ID_TAKEN', `agency id "${o.agency.id}" is taken in ${genesis.chainId}`)
  }
  const listenAddr = checkListen(o.listen)
  const peers = checkPeers(o.peers, o.mdns)
  return {
    choice: 'join',
    write(home, apiPort) {
      const r = joinConsortium(home, { genesis, agencyId: o.agency.id, agencyName: o.agency.name, power: o.power, listen: listenAddr, peers, mdns: o.mdns, apiPort })
      // the signed request the join keeps (ADR 0064); the agency alone where a build has none
      const file = `${home.dir}/${ADMISSION_REQUEST_FILE}`
      if (!existsSync(file)) writeFileSync(file, JSON.stringify(r.agency, null, 2) + '\n')
      return { choice: 'join', chainId: genesis.chainId, genesis: null, admissionRequest: r.agency, nodeKey: r.nodeKey, adminKey: r.adminKey, producesAlone: false }
    },
  }
}

/** A workstation node of a member agency: the consortium's genesis, where to listen and whom to ask. */
export function planWorkstation(body: unknown): SetupPlan {
  const o = parse(WorkstationSchema, body)
  const genesis = checkGenesis(o.genesis)
  const listenAddr = checkListen(o.listen)
  const peers = checkPeers(o.peers, o.mdns)
  return {
    choice: 'workstation',
    write(home, apiPort) {
      const r = joinConsortium(home, { genesis, workstation: true, power: 0, listen: listenAddr, peers, mdns: o.mdns, apiPort })
      return { choice: 'workstation', chainId: genesis.chainId, genesis: null, admissionRequest: null, nodeKey: r.nodeKey, adminKey: null, producesAlone: false }
    },
  }
}

export const PLANS: Record<SetupChoice, (body: unknown) => SetupPlan> = {
  local: planLocal,
  create: planCreate,
  join: planJoin,
  workstation: planWorkstation,
}

/** Undo a write that failed half-way: the files a plan makes, nothing else of the folder. */
export function removeWritten(home: Home): void {
  for (const p of [home.genesisPath, home.configPath, `${home.dir}/${ADMISSION_REQUEST_FILE}`]) rmSync(p, { force: true })
  rmSync(home.keysDir, { recursive: true, force: true })
}
