/**
 * The livestock label and the consumer lookup at scale (docs/adr/0045; issue 13: lookup p99 ≤ 5 ms, label proof
 * generated ≤ 20 ms and verified ≤ 20 ms, QR version on 4 validators).
 *
 * A DIRECT STATE-BUILDING PATH, NOT THE TRANSACTION PATH: the state the rules would write for --animals animals
 * (each a head and 3–12 events: birth, tag, moves between farms and markets, vaccinations and tests, and for most a
 * slaughter, grade, pack and sale) and their farms, written as one version of the state tree by its bulk builder
 * (src/ledger/state/tree/bulk.ts, as bench/land-import.ts's direct path) with the flat values the node reads. A block
 * header whose app hash is that root is signed by 4 validators. Then, for random animals:
 *   - the consumer lookup (lookupAnimal: head, every event, the sites' names, the history in words) through the
 *     node's Store on the built state, as the node's route reads it (and key by key, for comparison);
 *   - the label proof generated (the head's state proof for the QR code, the range proof of the whole group, the
 *     history and facts derived, the QR text and the file) — buildLabel, without the PDF;
 *   - the label verified: the QR code alone (decode + verify), and the file (range proof, history derived again);
 *   - the QR code's version at level L.
 *
 *   nice -n 10 node --import tsx bench/livestock-label.ts --animals 200000 --dir DIR [--samples 2000] [--reuse]
 *   (--reuse: DIR holds a state an earlier run built with the same --animals; it is read, not built again;
 *   --lookups-only: the consumer lookups alone, no labels; --fill-cache: through the store's get/getMany instead of
 *   the route's reader; --no-key-by-key: without the key-by-key reader in turn)
 */
import { PerformanceObserver } from 'node:perf_hooks'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { loadavg } from 'node:os'
import { Level } from 'level'
import { toHex, utf8 } from '../src/ledger/codec/bytes'
import { type Canonical, decodeCanonical, encodeCanonical } from '../src/ledger/codec/canonical'
import { verifyNode, nodeSigner } from '../src/ledger/crypto/ed25519-node'
import { sha256 } from '../src/ledger/crypto/sha256'
import { installNodeSha256 } from '../src/ledger/crypto/sha256-node'
import type { TrustList } from '../src/ledger/proofs/proof'
import { groupOf, groupPrefix, statePath } from '../src/ledger/proofs/state-proof'
import { qrMatrix } from '../src/ledger/cert/qr'
import { type LabelSource, buildLabel, lookupAnimal } from '../src/ledger/registries/livestock/label'
import { withCheckDigit } from '../src/ledger/registries/livestock/portable/identifiers'
import { animalEventKey, animalKey, siteKey } from '../src/ledger/registries/livestock/portable/keys'
import type { AnimalEvent, AnimalHead, SiteRecord } from '../src/ledger/registries/livestock/portable/schema'
import { labelQrBody, labelQrText } from '../src/ledger/registries/livestock/portable/label-format'
import { livestockLabelVerifier } from '../src/ledger/registries/livestock/portable/verify'
import { BulkTreeBuilder } from '../src/ledger/state/tree/bulk'
import { STORE_LEVEL_OPTIONS, Store } from '../src/ledger/store/store'
import type { StateReader } from '../src/ledger/state/view'
import { BLOCK_VERSION, type Commit, type Header, VoteType, blockHash, signVote, validatorsHash } from '../src/ledger/types/block'
import { verifyCertified } from '../src/ledger/verify/framework'
import { certifiedFromQr } from '../src/ledger/verify/qr'
import { argOf, dirBytes, rssMb, seededRandom, strArg } from './fixtures'

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US')
const ms = (x: number): string => (x < 1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1)) + ' ms'
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN
}
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')
function row(what: string, value: string, note = ''): void {
  console.log(`| ${what} | ${value} | ${note} (load ${load()}) |`)
}

const ANIMALS = argOf('--animals', 200_000)
const SAMPLES = argOf('--samples', 2000)
const DIR = strArg('--dir')
/** ~90,000 farms for ~4M animals (issue 13): one farm per 45 animals, at least 100; markets one per 2,000 */
const FARMS = Math.max(100, Math.floor(ANIMALS / 45))
const MARKETS = Math.max(5, Math.floor(ANIMALS / 2000))
const keeper = toHex(sha256(utf8('keeper')))
const animalOf = (i: number): string => withCheckDigit('0' + String(i).padStart(10, '0'))
const farmOf = (j: number): string => String(100000 + (j % FARMS)).padStart(6, '0')
const marketOf = (j: number): string => String(800000 + (j % MARKETS))
const day = (base: number, plus: number): string => new Date(Date.UTC(2022, 0, 1) + (base + plus) * 86_400_000).toISOString().slice(0, 10)

/** The state the rules would write for animal i: deterministic from i. */
function historyOf(i: number): { head: AnimalHead; events: AnimalEvent[] } {
  const r = seededRandom(i + 1)
  const animal = animalOf(i)
  const born = r.randInt(900)
  const farm0 = farmOf(r.randInt(FARMS))
  const events: AnimalEvent[] = []
  const stays: AnimalHead['stays'] = []
  const ev = (kind: AnimalEvent['kind'], date: string, site: string | null, detail: AnimalEvent['detail'] = {}, late = 0): void => {
    events.push({ seq: events.length + 1, kind, date, recordedOn: date, late, height: 1, tx: toHex(sha256(utf8(`${animal}/${events.length}`))), by: keeper, site, detail })
  }
  let t = 0
  let site = farm0
  ev('birth', day(born, 0), farm0, { breed: 'hanwoo', sex: 'castrated', mother: null }, r.randInt(10) === 0 ? 2 : 0)
  ev('tag', day(born, (t += 5 + r.randInt(20))), farm0)
  ev('vaccination', day(born, (t += 30 + r.randInt(60))), farm0, { disease: 'fmd', product: 'Aftovax' })
  let from = day(born, 0)
  for (let m = r.randInt(3); m > 0; m--) {
    const market = marketOf(r.randInt(MARKETS))
    const next = farmOf(r.randInt(FARMS))
    const d1 = day(born, (t += 60 + r.randInt(200)))
    stays.push({ site, from, to: d1 })
    ev('move', d1, market, { from: site, to: market })
    stays.push({ site: market, from: d1, to: day(born, t + 1) })
    ev('move', day(born, (t += 1)), next, { from: market, to: next })
    site = next
    from = day(born, t)
  }
  if (r.randInt(3) === 0) ev('test', day(born, (t += 20)), site, { disease: 'brucellosis', result: 'negative' })
  const slaughtered = r.randInt(10) < 7
  let slaughter: AnimalHead['slaughter'] = null
  let grade: AnimalHead['grade'] = null
  if (slaughtered) {
    const abattoir = '9' + String(r.randInt(99)).padStart(5, '0')
    const d = day(born, (t += 100))
    stays.push({ site, from, to: d })
    slaughter = { site: abattoir, date: d, inspection: 'pass', dnaSample: `DNA-${i}` }
    ev('slaughter', d, abattoir, { from: site, inspection: 'pass', dnaSample: `DNA-${i}` })
    grade = { quality: (['1++', '1+', '1', '2'] as const)[r.randInt(4)]!, yield: 'A', weightKg: `${380 + r.randInt(120)}.5` }
    ev('grade', day(born, (t += 1)), abattoir, grade)
    ev('pack', day(born, (t += 2)), '700001', { cut: 'sirloin', bundle: null })
    ev('sale', day(born, (t += 2)), '600001', { bundle: null })
    site = abattoir
  } else stays.push({ site, from, to: null })
  const head: AnimalHead = {
    animal,
    breed: 'hanwoo',
    sex: 'castrated',
    birthDate: day(born, 0),
    mother: null,
    origin: { kind: 'born', farm: farm0 },
    status: slaughtered ? 'slaughtered' : 'alive',
    site,
    stays,
    tagged: events[1]!.date,
    slaughter,
    grade,
    events: events.length,
    alerts: 0,
  }
  return { head, events }
}

function cmp(a: Uint8Array, b: Uint8Array, n = 64): number {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}

async function main(): Promise<void> {
  installNodeSha256()
  if (!DIR) throw new Error('--dir DIR')
  const root = process.argv.includes('--reuse') && existsSync(join(DIR, 'CURRENT')) ? await builtRoot(DIR) : await build(DIR)
  await mainReads(root)
}

/** Build the state directly into DIR (emptied first); its root. */
async function build(DIR: string): Promise<Uint8Array> {
  rmSync(DIR, { recursive: true, force: true })
  const level = new Level<string, Uint8Array>(DIR, STORE_LEVEL_OPTIONS as never)
  await level.open()
  console.log(`livestock label: ${fmt(ANIMALS)} animals, ${fmt(FARMS)} farms, ${fmt(MARKETS)} markets, state built directly (NOT the transaction path) into ${DIR}; load ${load()}`)
  const t0 = performance.now()
  // pass 1: each animal's group prefix; the sites (outside the animals' groups) by path
  const prefixes = new Uint8Array(ANIMALS * 32)
  for (let i = 0; i < ANIMALS; i++) prefixes.set(groupPrefix(groupOf(animalKey(animalOf(i)))), i * 32)
  const sites: Array<{ k: string; v: Uint8Array; path: Uint8Array }> = []
  const site = (s: string, kind: SiteRecord['kind']): void => {
    const rec: SiteRecord = { site: s, kind, name: `${kind} ${s}`, area: '4717025021', address: '경상북도 안동시', keepers: [keeper], closed: false, agency: 'mafra', registeredAt: 1 }
    sites.push({ k: siteKey(s), v: encodeCanonical(rec as unknown as Canonical), path: statePath(siteKey(s)) })
  }
  for (let j = 0; j < FARMS; j++) site(farmOf(j), 'farm')
  for (let j = 0; j < MARKETS; j++) site(marketOf(j), 'market')
  sites.sort((a, b) => cmp(a.path, b.path))
  const order = Array.from({ length: ANIMALS }, (_, i) => i).sort((a, b) => cmp(prefixes.subarray(a * 32, a * 32 + 32), prefixes.subarray(b * 32, b * 32 + 32), 32))

  // pass 2: in path order, the animals' groups with the sites merged in
  const builder = new BulkTreeBuilder(1)
  let batch = level.batch()
  let inBatch = 0
  let keys = 0
  let si = 0
  const put = async (k: string, path: Uint8Array, v: Uint8Array): Promise<void> => {
    builder.add(k, path, v)
    batch.put('s/' + k, v)
    keys++
    if (++inBatch + builder.pending < 50_000) return
    for (const op of builder.take()) if (op.type === 'put') batch.put(op.key, op.value)
    await batch.write()
    batch = level.batch()
    inBatch = 0
  }
  let last = performance.now()
  for (let o = 0; o < ANIMALS; o++) {
    const i = order[o]!
    const gp = prefixes.subarray(i * 32, i * 32 + 32)
    while (si < sites.length && cmp(sites[si]!.path, gp, 32) < 0) {
      const s = sites[si++]!
      await put(s.k, s.path, s.v)
    }
    const h = historyOf(i)
    const g: Array<[string, Canonical]> = [[animalKey(h.head.animal), h.head as unknown as Canonical], ...h.events.map((e): [string, Canonical] => [animalEventKey(h.head.animal, e.seq), e as unknown as Canonical])]
    const sorted = g.map(([k, v]) => ({ k, v: encodeCanonical(v), path: statePath(k) })).sort((a, b) => cmp(a.path, b.path))
    for (const x of sorted) await put(x.k, x.path, x.v)
    if (performance.now() - last > 30_000) {
      last = performance.now()
      console.log(`  build: ${fmt(o + 1)} animals, ${fmt(keys)} keys, ${((last - t0) / 1000).toFixed(0)} s, RSS ${rssMb().toFixed(0)} MB, load ${load()}`)
    }
  }
  while (si < sites.length) {
    const s = sites[si++]!
    await put(s.k, s.path, s.v)
  }
  const { root, ops } = builder.finish()
  for (const op of [...builder.take(), ...ops]) if (op.type === 'put') batch.put(op.key, op.value)
  await batch.write({ sync: true })
  const buildMs = performance.now() - t0
  row('direct state build (NOT the transaction path)', `${fmt((ANIMALS * 1000) / buildMs)} animals/s`, `${fmt(ANIMALS)} animals, ${fmt(keys)} keys in ${(buildMs / 1000).toFixed(0)} s; ${(dirBytes(DIR) / 2 ** 20).toFixed(0)} MiB; root ${toHex(root).slice(0, 16)}…`)
  await level.close()
  return root
}

/** The root of a state built by an earlier run with the same --animals (--reuse): the build is not run again. */
async function builtRoot(DIR: string): Promise<Uint8Array> {
  const store = new Store(DIR)
  await store.open()
  const root = await store.tree.rootAt(1)
  await store.close()
  console.log(`livestock label: reusing the state in ${DIR} (built by an earlier run with --animals ${fmt(ANIMALS)}); root ${toHex(root).slice(0, 16)}…; load ${load()}`)
  return root
}

async function mainReads(root: Uint8Array): Promise<void> {

  // a block of version 1 signed by 4 validators
  const chainId = 'livestock-bench'
  const signers = Array.from({ length: 4 }, (_, i) => nodeSigner(sha256(utf8(`${chainId}/validator/${i}`))))
  const set = signers.map((s) => ({ publicKey: s.publicKey, power: 10 })).sort((a, b) => (toHex(a.publicKey) < toHex(b.publicKey) ? -1 : 1))
  const trust: TrustList = { chainId, height: 1, sets: [{ fromHeight: 1, validators: set }] }
  const vh = validatorsHash(set)
  const header = {
    v: BLOCK_VERSION,
    chainId,
    height: 1,
    time: Date.UTC(2026, 11, 3),
    prevHash: new Uint8Array(32),
    lastCommitHash: sha256(utf8('commit/0')),
    txRoot: sha256(utf8('txs/1')),
    txCount: 0,
    appHash: root,
    validatorsHash: vh,
    nextValidatorsHash: vh,
    proposer: set[1]!.publicKey,
  } as unknown as Header
  const hash = blockHash(header)
  const commit: Commit = {
    height: 1,
    round: 0,
    blockHash: hash,
    sigs: signers.map((s) => {
      const v = signVote(chainId, s, { type: VoteType.precommit, height: 1, round: 0, blockHash: hash })
      return { validator: v.validator, sig: v.sig }
    }),
  }

  // the node's read path: its Store on the built state (value cache, the tree with its node cache)
  const store = new Store(DIR!)
  await store.open()
  const tree = store.tree
  const src: LabelSource = {
    proveState: async (k, h) => ({ proof: await tree.prove(k, h ?? 1), header, commit }),
    proveRange: async (g, h) => ({ proof: await tree.proveRange(g, h ?? 1), header, commit }),
    headHeight: () => 1,
    setAt: () => set,
  }
  // the consumer lookup as the route reads it (host.state: the store, with getMany), and key by key (a reader
  // without getMany: each turn's gets still go to LevelDB in one call), alternating on different animals
  // the route's reader (server/registry-host.ts: peek/peekMany, ADR 0050); --fill-cache: the store's get/getMany,
  // every value read kept in its value cache (before ADR 0050)
  const flat: StateReader = process.argv.includes('--fill-cache') ? store : { get: (k) => store.peek(k), getMany: (ks) => store.peekMany(ks) }
  const keyByKey: StateReader = { get: (k) => store.get(k) }
  const lookupKbk: number[] = []
  const lookupKbkCpu: number[] = []
  const { randInt } = seededRandom(0xbeef)
  const lookup: number[] = []
  const lookupCpu: number[] = []
  const genCpu: number[] = []
  const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000
  const gen: number[] = []
  const verQr: number[] = []
  const verFile: number[] = []
  const versions: number[] = []
  const chars: number[] = []
  const verifiers = [livestockLabelVerifier]
  // lookups alone first (no label work between them, whose garbage would be collected in the next lookup): the two
  // readers in turn, which goes first alternating, each on its own random animals
  const alone = { many: [] as number[], manyCpu: [] as number[], spans: [] as Array<[number, number]> }
  // the collector's pauses (start, end on the same clock), to tell how many of the slowest lookups had one inside
  const gcs: Array<[number, number]> = []
  const gcObserver = new PerformanceObserver((l) => l.getEntries().forEach((e) => gcs.push([e.startTime, e.startTime + e.duration])))
  gcObserver.observe({ entryTypes: ['gc'] })
  for (let k = 0; k < SAMPLES; k++) {
    // --no-key-by-key: the route's reader alone (the key-by-key reader's gets fill the value cache: its garbage would be collected in the other's lookups)
    for (const batched of process.argv.includes('--no-key-by-key') ? [true] : k % 2 ? [true, false] : [false, true]) {
      const other = animalOf(randInt(ANIMALS))
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      await lookupAnimal(batched ? flat : keyByKey, other, k % 4 < 2 ? 'en' : 'ko', 1)
      const t1 = performance.now()
      if (batched) alone.spans.push([t0, t1])
      ;(batched ? alone.many : lookupKbk).push(t1 - t0)
      ;(batched ? alone.manyCpu : lookupKbkCpu).push(cpuMs(process.cpuUsage(c0)))
    }
  }
  if (process.argv.includes('--lookups-only')) {
    // only the consumer lookups alone (to profile them: node --cpu-prof, --trace-gc)
    const q = (xs: number[]): string => `p50 ${ms(pct(xs, 50))}, p99 ${ms(pct(xs, 99))}`
    row(`consumer lookup alone, two getMany calls, at ${fmt(ANIMALS)} animals`, `${q(alone.many)} wall; CPU ${q(alone.manyCpu)}`, `${fmt(SAMPLES)} random animals, lookups only, in turn with the next row`)
    if (lookupKbk.length > 0) row(`consumer lookup alone, key by key (a reader without getMany), at ${fmt(ANIMALS)} animals`, `${q(lookupKbk)} wall; CPU ${q(lookupKbkCpu)}`, `${fmt(SAMPLES)} random animals, lookups only, in turn with the row above`)
    await new Promise((r) => setImmediate(r))
    gcObserver.disconnect()
    const slowest = alone.spans.map((s, i) => [alone.many[i]!, s, i] as const).sort((a, b) => b[0] - a[0]).slice(0, Math.max(1, Math.ceil(alone.spans.length / 100)))
    const withGc = slowest.filter(([, [a, b]]) => gcs.some(([s, e]) => s < b && e > a)).length
    const gcMs = gcs.map(([s, e]) => e - s)
    row(
      'the collector during the lookups (two getMany calls)',
      `${gcs.length} pauses, p50 ${ms(pct(gcMs, 50))}, max ${ms(Math.max(0, ...gcMs))}, in all ${ms(gcMs.reduce((a, b) => a + b, 0))}; CPU mean ${ms(alone.manyCpu.reduce((a, b) => a + b, 0) / alone.manyCpu.length)}; ${withGc} of the ${slowest.length} slowest lookups had one inside; ${slowest.filter(([, , i]) => i < alone.spans.length / 20).length} of them in the first 5 % of the run`,
      `heap used at the end ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB; store value cache ${store.cacheStats().entries} entries`,
    )
    await store.close()
    return
  }
  let digests = 0
  const fullVersions: number[] = []
  const partBytes = { checkpoint: [] as number[], head: [] as number[], proof: [] as number[], total: [] as number[] }
  for (let k = 0; k < SAMPLES; k++) {
    const animal = animalOf(randInt(ANIMALS))
    const ca = process.cpuUsage()
    const a = performance.now()
    const l = await lookupAnimal(flat, animal, k % 2 ? 'en' : 'ko', 1)
    const b = performance.now()
    lookupCpu.push(cpuMs(process.cpuUsage(ca)))
    const cb = process.cpuUsage()
    const x = await buildLabel(src, animal, { lang: 'ko', now: 0 })
    const c = performance.now()
    genCpu.push(cpuMs(process.cpuUsage(cb)))
    const rq = verifyCertified({ certified: certifiedFromQr(x.qr, verifiers, trust), trust, verify: verifyNode }, verifiers)
    const d = performance.now()
    const rf = verifyCertified({ certified: livestockLabelVerifier.bundle!(x.bundle), trust, verify: verifyNode }, verifiers)
    const e = performance.now()
    // the digest form (a head too long for version 25) is refused alone in words; its file verifies
    const digestForm = !rq.valid && (rq.checks.proof as { code?: string } | undefined)?.code === 'LIVESTOCK_LABEL_QR_ONLY'
    if ((!rq.valid && !digestForm) || !rf.valid || l.text.lines.length !== x.text.lines.length) throw new Error(`animal ${animal}: the label does not verify`)
    if (digestForm) digests++
    fullVersions.push(qrMatrix(labelQrText(x.head, animal, set), 'L').version)
    lookup.push(b - a)
    gen.push(c - b)
    verQr.push(d - c)
    verFile.push(e - d)
    chars.push(x.qr.length)
    versions.push(qrMatrix(x.qr, 'L').version)
    const parts = decodeCanonical(labelQrBody(labelQrText(x.head, animal, set))) as Canonical[]
    partBytes.checkpoint.push(encodeCanonical(parts[0]!).length)
    partBytes.head.push(encodeCanonical(parts[1]!).length)
    partBytes.proof.push(encodeCanonical(parts[2]!).length)
    partBytes.total.push(labelQrBody(labelQrText(x.head, animal, set)).length)
  }
  const p = (xs: number[]): string => `p50 ${ms(pct(xs, 50))}, p99 ${ms(pct(xs, 99))}`
  row(`consumer lookup (head, every event, sites' names, words) at ${fmt(ANIMALS)} animals`, `${p(lookup)} wall; CPU ${p(lookupCpu)}`, `${fmt(SAMPLES)} random animals, the node's Store, two getMany calls, each after the previous animal's label was built and verified`)
  row(`consumer lookup alone, two getMany calls, at ${fmt(ANIMALS)} animals`, `${p(alone.many)} wall; CPU ${p(alone.manyCpu)}`, `${fmt(SAMPLES)} random animals, lookups only, in turn with the next row`)
  row(`consumer lookup alone, key by key (a reader without getMany), at ${fmt(ANIMALS)} animals`, `${p(lookupKbk)} wall; CPU ${p(lookupKbkCpu)}`, `${fmt(SAMPLES)} random animals, lookups only, in turn with the row above`)
  row(`label proof generated (head proof + range proof + history + QR + file, no PDF) at ${fmt(ANIMALS)}`, `${p(gen)} wall; CPU ${p(genCpu)}`, `${fmt(SAMPLES)} random animals`)
  row('label verified: the QR code alone', p(verQr), 'decode + compact checkpoint + head proof + 3 signatures')
  row("label verified: the label's file", p(verFile), 'range proof of the whole history + QR + history derived again')
  row(
    'QR code on 4 validators, level L',
    `version ${Math.min(...versions)}–${Math.max(...versions)} (median ${pct(versions, 50)})`,
    `${pct(chars, 50)} characters median, ${Math.max(...chars)} max`,
  )
  const spread = (xs: number[]): string => `${Math.min(...xs)}–${Math.max(...xs)} (median ${pct(xs, 50)})`
  const histogram = (xs: number[]): string => {
    const hist = new Map<number, number>()
    for (const v of xs) hist.set(v, (hist.get(v) ?? 0) + 1)
    return [...hist].sort((a, b) => a[0] - b[0]).map(([v, n]) => `v${v}: ${n}`).join(', ')
  }
  row('QR versions printed (level L), every sample', histogram(versions), `${fmt(versions.length)} animals; ${fmt(digests)} with the digest form (${((100 * digests) / versions.length).toFixed(1)} %), the rest the full proof`)
  row('QR versions the full proof would take, every sample', histogram(fullVersions), `${fmt(fullVersions.length)} animals`)
  row(
    "full proof QR body's bytes (before the text encoding)",
    `${spread(partBytes.total)}`,
    `checkpoint ${spread(partBytes.checkpoint)}; head ${spread(partBytes.head)}; proof ${spread(partBytes.proof)}`,
  )
  await store.close()
}

await main()
