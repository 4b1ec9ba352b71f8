/**
 * The OpenAPI 3.1 description of the local API, generated from the route table's schemas (the core's routes and every
 * registry's) and the error catalogue (the core's codes and every registry's).
 */
import { z } from 'zod'
import { NODE_VERSION } from '../ledger/node/node'
import { REGISTRIES } from '../ledger/registries'
import { makeCatalogue } from '../ledger/registries/catalogue'
import type { Registry } from '../ledger/registries/types'
import { routeTable } from './routes'

function toJsonSchema(s: z.ZodType): unknown {
  return z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' })
}

export function openApiDocument(registries: readonly Registry[] = REGISTRIES): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const r of routeTable(registries)) {
    const oaPath = r.path.replace(/:([a-zA-Z]+)/g, '{$1}')
    const parameters: unknown[] = []
    for (const [where, schema] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!schema) continue
      for (const [name, s] of Object.entries(schema.shape)) {
        parameters.push({
          name,
          in: where,
          required: where === 'path' || !(s as z.ZodType).safeParse(undefined).success,
          schema: toJsonSchema(s as z.ZodType),
        })
      }
    }
    paths[oaPath] ??= {}
    paths[oaPath][r.method.toLowerCase()] = {
      summary: r.summary,
      ...(r.public ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toJsonSchema(r.body) } } } }
        : {}),
      responses: {
        '200': { description: 'OK', content: { 'application/json': {} } },
        '503': {
          description: 'The node is full (MEMPOOL_FULL), has too many state reads and proofs waiting (STATE_READS_BUSY) or is shutting down (NODE_STOPPING): try again after Retry-After',
          headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } },
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    }
  }
  paths['/api/v1/events'] = {
    get: {
      summary:
        'WebSocket event stream (token as ?token=): {type:"block"|"tx.committed"|"tx.rejected", …} as JSON text frames',
      parameters: [{ name: 'token', in: 'query', required: true, schema: { type: 'string' } }],
      responses: { '101': { description: 'Switching protocols' } },
    },
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Daejang node local API', version: NODE_VERSION },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string', enum: makeCatalogue(registries).errorCodes() }, message: { type: 'string' } },
            },
          },
        },
      },
    },
  }
}
