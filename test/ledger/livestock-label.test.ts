/**
 * The livestock label (docs/adr/0045), on hand-written state of a 4-validator chain: the QR code alone proves the
 * head's facts offline; the label's file proves the whole history; both verified through the framework and the
 * build's registry list. The tamper corpus — a grade changed, a farm removed, an event hidden, a proof of another
 * animal, the QR code of another label — each refused with its code; "still current?" from a later proof.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Canonical } from '../../src/ledger/codec/canonical'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import type { TrustList } from '../../src/ledger/proofs/proof'
import { stateProofFromJson, stateProofToJson } from '../../src/ledger/proofs/state-proof'
import { REGISTRIES } from '../../src/ledger/registries'
import { LABEL_QR_MAX_DIGITS, buildLabel, headProof, lookupAnimal, lookupBundle } from '../../src/ledger/registries/livestock/label'
import { livestockRegistry } from '../../src/ledger/registries/livestock'
import { livestockWithLabel } from '../../src/ledger/registries/livestock/portable/label-registry'
import { animalEventKey, animalKey } from '../../src/ledger/registries/livestock/portable/keys'
import type { LabelBundleJson } from '../../src/ledger/registries/livestock/portable/label-format'
import type { LabelChecks } from '../../src/ledger/registries/livestock/portable/verify'
import { type CertifiedVerification, verifyCertified } from '../../src/ledger/verify/framework'
import { certifiedFromQr } from '../../src/ledger/verify/qr'
import { verifiersOf } from '../../src/ledger/verify/verifiers'
import { qrMatrix } from '../../src/ledger/cert/qr'
import { certificateFonts } from '../../src/ledger/cert/fonts-node'
import { readAttachment } from '../../src/ledger/cert/attachment'
import { renderLabel } from '../../src/ledger/registries/livestock/label-pdf'
import { withCheckDigit } from '../../src/ledger/registries/livestock/portable/identifiers'
import { LABEL_BUNDLE_FILE, LABEL_MAX_QR_VERSION, LABEL_QR_PREFIX, labelDigestQrText, labelQrAnimal } from '../../src/ledger/registries/livestock/portable/label-format'
import { type StateChain, fillerState, stateChain } from '../cert/state-chain'
import { BUNDLE, COW, FARM_B, MARKET, OTHER_COW, chainSource, cowHistory, historyWrites, livestockChain } from './livestock-label-fixture'

const verifiers = verifiersOf(REGISTRIES)
let chain: StateChain
let trust: TrustList

beforeAll(async () => {
  chain = await livestockChain()
  trust = chain.trust
}, 60_000)

type V = CertifiedVerification<unknown, LabelChecks>
const v = () => verifiers.find((x) => x.registry === 'livestock')!
const verifyFile = (json: unknown, later: unknown[] = []): V =>
  verifyCertified({ certified: v().bundle!(json), trust, later: later.map((l) => v().later!(l)), verify: verifyNode }, verifiers) as V
const verifyQr = (text: string, later: unknown[] = []): V =>
  verifyCertified({ certified: certifiedFromQr(text, verifiers, trust), trust, later: later.map((l) => v().later!(l)), verify: verifyNode }, verifiers) as V
const failed = (r: V): Array<[string, string | null]> =>
  Object.entries(r.checks)
    .filter(([, c]) => !c.ok)
    .map(([n, c]) => [n, c.code])
const clone = <T,>(x: T): T => JSON.parse(JSON.stringify(x)) as T
function editProof(b: LabelBundleJson, edit: (entries: Array<[string, Canonical]>) => Array<[string, Canonical]>): LabelBundleJson {
  const out = clone(b)
  const st = out.state as { proof: unknown }
  const p = stateProofFromJson(st.proof)
  if (p.kind !== 'range') throw new Error('not a range proof')
  st.proof = stateProofToJson({ ...p, entries: edit(p.entries) })
  return out
}

describe('livestock label: issued and verified', () => {
  it('the livestock registry declares the verifier (node and Verify screen), reached through the registry list', () => {
    expect(livestockRegistry.verifier?.registry).toBe('livestock')
    expect(livestockWithLabel.verifier).toBe(livestockRegistry.verifier)
    expect(verifiers.map((x) => x.registry)).toContain('livestock')
  })

  it("the label's file (Korean) verifies: the whole history, every fact derived again from the proof", async () => {
    const x = await buildLabel(chainSource(chain), COW, { lang: 'ko' })
    const r = verifyFile(x.bundle)
    expect(failed(r)).toEqual([])
    expect(r.verdict).toBe('valid-as-of')
    expect(x.text.lines).toHaveLength(10)
    const facts = Object.fromEntries(x.text.facts)
    expect(facts['품종']).toBe('한우')
    expect(facts['성별']).toBe('거세')
    expect(facts['사육지']).toContain(`${MARKET} (2025-01-15 ~ 2025-01-16)`)
    expect(facts['등급']).toBe('육질 1++, 육량 A (도체중 432.5 kg)')
    expect(facts['도축 검사']).toBe('합격')
    expect(x.text.lines[1]!.late).toBe('10일 늦게 신고됨')
    expect(x.text.lines.map((l) => l.what)).toContain('브루셀라병 검사: 음성')
    expect(x.text.lines[8]!.what).toBe(`포장: 등심 (묶음번호 ${BUNDLE})`)
  })

  it('in English, with the same proof', async () => {
    const x = await buildLabel(chainSource(chain), COW, { lang: 'en' })
    expect(failed(verifyFile(x.bundle))).toEqual([])
    const facts = Object.fromEntries(x.text.facts)
    expect(facts['Breed']).toBe('Hanwoo')
    expect(facts['Grade']).toBe('quality 1++, yield A (carcass 432.5 kg)')
    expect(x.text.lines[1]!.late).toBe('reported 10 days late')
    expect(x.text.lines[2]!.what).toBe('Vaccinated against foot-and-mouth disease (Aftovax)')
  })

  it('the QR code alone proves the label’s facts offline, and fits a small label', async () => {
    const x = await buildLabel(chainSource(chain), COW, { lang: 'ko' })
    expect(x.qr.startsWith('DJ:LIVESTOCK/2/')).toBe(true)
    const r = verifyQr(x.qr)
    expect(failed(r)).toEqual([])
    expect(r.verdict).toBe('valid-as-of')
    expect((r.record as { head: { grade: { quality: string } } }).head.grade.quality).toBe('1++')
    const m = qrMatrix(x.qr, 'L')
    expect(m.version).toBeLessThanOrEqual(25)
    // a day or a field name written in full where the compact form is expected is refused, not read
    expect(() => certifiedFromQr(x.qr.slice(0, -2), verifiers, trust)).toThrow()
  })

  it('the lookup reads the same history, with the sites named; a bundle lists its animals', async () => {
    // the tree read through a StateReader at the chain's latest version
    const reader = { get: (k: string) => chain.tree.get(k, chain.height()) }
    const a = await lookupAnimal(reader, COW, 'ko', chain.height())
    const built = await buildLabel(chainSource(chain), COW, { lang: 'ko' })
    expect(a.text).toEqual(built.text)
    expect(a.sites.find((s) => s.site === FARM_B)?.name).toBe('푸른들 농장')
    const b = await lookupBundle(reader, BUNDLE.toLowerCase(), 'en', chain.height())
    expect(b.animals.map((x) => x.animal)).toEqual([COW, OTHER_COW])
    await expect(lookupAnimal(reader, '002123456780', 'ko', 1)).rejects.toMatchObject({ code: 'LIVESTOCK_BAD_NUMBER' })
    await expect(lookupAnimal(reader, '002999999990', 'ko', 1)).rejects.toMatchObject({ code: 'LIVESTOCK_UNKNOWN_ANIMAL' })
    await expect(lookupBundle(reader, 'L99999999999999', 'ko', 1)).rejects.toMatchObject({ code: 'LIVESTOCK_UNKNOWN_BUNDLE' })
  })
})

describe('livestock label: the tamper corpus', () => {
  let bundle: LabelBundleJson
  let otherBundle: LabelBundleJson
  beforeAll(async () => {
    bundle = (await buildLabel(chainSource(chain), COW, { lang: 'ko' })).bundle
    otherBundle = (await buildLabel(chainSource(chain), OTHER_COW, { lang: 'ko' })).bundle
  })

  it('a grade changed on the printed label is refused (LIVESTOCK_LABEL_FACT_CHANGED)', () => {
    const b = clone(bundle)
    b.label.facts = b.label.facts.map(([k, val]) => [k, k === '등급' ? val.replace('1++', '1+') : val])
    expect(failed(verifyFile(b))).toEqual([['history', 'LIVESTOCK_LABEL_FACT_CHANGED']])
  })

  it('a grade changed in the proof itself is refused (LIVESTOCK_LABEL_PROOF)', () => {
    const b = editProof(bundle, (es) =>
      es.map(([k, val]) => [k, k === animalKey(COW) ? ({ ...(val as object), grade: { quality: '1+', yield: 'A', weightKg: '432.5' } } as Canonical) : val]),
    )
    expect(failed(verifyFile(b))[0]).toEqual(['proof', 'LIVESTOCK_LABEL_PROOF'])
  })

  it('a farm removed from the history stated is refused (LIVESTOCK_LABEL_FACT_CHANGED)', () => {
    const b = clone(bundle)
    b.text.facts = b.text.facts.map(([k, val]) => [k, k === '사육지' ? val.split('; ').filter((s) => !s.startsWith(MARKET)).join('; ') : val])
    expect(failed(verifyFile(b))).toEqual([['history', 'LIVESTOCK_LABEL_FACT_CHANGED']])
  })

  it('a farm removed from the proven head is refused (LIVESTOCK_LABEL_PROOF)', () => {
    const b = editProof(bundle, (es) =>
      es.map(([k, val]) => {
        if (k !== animalKey(COW)) return [k, val]
        const h = val as { stays: unknown[] }
        return [k, { ...h, stays: h.stays.filter((_, i) => i !== 1) } as unknown as Canonical]
      }),
    )
    expect(failed(verifyFile(b))[0]).toEqual(['proof', 'LIVESTOCK_LABEL_PROOF'])
  })

  it('an event hidden from the history stated is refused (LIVESTOCK_LABEL_EVENT_MISSING)', () => {
    const b = clone(bundle)
    b.text.lines = b.text.lines.filter((l) => l.kind !== 'test')
    expect(failed(verifyFile(b))).toEqual([['history', 'LIVESTOCK_LABEL_EVENT_MISSING']])
  })

  it('an event hidden from the proof is refused (LIVESTOCK_LABEL_PROOF: the range proof proves none is left out)', () => {
    const b = editProof(bundle, (es) => es.filter(([k]) => k !== animalEventKey(COW, 6)))
    expect(failed(verifyFile(b))[0]).toEqual(['proof', 'LIVESTOCK_LABEL_PROOF'])
  })

  it("a proof of another animal is refused (LIVESTOCK_LABEL_OTHER_ANIMAL)", () => {
    const b = clone(bundle)
    b.state = otherBundle.state
    b.qr = otherBundle.qr
    expect(failed(verifyFile(b))).toContainEqual(['animal', 'LIVESTOCK_LABEL_OTHER_ANIMAL'])
  })

  it("the QR code of another label is refused (LIVESTOCK_LABEL_QR)", () => {
    const b = clone(bundle)
    b.qr = otherBundle.qr
    expect(failed(verifyFile(b))).toEqual([['proof', 'LIVESTOCK_LABEL_QR']])
  })

  it('a QR code whose record was edited is refused (LIVESTOCK_LABEL_PROOF)', async () => {
    const x = await buildLabel(chainSource(chain), COW, { lang: 'ko' })
    const c = certifiedFromQr(x.qr, verifiers, trust)
    const st = c.state!
    if (st.proof.kind !== 'present') throw new Error('not a head proof')
    const edited = { ...c, state: { ...st, proof: { ...st.proof, value: { ...(st.proof.value as object), alerts: 0, breed: 'dairy' } as Canonical } } }
    const r = verifyCertified({ certified: edited, trust, verify: verifyNode }, verifiers) as V
    expect(failed(r)[0]).toEqual(['proof', 'LIVESTOCK_LABEL_PROOF'])
  })

  it('a file that is not a label is refused with a reason, never a crash', () => {
    expect(() => v().bundle!({ format: 'daejang-livestock-label/1', animal: COW })).toThrow(/label file/)
    expect(() => v().bundle!('nonsense')).toThrow()
  })
})

describe('livestock label: still current?', () => {
  it('a later proof of the unchanged head: still current; after a DNA alert: no longer current, with what changed', async () => {
    const src = chainSource(chain)
    const x = await buildLabel(src, COW, { lang: 'en' })
    // a block that does not touch the animal: its head proven as of it is the same
    await chain.block(new Map([['filler/unrelated/v', 1]]))
    const same = await headProof(src, COW)
    expect(same.state).toBeDefined()
    expect(verifyQr(x.qr, [same]).checks.status.current).toBe(true)
    // a DNA mismatch recorded after the label
    const h = cowHistory()
    h.events.push({ ...h.events[9]!, seq: 11, kind: 'dna', date: '2026-11-28', detail: { match: false, sample: 'DNA-0001' } })
    h.head = { ...h.head, events: 11, alerts: 1 }
    await chain.block(historyWrites(h))
    const later = await headProof(src, COW)
    const r = verifyFile(x.bundle, [later])
    expect(failed(r)).toEqual([])
    expect(r.checks.status.current).toBe(false)
    expect(r.checks.status.code).toBe('LIVESTOCK_LABEL_CHANGED')
    expect(r.checks.status.detail).toContain('1 DNA mismatch alert raised')
    // a later proof of another animal is refused
    const other = await headProof(src, OTHER_COW)
    expect(failed(verifyFile(x.bundle, [other]))).toEqual([['status', 'LIVESTOCK_LABEL_LATER_REFUSED']])
    // the new label shows the alert
    const y = await buildLabel(src, COW, { lang: 'en' })
    expect(y.text.lines.at(-1)!.alert).toBe(true)
    expect(Object.fromEntries(y.label.facts)['DNA mismatch alerts']).toBe('1')
  })
})

describe('livestock label: the QR code (format 2) on a small printed label', () => {
  it('every animal of a generated 4-validator chain encodes at version ≤ 25, level L: the full proof, or for a long head the digest form', async () => {
    // 20,000 other groups, then 200 animals with 3–11 farms stayed on and up to 16 events each
    const gen = await stateChain({ chainId: 'livestock-qr', base: fillerState(20_000, 'filler', 0) })
    expect(gen.set).toHaveLength(4)
    const animals: Array<{ animal: string; stays: number }> = []
    const writes = new Map<string, Canonical>()
    for (let i = 0; i < 200; i++) {
      const animal = withCheckDigit('0031' + String(i).padStart(7, '0'))
      const h = cowHistory(animal)
      const stays = [...h.head.stays]
      for (let k = 0; k < i % 9; k++) stays.splice(1, 0, { site: String(200100 + ((i * 7 + k) % 900)), from: '2025-01-15', to: '2025-01-16' })
      const events = [...h.events, ...h.events.slice(3, 3 + (i % 7)).map((e, k) => ({ ...e, seq: h.events.length + 1 + k }))]
      for (const [k, x] of historyWrites({ head: { ...h.head, stays, events: events.length }, events })) writes.set(k, x)
      animals.push({ animal, stays: stays.length })
    }
    await gen.block(writes)
    const src = chainSource(gen)
    const verifyGen = (certified: ReturnType<typeof certifiedFromQr>): V => verifyCertified({ certified, trust: gen.trust, verify: verifyNode }, verifiers) as V
    const full: number[] = []
    const digest: number[] = []
    for (const { animal, stays } of animals) {
      const x = await buildLabel(src, animal, { lang: 'en' })
      expect(qrMatrix(x.qr, 'L').version, animal).toBeLessThanOrEqual(LABEL_MAX_QR_VERSION)
      expect(labelQrAnimal(x.qr)).toBe(animal)
      const alone = verifyGen(certifiedFromQr(x.qr, verifiers, gen.trust))
      if (alone.valid) full.push(stays)
      else {
        // the digest form: refused alone in words, the file verifies with it
        expect(failed(alone)[0], animal).toEqual(['proof', 'LIVESTOCK_LABEL_QR_ONLY'])
        digest.push(stays)
      }
      expect(failed(verifyGen(v().bundle!(x.bundle))), animal).toEqual([])
    }
    // the full proof for most animals; only the longest heads and proofs fall back
    expect(full.length).toBeGreaterThan(130)
    expect(full.length + digest.length).toBe(animals.length)
  }, 180_000)

  it("a file whose digest QR code is of another record, or of another block, is refused (LIVESTOCK_LABEL_QR)", async () => {
    const src = chainSource(chain)
    const x = await buildLabel(src, COW, { lang: 'ko' })
    const proof = await src.proveState(animalKey(COW), x.state.header.height)
    const own = labelDigestQrText(proof, COW, chain.set)
    expect(failed(verifyFile({ ...clone(x.bundle), qr: own }))).toEqual([])
    const otherProof = await src.proveState(animalKey(OTHER_COW), x.state.header.height)
    const otherHead = { ...proof, proof: { ...proof.proof, value: otherProof.proof.kind === 'present' ? { ...(otherProof.proof.value as object), animal: COW } as Canonical : null } }
    expect(failed(verifyFile({ ...clone(x.bundle), qr: labelDigestQrText(otherHead, COW, chain.set) }))).toEqual([['proof', 'LIVESTOCK_LABEL_QR']])
    expect(failed(verifyQr(own))).toEqual([['proof', 'LIVESTOCK_LABEL_QR_ONLY'], ['animal', 'LIVESTOCK_LABEL_QR_ONLY'], ['history', 'LIVESTOCK_LABEL_QR_ONLY'], ['status', 'LIVESTOCK_LABEL_QR_ONLY']])
  })

  it('the digits a version-25 code holds after the prefix, as the QR encoder counts them', () => {
    expect(qrMatrix(LABEL_QR_PREFIX + '9'.repeat(LABEL_QR_MAX_DIGITS), 'L').version).toBe(LABEL_MAX_QR_VERSION)
    expect(qrMatrix(LABEL_QR_PREFIX + '9'.repeat(LABEL_QR_MAX_DIGITS + 1), 'L').version).toBe(LABEL_MAX_QR_VERSION + 1)
  })

  it('a label QR code of format 1 is refused in words; digits changed in the code are refused, never read as another record', async () => {
    expect(() => certifiedFromQr('DJ:LIVESTOCK/1:ABCDEF', verifiers, trust)).toThrow(/format 1.*print the label again/)
    const x = await buildLabel(chainSource(chain), COW, { lang: 'ko' })
    const body = x.qr.slice('DJ:LIVESTOCK/2/'.length)
    for (const at of [3, 40, 200, body.length - 60, body.length - 2]) {
      const d = body[at] === '0' ? '1' : '0'
      const changed = 'DJ:LIVESTOCK/2/' + body.slice(0, at) + d + body.slice(at + 1)
      let refused = false
      try {
        const r = verifyCertified({ certified: certifiedFromQr(changed, verifiers, trust), trust, verify: verifyNode }, verifiers) as V
        refused = !r.valid
      } catch {
        refused = true
      }
      expect(refused, `digit ${at}`).toBe(true)
    }
  })

  it('the printed label: the QR code read back from the PDF by zbarimg is the label’s, at version ≤ 25; the file is attached', async () => {
    const x = await buildLabel(chainSource(chain), COW, { lang: 'ko' })
    const r = await renderLabel(x, certificateFonts())
    expect(r.qr.version).toBeLessThanOrEqual(LABEL_MAX_QR_VERSION)
    expect(r.qr.level).toBe('L')
    const attached = await readAttachment(r.pdf, LABEL_BUNDLE_FILE)
    expect(failed(verifyFile(JSON.parse(new TextDecoder().decode(attached))))).toEqual([])
    const dir = mkdtempSync(join(tmpdir(), 'lv-label-'))
    try {
      const file = join(dir, 'label.pdf')
      writeFileSync(file, r.pdf)
      // 600 dpi: the 60 × 40 mm label's modules are ~0.3 mm
      const raster = spawnSync('pdftoppm', ['-r', '600', '-png', file, join(dir, 'page')])
      expect(raster.status, 'pdftoppm (poppler-utils) renders the label').toBe(0)
      const png = readdirSync(dir).find((f) => f.endsWith('.png'))!
      const scanned = spawnSync('zbarimg', ['--raw', '-q', join(dir, png)], { encoding: 'utf8' })
      expect(scanned.status, 'zbarimg reads the label').toBe(0)
      expect(scanned.stdout.trim()).toBe(x.qr)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
