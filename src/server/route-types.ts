/** What a route of the node API is (routes.ts lists the core's; bundle-routes.ts and the registries add theirs). */
import type { z } from 'zod'
import type { LedgerNode } from '../ledger/node/node'
import type { Home } from '../ledger/node/home'
import type { LoginCodes } from './login-codes'

export interface RouteContext {
  node: LedgerNode
  /** the node's home, when the server runs a node from one (not in some tests) */
  home: Home | null
  /** one-time sign-in codes for the UI */
  login: LoginCodes
  /** the session token (handed out only in exchange for a sign-in code) */
  token: string
  params: Record<string, string>
  query: Record<string, unknown>
  body: unknown
}

export interface Route {
  method: 'GET' | 'POST'
  path: string
  summary: string
  public?: boolean
  params?: z.ZodObject
  query?: z.ZodObject
  body?: z.ZodType
  /** a larger body cap than the default 1 MiB (batch manifests) */
  maxBodyBytes?: number
  handler(ctx: RouteContext): Promise<{ status?: number; body: unknown }>
}
