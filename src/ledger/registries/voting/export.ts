/**
 * An election's record read from a node's ledger (docs/adr/0048, "The archive"): the exact texts the ledger keeps, in
 * ledger order, as `daejang election export --uuid` writes them into the Belenios archive (portable/archive/archive.ts
 * ElectionRecord). Read in pages of ballots (each page one batch of sequence keys, then one batch of ballot texts):
 * the first page carries the setup texts, the tally, the partial decryptions and the result, every page the count of
 * ballots it was read against. Ballots are appended in order and never change, so pages taken against the first
 * page's count make one record even while voting goes on.
 */
import { z } from 'zod'
import { readMany } from '../../state/view'
import { type RegistryHost, route } from '../types'
import type { ElectionRecord } from './portable/archive/archive'
import { archiveError } from './portable/archive/tar'
import { ballotKey, ballotSeqKey, credentialPartKey, partialKey, partialOrderKey, resultKey, setupKey, tallyKey } from './portable/keys'
import { electionUuid, type ElectionHead } from './portable/schema'
import type { RunningTally } from './rules-ballot'
import { requireElection, vErr } from './rules-common'

/** ballots per page, at most (a ballot is a few kilobytes) */
export const RECORD_PAGE_MAX = 1000

/** the record's parts other than the ballots */
export type RecordSetup = Omit<ElectionRecord, 'ballots'>

/**
 * What the first page carries: the setup without the `public_credentials` text, which may be millions of lines (a
 * national election: 44M credentials, ~3 GB) and is read in pages of its parts (readCredentialsPage, the
 * `…/record/credentials` route); `credentialParts` says how many parts there are.
 */
export type RecordSetupDto = Omit<RecordSetup, 'publicCredentials'> & { credentialParts: number }

/** credential parts per page, at most (a part holds up to VOTING_LIMITS.credentialsPerPart = 5,000: ~335 KB) */
export const CREDENTIAL_PAGE_MAX = 20

export interface CredentialsPageDto {
  uuid: string
  /** the parts of the sealed list */
  parts: number
  from: number
  /** the credentials of parts `from`…, in order, as published */
  credentials: string[]
  more: boolean
}

export interface RecordPageDto {
  uuid: string
  /** the ballots recorded when the page was read (a later page is read against the first page's count) */
  total: number
  from: number
  /** the ballots' texts from `from`, in commit order */
  ballots: string[]
  more: boolean
  /** on the first page only */
  setup?: RecordSetupDto
  height: number
}

const CLOSED_STAGES: ReadonlyArray<ElectionHead['stage']> = ['closed', 'decrypting', 'result']

/** Parts `from`… of the credential list (at most `limit`, at most CREDENTIAL_PAGE_MAX), each read in one batch. */
export async function readCredentialsPage(host: RegistryHost, uuid: string, from: number, limit: number): Promise<CredentialsPageDto> {
  const h = await requireElection(host.state, uuid)
  if (h.stage === 'setup') throw vErr('VOTING_PHASE', 'the election is not open yet: it has no archive', { election: h.uuid, stage: h.stage })
  const last = Math.min(h.credentials.parts, from + Math.min(limit, CREDENTIAL_PAGE_MAX) - 1)
  const keys = Array.from({ length: Math.max(0, last - from + 1) }, (_, i) => credentialPartKey(h.uuid, from + i))
  const parts = (await readMany(host.state, keys)) as unknown as Array<string[] | undefined>
  const credentials: string[] = []
  for (const p of parts) {
    if (!Array.isArray(p)) throw archiveError('VOTING_ARCHIVE_INCOMPLETE', 'a part of the credential list')
    for (const c of p) credentials.push(c)
  }
  return { uuid: h.uuid, parts: h.credentials.parts, from, credentials, more: last < h.credentials.parts }
}

/** The `public_credentials` text from its credentials: the compact JSON list the seal hashed. */
export const publicCredentialsJson = (credentials: readonly string[]): string => `[${credentials.map((c) => `"${c}"`).join(',')}]`

/** Every credential, page by page through `get` (the route for the CLI, readCredentialsPage on the node). */
export async function allCredentials(get: (from: number) => Promise<CredentialsPageDto>, parts: number): Promise<string[]> {
  const all: string[] = []
  let from = 1
  while (from <= parts) {
    const page = await get(from)
    if (page.parts !== parts) throw archiveError('VOTING_ARCHIVE_INCOMPLETE', 'the credential list changed while read')
    for (const c of page.credentials) all.push(c)
    const next = page.more ? from + Math.min(CREDENTIAL_PAGE_MAX, parts - from + 1) : parts + 1
    if (next <= from) break
    from = next
  }
  return all
}

/** The partial decryptions in commit order with their owner numbers (the agency's place in the trustees, from 1). */
async function partialDecryptions(host: RegistryHost, h: ElectionHead): Promise<Array<{ owner: number; text: string }>> {
  const n = h.draft.trustees.length
  const order = (await readMany(host.state, Array.from({ length: n }, (_, i) => partialOrderKey(h.uuid, i + 1)))) as unknown as Array<string | undefined>
  const texts = (await readMany(host.state, h.draft.trustees.map((a) => partialKey(h.uuid, a)))) as unknown as Array<string | undefined>
  const sent = h.draft.trustees.filter((_, i) => texts[i] !== undefined)
  const ordered = order.filter((a): a is string => typeof a === 'string')
  // a ledger from before the order was kept: the trustees' order, which is the order Belenios combines them in
  const agencies = ordered.length === sent.length ? ordered : sent
  return agencies.map((a) => {
    const i = h.draft.trustees.indexOf(a)
    if (i < 0 || texts[i] === undefined) throw archiveError('VOTING_ARCHIVE_INCOMPLETE', 'a partial decryption')
    return { owner: i + 1, text: texts[i] }
  })
}

async function readSetup(host: RegistryHost, h: ElectionHead): Promise<RecordSetupDto> {
  if (h.openedAt === null) throw archiveError('VOTING_ARCHIVE_INCOMPLETE', 'the opening block')
  const opening = await host.blocks.read(h.openedAt)
  if (opening === null) throw archiveError('VOTING_ARCHIVE_INCOMPLETE', `this node does not hold block ${h.openedAt}, the opening block`)
  const [election, trustees, setupData, tally, result] = (await readMany(host.state, [
    setupKey(h.uuid, 'election'),
    setupKey(h.uuid, 'trustees'),
    setupKey(h.uuid, 'setup_data'),
    tallyKey(h.uuid),
    resultKey(h.uuid),
  ])) as unknown as [string | undefined, string | undefined, string | undefined, RunningTally | undefined, string | undefined]
  if (typeof election !== 'string' || typeof trustees !== 'string' || typeof setupData !== 'string') throw archiveError('VOTING_ARCHIVE_INCOMPLETE', 'the setup texts')
  const closed = CLOSED_STAGES.includes(h.stage)
  if (closed && tally === undefined) throw archiveError('VOTING_ARCHIVE_INCOMPLETE', 'the encrypted tally')
  return {
    timestamp: Math.floor(opening.time / 1000),
    election,
    trustees,
    credentialParts: h.credentials.parts,
    setupData,
    closed,
    ...(closed && tally !== undefined ? { tally: { encryptedTally: tally.text, numTallied: tally.numTallied, totalWeight: tally.totalWeight } } : {}),
    partialDecryptions: closed ? await partialDecryptions(host, h) : [],
    ...(closed && typeof result === 'string' ? { result } : {}),
  }
}

/** A page of the record: ballots `from`…, at most `limit`, read against `total` (default: the ballots recorded now). */
export async function readRecordPage(host: RegistryHost, uuid: string, from: number, limit: number, total?: number): Promise<RecordPageDto> {
  const h = await requireElection(host.state, uuid)
  if (h.stage === 'setup') throw vErr('VOTING_PHASE', 'the election is not open yet: it has no archive', { election: h.uuid, stage: h.stage })
  const count = total === undefined ? h.ballots : Math.min(total, h.ballots)
  const last = Math.min(count, from + Math.min(limit, RECORD_PAGE_MAX) - 1)
  const seqs = Array.from({ length: Math.max(0, last - from + 1) }, (_, i) => ballotSeqKey(h.uuid, from + i))
  const entries = (await readMany(host.state, seqs)) as unknown as Array<{ hash: string } | undefined>
  const texts = (await readMany(
    host.state,
    entries.map((e) => {
      if (e === undefined) throw archiveError('VOTING_ARCHIVE_INCOMPLETE', 'a ballot of the sequence')
      return ballotKey(h.uuid, e.hash)
    }),
  )) as unknown as Array<string | undefined>
  const ballots = texts.map((t) => {
    if (typeof t !== 'string') throw archiveError('VOTING_ARCHIVE_INCOMPLETE', 'a ballot text')
    return t
  })
  return {
    uuid: h.uuid,
    total: count,
    from,
    ballots,
    more: last < count,
    ...(from === 1 ? { setup: await readSetup(host, h) } : {}),
    height: host.chain.head().height,
  }
}

/** The whole record, page by page (the CLI does the same through the route; tests and tools on the node use this). */
export async function readRecord(host: RegistryHost, uuid: string, pageSize = RECORD_PAGE_MAX): Promise<ElectionRecord> {
  const first = await readRecordPage(host, uuid, 1, pageSize)
  const { credentialParts, ...setup } = first.setup!
  const credentials = await allCredentials((from) => readCredentialsPage(host, uuid, from, CREDENTIAL_PAGE_MAX), credentialParts)
  const ballots = [...first.ballots]
  for (let more = first.more; more; ) {
    const page = await readRecordPage(host, uuid, ballots.length + 1, pageSize, first.total)
    ballots.push(...page.ballots)
    more = page.more && page.ballots.length > 0
  }
  return { ...setup, publicCredentials: publicCredentialsJson(credentials), ballots }
}

export const VOTING_EXPORT_ROUTES = [
  route({
    method: 'GET',
    path: '/api/v1/voting/elections/:uuid/record',
    summary:
      "The election's record for its Belenios archive, a page of ballots at a time: the exact texts in ledger order — on the first page the setup texts, the encrypted tally, the partial decryptions and the result",
    params: z.object({ uuid: electionUuid }),
    query: z.object({
      from: z.coerce.number().int().min(1).default(1),
      limit: z.coerce.number().int().min(1).max(RECORD_PAGE_MAX).default(200),
      total: z.coerce.number().int().min(0).optional(),
    }),
    handler: async ({ host, params, query }) => {
      const body: RecordPageDto = await readRecordPage(host, params.uuid, query.from, query.limit, query.total)
      return { body }
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/voting/elections/:uuid/record/credentials',
    summary: "The election's public credential list for its Belenios archive, a few of its published parts at a time, in order",
    params: z.object({ uuid: electionUuid }),
    query: z.object({
      from: z.coerce.number().int().min(1).default(1),
      limit: z.coerce.number().int().min(1).max(CREDENTIAL_PAGE_MAX).default(CREDENTIAL_PAGE_MAX),
    }),
    handler: async ({ host, params, query }) => {
      const body: CredentialsPageDto = await readCredentialsPage(host, params.uuid, query.from, query.limit)
      return { body }
    },
  }),
]
