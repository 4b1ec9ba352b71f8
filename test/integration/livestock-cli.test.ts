/**
 * The livestock register through the real `daejang` CLI against a running node: an officer registers two farms and a
 * slaughterhouse; a calf is born and tagged; a move the buyer's farm co-signs (`livestock move` makes the act, the
 * generic `tx cosign` and `tx submit` carry it); refusals with their stable codes and in words; a standstill placed,
 * listed and lifted; the slaughter; `livestock animal show` reads the history back in Korean and English; then a vet
 * test, a grade, a mixed bundle packed and sold, a DNA mismatch, an import and an export.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withCheckDigit } from '../../src/ledger/registries/livestock/portable/identifiers'
import { cli, startNode, stopAll, tempHome } from './harness'

describe('daejang livestock', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const f = (name: string): string => join(t.dir, name)
  const keys: Record<string, string> = {}
  const CALF = withCheckDigit('00200000001')
  const OTHER = withCheckDigit('00200000002')
  const ok = (args: string[]) => {
    const r = cli([...args, '--home', home, '--json'])
    expect(r.code, `${args.join(' ')}: ${r.stderr}${r.stdout}`).toBe(0)
    return r.json
  }
  const refusedWith = (args: string[], code: string) => {
    const r = cli([...args, '--home', home, '--json'])
    expect(r.code, r.stdout).toBe(1)
    expect(r.json.error.code).toBe(code)
  }

  beforeAll(async () => {
    expect(cli(['init', '--home', home, '--heartbeat-ms', '200', '--agency-id', 'mafra', '--agency-name', '농림축산식품부', '--json']).code).toBe(0)
    await startNode(home)
    const roles: Record<string, string[]> = {
      officer: ['livestock-officer'],
      seller: ['farmer'],
      buyer: ['farmer'],
      tagger: ['tagger'],
      butcher: ['slaughterhouse', 'grader'],
      vet: ['vet'],
      // one key keeps the packing plant and the shop, and stands in for the lab
      trade: ['packer', 'shop', 'lab'],
    }
    for (const [name, rs] of Object.entries(roles)) {
      const k = cli(['keys', 'create', '--home', home, '--name', name, '--json'])
      expect(k.code, k.stderr).toBe(0)
      keys[name] = k.json.publicKey
      for (const role of rs) {
        const g = cli(['role', 'grant', '--home', home, '--subject', keys[name]!, '--role', role, '--json'])
        expect(g.code, g.stderr).toBe(0)
      }
    }
  }, 5 * 60_000)

  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('registers sites; a calf is born and tagged, once, by its valid number', { timeout: 5 * 60_000 }, () => {
    const reg = (site: string, kind: string, keeper: string, area: string) =>
      ok(['livestock', 'site', 'register', '--key', 'officer', '--site', site, '--kind', kind, '--name', `${kind} ${site}`, '--area', area, '--address', '경상북도 안동시', '--keeper', keys[keeper]!])
    reg('100001', 'farm', 'seller', '4717025021')
    reg('100002', 'farm', 'buyer', '4717031022')
    reg('300001', 'slaughterhouse', 'butcher', '4128110100')
    const s = ok(['livestock', 'site', 'show', '100002'])
    expect(s.site).toMatchObject({ kind: 'farm', keepers: [keys.buyer], closed: false })
    // only an officer registers
    refusedWith(['livestock', 'site', 'register', '--key', 'seller', '--site', '100003', '--kind', 'farm', '--name', 'x', '--area', '4717025021', '--address', 'x', '--keeper', keys.seller!], 'UNAUTHORIZED_ROLE')

    const b = ok(['livestock', 'birth', '--key', 'seller', '--animal', CALF, '--farm', '100001', '--breed', 'hanwoo', '--sex', 'female'])
    expect(b).toMatchObject({ type: 'livestock.birth', payload: { animal: CALF, farm: '100001' } })
    ok(['livestock', 'birth', '--key', 'tagger', '--animal', OTHER, '--farm', '100001', '--breed', 'hanwoo', '--sex', 'male'])
    // a number whose check digit does not match, in words
    const bad = CALF.slice(0, 11) + String((Number(CALF[11]) + 1) % 10)
    refusedWith(['livestock', 'tag', '--key', 'tagger', '--animal', bad], 'LIVESTOCK_BAD_NUMBER')
    const human = cli(['livestock', 'tag', '--key', 'tagger', '--animal', bad, '--home', home, '--lang', 'ko'])
    expect(human.code).toBe(1)
    expect(human.stderr + human.stdout).toContain('이력번호')
    // typed as the ear tag groups it
    ok(['livestock', 'tag', '--key', 'tagger', '--animal', `${CALF.slice(0, 3)} ${CALF.slice(3, 7)} ${CALF.slice(7, 11)} ${CALF.slice(11)}`])
    refusedWith(['livestock', 'tag', '--key', 'tagger', '--animal', CALF], 'LIVESTOCK_ALREADY_TAGGED')
  })

  it('moves the calf with the buyer farm co-signing the act; one farm alone, or an untagged animal, is refused', { timeout: 5 * 60_000 }, () => {
    refusedWith(['livestock', 'move', '--key', 'seller', '--animal', CALF, '--from', '100001', '--to', '100002'], 'LIVESTOCK_BOTH_SITES')
    // both farms sign the move of the untagged animal: refused all the same
    ok(['livestock', 'move', '--key', 'seller', '--animal', OTHER, '--from', '100001', '--to', '100002', '--cosigner', keys.buyer!, '--out', f('untagged.json')])
    expect(cli(['tx', 'cosign', f('untagged.json'), '--home', home, '--key', 'buyer', '--yes', '--json']).code).toBe(0)
    const u = cli(['tx', 'submit', f('untagged.json'), '--home', home, '--wait', '--json'])
    expect(u.code, u.stdout).toBe(1)
    expect(JSON.stringify(u.json)).toContain('LIVESTOCK_UNTAGGED')
    const a = ok(['livestock', 'move', '--key', 'seller', '--animal', CALF, '--from', '100001', '--to', '100002', '--cosigner', keys.buyer!, '--out', f('move.json')])
    expect(a.missing).toEqual([keys.buyer])
    const c = cli(['tx', 'cosign', f('move.json'), '--home', home, '--key', 'buyer', '--yes', '--json'])
    expect(c.code, c.stderr).toBe(0)
    expect(c.json.missing).toEqual([])
    const s = cli(['tx', 'submit', f('move.json'), '--home', home, '--wait', '--json'])
    expect(s.code, s.stderr + s.stdout).toBe(0)
    const h = ok(['livestock', 'animal', 'show', CALF])
    expect(h.head).toMatchObject({ site: '100002', stays: [{ site: '100001' }, { site: '100002', to: null }] })
  })

  it('refuses slaughter under a standstill on the farm’s area; lifted, the calf is slaughtered; its history in words', { timeout: 5 * 60_000 }, () => {
    ok(['livestock', 'standstill', 'place', '--key', 'officer', '--order', 'FMD-0001', '--area', '47170310', '--disease', 'fmd', '--reason', '구제역 의심축 신고'])
    const list = ok(['livestock', 'standstill', 'list'])
    expect(list.standstills).toMatchObject([{ order: 'FMD-0001', target: { kind: 'area', area: '47170310' }, lifted: null }])
    const en = cli(['livestock', 'standstill', 'list', '--home', home, '--lang', 'en'])
    expect(en.stdout).toContain('Foot-and-mouth disease')
    const slaughter = ['livestock', 'slaughter', '--key', 'butcher', '--animal', CALF, '--slaughterhouse', '300001', '--inspection', 'pass', '--dna-sample', 'DNA-0001']
    refusedWith(slaughter, 'LIVESTOCK_STANDSTILL')
    ok(['livestock', 'standstill', 'lift', '--key', 'officer', '--order', 'FMD-0001', '--area', '47170310', '--reason', '정밀검사 음성'])
    expect(ok(['livestock', 'standstill', 'list']).standstills).toEqual([])
    ok(slaughter)
    const h = ok(['livestock', 'animal', 'show', CALF])
    expect(h.head).toMatchObject({ status: 'slaughtered', slaughter: { site: '300001', inspection: 'pass', dnaSample: 'DNA-0001' } })
    expect(h.events.map((e: { kind: string }) => e.kind)).toEqual(['birth', 'tag', 'move', 'slaughter'])
    const ko = cli(['livestock', 'animal', 'show', CALF, '--home', home, '--lang', 'ko'])
    expect(ko.code, ko.stderr).toBe(0)
    for (const word of ['한우', '출생', '귀표 부착', '이동', '도축', '합격']) expect(ko.stdout).toContain(word)
    expect(ko.stdout).not.toContain('slaughter')
    const enShow = cli(['livestock', 'animal', 'show', CALF, '--home', home, '--lang', 'en'])
    for (const word of ['Hanwoo', 'Birth', 'Ear tag', 'Move', 'Slaughter']) expect(enShow.stdout).toContain(word)
    refusedWith(['livestock', 'animal', 'show', withCheckDigit('00200000099')], 'LIVESTOCK_UNKNOWN_ANIMAL')
  })

  it('vet, grade, pack into a mixed bundle, sell, DNA; import and export', { timeout: 5 * 60_000 }, () => {
    const reg = (site: string, kind: string) =>
      ok(['livestock', 'site', 'register', '--key', 'officer', '--site', site, '--kind', kind, '--name', `${kind} ${site}`, '--area', '4128110100', '--address', '경기도 고양시', '--keeper', keys.trade!])
    reg('400001', 'packer')
    reg('500001', 'shop')
    ok(['livestock', 'tag', '--key', 'tagger', '--animal', OTHER])
    const v = ok(['livestock', 'vet', '--key', 'vet', '--animal', OTHER, '--act', 'test', '--disease', 'brucellosis', '--result', 'negative'])
    expect(v.payload).toMatchObject({ animals: [OTHER], act: 'test', result: 'negative' })
    ok(['livestock', 'slaughter', '--key', 'butcher', '--animal', OTHER, '--slaughterhouse', '300001', '--inspection', 'pass', '--dna-sample', 'DNA-0002'])
    ok(['livestock', 'grade', '--key', 'butcher', '--animal', CALF, '--quality', '1++', '--yield', 'A', '--weight', '451.5'])
    refusedWith(['livestock', 'pack', '--key', 'trade', '--packer', '400001', '--animal', CALF, '--animal', OTHER, '--cut', 'sirloin'], 'LIVESTOCK_BUNDLE_REQUIRED')
    ok(['livestock', 'pack', '--key', 'trade', '--packer', '400001', '--animal', CALF, '--animal', OTHER, '--cut', 'sirloin', '--bundle', 'L12612030000001', '--shop', '500001'])
    expect(ok(['livestock', 'bundle', 'show', 'L12612030000001']).bundle.animals).toEqual([CALF, OTHER])
    ok(['livestock', 'sell', '--key', 'trade', '--shop', '500001', '--number', 'L12612030000001'])
    ok(['livestock', 'dna', '--key', 'trade', '--sample', 'LAB-0001', '--animal', OTHER, '--shop', '500001', '--result', 'mismatch'])
    const o = ok(['livestock', 'animal', 'show', OTHER])
    expect(o.head).toMatchObject({ alerts: 1, grade: null })
    expect(o.events.map((e: { kind: string }) => e.kind)).toEqual(['birth', 'tag', 'test', 'slaughter', 'pack', 'sale', 'dna'])
    const c = ok(['livestock', 'animal', 'show', CALF])
    expect(c.head.grade).toEqual({ quality: '1++', yield: 'A', weightKg: '451.5' })

    const IMPORTED = withCheckDigit('00200000003')
    ok(['livestock', 'import', '--key', 'officer', '--animal', IMPORTED, '--farm', '100002', '--lot', 'AU-2026-0042', '--country', 'AU', '--foreign-id', '982 000123456789', '--breed', 'beef', '--sex', 'castrated', '--birth-date', '2025-03-01'])
    ok(['livestock', 'export', '--key', 'buyer', '--animal', IMPORTED, '--farm', '100002', '--country', 'HK'])
    const i = ok(['livestock', 'animal', 'show', IMPORTED])
    expect(i.head).toMatchObject({ status: 'exported', origin: { kind: 'imported', country: 'AU', foreignId: '982 000123456789' } })
    const ko = cli(['livestock', 'animal', 'show', IMPORTED, '--home', home, '--lang', 'ko'])
    for (const word of ['육우', '거세', '수입', '수출']) expect(ko.stdout).toContain(word)
  })
})
