/** Where the local API lives on the node (api.ts re-exports it; this file imports nothing, so a caller that needs only
 * the path does not load the schemas and zod with it). */
export const API_PREFIX = '/api/v1'
