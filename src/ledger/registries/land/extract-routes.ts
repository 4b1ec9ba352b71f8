/**
 * API routes of certified land extracts (docs/adr/0036), below /api/v1/land/: the extract PDF (base64, as the
 * notary's certificate route answers), its bundle, and a register's range proof as of a block — what a verifier asks
 * any node for to tell whether an extract is still current. Registered beside the register's routes (index.ts).
 */
import { z } from 'zod'
import { certificateFonts } from '../../cert/fonts-node'
import type { StepHistory } from '../../proofs/trust-bound'
import { type RegistryHost, route } from '../types'
import { type ExtractSource, buildExtract, registerRangeProof } from './extract'

const number = z.string().min(1).max(40)
const height = z.coerce.number().int().min(1).optional()

/** The extract builder's view of the node, through its RegistryHost. */
export function extractSourceOf(host: RegistryHost): ExtractSource {
  const history = host.chain.validatorHistory
  return {
    proveRange: (g, h, t) => host.proveRange(g, h, t),
    headHeight: () => host.chain.head().height,
    setAt: (h) => history.at(h).validators,
    history: { entries: history.entries, at: (h) => history.at(h) } as StepHistory,
    chainId: host.genesis.chainId,
    officeName: async (office) => {
      const v = await host.state.get(`ld/of/${office}/name`)
      return typeof v === 'string' ? v : null
    },
  }
}

const extractQuery = z.object({
  view: z.enum(['full', 'current']).default('full'),
  lang: z.enum(['ko', 'en']).default('ko'),
  height,
})

export const LAND_EXTRACT_ROUTES = [
  route({
    method: 'GET',
    path: '/api/v1/land/registers/:number/extract',
    summary:
      "A register's certified extract: PDF (base64) of 등기사항전부증명서 (view=full) or 일부증명서 (view=current, 현재 유효사항), in Korean or English, as of a block (height=, default the head), with the QR digest and the range proof of the register's group attached",
    params: z.object({ number }),
    query: extractQuery,
    handler: async ({ host, params, query }) => {
      const x = await buildExtract(extractSourceOf(host), params.number, {
        view: query.view,
        lang: query.lang,
        ...(query.height !== undefined ? { height: query.height } : {}),
      })
      // pdf-lib and fontkit load on the first extract, not at the node's start
      const { renderExtract } = await import('./extract-pdf')
      const r = await renderExtract(x, certificateFonts())
      return {
        body: {
          name: `${x.number}-${x.view}-${x.lang}.pdf`,
          mediaType: 'application/pdf',
          data: Buffer.from(r.pdf).toString('base64'),
          qr: r.qr,
          pages: r.pages,
          height: x.state.header.height,
        },
      }
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/land/registers/:number/extract-bundle',
    summary: "A register's extract bundle (daejang-land-extract/1): the range proof of its group, the QR text and the printed text, as the PDF attaches it",
    params: z.object({ number }),
    query: extractQuery,
    handler: async ({ host, params, query }) => ({
      body: (
        await buildExtract(extractSourceOf(host), params.number, {
          view: query.view,
          lang: query.lang,
          ...(query.height !== undefined ? { height: query.height } : {}),
        })
      ).bundle,
    }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/land/registers/:number/range-proof',
    summary:
      "A register's range proof (daejang-land-range/1): every entry of its group proven complete as of a block (default: the head) with the block's header and commit — given with an extract, it tells whether the extract is still current",
    params: z.object({ number }),
    query: z.object({ height }),
    handler: async ({ host, params, query }) => ({ body: await registerRangeProof(extractSourceOf(host), params.number, query.height) }),
  }),
]
