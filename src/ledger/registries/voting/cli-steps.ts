/**
 * Every election step on the command line beyond the drafts and the archive (docs/adr/0058), registered by one line
 * in the registry's `cli` (index.ts): the trustee's (cli-trustee.ts), the credential authority's
 * (cli-credentials.ts), and opening, voting and the result (cli-run.ts).
 */
import type { CliHost } from '../types'
import { votingCredentialsCli } from './cli-credentials'
import { votingRunCli } from './cli-run'
import { votingTrusteeCli } from './cli-trustee'

export function votingElectionStepsCli(host: CliHost): void {
  votingTrusteeCli(host)
  votingCredentialsCli(host)
  votingRunCli(host)
}
