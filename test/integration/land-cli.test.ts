/**
 * The land register through the real `daejang` CLI against a running node: an administrator defines an office, a
 * registrar opens a register, buyer and seller make and co-sign an application (`land apply` makes the act; the
 * generic `tx cosign` and `tx submit` carry it), the registrar reads the queue and enters it (only with --yes),
 * rejects another with a reason; `land show` (whole, current-only, as of a block) and `land search` read it back.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, startNode, stopAll, tempHome } from './harness'

describe('daejang land', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const f = (name: string): string => join(t.dir, name)
  const keys: Record<string, string> = {}
  // receipts are dated by the Korean day; a cause two days ago is never after the block's day
  const kst = new Date(Date.now() + 9 * 3600_000)
  const year = kst.toISOString().slice(0, 4)
  const causeOn = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10)
  const NUMBER = `1101-${year}-000001`
  const holder = (name: string, key: string) => ({
    kind: 'person',
    name,
    id: '800101-1******',
    idHash: null,
    address: '서울특별시 종로구 사직로 161',
    key,
    agency: null,
    share: null,
  })
  const request = (o: Record<string, unknown>) => ({
    register: NUMBER,
    purpose: 'ownership.transfer',
    cause: 'sale',
    causeOn,
    holders: [],
    of: null,
    portion: null,
    amount: null,
    debtor: null,
    target: null,
    caseNo: null,
    mandate: null,
    ...o,
  })
  let openedAt = 0

  beforeAll(async () => {
    expect(cli(['init', '--home', home, '--heartbeat-ms', '200', '--agency-id', 'court', '--agency-name', '대법원 법원행정처', '--json']).code).toBe(0)
    await startNode(home)
    for (const name of ['registrar', 'seller', 'buyer']) {
      const k = cli(['keys', 'create', '--home', home, '--name', name, '--json'])
      expect(k.code, k.stderr).toBe(0)
      keys[name] = k.json.publicKey
    }
    const g = cli(['role', 'grant', '--home', home, '--subject', keys.registrar!, '--role', 'registrar', '--label', '등기관 김영희', '--json'])
    expect(g.code, g.stderr).toBe(0)
  }, 5 * 60_000)

  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('defines an office and opens a register, printing its number', { timeout: 3 * 60_000 }, () => {
    const d = cli(['land', 'office', 'define', '--home', home, '--office', '1101', '--name', '서울중앙지방법원 등기국', '--json'])
    expect(d.code, d.stderr).toBe(0)
    expect(d.json).toMatchObject({ office: '1101', agency: 'court' })
    expect(cli(['land', 'offices', '--home', home, '--json']).json).toEqual([{ office: '1101', name: '서울중앙지방법원 등기국', agency: 'court', agencyName: '대법원 법원행정처' }])
    // in words: the agency's name, not its id
    const offices = cli(['land', 'offices', '--home', home, '--lang', 'ko'])
    expect(offices.stdout).toContain('대법원 법원행정처')
    expect(offices.stdout).not.toMatch(/\bcourt\b/)
    writeFileSync(
      f('open.json'),
      JSON.stringify({
        office: '1101',
        head: { kind: 'land', location: { sido: '서울특별시', sigungu: '종로구', dong: '세종로', ri: null, mountain: false, main: 1, sub: 3 }, road: null, category: 'building-site', area: '330.00' },
        owners: [holder('박서준', keys.seller!)],
        cause: 'new-building',
        causeOn,
      }),
    )
    const o = cli(['land', 'open', '--home', home, '--file', f('open.json'), '--json'])
    expect(o.code, o.stderr).toBe(0)
    expect(o.json.number).toBe(NUMBER)
    openedAt = o.json.height
    // a key without the registrar role cannot open one, with a stable code
    const refused = cli(['land', 'open', '--home', home, '--key', 'seller', '--file', f('open.json'), '--json'])
    expect(refused.code).toBe(1)
    expect(refused.json.error.code).toBe('UNAUTHORIZED_ROLE')
  })

  it('makes the act the parties sign together; the registrar enters it from the queue, only with --yes', { timeout: 5 * 60_000 }, () => {
    writeFileSync(f('sale.json'), JSON.stringify(request({ holders: [holder('김민지', keys.buyer!)], amount: '850000000' })))
    const a = cli(['land', 'apply', '--home', home, '--key', 'buyer', '--file', f('sale.json'), '--cosigner', keys.seller!, '--out', f('act.json'), '--json'])
    expect(a.code, a.stderr).toBe(0)
    expect(a.json.missing).toEqual([keys.seller])
    expect(a.json.payload).toMatchObject({ office: '1101', request: { register: NUMBER, purpose: 'ownership.transfer' } })
    const c = cli(['tx', 'cosign', f('act.json'), '--home', home, '--key', 'seller', '--yes', '--json'])
    expect(c.code, c.stderr).toBe(0)
    expect(c.json.missing).toEqual([])
    const s = cli(['tx', 'submit', f('act.json'), '--home', home, '--wait', '--json'])
    expect(s.code, s.stderr).toBe(0)

    const q = cli(['land', 'queue', '--home', home, '--office', '1101', '--json'])
    expect(q.code, q.stderr).toBe(0)
    expect(q.json.map((x: { receipt: number }) => x.receipt)).toEqual([2])
    expect(q.json[0]).toMatchObject({ status: 'received', findings: [], findingNow: null, parties: [keys.buyer, keys.seller] })
    const human = cli(['land', 'queue', '--home', home, '--office', '1101', '--lang', 'ko'])
    expect(human.stdout).toContain('소유권이전')
    expect(human.stdout).toContain('걸림 없음')
    expect(human.stdout).toContain('김민지, 박서준')

    // without --yes: shown, not entered, exit 1
    const shown = cli(['land', 'enter', '--home', home, '--office', '1101', '--year', year, '--receipt', '2', '--json'])
    expect(shown.code).toBe(1)
    expect(shown.json).toMatchObject({ done: false, application: { receipt: 2, status: 'received' } })
    const e = cli(['land', 'enter', '--home', home, '--office', '1101', '--year', year, '--receipt', '2', '--yes', '--json'])
    expect(e.code, e.stderr).toBe(0)
    expect(e.json).toMatchObject({ done: true, application: { status: 'entered', decidedBy: keys.registrar } })
    const again = cli(['land', 'enter', '--home', home, '--office', '1101', '--year', year, '--receipt', '2', '--yes', '--json'])
    expect(again.json.error.code).toBe('LAND_APP_STATE')
  })

  it('rejects an application with a reason; the queue said what stood in the way', { timeout: 5 * 60_000 }, () => {
    // the owner alone applies to transfer to 박서준: the buyer named has not signed
    writeFileSync(f('back.json'), JSON.stringify({ office: '1101', request: request({ holders: [holder('박서준', keys.seller!)] }) }))
    const a = cli(['land', 'apply', '--home', home, '--key', 'buyer', '--file', f('back.json'), '--out', f('back-act.json'), '--json'])
    expect(a.code, a.stderr).toBe(0)
    expect(a.json.missing).toEqual([])
    expect(cli(['tx', 'submit', f('back-act.json'), '--home', home, '--wait', '--json']).code).toBe(0)
    const q = cli(['land', 'queue', '--home', home, '--office', '1101', '--json'])
    expect(q.json).toHaveLength(1)
    expect(q.json[0].findingNow.code).toBe('LAND_PARTIES')
    const human = cli(['land', 'queue', '--home', home, '--office', '1101', '--lang', 'en'])
    expect(human.stdout).toContain('A party this act needs has not signed it')
    const r = cli(['land', 'reject', '--home', home, '--office', '1101', '--year', year, '--receipt', '3', '--reason', '매수인의 서명이 없습니다.', '--yes', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.application).toMatchObject({ status: 'rejected', reason: '매수인의 서명이 없습니다.' })
    expect(cli(['land', 'queue', '--home', home, '--office', '1101', '--json']).json).toEqual([])
    expect(cli(['land', 'queue', '--home', home, '--office', '1101', '--status', 'rejected', '--json']).json.map((x: { receipt: number }) => x.receipt)).toEqual([3])
  })

  it('shows the register whole, current-only and as of a block, in Korean and English, and finds it by address', { timeout: 5 * 60_000 }, () => {
    const full = cli(['land', 'show', NUMBER, '--home', home, '--json'])
    expect(full.code, full.stderr).toBe(0)
    expect(full.json.sections.A.map((e: { rank: string; purpose: string }) => [e.rank, e.purpose])).toEqual([
      ['1', 'ownership.preservation'],
      ['2', 'ownership.transfer'],
    ])
    expect(full.json.owners.map((o: { holder: { name: string } }) => o.holder.name)).toEqual(['김민지'])
    const current = cli(['land', 'show', NUMBER.replace(/-/g, ''), '--current', '--home', home, '--json'])
    expect(current.json.sections.A.map((e: { rank: string }) => e.rank)).toEqual(['2'])
    const then = cli(['land', 'show', NUMBER, '--height', String(openedAt), '--home', home, '--json'])
    expect(then.json.owners.map((o: { holder: { name: string } }) => o.holder.name)).toEqual(['박서준'])
    const ko = cli(['land', 'show', NUMBER, '--home', home], { env: { LANG: 'ko_KR.UTF-8', LC_ALL: '', LC_MESSAGES: '' } })
    expect(ko.stdout).toContain('[갑구]')
    expect(ko.stdout).toContain('금 850,000,000원')
    expect(ko.stdout).toContain('소유권이전')
    expect(ko.stdout).toContain('서울중앙지방법원 등기국 (1101)')
    const en = cli(['land', 'show', NUMBER, '--home', home, '--lang', 'en'])
    expect(en.stdout).toContain('Transfer of ownership')
    const found = cli(['land', 'search', '서울 종로구 세종로 1-3번지', '--home', home, '--json'])
    expect(found.json.map((s: { number: string }) => s.number)).toEqual([NUMBER])
    expect(cli(['land', 'search', '부산', '--home', home, '--json']).json).toEqual([])
    const none = cli(['land', 'show', `1101-${year}-000099`, '--home', home, '--json'])
    expect(none.code).toBe(1)
    expect(none.json.error.code).toBe('LAND_REGISTER_UNKNOWN')
  })
})
