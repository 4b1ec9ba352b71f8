/**
 * The API shapes of admission (docs/adr/0064), shared by the node, the CLI and the UI: the state a node waiting to be
 * admitted reports in its status, the request it made, and what a request asks once checked by an administrator's node.
 */
import { z } from 'zod'

/**
 * Where a node made by joining stands (status.admission; null for a node that did not join):
 *  - refused: the consortium's nodes refuse its connections (no peer admits it), and its agency or role is not in
 *    the state it has;
 *  - catching-up: peers admit it, and it is fetching the blocks that record its admission;
 *  - voting-from: its agency is a member and its validator key votes from `height` on (a later block);
 *  - voting: its validator key is in the set of the next block (since `height`);
 *  - member: its agency is a member, without a validator (it asked for none, or its validator was stopped);
 *  - workstation: its node key holds its agency's workstation role.
 */
export const AdmissionStateSchema = z.enum(['refused', 'catching-up', 'voting-from', 'voting', 'member', 'workstation'])
export type AdmissionState = z.infer<typeof AdmissionStateSchema>

export const AdmissionStatusSchema = z.object({
  state: AdmissionStateSchema,
  kind: z.enum(['agency', 'workstation']),
  /** the agency asked for (an agency's request) or worked for (a workstation's, when it names one) */
  agency: z.string().nullable(),
  agencyName: z.string().nullable(),
  /** voting-from: the first height it votes; voting: the height its key entered the set */
  height: z.number().nullable(),
})
export type AdmissionStatusDto = z.infer<typeof AdmissionStatusSchema>

/** What a request asks, checked: GET /api/v1/admission/request (this node's) and POST /api/v1/admission/check. */
export const AdmissionSummarySchema = z.object({
  kind: z.enum(['agency', 'workstation']),
  chainId: z.string(),
  createdAt: z.number(),
  nodeKey: z.string(),
  listen: z.array(z.string()),
  agency: z
    .object({
      id: z.string(),
      name: z.string(),
      admins: z.array(z.string()),
      validator: z.object({ publicKey: z.string(), power: z.number() }).nullable(),
    })
    .nullable(),
  workstationAgency: z.string().nullable(),
  /** the hex SHA-256 naming the request (what a QR code carries when the request is too large for it) */
  digest: z.string(),
  signedBy: z.array(z.string()),
})
export type AdmissionSummaryDto = z.infer<typeof AdmissionSummarySchema>

export const AdmissionRequestAnswerSchema = z.object({
  summary: AdmissionSummarySchema,
  /** the request file's text (to save) */
  text: z.string(),
  fileName: z.string(),
  /** what the QR code carries: the request itself, or its digest when too large (whole: false) */
  qr: z.object({ text: z.string(), whole: z.boolean() }),
})
export type AdmissionRequestAnswerDto = z.infer<typeof AdmissionRequestAnswerSchema>

export const AdmissionCheckAnswerSchema = z.object({
  summary: AdmissionSummarySchema,
  /** an agency's request: the `governance.proposal.submit` change to propose (the existing propose flow) */
  change: z.unknown().nullable(),
})
export type AdmissionCheckAnswerDto = z.infer<typeof AdmissionCheckAnswerSchema>
