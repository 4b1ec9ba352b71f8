/**
 * API routes of the land register (below /api/v1/land/, docs/adr/0033 "Reads"), given a RegistryHost. Opening
 * registers, applying, commissioning, entering, rejecting and withdrawing are signed transactions (land.*) submitted
 * through POST /api/v1/txs like any other; these routes read: registers (whole, current-only, as of a block), the
 * search by address or number, the offices, and the registrar's queue of applications with the rules' findings.
 * Answers' shapes: portable/dto.ts.
 */
import { z } from 'zod'
import { type RegistryHost, route } from '../types'
import { getApplication, getRegister, listApplications, listOffices, searchRegisters } from './queries'
import { APP_STATUSES, officeCode } from './portable/schema'
import { searchByAddress } from './local-index-routes'

const number = z.string().min(1).max(40)
const year = z.coerce.number().int().min(1900).max(2999)

/** The time the signers' credentials are checked at for the queue's findings: the head block's. */
const headTime = (host: RegistryHost): number => (host.chain.head() as { time?: number }).time ?? Date.now()

export const LAND_ROUTES = [
  route({
    method: 'GET',
    path: '/api/v1/land/offices',
    summary: 'The registry offices: code, name and the agency that keeps each',
    handler: async ({ host }) => ({ body: await listOffices(host.state) }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/land/registers/:number',
    summary:
      'A register by its number (NNNN-YYYY-NNNNNN): 표제부, 갑구 and 을구 in rank order with "cancelled by" derived, current owners and live rights; view=current keeps only what is in force (현재 유효사항); height= reads it as of a block',
    params: z.object({ number }),
    query: z.object({
      view: z.enum(['full', 'current']).default('full'),
      height: z.coerce.number().int().min(1).optional(),
    }),
    handler: async ({ host, params, query }) => ({
      body: await getRegister(
        host.state,
        (k, h) => host.stateAsOf(k, h),
        params.number,
        { view: query.view, ...(query.height !== undefined ? { height: query.height } : {}) },
        host.stateAsOfMany?.bind(host),
      ),
    }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/land/search',
    summary:
      'Registers by address words (Korean-aware: 서울 or 서울특별시, 1번지 or 1; a lot number matches whole) or by number; or every register of an office (and year)',
    query: z.object({
      address: z.string().trim().min(1).max(200).optional(),
      number: z.string().trim().min(1).max(40).optional(),
      office: officeCode.optional(),
      year: year.optional(),
      openedBy: z.string().regex(/^[0-9a-f]{64}$/, 'a transaction hash in lowercase hex').optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
      /** true: answer { results, source: index | scan, indexHeight, head } (docs/adr/0038) */
      explain: z.enum(['true', 'false']).optional(),
    }),
    handler: async ({ host, query }) => {
      // an address alone: the node-local address index (the bounded scan while it catches up: local-index-routes.ts)
      if (query.address !== undefined && query.number === undefined && query.office === undefined && query.year === undefined && query.openedBy === undefined) {
        const a = await searchByAddress(host, query.address, query.limit)
        return { body: query.explain === 'true' ? a : a.results }
      }
      const body = await searchRegisters(host.state, {
        ...(query.address !== undefined ? { address: query.address } : {}),
        ...(query.number !== undefined ? { number: query.number } : {}),
        ...(query.office !== undefined ? { office: query.office } : {}),
        ...(query.year !== undefined ? { year: query.year } : {}),
        ...(query.openedBy !== undefined ? { openedBy: query.openedBy } : {}),
        limit: query.limit,
      })
      return { body }
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/land/applications',
    summary:
      "An office's applications in receipt order (status=received: the registrar's queue), each with the rules' findings at receipt and, while received, what entering it would meet today",
    query: z.object({
      office: officeCode,
      status: z.enum(APP_STATUSES).optional(),
      year: year.optional(),
      register: z.string().max(40).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(100),
    }),
    handler: async ({ host, query }) => ({
      body: await listApplications(
        host.state,
        {
          office: query.office,
          ...(query.status !== undefined ? { status: query.status } : {}),
          ...(query.year !== undefined ? { year: query.year } : {}),
          ...(query.register !== undefined ? { register: query.register } : {}),
          limit: query.limit,
        },
        headTime(host),
      ),
    }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/land/applications/:office/:year/:receipt',
    summary: 'An application by its receipt: office, year and receipt number',
    params: z.object({ office: officeCode, year, receipt: z.coerce.number().int().min(1) }),
    handler: async ({ host, params }) => ({ body: await getApplication(host.state, params.office, params.year, params.receipt, headTime(host)) }),
  }),
]
