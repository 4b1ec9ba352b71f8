/**
 * The answers' schemas as the UI loads them: the shared ones (src/shared/api.ts) and the client's own list shapes.
 * Import this module only through `apiSchemas()` (api/parse.ts): zod and the schemas then stay out of the start bundle
 * and load with the first answer to parse, alongside its request (issue 9 item 19).
 */
import { z } from 'zod'

export * from '../../shared/api'

/** a list of blocks, bare or wrapped as `{ blocks }` or `{ items }` */
export const BlockListSchema = z.union([
  z.array(z.unknown()),
  z.object({ blocks: z.array(z.unknown()) }).transform((b) => b.blocks),
  z.object({ items: z.array(z.unknown()) }).transform((b) => b.items),
])
