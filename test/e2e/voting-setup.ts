/**
 * A fast election for the voting journeys (the booth, the voter page, the tally, the verifier): a real node (blocks
 * every 300 ms, the UI served) of the election commission, with three trustee agencies and a credential authority
 * admitted by governance, and an election drafted, its key ceremony done, its credentials published and sealed and
 * the election opened — all by transactions the test process signs with its own keys (the roles granted by each
 * agency's administrator with the CLI), in about a minute instead of the journey's screens. What a journey does on
 * screen (a trustee's partial decryption, a voter's ballot …) uses what this gives: the trustee secret files
 * (docs/adr/0054), the private credentials, a way to grant a role to a key made in the app, to cast and to close.
 */
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { toHex, utf8 } from '../../src/ledger/codec/bytes'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import { nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import { sha256 } from '../../src/ledger/crypto/sha256'
import { makeTx, txToJson, type JsonValue } from '../../src/ledger/types/tx'
import { createBallot, type CreatedBallot } from '../../src/ledger/registries/voting/portable/belenios/ballot'
import { generateCredential, publicCredential } from '../../src/ledger/registries/voting/portable/belenios/credential'
import { parseElection, type Election } from '../../src/ledger/registries/voting/portable/belenios/election'
import { portableGroup as G } from '../../src/ledger/registries/voting/portable/belenios/group'
import { generateTrustee, makePolynomial, makeVoutput } from '../../src/ledger/registries/voting/portable/belenios/pedersen'
import { setupKey } from '../../src/ledger/registries/voting/portable/keys'
import { publicCredentialsText } from '../../src/ledger/registries/voting/portable/setup-texts'
import { electionUuidOf } from '../../src/ledger/registries/voting/rules-setup'
import { type StartedNode, api, cli, startNode, tempHome, waitFor } from '../integration/harness'

/** The election commission runs the node; these agencies are admitted to it. */
export const VOTING_AGENCIES = [
  { id: 'trustee-a', name: '행정안전부' },
  { id: 'trustee-b', name: '법무부' },
  { id: 'trustee-c', name: '국가정보원' },
  { id: 'authority-x', name: '한국인터넷진흥원' },
] as const
export const TRUSTEE_AGENCIES = ['trustee-a', 'trustee-b', 'trustee-c'] as const
export const COMMISSION = { id: 'nec', name: '중앙선거관리위원회' } as const

/** codes, tx types, payload keys and agency ids that must never show on an election screen */
export const RAW_VOTING = /voting\.\w|VOTING_[A-Z_]+|votingScreens\.|\bvoutput\b|trustee-[abc]\b|\bauthority-x\b|credentialAuthority/

export interface Question {
  question: string
  answers: string[]
  min: number
  max: number
  blank: boolean
}

export interface ElectionOptions {
  name?: string
  questions?: Question[]
  /** how many voters (credentials generated, published and sealed) */
  voters?: number
  /** the voting opens this long after the draft is signed (it must come after the draft's block) */
  opensInMs?: number
  /** and closes this long after it opens */
  closesAfterMs?: number
  threshold?: number
}

export interface VotingNode {
  node: StartedNode
  home: string
  /** the test's folder: files written here (secrets, credentials, downloads) */
  dir: string
  file: (name: string) => string
  cleanup: () => void
  chainId: string
  /** signs `payload` as `type` with `signer` and submits it, waiting for its commit; its hash */
  send: (signer: Signer, type: string, payload: unknown) => Promise<string>
  /** the administrator of `agency` grants `role` to a key (one made in the app, or the test's own) */
  grant: (agency: string, publicKey: string, role: string, label: string) => void
}

export interface OpenElection {
  uuid: string
  name: string
  opens: number
  closes: number
  threshold: number
  questions: Question[]
  /** the election as voters encrypt for it (its `election` text parsed) */
  election: Election<ReturnType<typeof G.baseMul>>
  /** the private credentials, in the order generated (never on the node) */
  credentials: string[]
  /** each trustee agency's secret file (docs/adr/0054), in the agencies' order */
  secretFiles: Record<string, string>
  official: Signer
  trustees: Record<string, Signer>
  authority: Signer
  /** casts a ballot with credential `i` (its choices by question) under a throwaway key; waits for its commit */
  cast: (i: number, choices: number[][]) => Promise<CreatedBallot & { txHash: string }>
  /** waits for the closing time and closes the election */
  close: () => Promise<void>
}

const pkHex = (s: Signer): string => toHex(s.publicKey)
export const newSigner = (): Signer => nodeSigner(new Uint8Array(randomBytes(32)))

/** A node of the election commission with the four other agencies admitted (each with its administrator's CLI key). */
export async function votingNode(): Promise<VotingNode> {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const init = cli(['init', '--home', home, '--heartbeat-ms', '300', '--agency-id', COMMISSION.id, '--agency-name', COMMISSION.name, '--json'])
  expect(init.code, init.stdout + init.stderr).toBe(0)
  const node = await startNode(home, ['--ui'])
  for (const a of VOTING_AGENCIES) {
    const k = cli(['keys', 'create', '--home', home, '--name', a.id, '--json'])
    expect(k.code, k.stderr).toBe(0)
    const f = join(t.dir, `${a.id}.json`)
    writeFileSync(f, JSON.stringify({ id: a.id, name: a.name, admins: [k.json.publicKey], validator: null }))
    // in force 15 blocks on (4.5 s): room for the CLI to start and the proposal to be committed on a loaded machine;
    // refused as too soon all the same (a very slow machine), it is proposed again
    let p = cli(['governance', 'propose', '--home', home, '--admit', f, '--in-blocks', '15', '--json'])
    for (let i = 0; i < 3 && p.code !== 0 && /effective height/.test(p.stdout + p.stderr); i++) {
      p = cli(['governance', 'propose', '--home', home, '--admit', f, '--in-blocks', '30', '--json'])
    }
    expect(p.code, p.stdout + p.stderr).toBe(0)
    expect(p.json.proposal.status).toBe('approved')
    // one change at a time: the next is proposed once this one is in force
    const from = p.json.proposal.effectiveHeight as number
    await waitFor(async () => ((await api(node, 'GET', '/api/v1/status')).body.height as number) >= from, 60_000, `${a.id} admitted`)
  }
  const chainId = (await api(node, 'GET', '/api/v1/genesis')).body.chainId as string
  expect(typeof chainId).toBe('string')
  let nonce = Date.now()
  const send = async (signer: Signer, type: string, payload: unknown): Promise<string> => {
    const tx = makeTx(signer, { chainId, type, payload: payload as JsonValue, nonce: ++nonce, time: Date.now() })
    const r = await api(node, 'POST', '/api/v1/txs?wait=commit&timeoutMs=60000', txToJson(tx))
    expect(r.status, `${type}: ${JSON.stringify(r.body)}`).toBe(200)
    expect(r.body.status).toBe('committed')
    return r.body.hash as string
  }
  const grant = (agency: string, publicKey: string, role: string, label: string): void => {
    const key = agency === COMMISSION.id ? 'admin' : agency
    const g = cli(['role', 'grant', '--home', home, '--key', key, '--agency', agency, '--subject', publicKey, '--role', role, '--label', label, '--json'])
    expect(g.code, g.stdout + g.stderr).toBe(0)
  }
  return { node, home, dir: t.dir, file: (name) => join(t.dir, name), cleanup: t.cleanup, chainId, send, grant }
}

const DEFAULT_QUESTIONS: Question[] = [{ question: '학생회장으로 누구를 뽑으시겠습니까?', answers: ['김하나', '이두리', '박세나'], min: 1, max: 1, blank: true }]

/**
 * Drafts an election, runs its key ceremony (each trustee agency's steps signed by a trustee key the test holds),
 * publishes and seals its credentials, and opens it. The ballots count from `opens` (cast() waits for it).
 */
export async function openElection(v: VotingNode, o: ElectionOptions = {}): Promise<OpenElection> {
  const name = o.name ?? '2026 학생회장 선거'
  const questions = o.questions ?? DEFAULT_QUESTIONS
  const voters = o.voters ?? 5
  const threshold = o.threshold ?? 2
  const official = newSigner()
  const authority = newSigner()
  const trustees = Object.fromEntries(TRUSTEE_AGENCIES.map((a) => [a, newSigner()])) as Record<string, Signer>
  v.grant(COMMISSION.id, pkHex(official), 'election-official', '선거 담당관')
  v.grant('authority-x', pkHex(authority), 'credential-authority', '자격증명 담당')
  for (const a of TRUSTEE_AGENCIES) v.grant(a, pkHex(trustees[a]!), 'trustee', '수탁자')

  const opens = Date.now() + (o.opensInMs ?? 15_000)
  const closes = opens + (o.closesAfterMs ?? 2 * 24 * 3_600_000)
  const draftHash = await v.send(official, 'voting.election.draft', {
    name,
    description: '',
    questions,
    voters,
    votersHash: toHex(sha256(utf8(`voters of ${name} ${opens}`))),
    opens,
    closes,
    trustees: [...TRUSTEE_AGENCIES],
    threshold,
    credentialAuthority: 'authority-x',
  })
  const uuid = electionUuidOf(draftHash)

  // the key ceremony: certificates, polynomials, then each agency's voutput from the vinput the node computes
  const made = TRUSTEE_AGENCIES.map((a) => ({ a, ...generateTrustee(G) }))
  const secretFiles: Record<string, string> = {}
  for (const m of made) {
    secretFiles[m.a] = v.file(`secret-${m.a}.json`)
    writeFileSync(secretFiles[m.a]!, `${JSON.stringify({ format: 'daejang-trustee-secret/1', election: uuid, agency: m.a, seed: m.seed }, null, 2)}\n`)
  }
  const step = (a: string, type: string, message: string): Promise<string> => v.send(trustees[a]!, `voting.trustee.${type}`, { election: uuid, message })
  for (const m of made) await step(m.a, 'cert', m.cert)
  const certs = (await api(v.node, 'GET', `/api/v1/voting/elections/${uuid}/ceremony`)).body.certs as string[]
  for (const m of made) {
    const p = makePolynomial(G, m.seed, certs, threshold)
    if (!p.ok) throw new Error(`polynomial of ${m.a}: ${p.reason}`)
    await step(m.a, 'polynomial', p.value)
  }
  const vinputs = (await api(v.node, 'GET', `/api/v1/voting/elections/${uuid}/ceremony`)).body.vinputs as string[]
  for (const [i, m] of made.entries()) {
    const r = makeVoutput(G, m.seed, certs, vinputs[i]!)
    if (!r.ok) throw new Error(`voutput of ${m.a}: ${r.reason}`)
    await step(m.a, 'voutput', r.voutput)
  }

  // the credentials: the private ones kept here, the public list published in parts of at most 5,000 and sealed
  const credentials = Array.from({ length: voters }, () => generateCredential())
  const publics = credentials.map((c) => publicCredential(G, uuid, c)).sort()
  for (let part = 0; part * 5_000 < publics.length; part++) {
    await v.send(authority, 'voting.credentials.publish', { election: uuid, part: part + 1, credentials: publics.slice(part * 5_000, (part + 1) * 5_000) })
  }
  await v.send(authority, 'voting.credentials.seal', { election: uuid, count: publics.length, hash: toHex(sha256(utf8(publicCredentialsText(publics)))) })
  writeFileSync(v.file('credentials.json'), JSON.stringify({ election: uuid, credentials }))

  await v.send(official, 'voting.election.open', { election: uuid })
  const stored = await api(v.node, 'GET', `/api/v1/state?key=${encodeURIComponent(setupKey(uuid, 'election'))}`)
  const parsed = parseElection(G, stored.body.value as string)
  if (!parsed.ok) throw new Error(`the election text does not parse: ${parsed.reason}`)

  const cast = async (i: number, choices: number[][]): Promise<CreatedBallot & { txHash: string }> => {
    // the ledger takes a ballot once its block's time has reached the opening
    await waitFor(async () => Date.now() >= opens + 1_000, opens - Date.now() + 60_000, 'the opening')
    const ballot = createBallot(G, parsed.election, credentials[i]!, choices)
    const txHash = await v.send(newSigner(), 'voting.ballot', { election: uuid, ballot: ballot.text })
    return { ...ballot, txHash }
  }
  const close = async (): Promise<void> => {
    await waitFor(async () => Date.now() >= closes + 1_000, closes - Date.now() + 60_000, 'the closing time')
    await v.send(official, 'voting.election.close', { election: uuid })
  }
  return { uuid, name, opens, closes, threshold, questions, election: parsed.election, credentials, secretFiles, official, trustees, authority, cast, close }
}
