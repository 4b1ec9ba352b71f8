/** The voting registry's roles by name (registries/voting/portable/roles.ts), as the election screens gate on them. */
export const ELECTION_OFFICIAL_ROLE = 'election-official'
export const TRUSTEE_ROLE = 'trustee'
export const CREDENTIAL_AUTHORITY_ROLE = 'credential-authority'
