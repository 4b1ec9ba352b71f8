/** State keys of the identity registry (one place, so queries and rules agree). */
export const agencyKey = (id: string): string => `id/agency/${id}`
export const AGENCY_PREFIX = 'id/agency/'
export const adminKey = (publicKey: string): string => `id/admin/${publicKey}`
export const credentialsKey = (subject: string): string => `id/cred/${subject}`
export const CREDENTIALS_PREFIX = 'id/cred/'
/** highest nonce a signer has used (maintained by the executor for every registry; a hint for the next nonce) */
export const nonceKey = (signer: string): string => `n/${signer}`
/** marks a (signer, nonce) pair as used, forever: the replay protection (docs/adr/0003) */
export const usedNonceKey = (signer: string, nonce: number): string => `n/${signer}/${nonce}`
