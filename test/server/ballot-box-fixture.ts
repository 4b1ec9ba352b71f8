/**
 * An open election on a real node process, for the ballot box's tests (and the voter page's journey): a home made
 * here whose genesis names three agencies — the local one (its administrator's key in the home) runs elections,
 * `trustee-a` is the one trustee agency (threshold 1), `authority-x` the credential authority — with staff keys made
 * in the test, their roles granted by each agency's administrator, and every step a signed transaction sent through
 * the node's API and waited for.
 */
import { createServer } from 'node:net'
import { join } from 'node:path'
import { toHex, utf8 } from '../../src/ledger/codec/bytes'
import { type Signer, randomSeed } from '../../src/ledger/crypto/ed25519'
import { nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import { loadSigner } from '../../src/ledger/crypto/keystore'
import { sha256 } from '../../src/ledger/crypto/sha256'
import { Home, initHome } from '../../src/ledger/node/home'
import { nodeGroup } from '../../src/ledger/registries/voting/node-group'
import { generateCredential, publicCredential } from '../../src/ledger/registries/voting/portable/belenios/credential'
import { generateTrustee, makePolynomial, makeVoutput } from '../../src/ledger/registries/voting/portable/belenios/pedersen'
import { publicCredentialsText } from '../../src/ledger/registries/voting/portable/setup-texts'
import { parseGenesis } from '../../src/ledger/types/genesis'
import { type JsonValue, makeTx, txToJson } from '../../src/ledger/types/tx'
import { type StartedNode, api, waitFor } from '../integration/harness'

const G = nodeGroup()

export interface Consortium {
  home: string
  chainId: string
  official: Signer
  trustee: Signer
  authority: Signer
  /** the next nonce of each signer */
  nonces: Map<Signer, number>
  admins: { local: Signer; trustee: Signer; authority: Signer }
}

/** A home whose genesis names the three agencies (before its first start). */
export function makeVotingHome(dir: string): Consortium {
  const path = join(dir, 'node')
  const h = new Home(path)
  initHome(h, { heartbeatMs: 300, agencyId: 'nec', agencyName: '중앙선거관리위원회' })
  const admins = { local: loadSigner(h.keyPath('admin')), trustee: nodeSigner(randomSeed()), authority: nodeSigner(randomSeed()) }
  const g = h.readGenesis()
  h.writeGenesis(
    parseGenesis({
      ...g,
      agencies: [
        ...g.agencies,
        { id: 'trustee-a', name: '행정안전부', validator: null, admins: [toHex(admins.trustee.publicKey)] },
        { id: 'authority-x', name: '한국인터넷진흥원', validator: null, admins: [toHex(admins.authority.publicKey)] },
      ],
    }),
  )
  return {
    home: path,
    chainId: g.chainId,
    official: nodeSigner(randomSeed()),
    trustee: nodeSigner(randomSeed()),
    authority: nodeSigner(randomSeed()),
    nonces: new Map(),
    admins,
  }
}

/** Sign and send one transaction; resolves once committed (throws with the code otherwise). */
export async function commit(node: StartedNode, c: Consortium, signer: Signer, type: string, payload: unknown): Promise<{ hash: string; height: number }> {
  const nonce = (c.nonces.get(signer) ?? 0) + 1
  c.nonces.set(signer, nonce)
  const tx = makeTx(signer, { chainId: c.chainId, type, payload: payload as JsonValue, nonce, time: Date.now() })
  const r = await api(node, 'POST', '/api/v1/txs?wait=commit&timeoutMs=60000', txToJson(tx))
  if (r.status !== 200) throw new Error(`${type}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body as { hash: string; height: number }
}

/** The staff's roles, each granted by its agency's administrator. */
export async function grantRoles(node: StartedNode, c: Consortium): Promise<void> {
  const grant = (admin: Signer, agency: string, subject: Signer, role: string) =>
    commit(node, c, admin, 'identity.role.grant', { agency, subject: toHex(subject.publicKey), role, expiresAt: null })
  await Promise.all([
    grant(c.admins.local, 'nec', c.official, 'election-official'),
    grant(c.admins.trustee, 'trustee-a', c.trustee, 'trustee'),
    grant(c.admins.authority, 'authority-x', c.authority, 'credential-authority'),
  ])
}

export interface OpenElection {
  uuid: string
  opens: number
  closes: number
  /** the voters' private credentials */
  credentials: string[]
}

/**
 * Draft, run the key ceremony, publish and seal `voters` credentials, and open an election that opens `opensInMs`
 * from now and stays open `openForMs`; resolves once it is open by the node's clock.
 */
export async function openElection(node: StartedNode, c: Consortium, o: { voters: number; opensInMs?: number; openForMs: number; name?: string }): Promise<OpenElection> {
  const opens = Date.now() + (o.opensInMs ?? 4_000)
  const closes = opens + o.openForMs
  const draft = await commit(node, c, c.official, 'voting.election.draft', {
    name: o.name ?? '2026 주민자치회 위원 선거',
    description: '주민 투표',
    questions: [{ question: '위원으로 누구를 뽑으시겠습니까?', answers: ['김하나', '이두리', '박세나', '최네모', '정다섯'], min: 1, max: 1, blank: true }],
    voters: o.voters,
    votersHash: 'ab'.repeat(32),
    opens,
    closes,
    trustees: ['trustee-a'],
    threshold: 1,
    credentialAuthority: 'authority-x',
  })
  const { electionUuidOf } = await import('../../src/ledger/registries/voting/rules-setup')
  const uuid = electionUuidOf(draft.hash)
  const t = generateTrustee(G)
  await commit(node, c, c.trustee, 'voting.trustee.cert', { election: uuid, message: t.cert })
  const ceremony = async () => (await api(node, 'GET', `/api/v1/voting/elections/${uuid}/ceremony`)).body as { certs: string[]; vinputs: string[] | null }
  const certs = (await ceremony()).certs
  const poly = makePolynomial(G, t.seed, certs, 1)
  if (!poly.ok) throw new Error(poly.detail)
  await commit(node, c, c.trustee, 'voting.trustee.polynomial', { election: uuid, message: poly.value })
  const vi = (await ceremony()).vinputs!
  const out = makeVoutput(G, t.seed, certs, vi[0]!)
  if (!out.ok) throw new Error(out.detail)
  await commit(node, c, c.trustee, 'voting.trustee.voutput', { election: uuid, message: out.voutput })
  const credentials = Array.from({ length: o.voters }, () => generateCredential())
  const pub = credentials.map((k) => publicCredential(G, uuid, k)).sort()
  await commit(node, c, c.authority, 'voting.credentials.publish', { election: uuid, part: 1, credentials: pub })
  await commit(node, c, c.authority, 'voting.credentials.seal', { election: uuid, count: pub.length, hash: toHex(sha256(utf8(publicCredentialsText(pub)))) })
  await commit(node, c, c.official, 'voting.election.open', { election: uuid })
  // the node's clock is this machine's: the election takes ballots once its opening time has passed
  await waitFor(async () => Date.now() > opens + 50, (o.opensInMs ?? 4_000) + 60_000, 'the opening time')
  return { uuid, opens, closes, credentials }
}

/** A loopback port free now (for the ballot box's listener). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port
      s.close(() => resolve(p))
    })
  })
}
