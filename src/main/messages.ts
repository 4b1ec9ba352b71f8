/**
 * Messages between main and the node process (src/server/node-process.ts) over the utility process port.
 * node → main: `{ type: 'ready', url, token }` once its API listens; optionally `{ type: 'error', message }` when it
 * cannot start. main → node: `{ type: 'stop' }`.
 */
import { z } from 'zod'
import type { ApiInfo } from '../shared/bridge'

export const STOP_MESSAGE = { type: 'stop' } as const

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

const readySchema = z.object({
  type: z.literal('ready'),
  url: z.string().max(200),
  token: z.string().min(16).max(512),
})

const errorSchema = z.object({
  type: z.literal('error'),
  message: z.string().max(2000),
})

/** The API address and token from a ready message, or null if `msg` is not a valid one. Only local http URLs. */
export function parseReadyMessage(msg: unknown): ApiInfo | null {
  const parsed = readySchema.safeParse(msg)
  if (!parsed.success) return null
  let url: URL
  try {
    url = new URL(parsed.data.url)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' || !LOCAL_HOSTS.has(url.hostname)) return null
  return { url: url.origin, token: parsed.data.token }
}

/** The reason from an error message, or null. */
export function parseErrorMessage(msg: unknown): string | null {
  const parsed = errorSchema.safeParse(msg)
  return parsed.success ? parsed.data.message : null
}
