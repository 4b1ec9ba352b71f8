/** API routes of the identity registry: agencies, a key's standing, role credentials (committed state). */
import { z } from 'zod'
import { route } from '../types'
import { keyInfo, listAgencies, listCredentials } from './queries'

const publicKey = z.string().regex(/^[0-9a-f]{64}$/, 'a 32-byte public key in lowercase hex')

export const IDENTITY_ROUTES = [
  route({
    method: 'GET',
    path: '/api/v1/identity/agencies',
    summary: 'Agencies of the consortium, their validators and administrators',
    handler: async ({ host }) => ({ body: await listAgencies(host.state) }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/identity/keys/:publicKey',
    summary: "A key's nonce, the agencies it administers and its role credentials",
    params: z.object({ publicKey }),
    handler: async ({ host, params }) => ({ body: await keyInfo(host.state, params.publicKey, Date.now()) }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/identity/credentials',
    summary: 'Role credentials, filtered by agency and role',
    query: z.object({
      agency: z.string().max(64).optional(),
      role: z.string().max(64).optional(),
      active: z.enum(['true', 'false']).optional(),
    }),
    handler: async ({ host, query }) => ({
      body: await listCredentials(
        host.state,
        {
          ...(query.agency ? { agency: query.agency } : {}),
          ...(query.role ? { role: query.role } : {}),
          activeOnly: query.active === 'true',
        },
        Date.now(),
      ),
    }),
  }),
]
