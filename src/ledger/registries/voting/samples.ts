/**
 * A payload of every transaction type of the voting registry, as a node would accept it: test/renderer/words.test.ts
 * describes each in words and checks it against the type's schema (a type without a sample fails there).
 */
const election = 'Hj4S8bqUWcW3s9n7PZ3N5y'

export const samples: Readonly<Record<string, unknown>> = {
  'voting.election.draft': {
    name: '2027년 조합장 선거',
    description: '',
    questions: [{ question: '조합장으로 누구를 뽑으시겠습니까?', answers: ['김민지', '이서준'], min: 1, max: 1, blank: true }],
    voters: 1000,
    votersHash: 'ab'.repeat(32),
    opens: Date.UTC(2027, 2, 3),
    closes: Date.UTC(2027, 2, 4),
    trustees: ['agency-b', 'agency-c', 'agency-d'],
    threshold: 2,
    credentialAuthority: 'agency-e',
  },
  'voting.credentials.publish': { election, part: 1, credentials: ['58'.padStart(64, '6')] },
  'voting.credentials.seal': { election, count: 1000, hash: 'cd'.repeat(32) },
  'voting.trustee.cert': { election, message: '{"message":"{\\"verification\\":\\"…\\",\\"encryption\\":\\"…\\"}","signature":{"challenge":"1","response":"2"}}' },
  'voting.trustee.polynomial': { election, message: '{"polynomial":"…","secrets":["…"],"coefexps":{"message":"…","signature":{"challenge":"1","response":"2"}}}' },
  'voting.trustee.voutput': { election, message: '{"private_key":"…","public_key":{"pok":{"challenge":"1","response":"2"},"public_key":"…"}}' },
  'voting.election.open': { election },
  'voting.ballot': { election, ballot: '{"election_uuid":"Hj4S8bqUWcW3s9n7PZ3N5y","election_hash":"…","credential":"…","answers":[],"signature":{"hash":"…","proof":{"challenge":"1","response":"2"}}}' },
  'voting.ballot.spoil': { election, ballotHash: 'ab'.repeat(32), credential: '…', proof: { challenge: '1', response: '2' } },
  'voting.ballot.audit': { election, ballot: '{"election_uuid":"Hj4S8bqUWcW3s9n7PZ3N5y","election_hash":"…","credential":"…","answers":[],"signature":{"hash":"…","proof":{"challenge":"1","response":"2"}}}', randomness: [['12345', '67890']] },
  'voting.election.close': { election },
  'voting.tally.partial': { election, message: '{"decryption_factors":[["…"]],"decryption_proofs":[[{"challenge":"1","response":"2"}]]}' },
  'voting.election.result': { election, result: '{"result":[[12,30,8]]}' },
}
