/**
 * The land register's payloads and stored records (docs/adr/0033). Portable: the renderer's forms, the CLI and the
 * extract's verifier parse with this file.
 *
 * A register has a 표제부 (`head`) and entries in two sections: 갑구 (`A`, ownership and what restricts it) and 을구
 * (`B`, other rights). Entries are never changed; a cancellation is a later entry naming the one it cancels.
 */
import { z } from 'zod'
import { isHex } from '../../../codec/bytes'
import { calendarDate } from '../../../codec/dates'
import { agencyId } from '../../identity/portable/schema'
import { LAND_CATEGORIES } from './categories'
import { parseRegisterNumber } from './numbers'
import { parseShare } from './shares'
import { parseWon } from './money'
import { parseRank } from './ranks'
import { normalizeAddress } from './address'
import { parseCorporateNumber, parseResidentNumber } from './identifiers'

export { AGENT_ROLE, AUTHORITY_ROLE, BANK_OFFICER_ROLE, REGISTRAR_ROLE } from './roles'

/** no control characters, no invisible format characters (bidi overrides, zero-width), and in NFC: text printed on extracts and used in keys reads as it is */
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/u
const plain = (s: string): boolean => !CONTROL_OR_FORMAT.test(s) && s === s.normalize('NFC')
const PLAIN = { message: 'text must be in NFC, without control or invisible format characters' }
const text = (max: number) => z.string().trim().min(1).max(max).refine(plain, PLAIN)
const freeText = (max: number) => z.string().max(max).refine(plain, PLAIN)
const hex32 = z.string().refine((s) => isHex(s, 32), { message: 'must be 32 bytes of lowercase hex' })

export const officeCode = z.string().regex(/^(?!0000)\d{4}$/, 'an office code is four digits, e.g. 1101')
export const registerNumber = z
  .string()
  .refine((s) => parseRegisterNumber(s) !== null && /^\d{4}-\d{4}-\d{6}$/.test(s), {
    message: 'a register number is NNNN-YYYY-NNNNNN, e.g. 1101-1996-123456',
  })
export const share = z.string().refine((s) => /^\d+\/\d+$/.test(s) && parseShare(s) !== null, {
  message: 'a share is a fraction n/d between 0 and 1, e.g. 1/2',
})
export const won = z.string().refine((s) => parseWon(s) === s && s !== '0', { message: 'an amount is whole won above zero, in digits, e.g. 120000000' })
export const rank = z.string().refine((s) => parseRank(s) !== null, { message: 'a rank number is N or N-M, e.g. 3 or 3-1' })
/** An area in ㎡ with at most two decimals, as a string (no floats in state). */
export const area = z.string().regex(/^(?:0|[1-9]\d{0,9})(?:\.\d{1,2})?$/, 'an area is square metres with at most two decimals, e.g. 123.45')
export const categoryId = z.enum(LAND_CATEGORIES.map((c) => c.id) as [string, ...string[]])

/** A lot's location (소재지번): 시도 시군구 읍면동 [리] [산] 본번[-부번]. */
export const LocationSchema = z
  .object({
    sido: text(20),
    sigungu: text(30),
    dong: text(30),
    ri: text(30).nullable(),
    mountain: z.boolean(),
    main: z.number().int().min(1).max(99_999),
    sub: z.number().int().min(0).max(99_999),
  })
  .strict()
export type Location = z.infer<typeof LocationSchema>

/**
 * A location's normal form (the key of its parcel, `ld/loc/…`): the printed location through the address normal
 * form (address.ts), so "서울특별시" and "서울" or a doubled space name one parcel.
 */
export function locationNormalForm(l: Location): string {
  return normalizeAddress(locationText(l))
}

/** The location as a register prints it: 서울특별시 종로구 세종로 1-3 (산 before the number of a mountain lot). */
export function locationText(l: Location): string {
  const lot = `${l.mountain ? '산' : ''}${l.main}${l.sub > 0 ? `-${l.sub}` : ''}`
  return [l.sido, l.sigungu, l.dong, l.ri, lot].filter((x): x is string => x !== null && x !== '').join(' ')
}

export const LandHeadSchema = z
  .object({ kind: z.literal('land'), location: LocationSchema, road: text(200).nullable(), category: categoryId, area })
  .strict()
export const BuildingHeadSchema = z
  .object({
    kind: z.literal('building'),
    location: LocationSchema,
    road: text(200).nullable(),
    /** 구조, e.g. 철근콘크리트조 */
    structure: text(100),
    /** 지붕, e.g. 슬래브지붕 */
    roof: text(100),
    /** 용도, e.g. 단독주택 */
    use: text(100),
    /** 층별 면적 */
    floors: z.array(z.object({ floor: text(20), area }).strict()).min(1).max(200),
  })
  .strict()
export const UnitHeadSchema = z
  .object({
    kind: z.literal('unit'),
    /** the complex (1동의 건물) this unit belongs to: its number (ld/cx/…) */
    complex: registerNumber,
    /** 전유부분: 제101동 제12층 제1203호 (no '/': it names a state key) */
    unit: text(100).refine((u) => !u.includes('/'), { message: "a unit's name has no '/'" }),
    floor: text(20),
    structure: text(100),
    area,
    /** 대지권: the kind of right and the share of the complex's land */
    landRight: z.object({ kind: z.enum(['ownership', 'superficies', 'lease']), share }).strict(),
  })
  .strict()
export const HeadSchema = z.discriminatedUnion('kind', [LandHeadSchema, BuildingHeadSchema, UnitHeadSchema])
export type Head = z.infer<typeof HeadSchema>

/** The complex of a condominium (1동의 건물의 표시 and 대지권의 목적인 토지의 표시). */
export const ComplexSchema = z
  .object({
    name: text(100),
    location: LocationSchema,
    road: text(200).nullable(),
    structure: text(100),
    floors: z.array(z.object({ floor: text(20), area }).strict()).min(1).max(200),
    lands: z.array(z.object({ location: LocationSchema, category: categoryId, area }).strict()).min(1).max(50),
  })
  .strict()
export type Complex = z.infer<typeof ComplexSchema>

export const HOLDER_KINDS = ['person', 'corporation', 'public', 'other'] as const

/**
 * A right-holder (권리자): the name, the identifier as printed (a person's masked: 800101-1******; a company's whole),
 * its peppered hash (identifiers.ts), the address, the key that signs acts on the right (docs/adr/0033, "Parties and
 * their keys"; null on a migrated register until a registrar binds one) and, for an owner, the share.
 */
export const HolderSchema = z
  .object({
    kind: z.enum(HOLDER_KINDS),
    name: text(100),
    id: z.string().max(20).regex(/^[0-9*-]*$/, 'an identifier as printed: digits, a dash and asterisks').nullable(),
    idHash: hex32.nullable(),
    address: freeText(200),
    key: hex32.nullable(),
    /** the agency a bank or an authority holds the right as (its officer signs) */
    agency: agencyId.nullable(),
    share: share.nullable(),
  })
  .strict()
  .superRefine((h, ctx) => {
    if (h.id === null || holderIdFits(h.kind, h.id)) return
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['id'],
      message:
        h.kind === 'corporation'
          ? 'a corporation is identified by its registration number, e.g. 110111-0000002'
          : 'a resident registration number is sent masked, e.g. 800101-1****** (never in clear)',
    })
  })
export type Holder = z.infer<typeof HolderSchema>

/** A person's (or a public body's / other holder's) identifier as printed: masked after the sex digit. */
const MASKED_ID = /^\d{6}-[0-9]\*{6}$/

/**
 * Whether an identifier fits the holder's kind (docs/adr/0033, "Personal identifiers"): a person, a public body or
 * another holder gives the masked form only (800101-1******), so a resident registration number in clear never
 * enters state; a corporation gives its registration number whole, with a right check digit.
 */
export function holderIdFits(kind: (typeof HOLDER_KINDS)[number], id: string): boolean {
  if (parseResidentNumber(id) !== null && kind !== 'corporation') return false
  if (kind === 'corporation') return parseCorporateNumber(id) === id
  return MASKED_ID.test(id)
}

/** The purposes (등기목적) this build enters, by section. */
export const PURPOSES = {
  'ownership.preservation': 'A',
  'ownership.transfer': 'A',
  'ownership.share-transfer': 'A',
  'provisional.transfer': 'A',
  'provisional.main': 'A',
  'restriction.provisional-attachment': 'A',
  'restriction.injunction': 'A',
  'restriction.seizure': 'A',
  'restriction.auction': 'A',
  'right.mortgage': 'B',
  'right.jeonse': 'B',
  'right.superficies': 'B',
  'right.lease': 'B',
  cancellation: null,
  'holder.alteration': null,
} as const satisfies Record<string, 'A' | 'B' | null>
export type Purpose = keyof typeof PURPOSES
export const PURPOSE_IDS = Object.keys(PURPOSES) as [Purpose, ...Purpose[]]

export const RESTRICTIONS: readonly Purpose[] = [
  'restriction.provisional-attachment',
  'restriction.injunction',
  'restriction.seizure',
  'restriction.auction',
]
export const B_RIGHTS: readonly Purpose[] = ['right.mortgage', 'right.jeonse', 'right.superficies', 'right.lease']

/** Causes (등기원인). */
export const CAUSES = [
  'sale',
  'gift',
  'inheritance',
  'exchange',
  'auction-sale',
  'contract',
  'court-decision',
  'tax-seizure',
  'release',
  'termination',
  'new-building',
  'promise-of-sale',
  'address-change',
  'name-change',
  'ex-officio',
] as const
export type Cause = (typeof CAUSES)[number]

/** What an application (or an authority's commission) asks to be entered. */
export const RequestSchema = z
  .object({
    register: registerNumber,
    purpose: z.enum(PURPOSE_IDS),
    cause: z.enum(CAUSES),
    /** the day of the cause (계약일, 판결일): a real day, not after the block's */
    causeOn: calendarDate,
    /** new right-holders: buyers, creditors, the holder of a 가등기; for an alteration, the holder as changed */
    holders: z.array(HolderSchema).max(32),
    /** for a share transfer, a mortgage on a share, a restriction on a share: the owner entry whose share (rank) */
    of: rank.nullable(),
    /** for a share transfer: how much of that owner's share moves (the holders' shares sum to it) */
    portion: share.nullable(),
    /** 거래가액 (transfer), 채권최고액 (mortgage), 전세금, 청구금액 (attachment) */
    amount: won.nullable(),
    /** 채무자 of a mortgage */
    debtor: z.object({ name: text(100), address: freeText(200) }).strict().nullable(),
    /** the entry cancelled (cancellation), altered (holder alteration), or whose 가등기 this 본등기 completes */
    target: z.object({ section: z.enum(['A', 'B']), rank }).strict().nullable(),
    /** the court's or office's case number (사건번호) of a commission */
    caseNo: text(60).nullable(),
    /** a licensed agent's mandate (its document's SHA-256) when an agent signs for a party */
    mandate: hex32.nullable(),
  })
  .strict()
export type LandRequest = z.infer<typeof RequestSchema>

export const DefineOfficeSchema = z.object({ agency: agencyId, office: officeCode, name: text(100) }).strict()
export type DefineOfficePayload = z.infer<typeof DefineOfficeSchema>

export const OpenRegisterSchema = z
  .object({
    office: officeCode,
    head: HeadSchema,
    /** for a building or unit preserved at opening, or a land register: the first owners (소유권보존) */
    owners: z.array(HolderSchema).min(1).max(32),
    cause: z.enum(CAUSES),
    causeOn: calendarDate,
  })
  .strict()
export type OpenRegisterPayload = z.infer<typeof OpenRegisterSchema>

export const DefineComplexSchema = z.object({ office: officeCode, complex: ComplexSchema }).strict()
export type DefineComplexPayload = z.infer<typeof DefineComplexSchema>

/** An application by its receipt: office, year, number. */
export const ReceiptRefSchema = z.object({ office: officeCode, year: z.number().int().min(1900).max(2999), receipt: z.number().int().min(1) }).strict()
export type ReceiptRef = z.infer<typeof ReceiptRefSchema>

/**
 * A party's mandate to a licensed agent (법무사) for one exact request (portable/mandate.ts): the party's Ed25519
 * signature over SHA-256 of the domain-separated canonical array ["daejang/land/mandate/v1", agent, office, request
 * hash]. It stands in for the party's own co-signature on that request, and for nothing else.
 */
export const MandateSchema = z
  .object({
    party: hex32,
    agent: hex32,
    office: officeCode,
    /** the request's canonical hash (requestHash in portable/mandate.ts) */
    request: hex32,
    sig: z.string().regex(/^[0-9a-f]{128}$/, 'a signature is 64 bytes of lowercase hex'),
  })
  .strict()
export type Mandate = z.infer<typeof MandateSchema>

export const ApplySchema = z
  .object({
    office: officeCode,
    request: RequestSchema,
    /** the mandates of the parties a licensed agent signs for (one per party) */
    mandates: z.array(MandateSchema).max(16).optional(),
    /**
     * the application this one is filed together with (연건신청): a buyer's mortgage names the transfer that makes
     * the buyer the owner, which gives the buyer standing on the register before the transfer is entered
     */
    together: ReceiptRefSchema.optional(),
  })
  .strict()
export type ApplyPayload = z.infer<typeof ApplySchema>

export const EnterSchema = ReceiptRefSchema
export const RejectSchema = ReceiptRefSchema.extend({ reason: text(500) }).strict()
export type RejectPayload = z.infer<typeof RejectSchema>
export const WithdrawSchema = ReceiptRefSchema

export const RebindSchema = z
  .object({
    register: registerNumber,
    section: z.enum(['A', 'B']),
    rank,
    /** which holder of that entry (by position) */
    holder: z.number().int().min(0).max(31),
    key: hex32,
    /** what the registrar checked (the identity document seen, the court's decision) */
    reason: text(500),
  })
  .strict()
export type RebindPayload = z.infer<typeof RebindSchema>

/** A receipt as the register prints it. */
export interface Receipt {
  office: string
  /** ISO day, Korean time */
  on: string
  number: number
}

/** An entry as stored (ld/r/<number>/e-<seq>): immutable. */
export interface StoredEntry {
  seq: number
  section: 'A' | 'B'
  rank: string
  purpose: Purpose
  receipt: Receipt
  cause: Cause
  causeOn: string
  holders: Holder[]
  of: string | null
  portion: string | null
  amount: string | null
  debtor: { name: string; address: string } | null
  target: { section: 'A' | 'B'; rank: string } | null
  caseNo: string | null
  /** for a 본등기: the rank and receipt of its 가등기 */
  provisional: { rank: string; receivedOn: string; receipt: number } | null
  /** for a 가등기: the owners it was entered against (its obligors), who apply for its 본등기 with its holder */
  obligors?: CurrentOwner[]
  /** a registrar's note (what was checked before binding a key) */
  note?: string
  tx: string
  height: number
}

/** A live owner in the derived current state. */
export interface CurrentOwner {
  /** the entry that gave the share */
  rank: string
  holder: Holder
  share: string
}

/**
 * A live entry in the derived current state: its holders as they are now (a registrar's rebinding and a holder's
 * alteration update them here; the rules never read a live right's holders from the original entry).
 */
export interface CurrentLive {
  section: 'A' | 'B'
  rank: string
  purpose: Purpose
  of: string | null
  holders: Holder[]
}

/** What the rules read (ld/r/<number>/cur): derived from the entries, rewritten by each entered one. */
export interface CurrentState {
  owners: CurrentOwner[]
  /** live entries by section and rank: restrictions, rights, 가등기 */
  live: CurrentLive[]
  /** entries cancelled, by section:rank → the rank of the cancelling entry */
  cancelled: Record<string, string>
  entries: number
}

export const APP_STATUSES = ['received', 'entered', 'rejected', 'withdrawn'] as const
export type AppStatus = (typeof APP_STATUSES)[number]

/** An application as stored (ld/app/<office>/<year>/<receipt>). */
export interface StoredApplication {
  office: string
  year: number
  receipt: number
  on: string
  request: LandRequest
  /** the keys that signed it (signer first) */
  parties: string[]
  /** an authority's commission: the agency */
  authority: string | null
  /** the parties a licensed agent signed for: each party's key, the agent's and the mandate's hash (its signed digest) */
  mandates?: Array<{ party: string; agent: string; hash: string }>
  /** the application this one was filed together with (연건신청) */
  together?: ReceiptRef
  status: AppStatus
  /** what the rules found at receipt (codes and messages); empty when nothing stood in the way */
  findings: Array<{ code: string; message: string }>
  reason: string | null
  decidedBy: string | null
  decidedAt: number | null
  tx: string
  height: number
}
