/**
 * A full node's API as a light workstation's source (src/ledger/light/source.ts): headers and commits, validator sets
 * and state proofs over HTTP. It only decodes: the light client checks every answer.
 */
import { z } from 'zod'
import { DaejangError } from '../shared/errors'
import { fromBase64Url, fromHex } from '../ledger/codec/bytes'
import { decodeCanonical } from '../ledger/codec/canonical'
import { type CertifiedState, certifiedStateFromJson } from '../ledger/proofs/certified-state'
import { type Validator, commitFromCanonical, headerFromCanonical } from '../ledger/types/block'
import type { LightSource } from '../ledger/light/source'
import type { HeaderAndCommit } from '../ledger/light/verify'
import { type AnswerLimits, ApiClient } from './cli/client'

const b64 = z.string().regex(/^[A-Za-z0-9_-]*$/).max(1 << 20)
const HeadersAnswer = z.object({
  head: z.number().int().min(0),
  items: z.array(z.object({ height: z.number().int().min(1), header: b64, commit: b64 })).max(100),
})
const ValidatorsAnswer = z.object({
  validators: z.array(z.object({ publicKey: z.string().regex(/^[0-9a-f]{64}$/), power: z.number().int().min(1) })).min(1).max(1000),
})

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value)
  if (!r.success) throw new DaejangError('LIGHT_BAD_ANSWER', `the full node's ${what} is not in the expected form`)
  return r.data
}

/** Bounds on one answer of a full node (100 headers with commits of large sets fit well within them). */
export const LIGHT_ANSWER_LIMITS: AnswerLimits = { maxBytes: 32 << 20, timeoutMs: 60_000 }

export class HttpLightSource implements LightSource {
  private readonly api: ApiClient

  constructor(
    readonly url: string,
    token: string,
    readonly limits: AnswerLimits = LIGHT_ANSWER_LIMITS,
  ) {
    this.api = new ApiClient(url.replace(/\/+$/, ''), token, { ...limits, badAnswer: 'LIGHT_BAD_ANSWER' })
  }

  async headers(from: number, limit: number): Promise<{ head: number; items: HeaderAndCommit[] }> {
    const a = parse(HeadersAnswer, await this.api.get(`/api/v1/headers?from=${from}&limit=${limit}`), 'list of headers')
    try {
      return {
        head: a.head,
        items: a.items.map((i) => ({
          header: headerFromCanonical(decodeCanonical(fromBase64Url(i.header))),
          commit: commitFromCanonical(decodeCanonical(fromBase64Url(i.commit))),
        })),
      }
    } catch (e) {
      throw new DaejangError('LIGHT_BAD_ANSWER', `a header or commit the full node sent does not decode: ${(e as Error).message}`)
    }
  }

  async validators(height: number): Promise<Validator[]> {
    const a = parse(ValidatorsAnswer, await this.api.get(`/api/v1/validators?height=${height}`), 'validator set')
    return a.validators.map((v) => ({ publicKey: fromHex(v.publicKey), power: v.power }))
  }

  async stateProof(key: string, height: number): Promise<CertifiedState> {
    const body = await this.api.get(`/api/v1/state/proof?key=${encodeURIComponent(key)}&height=${height}`)
    try {
      return certifiedStateFromJson(body)
    } catch (e) {
      throw new DaejangError('PROOF_INVALID', `the full node's state proof cannot be read: ${(e as Error).message}`)
    }
  }
}
