/**
 * A payload of every transaction type of the notary registry, as a node would accept it: test/renderer/words.test.ts
 * describes each in words and checks it against the type's schema (a type without a sample fails there).
 */
const KEY = 'ab'.repeat(32)
const SIGNED = { date: '2026-03-01', issuingAuthority: 'MOFA', signerName: 'Lee', signerCapacity: 'Consul' }

export const samples: Readonly<Record<string, unknown>> = {
  'notary.register': {
    agency: 'seoul', act: 'apostille', ...SIGNED,
    number: 'KR-SEOUL-2026-000001', documentHash: KEY, documentType: 'Birth certificate', holder: 'Kim Minji',
  },
  'notary.batch.register': { agency: 'seoul', act: 'notarization', ...SIGNED, number: 'KR-SEOUL-2026-000002', count: 12, root: KEY },
  'notary.status': { number: 'KR-SEOUL-2026-000001', action: 'suspend', reason: 'under review' },
}
