/**
 * A licensed agent's (법무사) application under the parties' signed mandates, in the app (docs/adr/0033, "Agents and
 * their mandates"; docs/adr/0039), without a browser (test/renderer/land-mandate.test.ts).
 *
 * The agent prepares the request on the application form and exports it as a mandate request file (`MANDATE_REQUEST_KIND`:
 * the agent's key, the office and the exact request). Each party imports it on its own device, reads in words what it
 * mandates, and signs with its unlocked key the domain-separated mandate digest of portable/mandate.ts (the keys
 * store's `signMandateWithUnlocked`, never transaction bytes); the mandate file goes back to the agent, who attaches
 * it: each mandate is checked here as the rules will check it (this agent, this office, this exact request, this
 * chain, the party's own key, a party who must sign), and the parties it covers no longer co-sign the act.
 */
import { z } from 'zod'
import { checkMandate } from '../../../ledger/registries/land/portable/mandate'
import { type ApplyPayload, type LandRequest, type Mandate, MandateSchema, RequestSchema, officeCode } from '../../../ledger/registries/land/portable/schema'

export const MANDATE_REQUEST_KIND = 'daejang/land/mandate-request/1'
/** a file larger than this is not a mandate request or a mandate (a request is a few kilobytes) */
export const MANDATE_FILE_MAX = 64 * 1024

const HEX64 = /^[0-9a-f]{64}$/

export const MandateRequestSchema = z
  .object({
    kind: z.literal(MANDATE_REQUEST_KIND),
    agent: z.string().regex(HEX64),
    office: officeCode,
    request: RequestSchema,
  })
  .strict()
export type MandateRequest = z.infer<typeof MandateRequestSchema>

/** What the agent hands to a party: the exact request, the office, and who the agent is. */
export function mandateRequestOf(payload: ApplyPayload, agent: string): MandateRequest {
  return { kind: MANDATE_REQUEST_KIND, agent, office: payload.office, request: payload.request }
}

/** Why a file was not taken (message keys under land.mandate.fileProblems). */
export type FileProblem = 'empty' | 'tooLarge' | 'notJson' | 'notRequest' | 'notMandate'

function parseJson(text: string): { value: unknown } | { problem: FileProblem } {
  if (text.trim() === '') return { problem: 'empty' }
  if (text.length > MANDATE_FILE_MAX) return { problem: 'tooLarge' }
  try {
    return { value: JSON.parse(text) as unknown }
  } catch {
    return { problem: 'notJson' }
  }
}

/** A mandate request file's text as a party imports it, or why it is not one. */
export function parseMandateRequest(text: string): { value: MandateRequest } | { problem: FileProblem } {
  const j = parseJson(text)
  if ('problem' in j) return j
  const parsed = MandateRequestSchema.safeParse(j.value)
  return parsed.success ? { value: parsed.data } : { problem: 'notRequest' }
}

/** A mandate file's text as the agent attaches it, or why it is not one. */
export function parseMandateFile(text: string): { value: Mandate } | { problem: FileProblem } {
  const j = parseJson(text)
  if ('problem' in j) return j
  const parsed = MandateSchema.safeParse(j.value)
  return parsed.success ? { value: parsed.data } : { problem: 'notMandate' }
}

/** Why an attached mandate does not serve this application (message keys under land.mandate.problems). */
export type MandateProblem = 'otherAgent' | 'notParty' | 'twice' | 'otherOffice' | 'otherRequest' | 'signature'

/**
 * Checks the mandates attached to `payload` for `agent` on chain `chainId`, as the rules will (ADR 0033): `needed` are
 * the parties who must sign besides the agent (apply.ts cosignersOf). Each mandate gets its problem or null, in order.
 */
export function checkAttached(mandates: readonly Mandate[], payload: ApplyPayload, agent: string, chainId: string, needed: readonly string[]): Array<MandateProblem | null> {
  const seen = new Set<string>()
  return mandates.map((m) => {
    if (m.agent !== agent) return 'otherAgent'
    if (!needed.includes(m.party)) return 'notParty'
    if (seen.has(m.party)) return 'twice'
    seen.add(m.party)
    const c = checkMandate(m, payload.office, payload.request, chainId)
    if ('hash' in c) return null
    if (m.office !== payload.office) return 'otherOffice'
    if (c.reason.includes('another request')) return 'otherRequest'
    return 'signature'
  })
}

/** The parties still to co-sign the act: those who must sign, less the parties whose valid mandate is attached. */
export function stillToSign(needed: readonly string[], mandates: readonly Mandate[], problems: ReadonlyArray<MandateProblem | null>): string[] {
  const covered = new Set(mandates.filter((_, i) => problems[i] === null).map((m) => m.party))
  return needed.filter((k) => !covered.has(k))
}

/** The application the agent signs: the form's payload with the valid mandates (none: the payload as it is). */
export function withMandates(payload: ApplyPayload, mandates: readonly Mandate[], problems: ReadonlyArray<MandateProblem | null>): ApplyPayload {
  const ok = mandates.filter((_, i) => problems[i] === null)
  return ok.length > 0 ? { ...payload, mandates: [...ok] } : payload
}

/** A file name for the request (the register number, no path characters). */
export function requestFileName(request: LandRequest): string {
  return `mandate-request-${request.register.replace(/[^0-9-]/g, '')}.json`
}

/** A file name for the party's mandate. */
export function mandateFileName(m: Mandate): string {
  return `mandate-${m.party.slice(0, 8)}-${m.request.slice(0, 8)}.json`
}
