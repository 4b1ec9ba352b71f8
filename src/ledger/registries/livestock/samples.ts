/**
 * A payload of every transaction type of the livestock registry, as a node would accept it: test/renderer/words.test.ts
 * describes each in words and checks it against the type's schema (a type without a sample fails there).
 */
import { withCheckDigit } from './portable/identifiers'

const key = (n: number): string => n.toString(16).padStart(2, '0').repeat(32)
const calf = withCheckDigit('00212345678')
const steer = withCheckDigit('00298765432')

export const samples: Readonly<Record<string, unknown>> = {
  'livestock.site.register': { site: '123456', kind: 'farm', name: '햇살한우농장', area: '4717012300', address: '경상북도 안동시 풍산읍 안교리 12', keepers: [key(1)] },
  'livestock.site.update': { site: '123456', keepers: [key(1), key(2)] },
  'livestock.birth': { animal: calf, farm: '123456', date: '2026-11-28', breed: 'hanwoo', sex: 'female' },
  'livestock.tag': { animal: calf, date: '2026-12-01' },
  'livestock.move': { animals: [calf, steer], from: '123456', to: '654321', date: '2026-12-02' },
  'livestock.vet': { animals: [calf], date: '2026-12-02', act: 'test', disease: 'brucellosis', result: 'negative' },
  'livestock.death': { animal: calf, date: '2026-12-02', cause: '폐렴', disposal: 'rendering' },
  'livestock.import': { animal: steer, farm: '123456', date: '2026-11-20', lot: 'AU-2026-0042', country: 'AU', foreignId: '982 000123456789', breed: 'beef', sex: 'castrated', birthDate: '2025-03-01' },
  'livestock.export': { animal: steer, farm: '123456', date: '2026-12-01', country: 'HK' },
  'livestock.slaughter': { animal: steer, slaughterhouse: '300001', date: '2026-12-01', inspection: 'pass', dnaSample: 'DNA-2026-000123' },
  'livestock.grade': { animal: steer, date: '2026-12-02', quality: '1+', yield: 'A', weightKg: '432.5' },
  'livestock.pack': { packer: '400001', date: '2026-12-02', animals: [steer, calf], cut: 'sirloin', bundle: 'L12612020001001', shop: '500001' },
  'livestock.sale': { shop: '500001', date: '2026-12-03', number: 'L12612020001001' },
  'livestock.dna': { sample: 'LAB-2026-0007', animal: steer, shop: '500001', date: '2026-12-03', result: 'match' },
  'livestock.standstill.place': { order: 'FMD-2026-001', targets: [{ kind: 'site', site: '123456' }, { kind: 'area', area: '47170' }], disease: 'fmd', reason: '구제역 의심축 신고' },
  'livestock.standstill.lift': { order: 'FMD-2026-001', targets: [{ kind: 'site', site: '123456' }], reason: '정밀검사 음성' },
  'livestock.batch': { events: [{ type: 'livestock.birth', payload: { animal: calf, farm: '123456', date: '2026-11-28', breed: 'hanwoo', sex: 'female' } }, { type: 'livestock.tag', payload: { animal: calf, date: '2026-12-01' } }] },
}
