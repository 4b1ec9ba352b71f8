/**
 * The genesis document: the consortium's founding act. Every node of a consortium starts from the same one; its
 * hash is part of the chain's identity.
 */
import { z } from 'zod'
import { DaejangError } from '../../shared/errors'
import { fromHex, isHex, toHex } from '../codec/bytes'
import { encodeCanonical } from '../codec/canonical'
import { sha256 } from '../crypto/sha256'
import type { Validator } from './block'

/** most administrator keys one agency may have */
export const MAX_ADMINS = 32

const key = z.string().refine((s) => isHex(s, 32), { message: 'must be a 32-byte Ed25519 public key in lowercase hex' })

export const ParamsSchema = z
  .object({
    /** largest canonical transaction, bytes */
    maxTxBytes: z.number().int().min(256).max(1 << 20).default(64 * 1024),
    maxBlockTxs: z.number().int().min(1).max(100_000).default(5_000),
    maxBlockBytes: z.number().int().min(1024).max(64 << 20).default(8 << 20),
    /** how far a transaction's time may run ahead of the block's */
    maxFutureMs: z.number().int().min(0).max(86_400_000).default(600_000),
  })
  .strict()

export type Params = z.infer<typeof ParamsSchema>

export const AgencySchema = z
  .object({
    id: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'agency id: lowercase letters, digits and dashes'),
    name: z.string().min(1).max(200),
    // power ≤ 1,000: see MAX_POWER in registries/governance/portable/schema.ts (the proposer sequence's period is the total)
    validator: z.object({ publicKey: key, power: z.number().int().min(1).max(1_000) }).strict().nullable(),
    admins: z.array(key).min(1).max(MAX_ADMINS),
  })
  .strict()

export type Agency = z.infer<typeof AgencySchema>

export const GenesisSchema = z
  .object({
    format: z.literal('daejang-genesis/1'),
    chainId: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'chain id: lowercase letters, digits, dot, dash, underscore'),
    genesisTime: z.number().int().min(0),
    /** 'local' marks a consortium made on one machine for trying things out */
    label: z.string().max(100).optional(),
    params: ParamsSchema.default(ParamsSchema.parse({})),
    agencies: z.array(AgencySchema).min(1).max(200),
  })
  .strict()
  .superRefine((g, ctx) => {
    const ids = new Set<string>()
    const vals = new Set<string>()
    for (const a of g.agencies) {
      if (ids.has(a.id)) ctx.addIssue({ code: 'custom', message: `duplicate agency id ${a.id}` })
      ids.add(a.id)
      if (a.validator) {
        if (vals.has(a.validator.publicKey)) ctx.addIssue({ code: 'custom', message: 'duplicate validator key' })
        vals.add(a.validator.publicKey)
      }
    }
    if (vals.size === 0) ctx.addIssue({ code: 'custom', message: 'at least one agency must run a validator' })
  })

export type Genesis = z.infer<typeof GenesisSchema>

export function parseGenesis(input: unknown): Genesis {
  const r = GenesisSchema.safeParse(input)
  if (!r.success) {
    const i = r.error.issues[0]
    throw new DaejangError('SCHEMA_INVALID', `genesis ${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'}`)
  }
  return r.data
}

/** Validators in canonical order: by public key, bytewise. */
export function genesisValidators(g: Genesis): Validator[] {
  return g.agencies
    .filter((a) => a.validator)
    .map((a) => ({ publicKey: fromHex(a.validator!.publicKey), power: a.validator!.power }))
    .sort((x, y) => (toHex(x.publicKey) < toHex(y.publicKey) ? -1 : 1))
}

export function genesisHash(g: Genesis): Uint8Array {
  return sha256(encodeCanonical(JSON.parse(JSON.stringify(g))))
}
