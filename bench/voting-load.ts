/**
 * Issue 14, "Speed": ballots admitted and committed by four validators on loopback, ballots/s at saturation.
 * `daejang testnet` makes four validators (127.0.0.1); the setup (not timed) runs an election through the nodes' HTTP
 * API as its officials would: roles, the draft (one question of five answers; one trustee agency, threshold 1 — the
 * ballot's cost does not depend on the ceremony), the key ceremony, the credential list published and sealed, the
 * opening. Then the ballots, each signed by its own credential and sent under its own throwaway key, spread over the
 * four nodes with at most --inflight uncounted at once; timed from the first sent until every node counts them all.
 * Prints ballots/s, the validators' CPU a ballot, and that all four count the same ballots with the same app hash.
 *
 * Usage: nice -n 10 npx tsx bench/voting-load.ts [--ballots 1000] [--inflight 400] [--base-port 24700] [--keep]
 * Every validator process is stopped by its PID when the run ends, also on an error or Ctrl-C.
 */
import { spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { toHex, utf8 } from '../src/ledger/codec/bytes'
import type { Signer } from '../src/ledger/crypto/ed25519'
import { nodeSigner } from '../src/ledger/crypto/ed25519-node'
import { loadSigner } from '../src/ledger/crypto/keystore'
import { sha256 } from '../src/ledger/crypto/sha256'
import { loadNativeGroup } from '../src/ledger/registries/voting/belenios-native'
import { createBallot, generateCredential, parseElection, publicCredential } from '../src/ledger/registries/voting/portable/belenios'
import { generateTrustee, makePolynomial, makeVoutput } from '../src/ledger/registries/voting/portable/belenios/pedersen'
import { publicCredentialsText } from '../src/ledger/registries/voting/portable/setup-texts'
import type { RecordPageDto } from '../src/ledger/registries/voting/export'
import { electionUuidOf } from '../src/ledger/registries/voting/rules-setup'
import { type JsonValue, type TxJson, encodeTx, makeTx, txFromJson, txHash, txToJson } from '../src/ledger/types/tx'
import { argOf, flag, strArg } from './fixtures'
import { type ValidatorNode as Node, callNode, cpuMs, startNode as startValidator, stopAll } from './validators'

const ROOT = resolve(import.meta.dirname, '..')
const BIN = join(ROOT, 'bin', 'daejang.mjs')
const N = argOf('--ballots', 1000)
const INFLIGHT = argOf('--inflight', 400)
const BASE_PORT = argOf('--base-port', 24700)
const KEEP = flag('--keep')
const STALL_MS = argOf('--stall-seconds', 180) * 1000
const G = loadNativeGroup()!
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ')

let nodes: Node[] = []
const call = callNode

const keyOf = (label: string): Signer => nodeSigner(createHash('sha256').update(`daejang/bench/voting-load/${label}`).digest())
const pk = (s: Signer): string => toHex(s.publicKey)
const nonces = new Map<string, number>()
let chainId = ''
function single(s: Signer, type: string, payload: unknown): TxJson {
  const nonce = (nonces.get(pk(s)) ?? 0) + 1
  nonces.set(pk(s), nonce)
  return txToJson(makeTx(s, { chainId, type, payload: payload as JsonValue, nonce }))
}

/** Send `txs` to node `i` and wait until each is committed (setup steps). */
async function commit(i: number, ...txs: TxJson[]): Promise<void> {
  await Promise.all(
    txs.map(async (tx) => {
      const r = await call<{ status?: string; code?: string; message?: string }>(nodes[i]!, 'POST', '/api/v1/txs?wait=commit&timeoutMs=120000', tx)
      if (r.body.status !== 'committed') throw new Error(`${tx.type}: ${JSON.stringify(r.body)}`)
    }),
  )
}

async function counted(node: Node, uuid: string): Promise<number> {
  return (await call<{ ballots: number }>(node, 'GET', `/api/v1/voting/elections/${uuid}`)).body.ballots
}

async function main(): Promise<void> {
  const dir = strArg('--dir') ?? mkdtempSync(join(tmpdir(), 'daejang-bench-voting-load-'))
  const made = spawnSync(process.execPath, [BIN, 'testnet', '--validators', '4', '--dir', dir, '--base-port', String(BASE_PORT), '--heartbeat-ms', '200', '--json'], { encoding: 'utf8' })
  if (made.status !== 0) throw new Error(made.stderr)
  chainId = (JSON.parse(made.stdout) as { chainId: string }).chainId
  const homes = [0, 1, 2, 3].map((i) => join(dir, `node${i}`))
  nodes = await Promise.all(homes.map((h, i) => startValidator(BIN, i, h)))
  const admins = homes.map((h) => loadSigner(join(h, 'keys', 'admin.json')))
  console.log(`voting-load: ${N} ballots on 4 validators (PIDs ${nodes.map((x) => x.pid).join(', ')}), in flight ≤ ${INFLIGHT}; load ${load()}`)

  // ---- setup (not timed): roles, draft, ceremony, credentials, opening
  const t0 = performance.now()
  const official = keyOf('official')
  const trustee = keyOf('trustee')
  const authority = keyOf('authority')
  const grant = (ai: number, s: Signer, role: string): TxJson => single(admins[ai]!, 'identity.role.grant', { agency: `agency-${ai}`, subject: pk(s), role, expiresAt: null })
  await commit(0, grant(0, official, 'election-official'), grant(1, trustee, 'trustee'), grant(2, authority, 'credential-authority'))
  const opens = Date.now() + 60_000
  const draftTx = single(official, 'voting.election.draft', {
    name: '부하 시험 선거',
    description: 'bench',
    questions: [{ question: '누구를 뽑으시겠습니까?', answers: ['가', '나', '다', '라', '마'], min: 1, max: 1, blank: false }],
    voters: N,
    votersHash: 'ab'.repeat(32),
    opens,
    closes: opens + 3_600_000,
    trustees: ['agency-1'],
    threshold: 1,
    credentialAuthority: 'agency-2',
  })
  await commit(0, draftTx)
  const uuid = electionUuidOf(toHex(txHash(encodeTx(txFromJson(draftTx)))))
  const step = (type: string, message: string): TxJson => single(trustee, `voting.trustee.${type}`, { election: uuid, message })
  const me = generateTrustee(G)
  await commit(1, step('cert', me.cert))
  const certs = async (): Promise<{ certs: string[]; vinputs: string[] | null }> =>
    (await call<{ certs: string[]; vinputs: string[] | null }>(nodes[1]!, 'GET', `/api/v1/voting/elections/${uuid}/ceremony`)).body
  const poly = makePolynomial(G, me.seed, (await certs()).certs, 1)
  if (!poly.ok) throw new Error(poly.detail)
  await commit(1, step('polynomial', poly.value))
  const c2 = await certs()
  const vout = makeVoutput(G, me.seed, c2.certs, c2.vinputs![0])
  if (!vout.ok) throw new Error(vout.detail)
  await commit(1, step('voutput', vout.voutput))
  const privates = Array.from({ length: N }, () => generateCredential())
  const pubs = privates.map((c) => publicCredential(G, uuid, c))
  const sorted = [...pubs].sort()
  const parts: TxJson[] = []
  for (let k = 0; k < sorted.length; k += 5000) parts.push(single(authority, 'voting.credentials.publish', { election: uuid, part: k / 5000 + 1, credentials: sorted.slice(k, k + 5000) }))
  for (const p of parts) await commit(2, p)
  await commit(2, single(authority, 'voting.credentials.seal', { election: uuid, count: N, hash: toHex(sha256(utf8(publicCredentialsText(sorted)))) }))
  await commit(0, single(official, 'voting.election.open', { election: uuid }))
  const page = (await call<RecordPageDto>(nodes[0]!, 'GET', `/api/v1/voting/elections/${uuid}/record?from=1&limit=1`)).body
  const e = parseElection(G, page.setup!.election)
  if (!e.ok) throw new Error(e.reason)
  const g0 = process.cpuUsage()
  const ballots = privates.map((c, i) => {
    const choice = i % 5
    const text = createBallot(G, e.election, c, [[0, 1, 2, 3, 4].map((k) => (k === choice ? 1 : 0))]).text
    return single(nodeSigner(randomBytes(32)), 'voting.ballot', { election: uuid, ballot: text })
  })
  const gen = process.cpuUsage(g0)
  console.log(`setup: roles, draft, ceremony, ${N} credentials in ${parts.length} parts, sealed, opened in ${((performance.now() - t0) / 1000).toFixed(0)} s; ${N} ballots made in ${((gen.user + gen.system) / 1e6).toFixed(1)} s CPU; load ${load()}`)
  while (Date.now() < opens + 1000) await sleep(200)

  // the validators' CPU when idle (heartbeats, empty blocks), over 10 s: taken out of the CPU a ballot below
  const idle0 = nodes.map((x) => cpuMs(x.pid))
  const i0 = performance.now()
  await sleep(10_000)
  const idleRate = nodes.reduce((a, x, i) => a + cpuMs(x.pid) - idle0[i]!, 0) / (performance.now() - i0)

  // ---- the ballots (timed)
  const cpu0 = nodes.map((x) => cpuMs(x.pid))
  const d0 = performance.now()
  let sent = 0
  let refused = 0
  let done = 0
  let lastProgress = performance.now()
  const codes = new Map<string, number>()
  while (done < N) {
    if (sent < N && sent - done < INFLIGHT) {
      const take = Math.min(200, INFLIGHT - (sent - done), N - sent)
      const chunk = ballots.slice(sent, sent + take)
      const node = nodes[(sent / 200) % 4 | 0]!
      sent += take
      const r = await call<{ results: Array<{ hash?: string; error?: { code: string } }> }>(node, 'POST', '/api/v1/txs/batch', { txs: chunk })
      r.body.results.forEach((res, j) => {
        if (res.error === undefined) return
        if (res.error.code === 'MEMPOOL_FULL') ballots.push(chunk[j]!)
        else {
          refused++
          codes.set(res.error.code, (codes.get(res.error.code) ?? 0) + 1)
        }
      })
      continue
    }
    const now = await counted(nodes[0]!, uuid)
    if (now > done) lastProgress = performance.now()
    done = now + refused
    if (performance.now() - lastProgress > STALL_MS) {
      const sample = (await call<unknown>(nodes[0]!, 'GET', `/api/v1/txs/${toHex(txHash(encodeTx(txFromJson(ballots[0]!))))}`)).body
      throw new Error(`stuck at ${now} of ${N} counted; the first ballot's transaction: ${JSON.stringify(sample).slice(0, 400)}`)
    }
    await sleep(100)
  }
  const wall = (performance.now() - d0) / 1000
  const cpu = nodes.map((x, i) => cpuMs(x.pid) - cpu0[i]!)
  const total = cpu.reduce((a, b) => a + b, 0)
  const countedN = done - refused
  console.log(`| ballots committed by 4 validators | ${countedN} in ${wall.toFixed(1)} s, ${(countedN / wall).toFixed(1)} ballots/s | refused ${refused} ${JSON.stringify(Object.fromEntries(codes))} (load ${load()}) |`)
  const busy = total - idleRate * wall * 1000
  console.log(
    `| validators' CPU | ${cpu.map((c) => (c / 1000).toFixed(1) + ' s').join(', ')}: ${(total / countedN).toFixed(1)} ms a ballot (all four), ${(busy / countedN).toFixed(1)} ms above the idle rate (${(idleRate * 1000).toFixed(0)} ms/s); ${(total / 1000 / wall).toFixed(2)} cores on average | (load ${load()}) |`,
  )
  // every node counts the same ballots, with the same app hash at one height
  let views: Array<{ ballots: number }> = []
  for (let k = 0; k < 600; k++) {
    views = await Promise.all(nodes.map(async (x) => (await call<{ ballots: number }>(x, 'GET', `/api/v1/voting/elections/${uuid}`)).body))
    if (views.every((v) => v.ballots === countedN)) break
    await sleep(100)
  }
  const h = Math.min(...(await Promise.all(nodes.map(async (x) => (await call<{ height: number }>(x, 'GET', '/api/v1/status')).body.height))))
  const roots = await Promise.all(nodes.map(async (x) => (await call<{ appHash: string }>(x, 'GET', `/api/v1/blocks/${h}`)).body.appHash))
  const same = views.every((v) => v.ballots === countedN) && new Set(roots).size === 1
  console.log(`| every node the same | ${same ? 'yes' : 'NO'}: ${views.map((v) => v.ballots).join(' / ')} ballots, app hash ${roots[0]?.slice(0, 16)}… at height ${h} | |`)
  await stopAll()
  if (!KEEP) rmSync(dir, { recursive: true, force: true })
  if (!same || refused > 0) process.exitCode = 1
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void stopAll().finally(() => process.exit(130)))
try {
  await main()
} catch (e) {
  console.error(e instanceof Error ? e.message : e)
  process.exitCode = 1
} finally {
  await stopAll()
  process.exit()
}
