/**
 * The `daejang` command line. Human output by default, --json for scripts; on error a non-zero exit and one line in
 * words on stderr, in Korean or English (output.ts, lang.ts), and {"error":{code,message}} on stdout with --json.
 *
 * Start-up cost: this module and what it imports statically load at every command (`--version` too), so the heavy
 * parts (the ledger node and its store, libp2p, the HTTP server, pdf-lib) are imported inside the actions that use
 * them (`await import(…)`): the build (scripts/cli-build.mjs) makes each a chunk loaded only when its command runs.
 * test/integration/cli-build.test.ts fails when a heavy package becomes reachable from here without a dynamic import.
 *
 * The command tree is assembled in program.ts (core commands by job in *-commands.ts, and every registry's).
 */
import '../compat'
import { fail } from './output'
import { buildProgram } from './program'

buildProgram()
  .parseAsync(process.argv)
  .catch((e) => fail({}, e))
