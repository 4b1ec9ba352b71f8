/**
 * The JSON forms of headers, commits and validator lists shared by every proof file (inclusion proofs, certified
 * state, trust steps), and the error their parsers throw. Hex for bytes; zod-checked on the way in. Portable.
 */
import { z } from 'zod'
import { fromHex, isHex, toHex } from '../codec/bytes'
import { type Commit, type Header, type Validator, BLOCK_VERSION } from '../types/block'

/** A proof file or proof bytes that cannot be read (stable code PROOF_INVALID). */
export class ProofFormatError extends Error {
  readonly code = 'PROOF_INVALID'
}

export const hex32 = z.string().refine((s) => isHex(s, 32))
export const hexN = (n: number) => z.string().refine((s) => isHex(s, n))

export interface HeaderJson {
  v: number
  chainId: string
  height: number
  time: number
  prevHash: string
  lastCommitHash: string
  txRoot: string
  txCount: number
  appHash: string
  validatorsHash: string
  /** version 2 headers only */
  nextValidatorsHash?: string
  proposer: string
}

export interface CommitJson {
  height: number
  round: number
  blockHash: string
  sigs: { validator: string; sig: string }[]
}

export interface ValidatorJson {
  publicKey: string
  power: number
}

export const HeaderJsonSchema = z.object({
  v: z.number().int(),
  chainId: z.string(),
  height: z.number().int().min(0),
  time: z.number().int().min(0),
  prevHash: hex32,
  lastCommitHash: hex32,
  txRoot: hex32,
  txCount: z.number().int().min(0),
  appHash: hex32,
  validatorsHash: hex32,
  nextValidatorsHash: hex32.optional(),
  proposer: hex32,
})

export const CommitJsonSchema = z.object({
  height: z.number().int().min(0),
  round: z.number().int().min(0),
  blockHash: hex32,
  sigs: z.array(z.object({ validator: hex32, sig: hexN(64) })).max(1000),
})

export const ValidatorsJsonSchema = z.array(z.object({ publicKey: hex32, power: z.number().int().min(1) })).min(1).max(1000)

export function headerToJson(h: Header): HeaderJson {
  return {
    v: h.v,
    chainId: h.chainId,
    height: h.height,
    time: h.time,
    prevHash: toHex(h.prevHash),
    lastCommitHash: toHex(h.lastCommitHash),
    txRoot: toHex(h.txRoot),
    txCount: h.txCount,
    appHash: toHex(h.appHash),
    validatorsHash: toHex(h.validatorsHash),
    ...(h.nextValidatorsHash ? { nextValidatorsHash: toHex(h.nextValidatorsHash) } : {}),
    proposer: toHex(h.proposer),
  }
}

/** From schema-checked JSON. A version 2 header must name the next validator set. */
export function headerFromJson(h: z.infer<typeof HeaderJsonSchema>): Header {
  if (h.v === BLOCK_VERSION && h.nextValidatorsHash === undefined) throw new ProofFormatError('header: the next validator set is missing')
  if (h.v !== BLOCK_VERSION && h.nextValidatorsHash !== undefined) throw new ProofFormatError(`header: a version ${h.v} header names no next set`)
  return {
    v: h.v,
    chainId: h.chainId,
    height: h.height,
    time: h.time,
    prevHash: fromHex(h.prevHash),
    lastCommitHash: fromHex(h.lastCommitHash),
    txRoot: fromHex(h.txRoot),
    txCount: h.txCount,
    appHash: fromHex(h.appHash),
    validatorsHash: fromHex(h.validatorsHash),
    ...(h.nextValidatorsHash !== undefined ? { nextValidatorsHash: fromHex(h.nextValidatorsHash) } : {}),
    proposer: fromHex(h.proposer),
  }
}

export function commitToJson(c: Commit): CommitJson {
  return {
    height: c.height,
    round: c.round,
    blockHash: toHex(c.blockHash),
    sigs: c.sigs.map((s) => ({ validator: toHex(s.validator), sig: toHex(s.sig) })),
  }
}

export function commitFromJson(c: z.infer<typeof CommitJsonSchema>): Commit {
  return {
    height: c.height,
    round: c.round,
    blockHash: fromHex(c.blockHash),
    sigs: c.sigs.map((s) => ({ validator: fromHex(s.validator), sig: fromHex(s.sig) })),
  }
}

export function validatorsToJson(vs: readonly Validator[]): ValidatorJson[] {
  return vs.map((v) => ({ publicKey: toHex(v.publicKey), power: v.power }))
}

export function validatorsFromJson(vs: z.infer<typeof ValidatorsJsonSchema>): Validator[] {
  return vs.map((v) => ({ publicKey: fromHex(v.publicKey), power: v.power }))
}

/** Parse with a zod schema, throwing ProofFormatError naming `what` and the first issue. */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const r = schema.safeParse(input)
  if (!r.success) {
    const i = r.error.issues[0]
    throw new ProofFormatError(`${what} ${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'}`)
  }
  return r.data
}
