/** What other features that sign use from Keys & roles (import from their lazily loaded screens only). */
export { default as KeyGate } from './KeyGate.vue'
export { default as UnlockForm } from './UnlockForm.vue'
export { useDescribeError } from './describe-error'
export { credentialState, endOfDay, sortCredentials, toDateInput, type CredentialState } from './credential'
