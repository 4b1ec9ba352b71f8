/**
 * The voting registry (docs/adr/0048): elections as Belenios 2.5 on the ledger. Rules: rules-*.ts; reads, routes and
 * commands: queries.ts, routes.ts, cli.ts.
 */
import { type Registry, txType } from '../types'
import { votingPortable } from './portable'
import { electionKey } from './portable/keys'
import { CREDENTIAL_AUTHORITY_ROLE, ELECTION_OFFICIAL_ROLE, TRUSTEE_ROLE } from './portable/roles'
import { BallotSchema, CredentialsPublishSchema, CredentialsSealSchema, DraftSchema, ElectionActSchema, ResultSchema, TrusteeMessageSchema } from './portable/schema'
import { applyClose, applyCredentialsPublish, applyCredentialsSeal, applyDraft } from './rules-setup'
import { applyTrusteeStep } from './rules-ceremony'
import { applyOpen } from './rules-open'
import { admitBallot, applyBallot, ballotClaim } from './rules-ballot'
import { applyPartial, applyResult } from './rules-tally'
import { VOTING_ROUTES } from './routes'
import { VOTING_EXPORT_ROUTES } from './export'
import { votingCli } from './cli'
import { votingArchiveCli } from './cli-archive'
import { BallotAuditSchema, BallotSpoilSchema, admitBallotAudit, admitBallotSpoil, applyBallotAudit, applyBallotSpoil, spoilClaim } from './rules-audit'
import { VOTING_AUDIT_ROUTES } from './routes-audit'
import { votingElectionStepsCli } from './cli-steps'

const official = [ELECTION_OFFICIAL_ROLE] as const
const authority = [CREDENTIAL_AUTHORITY_ROLE] as const
const trustee = [TRUSTEE_ROLE] as const

export const votingRegistry: Registry = {
  ...votingPortable,
  routes: [...VOTING_ROUTES, ...VOTING_EXPORT_ROUTES, ...VOTING_AUDIT_ROUTES],
  cli: (host) => {
    votingCli(host)
    votingArchiveCli(host)
    votingElectionStepsCli(host)
  },
  txTypes: {
    'voting.election.draft': txType({ schema: DraftSchema, permission: official, apply: applyDraft }),
    'voting.credentials.publish': txType({
      schema: CredentialsPublishSchema,
      permission: authority,
      apply: applyCredentialsPublish,
      keys: (p) => [electionKey(p.election)],
    }),
    'voting.credentials.seal': txType({
      schema: CredentialsSealSchema,
      permission: authority,
      apply: applyCredentialsSeal,
      keys: (p) => [electionKey(p.election)],
    }),
    'voting.trustee.cert': txType({ schema: TrusteeMessageSchema, permission: trustee, apply: applyTrusteeStep('cert'), keys: (p) => [electionKey(p.election)] }),
    'voting.trustee.polynomial': txType({ schema: TrusteeMessageSchema, permission: trustee, apply: applyTrusteeStep('polynomial'), keys: (p) => [electionKey(p.election)] }),
    'voting.trustee.voutput': txType({ schema: TrusteeMessageSchema, permission: trustee, apply: applyTrusteeStep('voutput'), keys: (p) => [electionKey(p.election)] }),
    'voting.election.open': txType({ schema: ElectionActSchema, permission: official, apply: applyOpen, keys: (p) => [electionKey(p.election)] }),
    // any key: the ballot's authorization is its credential's signature (ADR 0048); checked at admission and execution
    'voting.ballot': txType({ schema: BallotSchema, permission: 'anyone', admit: admitBallot, apply: applyBallot, pendingClaim: ballotClaim, keys: (p) => [electionKey(p.election)] }),
    // a challenged ballot (ADR 0056): first spoiled (its hash, signed by its credential), then opened by its randomness; never counted
    'voting.ballot.spoil': txType({ schema: BallotSpoilSchema, permission: 'anyone', admit: admitBallotSpoil, apply: applyBallotSpoil, pendingClaim: spoilClaim, keys: (p) => [electionKey(p.election)] }),
    'voting.ballot.audit': txType({ schema: BallotAuditSchema, permission: 'anyone', admit: admitBallotAudit, apply: applyBallotAudit, pendingClaim: ballotClaim, keys: (p) => [electionKey(p.election)] }),
    'voting.election.close': txType({ schema: ElectionActSchema, permission: official, apply: applyClose, keys: (p) => [electionKey(p.election)] }),
    'voting.tally.partial': txType({ schema: TrusteeMessageSchema, permission: trustee, apply: applyPartial, keys: (p) => [electionKey(p.election)] }),
    'voting.election.result': txType({ schema: ResultSchema, permission: official, apply: applyResult, keys: (p) => [electionKey(p.election)] }),
  },
}
