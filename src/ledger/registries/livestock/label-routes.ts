/**
 * API routes of the consumer's side of the livestock register (docs/adr/0045), below /api/v1/livestock/: the lookup
 * of a number on a label (an animal's history in words, or a bundle's animals), the label PDF (base64, as the land
 * extract's route answers), its file, and an animal's head proven as of a block — what a verifier asks any node for
 * to tell whether a label is still current. No role is needed: the history is public, as 쇠고기 이력제's is.
 */
import { z } from 'zod'
import { certificateFonts } from '../../cert/fonts-node'
import type { StepHistory } from '../../proofs/trust-bound'
import { type RegistryHost, route } from '../types'
import { type LabelSource, buildLabel, headProof, lookupAnimal, lookupBundle, numberOf } from './label'

const number = z.string().min(1).max(40)
const height = z.coerce.number().int().min(1).optional()
const lang = z.enum(['ko', 'en']).default('ko')

/** The label builder's view of the node, through its RegistryHost. */
export function labelSourceOf(host: RegistryHost): LabelSource {
  const history = host.chain.validatorHistory
  return {
    proveState: (k, h, t) => host.proveState(k, h, t),
    proveRange: (g, h, t) => host.proveRange(g, h, t),
    headHeight: () => host.chain.head().height,
    setAt: (h) => history.at(h).validators,
    history: { entries: history.entries, at: (h) => history.at(h) } as StepHistory,
    chainId: host.genesis.chainId,
  }
}

const at = (h: number | undefined): { height?: number } => (h !== undefined ? { height: h } : {})

export const LIVESTOCK_LABEL_ROUTES = [
  route({
    method: 'GET',
    path: '/api/v1/livestock/lookup/:number',
    summary:
      "A consumer's lookup of the number on a label: an animal's history in words (breed, sex, birth, farms with dates, vaccinations and tests, slaughter and inspection, grades, packer, shop, late reports, DNA alerts), or a mixed bundle's animals; Korean or English",
    params: z.object({ number }),
    query: z.object({ lang }),
    handler: async ({ host, params, query }) => {
      const n = numberOf(params.number)
      const h = host.chain.head().height
      return {
        body: n.kind === 'bundle' ? { kind: 'bundle', ...(await lookupBundle(host.state, n.number, query.lang, h)) } : { kind: 'animal', ...(await lookupAnimal(host.state, n.number, query.lang, h)) },
      }
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/livestock/animals/:number/label',
    summary:
      "An animal's printable label: PDF (base64, 60 × 40 mm) with its facts and the QR code carrying the state proof of its record, the label's file (the range proof of the whole history) attached; as of a block (height=, default the head)",
    params: z.object({ number }),
    query: z.object({ lang, height }),
    handler: async ({ host, params, query }) => {
      const x = await buildLabel(labelSourceOf(host), params.number, { lang: query.lang, ...at(query.height) })
      // pdf-lib and fontkit load on the first label, not at the node's start
      const { renderLabel } = await import('./label-pdf')
      const r = await renderLabel(x, certificateFonts())
      return {
        body: {
          name: `${x.animal}-label-${x.lang}.pdf`,
          mediaType: 'application/pdf',
          data: Buffer.from(r.pdf).toString('base64'),
          qr: r.qr,
          size: r.size,
          height: x.state.header.height,
        },
      }
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/livestock/animals/:number/label-bundle',
    summary: "An animal's label file (daejang-livestock-label/1): the range proof of its whole history, the QR text, the history and the label's facts, as the PDF attaches it",
    params: z.object({ number }),
    query: z.object({ lang, height }),
    handler: async ({ host, params, query }) => ({ body: (await buildLabel(labelSourceOf(host), params.number, { lang: query.lang, ...at(query.height) })).bundle }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/livestock/animals/:number/head-proof',
    summary: "An animal's record proven as of a block (daejang-livestock-head/1, default the head): given with a label, it tells whether the label is still current",
    params: z.object({ number }),
    query: z.object({ height }),
    handler: async ({ host, params, query }) => ({ body: await headProof(labelSourceOf(host), params.number, query.height) }),
  }),
]
