import { z } from 'zod'

const hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n * 2}}$`), `${n} bytes of lowercase hex`)

export const VoteJsonSchema = z
  .object({
    type: z.union([z.literal(1), z.literal(2)]),
    height: z.number().int().min(1),
    round: z.number().int().min(0),
    blockHash: hex(32),
    validator: hex(32),
    sig: hex(64),
  })
  .strict()

export type VoteJson = z.infer<typeof VoteJsonSchema>

/** Two conflicting signed votes of one validator for one (height, round, type): proof that it equivocated. */
export const EvidenceSchema = z.object({ voteA: VoteJsonSchema, voteB: VoteJsonSchema }).strict()

export type EvidencePayload = z.infer<typeof EvidenceSchema>

/** As stored on the chain. */
export interface EvidenceRecord {
  [key: string]: string | number | VoteJson
  validator: string
  height: number
  round: number
  type: number
  voteA: VoteJson
  voteB: VoteJson
  reportedBy: string
  /** height and time of the block that recorded it */
  recordedAt: number
  recordedTime: number
}
