/**
 * The consumer screens' API calls (registries/livestock/label-routes.ts, below /api/v1/livestock/), parsed with the
 * screens' own schemas: what they read of each answer checked, the rest passed through.
 *
 *   GET /livestock/lookup/:number?lang=             an animal's history in words, or a bundle's animals
 *   GET /livestock/animals/:number/label?lang=      the label PDF (base64)
 */
import { z } from 'zod'
import type { ApiClient } from '../../api/client'
import { parseAnswer } from '../../api/parse'
import { animalNumberProblem } from '../../../ledger/registries/livestock/portable/identifiers'
import { labelQrAnimal } from '../../../ledger/registries/livestock/portable/label-format'
import { EVENT_KINDS } from '../../../ledger/registries/livestock/portable/schema'

const enc = encodeURIComponent
const Fact = z.tuple([z.string(), z.string()])
const SiteName = z.object({ site: z.string(), kind: z.string().nullable(), name: z.string().nullable() }).passthrough()
const Facts = z.object({ animal: z.string(), facts: z.array(Fact), alerts: z.number() }).passthrough()

const AnimalLookupSchema = z
  .object({
    kind: z.literal('animal'),
    animal: z.string(),
    height: z.number(),
    text: z
      .object({
        facts: z.array(Fact),
        lines: z.array(z.object({ seq: z.number(), date: z.string(), kind: z.enum(EVENT_KINDS), what: z.string(), site: z.string(), late: z.string(), alert: z.boolean() }).passthrough()),
        alerts: z.number(),
      })
      .passthrough(),
    sites: z.array(SiteName),
  })
  .passthrough()
export type AnimalLookupDto = z.infer<typeof AnimalLookupSchema>

const BundleLookupSchema = z
  .object({
    kind: z.literal('bundle'),
    bundle: z.string(),
    height: z.number(),
    record: z.object({ date: z.string(), cut: z.string(), animals: z.array(z.string()) }).passthrough(),
    packer: SiteName,
    animals: z.array(z.object({ animal: z.string(), label: Facts.nullable() }).passthrough()),
  })
  .passthrough()
export type BundleLookupDto = z.infer<typeof BundleLookupSchema>

const LookupSchema = z.discriminatedUnion('kind', [AnimalLookupSchema, BundleLookupSchema])

export async function lookupNumber(client: ApiClient, number: string, lang: 'ko' | 'en'): Promise<AnimalLookupDto | BundleLookupDto> {
  return parseAnswer(LookupSchema, await client.request('GET', `/livestock/lookup/${enc(number)}?lang=${lang}`), 'livestock lookup')
}

const LabelSchema = z.object({ name: z.string(), data: z.string(), height: z.number() }).passthrough()
export type LabelDto = z.infer<typeof LabelSchema>

export async function getLabel(client: ApiClient, animal: string, lang: 'ko' | 'en'): Promise<LabelDto> {
  return parseAnswer(LabelSchema, await client.request('GET', `/livestock/animals/${enc(animal)}/label?lang=${lang}`), 'livestock label')
}

/** What the lookup field holds: a number (animal or bundle), a label's QR text (its animal), or neither. */
export type Typed = { kind: 'animal' | 'bundle'; number: string } | { kind: 'empty' } | { kind: 'bad-number' } | { kind: 'bad-qr' }

/** The animal a label's QR text names (read from its record; the proof is checked on the Verify screen), or null. */
export const animalOfQr = labelQrAnimal

export function parseTyped(s: string): Typed {
  const t = s.trim()
  if (t === '') return { kind: 'empty' }
  if (/^DJ:LIVESTOCK\//i.test(t)) {
    const a = animalOfQr(t)
    return a && animalNumberProblem(a) === null ? { kind: 'animal', number: a } : { kind: 'bad-qr' }
  }
  if (/^L\d{14}$/i.test(t)) return { kind: 'bundle', number: t.toUpperCase() }
  const digits = t.replace(/^KOR\s*410\s*/i, '').replace(/[\s-]/g, '')
  return animalNumberProblem(digits) === null ? { kind: 'animal', number: digits } : { kind: 'bad-number' }
}
