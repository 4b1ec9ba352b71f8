/**
 * Animals' histories written by hand as the rules write them (docs/adr/0041: `lv/a/<n>/head` and `e-NNNNNN`, sites,
 * a bundle) on a state chain of 4 validators with filler state, and the label source over it: for the label's and
 * the lookup's tests and the bench, before (and independently of) the rules.
 */
import { toHex, utf8 } from '../../src/ledger/codec/bytes'
import type { Canonical } from '../../src/ledger/codec/canonical'
import { sha256 } from '../../src/ledger/crypto/sha256'
import type { LabelSource } from '../../src/ledger/registries/livestock/label'
import { withCheckDigit } from '../../src/ledger/registries/livestock/portable/identifiers'
import { animalEventKey, animalKey, bundleKey, siteKey } from '../../src/ledger/registries/livestock/portable/keys'
import type { AnimalEvent, AnimalHead, BundleRecord, SiteRecord } from '../../src/ledger/registries/livestock/portable/schema'
import { type StateChain, fillerState, stateChain } from '../cert/state-chain'

export const COW = withCheckDigit('00212345678')
export const OTHER_COW = withCheckDigit('00212345679')
export const BUNDLE = 'L12611200001001'
export const FARM_A = '100001'
export const MARKET = '200001'
export const FARM_B = '100002'
export const ABATTOIR = '300001'
export const PACKER = '400001'
export const SHOP = '500001'

const key = toHex(sha256(utf8('keeper')))
const tx = (s: string): string => toHex(sha256(utf8('tx/' + s)))

function ev(animal: string, seq: number, kind: AnimalEvent['kind'], date: string, site: string | null, detail: AnimalEvent['detail'] = {}, late = 0): AnimalEvent {
  return { seq, kind, date, recordedOn: date, late, height: 1 + seq, tx: tx(`${animal}/${seq}`), by: key, site, detail }
}

/** A hanwoo steer from birth to the shop shelf: born, tagged (late), moved through a market, vaccinated, tested, slaughtered, graded, packed in a mixed bundle, sold. */
export function cowHistory(animal = COW): { head: AnimalHead; events: AnimalEvent[] } {
  const events: AnimalEvent[] = [
    ev(animal, 1, 'birth', '2024-03-01', FARM_A),
    ev(animal, 2, 'tag', '2024-04-10', FARM_A, {}, 10),
    ev(animal, 3, 'vaccination', '2024-06-01', FARM_A, { disease: 'fmd', product: 'Aftovax' }),
    ev(animal, 4, 'move', '2025-01-15', MARKET, { from: FARM_A, to: MARKET }),
    ev(animal, 5, 'move', '2025-01-16', FARM_B, { from: MARKET, to: FARM_B }),
    ev(animal, 6, 'test', '2025-05-02', FARM_B, { disease: 'brucellosis', result: 'negative' }),
    ev(animal, 7, 'slaughter', '2026-11-20', ABATTOIR, { inspection: 'pass', dnaSample: 'DNA-0001' }),
    ev(animal, 8, 'grade', '2026-11-21', ABATTOIR, { quality: '1++', yield: 'A', weightKg: '432.5' }),
    ev(animal, 9, 'pack', '2026-11-23', PACKER, { cut: 'sirloin', bundle: BUNDLE }),
    ev(animal, 10, 'sale', '2026-11-25', SHOP, { bundle: BUNDLE }),
  ]
  const head: AnimalHead = {
    animal,
    breed: 'hanwoo',
    sex: 'castrated',
    birthDate: '2024-03-01',
    mother: null,
    origin: { kind: 'born', farm: FARM_A },
    status: 'slaughtered',
    site: ABATTOIR,
    stays: [
      { site: FARM_A, from: '2024-03-01', to: '2025-01-15' },
      { site: MARKET, from: '2025-01-15', to: '2025-01-16' },
      { site: FARM_B, from: '2025-01-16', to: '2026-11-20' },
    ],
    tagged: '2024-04-10',
    slaughter: { site: ABATTOIR, date: '2026-11-20', inspection: 'pass', dnaSample: 'DNA-0001' },
    grade: { quality: '1++', yield: 'A', weightKg: '432.5' },
    events: events.length,
    alerts: 0,
  }
  return { head, events }
}

export function historyWrites(h: { head: AnimalHead; events: AnimalEvent[] }): Map<string, Canonical> {
  const m = new Map<string, Canonical>()
  m.set(animalKey(h.head.animal), h.head as unknown as Canonical)
  for (const e of h.events) m.set(animalEventKey(h.head.animal, e.seq), e as unknown as Canonical)
  return m
}

function site(s: string, kind: SiteRecord['kind'], name: string): [string, Canonical] {
  const rec: SiteRecord = { site: s, kind, name, area: '4717012300', address: '경상북도 안동시', keepers: [key], closed: false, agency: 'mafra', registeredAt: 1 }
  return [siteKey(s), rec as unknown as Canonical]
}

export function siteWrites(): Map<string, Canonical> {
  const bundle: BundleRecord = { bundle: BUNDLE, packer: PACKER, date: '2026-11-23', cut: 'mixed', animals: [COW, OTHER_COW], height: 9, tx: tx('bundle') }
  return new Map([
    site(FARM_A, 'farm', '하늘목장'),
    site(MARKET, 'market', '안동 가축시장'),
    site(FARM_B, 'farm', '푸른들 농장'),
    site(ABATTOIR, 'slaughterhouse', '안동 도축장'),
    site(PACKER, 'packer', '한빛 포장처리'),
    site(SHOP, 'shop', '우리 정육점'),
    [bundleKey(BUNDLE), bundle as unknown as Canonical],
  ])
}

/** A chain with filler state, the two animals and the sites, written in one block after the filler. */
export async function livestockChain(filler = 2_000): Promise<StateChain> {
  const chain = await stateChain({ chainId: 'livestock-label', base: fillerState(filler, 'filler', 0) })
  const other = cowHistory(OTHER_COW)
  await chain.block(new Map([...historyWrites(cowHistory()), ...historyWrites(other), ...siteWrites()]))
  return chain
}

/** The label source over a state chain (no trust steps: its set never changes). */
export function chainSource(chain: StateChain): LabelSource {
  const at = (h: number | undefined): number => h ?? chain.height()
  const headers = new Map<number, Omit<Awaited<ReturnType<StateChain['certified']>>, 'proof'>>()
  const headerOf = async (h: number): Promise<Omit<Awaited<ReturnType<StateChain['certified']>>, 'proof'>> => {
    let x = headers.get(h)
    if (!x) {
      const { proof: _p, ...rest } = await chain.certified('lv/none', h)
      headers.set(h, (x = rest))
    }
    return x
  }
  return {
    proveState: async (k, h) => ({ proof: await chain.tree.prove(k, at(h)), ...(await headerOf(at(h))) }),
    proveRange: async (g, h) => chain.certified(g, at(h)),
    headHeight: () => chain.height(),
    setAt: () => chain.set,
  }
}
