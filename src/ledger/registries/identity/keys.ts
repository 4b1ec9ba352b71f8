/** State keys of the identity registry (one place, so queries and rules agree). */
export const agencyKey = (id: string): string => `id/agency/${id}`
export const AGENCY_PREFIX = 'id/agency/'
export const adminKey = (publicKey: string): string => `id/admin/${publicKey}`
export const credentialsKey = (subject: string): string => `id/cred/${subject}`
export const CREDENTIALS_PREFIX = 'id/cred/'
/** last nonce used by a signer (maintained by the executor for every registry) */
export const nonceKey = (signer: string): string => `n/${signer}`
