/**
 * Opening an election (docs/adr/0048): an official of its agency, once every trustee agency has taken every step of
 * the ceremony and the credential list is sealed, before its closing time. The rule re-checks the ceremony, builds
 * the `trustees` structure (one Pedersen item), the election key y = Π A_z0, the `election` and `setup_data` texts,
 * and keeps them with their hashes (the public_credentials text is the sealed list: its hash was checked at the seal).
 */
import { toHex, utf8 } from '../../codec/bytes'
import { sha256 } from '../../crypto/sha256'
import type { TxContext } from '../types'
import { nodeGroup } from './node-group'
import { thresholdParameters } from './portable/belenios/pedersen'
import { electionPublicKey, parseTrustees, trusteesText } from './portable/belenios/trustees'
import { electionKey, setupKey, tallyKey } from './portable/keys'
import type { ElectionAct, ElectionHead } from './portable/schema'
import { electionText, setupDataText } from './portable/setup-texts'
import { parseElection } from './portable/belenios'
import { initialTally } from './rules-ballot'
import { readCerts, readPolynomials, readVoutputs } from './rules-ceremony'
import { requireElection, requireOfficial, requireStage, vErr, withHead } from './rules-common'

const hashOf = (text: string): string => toHex(sha256(utf8(text)))

/** The setup texts an election opens with, and their hashes. */
export interface SetupTexts {
  election: string
  trustees: string
  setupData: string
  hashes: { election: string; trustees: string; credentials: string; setupData: string }
}

export async function buildSetup(state: TxContext<unknown>['state'], h: ElectionHead): Promise<SetupTexts> {
  const G = nodeGroup()
  const certs = await readCerts(state, h, G)
  const polys = await readPolynomials(state, h, G, certs)
  const voutputs = await readVoutputs(state, h, G, polys)
  const trustees = trusteesText([{ kind: 'Pedersen', text: thresholdParameters(G, certs, polys, voutputs) }])
  const parsed = parseTrustees(G, trustees)
  const y = parsed === null ? null : electionPublicKey(G, parsed)
  if (y === null || G.isIdentity(y)) throw vErr('VOTING_CEREMONY_CHECK', 'the ceremony gives no election key', { election: h.uuid })
  const election = electionText(h.draft, h.uuid, G.toString(y))
  const hashes = { election: hashOf(election), trustees: hashOf(trustees), credentials: h.credentials.sealed! }
  const setupData = setupDataText(hashes)
  return { election, trustees, setupData, hashes: { ...hashes, setupData: hashOf(setupData) } }
}

export async function applyOpen(ctx: TxContext<ElectionAct>): Promise<void> {
  const h = await requireElection(ctx.state, ctx.payload.election)
  requireOfficial(h, ctx.actingFor)
  requireStage(h, 'setup')
  const n = h.draft.trustees.length
  if (h.ceremony.voutput.length < n || h.credentials.sealed === null) {
    throw vErr('VOTING_NOT_READY', `${h.ceremony.voutput.length} of ${n} trustee agencies done, credentials ${h.credentials.sealed === null ? 'not sealed' : 'sealed'}`)
  }
  if (ctx.time >= h.draft.closes) throw vErr('VOTING_TIMES', 'its closing time has passed')
  const s = await buildSetup(ctx.state, h)
  const e = parseElection(nodeGroup(), s.election)
  if (!e.ok) throw vErr('VOTING_CEREMONY_CHECK', `the election text does not parse: ${e.reason}`)
  ctx.state.put(setupKey(h.uuid, 'election'), s.election)
  ctx.state.put(setupKey(h.uuid, 'trustees'), s.trustees)
  ctx.state.put(setupKey(h.uuid, 'setup_data'), s.setupData)
  ctx.state.put(setupKey(h.uuid, 'hashes'), s.hashes)
  ctx.state.put(tallyKey(h.uuid), initialTally(e.election) as never)
  ctx.state.put(electionKey(h.uuid), withHead(h, { stage: 'open', openedAt: ctx.height }) as never)
}
