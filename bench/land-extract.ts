/**
 * Certified land extracts (docs/adr/0036; issue 12: "Extract PDF generated ≤ 200 ms; verified ≤ 50 ms; QR ≤ version
 * 25"): for registers of 5, 10 and 50 entries on a 4-validator chain (state tree with other registers' keys around
 * them, headers signed by the four), per extract:
 * - generation: the range proof of the register's group, the text, the QR digest and the bundle (buildExtract), and
 *   the PDF (renderExtract) — p50/p99 of each and of the whole;
 * - verification as a verifier does it from the PDF: the bounded reader takes the attached bundle, the framework
 *   verifies the commit and the range proof, the land verifier derives the text again and compares — p50/p99;
 * - the CPU time of each (user + system, this process): on a loaded machine wall time is mostly waiting;
 * - the QR code's version (level L) and characters, the PDF's bytes and pages.
 *
 *   npx tsx bench/land-extract.ts [--runs 40] [--extra 20000]
 */
import { performance } from 'node:perf_hooks'
import { readAttachment } from '../src/ledger/cert/attachment'
import { certificateFonts } from '../src/ledger/cert/fonts-node'
import type { Canonical } from '../src/ledger/codec/canonical'
import { verifyNode } from '../src/ledger/crypto/ed25519-node'
import { buildExtract, type ExtractSource } from '../src/ledger/registries/land/extract'
import { renderExtract } from '../src/ledger/registries/land/extract-pdf'
import { currentKey, entryKey, headKey } from '../src/ledger/registries/land/portable/keys'
import type { CurrentState, Holder, StoredEntry } from '../src/ledger/registries/land/portable/schema'
import { landExtractVerifier } from '../src/ledger/registries/land/portable/verify'
import { EXTRACT_BUNDLE_FILE } from '../src/ledger/registries/land/portable/verify-format'
import { verifyWith } from '../src/ledger/verify/framework'
import { fillerState, stateChain } from '../test/cert/state-chain'

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : dflt
}
const RUNS = arg('runs', 40)
const EXTRA = arg('extra', 20_000)
const SIZES = [5, 10, 50]

const hex = (n: number): string => n.toString(16).padStart(2, '0').repeat(32)
const person = (name: string, i: number): Holder => ({
  kind: 'person',
  name,
  id: '800101-1******',
  idHash: hex(200 + (i % 50)),
  address: `서울특별시 종로구 사직로 ${100 + i}`,
  key: hex(i % 250),
  agency: null,
  share: null,
})
const bank: Holder = { kind: 'corporation', name: '한빛은행', id: '110111-0000002', idHash: null, address: '서울특별시 중구 세종대로 39', key: null, agency: 'bank', share: null }
const NAMES = ['박서준', '김민지', '이도윤', '최하은', '정우진', '강서연', '조민준', '윤지우']

/**
 * A register of `n` entries as the rules write one: 보존, then in turn a sale (갑구), a mortgage (을구) and the
 * cancellation of the last live mortgage; its current state derived along.
 */
function register(number: string, n: number): Map<string, Canonical> {
  const m = new Map<string, Canonical>()
  const entries: StoredEntry[] = []
  let a = 0
  let b = 0
  const live: CurrentState['live'] = []
  const cancelled: Record<string, string> = {}
  let owner = { rank: '1', holder: person(NAMES[0]!, 0), share: '1/1' }
  const base = (seq: number) => ({
    seq,
    receipt: { office: '1101', on: `2024-${String(1 + (seq % 12)).padStart(2, '0')}-10`, number: seq },
    causeOn: `2024-${String(1 + (seq % 12)).padStart(2, '0')}-01`,
    of: null,
    portion: null,
    amount: null,
    debtor: null,
    target: null,
    caseNo: null,
    provisional: null,
    tx: hex(seq),
    height: seq,
    holders: [] as Holder[],
  })
  for (let seq = 1; seq <= n; seq++) {
    const k = seq === 1 ? 'open' : (['sale', 'mortgage', 'cancel'] as const)[(seq - 2) % 3]!
    if (k === 'open') entries.push({ ...base(seq), section: 'A', rank: String(++a), purpose: 'ownership.preservation', cause: 'new-building', holders: [owner.holder] })
    else if (k === 'sale' || (k === 'cancel' && live.length === 0)) {
      const h = person(NAMES[seq % NAMES.length]!, seq)
      entries.push({ ...base(seq), section: 'A', rank: String(++a), purpose: 'ownership.transfer', cause: 'sale', holders: [h], amount: String(500_000_000 + seq * 1_000_000) })
      owner = { rank: String(a), holder: h, share: '1/1' }
    } else if (k === 'mortgage') {
      entries.push({ ...base(seq), section: 'B', rank: String(++b), purpose: 'right.mortgage', cause: 'contract', holders: [bank], amount: String(300_000_000 + seq * 1_000_000), debtor: { name: owner.holder.name, address: owner.holder.address } })
      live.push({ section: 'B', rank: String(b), purpose: 'right.mortgage', of: null, holders: [bank] })
    } else {
      const t = live.pop()!
      entries.push({ ...base(seq), section: 'B', rank: String(++b), purpose: 'cancellation', cause: 'release', target: { section: 'B', rank: t.rank } })
      cancelled[`B:${t.rank}`] = String(b)
    }
  }
  m.set(headKey(number), {
    kind: 'land',
    location: { sido: '서울특별시', sigungu: '종로구', dong: '세종로', ri: null, mountain: false, main: n, sub: 3 },
    road: '서울특별시 종로구 세종대로 175',
    category: 'building-site',
    area: '330.00',
    office: '1101',
    agency: 'court',
  } as unknown as Canonical)
  for (const e of entries) m.set(entryKey(number, e.seq), e as unknown as Canonical)
  m.set(currentKey(number), { owners: [owner], live, cancelled, entries: entries.length } as unknown as Canonical)
  return m
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((x, y) => x - y)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}
const ms = (x: number): string => x.toFixed(1)

async function main(): Promise<void> {
  const writes = fillerState(EXTRA, 'other', 0)
  const numbers = SIZES.map((n, i) => `1101-2024-${String(i + 1).padStart(6, '0')}`)
  SIZES.forEach((n, i) => {
    for (const [k, v] of register(numbers[i]!, n)) writes.set(k, v)
  })
  const chain = await stateChain({ validators: 4, chainId: 'land-extract-bench', base: writes })
  const src: ExtractSource = {
    proveRange: (g, h) => chain.certified(g, h ?? chain.height()),
    headHeight: () => chain.height(),
    setAt: () => chain.set,
  }
  const fonts = certificateFonts()
  console.log(`land extracts: 4 validators, ${EXTRA.toLocaleString('en-US')} other state keys, ${RUNS} runs a size (after 3 warm-up), node ${process.version}`)
  console.log('entries | view | build p50/p99 ms | PDF p50/p99 ms | generated p50/p99 ms | verified p50/p99 ms | CPU generated / verified p50 ms | QR | PDF')
  for (const [i, n] of SIZES.entries()) {
    for (const view of ['full', 'current'] as const) {
      const build: number[] = []
      const pdf: number[] = []
      const total: number[] = []
      const verify: number[] = []
      // CPU time of this process (user + system): what the work costs, less the waiting a loaded machine adds
      const genCpu: number[] = []
      const verCpu: number[] = []
      let qr = { version: 0, chars: 0, level: 'L' }
      let bytes = 0
      let pages = 0
      for (let r = 0; r < RUNS + 3; r++) {
        const c0 = process.cpuUsage()
        const t0 = performance.now()
        const x = await buildExtract(src, numbers[i]!, { view, lang: r % 2 ? 'en' : 'ko' })
        const t1 = performance.now()
        const out = await renderExtract(x, fonts)
        const t2 = performance.now()
        const c2 = process.cpuUsage(c0)
        const att = await readAttachment(out.pdf, EXTRACT_BUNDLE_FILE)
        const v = verifyWith(landExtractVerifier, { certified: landExtractVerifier.bundle!(JSON.parse(new TextDecoder().decode(att))), trust: chain.trust, verify: verifyNode })
        const t3 = performance.now()
        const c3 = process.cpuUsage(c0)
        if (!v.valid) throw new Error(`extract of ${n} entries does not verify: ${JSON.stringify(v.checks)}`)
        if (r < 3) continue
        build.push(t1 - t0)
        pdf.push(t2 - t1)
        total.push(t2 - t0)
        verify.push(t3 - t2)
        genCpu.push((c2.user + c2.system) / 1000)
        verCpu.push((c3.user + c3.system - c2.user - c2.system) / 1000)
        qr = out.qr
        bytes = out.pdf.length
        pages = out.pages
      }
      console.log(
        `${n} | ${view} | ${ms(pct(build, 50))} / ${ms(pct(build, 99))} | ${ms(pct(pdf, 50))} / ${ms(pct(pdf, 99))} | ${ms(pct(total, 50))} / ${ms(pct(total, 99))} | ` +
          `${ms(pct(verify, 50))} / ${ms(pct(verify, 99))} | ${ms(pct(genCpu, 50))} / ${ms(pct(verCpu, 50))} | version ${qr.version}-${qr.level}, ${qr.chars} chars | ${(bytes / 1024).toFixed(0)} KiB, ${pages} page${pages === 1 ? '' : 's'}`,
      )
    }
  }
}

void main()
