/**
 * The Belenios crypto's speed (issue 14, "Speed"): per core, CPU time of this process (process.cpuUsage), so other
 * processes on the machine slow the wall clock but not these figures much.
 * - ballot verification, ballots/s a core, wasm (our verification group, ADR 0069: the node's and the CLI's),
 *   native (libsodium) and portable (noble), for one question with five answers (choose one) and for ten such
 *   questions — the wasm and native figures measured in alternating rounds, so the machine's load falls on both;
 * - ballot creation, ms, portable (the booth's and the voter page's path) and native;
 * - the running tally, µs a ballot (native), and a trustee's partial decryption and its check, ms (native).
 * Usage: npx tsx bench/voting-crypto.ts [--ballots 40] [--portable-sha]
 */
import { loadNativeGroup } from '../src/ledger/registries/voting/belenios-native'
import { loadVerifyGroup } from '../src/ledger/registries/voting/wasm/load'
import { createBallot, verifyBallot, type Ballot } from '../src/ledger/registries/voting/portable/belenios/ballot'
import { generateCredential } from '../src/ledger/registries/voting/portable/belenios/credential'
import { parseElection, type Election, type QuestionH } from '../src/ledger/registries/voting/portable/belenios/election'
import { portableGroup, type Group } from '../src/ledger/registries/voting/portable/belenios/group'
import { emptyTally, partialDecrypt, tallyAdd, verifyPartialDecryption } from '../src/ledger/registries/voting/portable/belenios/tally'
import { loadavg } from 'node:os'
import { installNodeSha256 } from '../src/ledger/crypto/sha256-node'

const argOf = (name: string, d: string): string => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1]! : d
}
const N = Number(argOf('--ballots', '40'))
// the node and the CLI hash with OpenSSL (as they do at start); the renderer and the pages keep noble's SHA-256
if (!process.argv.includes('--portable-sha')) installNodeSha256()
const NG = loadNativeGroup()
if (NG === null) throw new Error('sodium-native is not loadable here')
const WG = loadVerifyGroup()
if (WG === null) throw new Error('the wasm verification group is not loadable here')
const ROUNDS = Number(argOf('--rounds', '3'))

const Q5: QuestionH = { answers: ['1', '2', '3', '4', '5'], blank: false, min: 1, max: 1, question: 'q' }
const qText = (q: QuestionH) => `{"answers":${JSON.stringify(q.answers)},"min":${q.min},"max":${q.max},"question":"q"}`

function election<P>(G: Group<P>, x: bigint, nq: number): Election<P> {
  const qs = Array.from({ length: nq }, () => Q5)
  const text = `{"version":1,"description":"bench","name":"bench","group":"Ed25519","public_key":"${G.toString(G.baseMul(x))}","questions":[${qs.map(qText).join(',')}],"uuid":"BenchBenchBench1"}`
  const r = parseElection(G, text)
  if (!r.ok) throw new Error(r.reason)
  return r.election
}

/** CPU microseconds of `f` run `n` times, per run. */
function cpu(n: number, f: (i: number) => void): number {
  const c0 = process.cpuUsage()
  for (let i = 0; i < n; i++) f(i)
  const c = process.cpuUsage(c0)
  return (c.user + c.system) / n
}

const fmt = (x: number, d = 1) => x.toFixed(d)
console.log(`load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${N} ballots a figure`)

for (const nq of [1, 10]) {
  const label = nq === 1 ? '1 question × 5 answers' : '10 questions × 5 answers'
  const eN = election(NG, 987654321n, nq)
  const eP = election(portableGroup, 987654321n, nq)
  const eW = election(WG, 987654321n, nq)
  const plain = Array.from({ length: nq }, (_, i) => [0, 1, 2, 3, 4].map((k) => (k === i % 5 ? 1 : 0)))
  const n = nq === 1 ? N : Math.max(4, Math.floor(N / 5))
  const creds = Array.from({ length: n }, () => generateCredential())
  const nPortable = Math.max(2, Math.floor(n / 5))
  const createP = cpu(nPortable, (i) => createBallot(portableGroup, eP, creds[i]!, plain))
  const texts: string[] = []
  const createN = cpu(n, (i) => texts.push(createBallot(NG, eN, creds[i]!, plain).text))
  const verifiedN: Ballot<Uint8Array>[] = []
  cpu(n, (i) => {
    const r = verifyBallot(NG, eN, texts[i]!)
    if (!r.ok) throw new Error(r.reason)
    verifiedN.push(r.ballot)
  })
  // alternating rounds, the median of each (the machine is shared: its load falls on both alike)
  const wasmRounds: number[] = []
  const nativeRounds: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    wasmRounds.push(
      cpu(n, (i) => {
        if (!verifyBallot(WG, eW, texts[i]!).ok) throw new Error('wasm refused')
      }),
    )
    nativeRounds.push(
      cpu(n, (i) => {
        if (!verifyBallot(NG, eN, texts[i]!).ok) throw new Error('native refused')
      }),
    )
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const verifyN = median(nativeRounds)
  const verifyW = median(wasmRounds)
  const verifyP = cpu(nPortable, (i) => {
    if (!verifyBallot(portableGroup, eP, texts[i]!).ok) throw new Error('portable refused')
  })
  let t = emptyTally(NG, eN)
  const tallyUs = cpu(n, (i) => {
    t = tallyAdd(NG, t, verifiedN[i]!, 1n)
  })
  let pdText = ''
  const pdMs = cpu(3, () => {
    pdText = partialDecrypt(NG, eN.fingerprint, 987654321n, t).text
  }) / 1000
  const pdCheckMs = cpu(3, () => {
    if (!verifyPartialDecryption(NG, eN.fingerprint, eN.publicKeyText, t, pdText).ok) throw new Error('pd refused')
  }) / 1000
  console.log(`${label}:`)
  console.log(`  verification wasm:     ${fmt(1e6 / verifyW)} ballots/s a core (${fmt(verifyW / 1000, 2)} ms CPU a ballot; rounds ${wasmRounds.map((x) => fmt(x / 1000, 2)).join(' ')})`)
  console.log(`  verification native:   ${fmt(1e6 / verifyN)} ballots/s a core (${fmt(verifyN / 1000, 2)} ms CPU a ballot; rounds ${nativeRounds.map((x) => fmt(x / 1000, 2)).join(' ')})`)
  console.log(`  verification portable: ${fmt(1e6 / verifyP)} ballots/s a core (${fmt(verifyP / 1000, 2)} ms CPU a ballot)`)
  console.log(`  creation portable:     ${fmt(createP / 1000)} ms CPU a ballot; native ${fmt(createN / 1000)} ms`)
  console.log(`  running tally (native): ${fmt(tallyUs)} µs a ballot`)
  console.log(`  partial decryption (native): ${fmt(pdMs)} ms to make, ${fmt(pdCheckMs)} ms to check (${nq * 5} ciphertexts)`)
}
// the native group's parts (docs/adr/0061): what a ballot's 11 membership checks and 34 variable products cost
{
  const pts = Array.from({ length: 64 }, (_, i) => NG.baseMul(BigInt(i + 1) * 7919n + 12345n))
  const m = 400
  const check = cpu(m, (i) => {
    if (!NG.check(pts[i % 64]!)) throw new Error('check refused')
  })
  const mul = cpu(m, (i) => NG.mul(pts[i % 64]!, 123456789123456789123456789n + BigInt(i)))
  const base = cpu(m, (i) => NG.baseMul(123456789123456789123456789n + BigInt(i)))
  const add = cpu(m, (i) => NG.add(pts[i % 64]!, pts[(i + 1) % 64]!))
  console.log(`native group, µs CPU: membership check ${fmt(check)}, variable product ${fmt(mul)}, fixed-base product ${fmt(base)}, sum ${fmt(add)}`)
  const texts = pts.map((p) => NG.toString(p))
  const wp = texts.map((t) => WG.parse(t)!)
  const y = WG.prepare(wp[0]!)
  // m distinct points: a point parsed again would find its expansion in the group's small cache
  const fresh = Array.from({ length: m }, (_, i) => NG.toString(NG.baseMul(BigInt(i + 1) * 104729n + 99991n)))
  const wParse = cpu(m, (i) => WG.parse(fresh[i]!))
  const wMul2 = cpu(m, (i) => WG.mul2(wp[i % 64]!, 123456789123456789123456789n + BigInt(i), wp[(i + 1) % 64]!, 2n ** 252n - BigInt(i)))
  const wBase2 = cpu(m, (i) => WG.baseMul2(123456789123456789123456789n + BigInt(i), wp[i % 64]!, 2n ** 252n - BigInt(i)))
  const wY2 = cpu(m, (i) => WG.mul2(y, 123456789123456789123456789n + BigInt(i), wp[i % 64]!, 2n ** 252n - BigInt(i)))
  const wEnc = cpu(m, (i) => WG.toString(WG.add(wp[i % 64]!, wp[(i + 1) % 64]!)))
  console.log(`wasm group, µs CPU: parse with membership check ${fmt(wParse)}, A^a·B^b ${fmt(wMul2)}, g^a·B^b ${fmt(wBase2)}, y^a·B^b (y prepared) ${fmt(wY2)}, sum and encoding ${fmt(wEnc)}`)
}
console.log(`load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
