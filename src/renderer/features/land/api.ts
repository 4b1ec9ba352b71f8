/**
 * The land register's API calls (registries/land/routes.ts, below /api/v1/land/; the shapes are those of
 * registries/land/portable/dto.ts), parsed with schemas of the screens' own: what the screens read of each answer
 * checked, the rest passed through.
 *
 *   GET /land/offices                                       the registry offices
 *   GET /land/registers/:number[?view=current][&height=H]   the register (head, 갑구 and 을구 in rank order, owners)
 *   GET /land/search?address=…                             registers whose address matches
 *   GET /land/applications?office=O[&status=S]             the registrar's queue, with the rules' findings
 *   GET /land/applications?office=O&register=N             the applications on one register (a party follows its own)
 */
import { z } from 'zod'
import { HeadSchema } from '../../../ledger/registries/land/portable/schema'
import type { ApiClient } from '../../api/client'
import { parseAnswer } from '../../api/parse'

const enc = encodeURIComponent

const HolderDto = z
  .object({
    kind: z.string(),
    name: z.string(),
    id: z.string().nullable(),
    address: z.string().default(''),
    share: z.string().nullable().default(null),
    /** the key that signs acts on the right; a bank's or an authority's agency (its officer signs) */
    key: z.string().nullable().default(null),
    agency: z.string().nullable().default(null),
  })
  .passthrough()
export type HolderDto = z.infer<typeof HolderDto>

const ReceiptDto = z.object({ office: z.string(), on: z.string(), number: z.number().int() }).passthrough()

export const EntrySchema = z
  .object({
    seq: z.number().int(),
    section: z.enum(['A', 'B']),
    rank: z.string(),
    purpose: z.string(),
    receipt: ReceiptDto,
    cause: z.string(),
    causeOn: z.string(),
    holders: z.array(HolderDto),
    of: z.string().nullable().default(null),
    portion: z.string().nullable().default(null),
    amount: z.string().nullable().default(null),
    debtor: z.object({ name: z.string(), address: z.string() }).nullable().default(null),
    target: z.object({ section: z.enum(['A', 'B']), rank: z.string() }).nullable().default(null),
    caseNo: z.string().nullable().default(null),
    /** the rank of the later entry that cancelled this one (derived by the read model); null while in force */
    cancelledBy: z.string().nullable().default(null),
    /** struck through: cancelled (a 가등기 completed by its 본등기 keeps its row unstruck) */
    struck: z.boolean().optional(),
    height: z.number().int().optional(),
  })
  .passthrough()
export type EntryDto = z.infer<typeof EntrySchema>

export const RegisterSchema = z
  .object({
    number: z.string(),
    office: z.string(),
    /** the lot's location as printed, and the road-name address */
    address: z.string(),
    road: z.string().nullable().default(null),
    /** the block the register is read as of */
    height: z.number().int(),
    head: HeadSchema,
    sections: z.object({ A: z.array(EntrySchema), B: z.array(EntrySchema) }),
    view: z.enum(['full', 'current']).optional(),
    /** the current owners (who must sign a transfer or a right on the whole) and the live entries (who cancels them) */
    owners: z.array(z.object({ rank: z.string(), holder: HolderDto, share: z.string() }).passthrough()).default([]),
    live: z
      .array(z.object({ section: z.enum(['A', 'B']), rank: z.string(), purpose: z.string(), holders: z.array(HolderDto) }).passthrough())
      .default([]),
  })
  .passthrough()
  // the screens read one list; sectionRows() splits and orders it again
  .transform((r) => ({ ...r, list: [...r.sections.A, ...r.sections.B] }))
export type RegisterDto = z.infer<typeof RegisterSchema>

const SearchHit = z
  .object({
    number: z.string(),
    address: z.string(),
    road: z.string().nullable().default(null),
    kind: z.string(),
    owners: z.array(z.object({ name: z.string(), share: z.string() }).passthrough()).default([]),
  })
  .passthrough()
export type SearchHitDto = z.infer<typeof SearchHit>

const FindingSchema = z
  .object({ code: z.string(), message: z.string(), text: z.object({ ko: z.string(), en: z.string() }).nullable().default(null) })
  .passthrough()
export type FindingDto = z.infer<typeof FindingSchema>

export const ApplicationSchema = z
  .object({
    office: z.string(),
    year: z.number().int(),
    receipt: z.number().int(),
    on: z.string(),
    register: z.string(),
    purpose: z.string(),
    request: z
      .object({
        register: z.string(),
        purpose: z.string(),
        cause: z.string(),
        causeOn: z.string(),
        holders: z.array(HolderDto).default([]),
        amount: z.string().nullable().default(null),
        target: z.object({ section: z.enum(['A', 'B']), rank: z.string() }).nullable().default(null),
      })
      .passthrough(),
    status: z.enum(['received', 'entered', 'rejected', 'withdrawn']),
    /** what the rules found at receipt */
    findings: z.array(FindingSchema).default([]),
    /** what entering it would meet now (only while received): null when nothing stands in the way */
    findingNow: FindingSchema.nullable().default(null),
    reason: z.string().nullable().default(null),
    authority: z.string().nullable().default(null),
    /** the keys that signed it (signer first): a party follows and withdraws its own */
    parties: z.array(z.string()).default([]),
    /** the block that received it (its time is the receipt's) */
    height: z.number().int().optional(),
  })
  .passthrough()
export type ApplicationDto = z.infer<typeof ApplicationSchema>
export type ApplicationStatus = ApplicationDto['status']

/** a list answer, bare or wrapped in `{ name: [...] }` */
const listOf = <S extends z.ZodType>(item: S, name: string) =>
  z.union([z.array(item), z.object({ [name]: z.array(item) }).passthrough().transform((o) => o[name] as z.output<S>[])])

export interface RegisterQuery {
  current?: boolean
  height?: number | null
}

export function registerPath(number: string, q: RegisterQuery = {}): string {
  const qs = new URLSearchParams()
  if (q.current) qs.set('view', 'current')
  if (q.height !== undefined && q.height !== null) qs.set('height', String(q.height))
  const s = qs.toString()
  return `/land/registers/${enc(number)}${s ? `?${s}` : ''}`
}

export async function getRegister(client: ApiClient, number: string, q: RegisterQuery = {}): Promise<RegisterDto> {
  return parseAnswer(RegisterSchema, await client.request('GET', registerPath(number, q)), 'land register')
}

const OfficeSchema = z.object({ office: z.string(), name: z.string(), agency: z.string() }).passthrough()
export type OfficeDto = z.infer<typeof OfficeSchema>

export async function listOffices(client: ApiClient): Promise<OfficeDto[]> {
  return parseAnswer(listOf(OfficeSchema, 'offices'), await client.request('GET', '/land/offices'), 'office list')
}

/** A list the node cut: the first `limit` items, and whether more exist (asked as limit + 1; review-ui 5). */
export interface Listed<T> {
  items: T[]
  more: boolean
}
export const SEARCH_LIMIT = 50
export const QUEUE_LIMIT = 100
const cut = <T>(list: T[], limit: number): Listed<T> => ({ items: list.slice(0, limit), more: list.length > limit })

export async function searchAddress(client: ApiClient, address: string, limit = SEARCH_LIMIT): Promise<Listed<SearchHitDto>> {
  const answer = await client.request('GET', `/land/search?address=${enc(address)}&limit=${limit + 1}`)
  return cut(parseAnswer(listOf(SearchHit, 'results'), answer, 'address search'), limit)
}

export async function listApplications(client: ApiClient, office: string, status?: ApplicationStatus, limit = QUEUE_LIMIT): Promise<Listed<ApplicationDto>> {
  const qs = new URLSearchParams({ office })
  if (status) qs.set('status', status)
  qs.set('limit', String(limit + 1))
  return cut(parseAnswer(listOf(ApplicationSchema, 'applications'), await client.request('GET', `/land/applications?${qs.toString()}`), 'application list'), limit)
}

/** The applications on one register (the office's, in receipt order): what a party follows. */
export async function listRegisterApplications(client: ApiClient, office: string, register: string, limit = QUEUE_LIMIT): Promise<Listed<ApplicationDto>> {
  const qs = new URLSearchParams({ office, register, limit: String(limit + 1) })
  return cut(parseAnswer(listOf(ApplicationSchema, 'applications'), await client.request('GET', `/land/applications?${qs.toString()}`), 'application list'), limit)
}
