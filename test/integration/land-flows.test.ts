/**
 * Issue 12's "done when", through the real `daejang` CLI against a running node, by the roles that do it: a sale with
 * a mortgage (the transfer and the buyer's 근저당권 filed together, 연건, and entered), a seizure (가압류 commissioned by
 * a court) blocking a transfer, its release (the court's cancellation) after which the same transfer enters, and a
 * condominium unit's transfer filed by a licensed agent under the seller's mandate. Then the register's history.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, startNode, stopAll, tempHome } from './harness'

describe('daejang land: the flows of issue 12', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const f = (name: string): string => join(t.dir, name)
  const keys: Record<string, string> = {}
  const kst = new Date(Date.now() + 9 * 3600_000)
  const year = kst.toISOString().slice(0, 4)
  const causeOn = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10)
  const NUMBER = `1101-${year}-000001`
  const location = { sido: '서울특별시', sigungu: '종로구', dong: '세종로', ri: null, mountain: false, main: 1, sub: 3 }
  const holder = (name: string, key: string) => ({ kind: 'person', name, id: '800101-1******', idHash: null, address: '서울특별시 종로구 사직로 161', key, agency: null, share: null })
  const bankHolder = { kind: 'corporation', name: '한빛은행', id: '110111-0000002', idHash: null, address: '서울특별시 중구', key: null, agency: 'court', share: null }
  const courtHolder = { kind: 'public', name: '서울중앙지방법원', id: null, idHash: null, address: '서울특별시 서초구', key: null, agency: 'court', share: null }
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
  const ok = (r: ReturnType<typeof cli>) => {
    expect(r.code, `${r.stderr}${r.stdout}`).toBe(0)
    return r.json
  }
  /** the receipt of the application a committed transaction made, from the registrar's queue */
  const receiptOf = (hash: string): number => {
    const q = ok(cli(['land', 'queue', '--home', home, '--office', '1101', '--json']))
    const a = q.find((x: { tx: string }) => x.tx === hash)
    expect(a, `no application of ${hash} in the queue`).toBeDefined()
    return a.receipt
  }
  /** the parties make the act, each co-signs, it is sent: its receipt */
  const file = (name: string, req: unknown, signer: string, cosigners: string[], extra: string[] = []): number => {
    writeFileSync(f(`${name}.json`), JSON.stringify(req))
    const act = f(`${name}-act.json`)
    ok(cli(['land', 'apply', '--home', home, '--key', signer, '--file', f(`${name}.json`), ...cosigners.flatMap((c) => ['--cosigner', keys[c]!]), ...extra, '--out', act, '--json']))
    for (const c of cosigners) ok(cli(['tx', 'cosign', act, '--home', home, '--key', c, '--yes', '--json']))
    const s = ok(cli(['tx', 'submit', act, '--home', home, '--wait', '--json']))
    expect(s.status).toBe('committed')
    return receiptOf(s.hash)
  }
  const enter = (receipt: number) => cli(['land', 'enter', '--home', home, '--office', '1101', '--year', year, '--receipt', String(receipt), '--yes', '--json'])
  const owners = (n = NUMBER): string[] => ok(cli(['land', 'show', n, '--home', home, '--json'])).owners.map((o: { holder: { name: string } }) => o.holder.name)

  beforeAll(async () => {
    ok(cli(['init', '--home', home, '--heartbeat-ms', '200', '--agency-id', 'court', '--agency-name', '대법원 법원행정처', '--json']))
    await startNode(home)
    for (const name of ['registrar', 'seller', 'buyer', 'third', 'bank', 'judge', 'agent']) keys[name] = ok(cli(['keys', 'create', '--home', home, '--name', name, '--json'])).publicKey
    const roles: Array<[string, string]> = [
      ['registrar', 'registrar'],
      ['bank', 'bank-officer'],
      ['judge', 'land-authority'],
      ['agent', 'land-agent'],
    ]
    for (const [who, role] of roles) ok(cli(['role', 'grant', '--home', home, '--subject', keys[who]!, '--role', role, '--json']))
    ok(cli(['land', 'office', 'define', '--home', home, '--office', '1101', '--name', '서울중앙지방법원 등기국', '--json']))
    writeFileSync(
      f('open.json'),
      JSON.stringify({ office: '1101', head: { kind: 'land', location, road: null, category: 'building-site', area: '330.00' }, owners: [holder('박서준', keys.seller!)], cause: 'new-building', causeOn }),
    )
    expect(ok(cli(['land', 'open', '--home', home, '--file', f('open.json'), '--json'])).number).toBe(NUMBER)
  }, 5 * 60_000)

  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('a party names its key, and a decision with --yes names its year', { timeout: 2 * 60_000 }, () => {
    writeFileSync(f('nokey.json'), JSON.stringify(request({ holders: [holder('김민지', keys.buyer!)] })))
    const noKey = cli(['land', 'apply', '--home', home, '--file', f('nokey.json'), '--out', f('nokey-act.json'), '--json'])
    expect(noKey.code).toBe(1)
    expect(noKey.json.error.code).toBe('SCHEMA_INVALID')
    const ko = cli(['land', 'apply', '--home', home, '--file', f('nokey.json'), '--out', f('nokey-act.json'), '--lang', 'ko'])
    expect(ko.stderr).toContain('--key')
    const noYear = cli(['land', 'enter', '--home', home, '--office', '1101', '--receipt', '1', '--yes', '--json'])
    expect(noYear.code).toBe(1)
    expect(noYear.json.error.code).toBe('SCHEMA_INVALID')
  })

  it('a sale with a mortgage: the transfer and the buyer’s 근저당권 filed together, both entered', { timeout: 5 * 60_000 }, () => {
    const sale = file('sale', request({ holders: [holder('김민지', keys.buyer!)], amount: '850000000' }), 'buyer', ['seller'])
    const mortgage = file(
      'mortgage',
      request({ purpose: 'right.mortgage', cause: 'contract', holders: [bankHolder], amount: '600000000', debtor: { name: '김민지', address: '서울특별시 종로구' } }),
      'buyer',
      ['bank'],
      ['--together', `${year}/${sale}`],
    )
    expect(ok(enter(sale)).application.status).toBe('entered')
    expect(ok(enter(mortgage)).application.status).toBe('entered')
    const reg = ok(cli(['land', 'show', NUMBER, '--home', home, '--json']))
    expect(reg.owners.map((o: { holder: { name: string } }) => o.holder.name)).toEqual(['김민지'])
    expect(reg.live.map((l: { section: string; purpose: string }) => `${l.section}:${l.purpose}`)).toEqual(['B:right.mortgage'])
    const ko = cli(['land', 'show', NUMBER, '--home', home, '--lang', 'ko'])
    expect(ko.stdout).toContain('근저당권설정')
    expect(ko.stdout).toContain('금 600,000,000원')
  })

  it('a court’s 가압류 blocks a transfer until the court cancels it; then the same transfer enters', { timeout: 5 * 60_000 }, () => {
    writeFileSync(
      f('attach.json'),
      JSON.stringify(request({ purpose: 'restriction.provisional-attachment', cause: 'court-decision', holders: [courtHolder], amount: '50000000', caseNo: '2026카단1234' })),
    )
    const c = ok(cli(['land', 'commission', '--home', home, '--key', 'judge', '--file', f('attach.json'), '--json']))
    expect(c.receipt).toBeGreaterThan(0)
    expect(ok(enter(c.receipt)).application.status).toBe('entered')
    const attachment = ok(cli(['land', 'show', NUMBER, '--home', home, '--json'])).live.find((l: { purpose: string }) => l.purpose === 'restriction.provisional-attachment')
    expect(attachment).toBeDefined()

    // the owner sells on: the registrar's entry is refused while the attachment stands, and nothing changes
    const onward = file('onward', request({ holders: [holder('이도윤', keys.third!)] }), 'third', ['buyer'])
    const queued = ok(cli(['land', 'queue', '--home', home, '--office', '1101', '--json'])).find((a: { receipt: number }) => a.receipt === onward)
    expect(queued.findingNow.code).toBe('LAND_RESTRICTED')
    const refused = enter(onward)
    expect(refused.code).toBe(1)
    expect(refused.json.error.code).toBe('LAND_RESTRICTED')
    expect(owners()).toEqual(['김민지'])
    const words = cli(['land', 'enter', '--home', home, '--office', '1101', '--year', year, '--receipt', String(onward), '--yes', '--lang', 'ko'])
    expect(words.stderr).toContain('가압류')

    // the court releases it (its cancellation, entered), and the same application now enters
    const release = ok(cli(['land', 'commission', '--home', home, '--key', 'judge', '--register', NUMBER, '--cancel', attachment.rank, '--case', '2026카단1234', '--json']))
    expect(ok(enter(release.receipt)).application.status).toBe('entered')
    expect(ok(enter(onward)).application.status).toBe('entered')
    expect(owners()).toEqual(['이도윤'])
    // the mortgage ranks before the sale and stays
    expect(ok(cli(['land', 'show', NUMBER, '--home', home, '--json'])).live.map((l: { purpose: string }) => l.purpose)).toEqual(['right.mortgage'])
  })

  it('a condominium unit’s transfer, filed by a licensed agent under the seller’s mandate', { timeout: 5 * 60_000 }, () => {
    const area = '84.50'
    writeFileSync(
      f('complex.json'),
      JSON.stringify({
        office: '1101',
        complex: {
          name: '세종아파트 제101동',
          location: { ...location, main: 5, sub: 0 },
          road: '서울특별시 종로구 세종대로 175',
          structure: '철근콘크리트조',
          floors: [{ floor: '1층', area: '800.00' }],
          lands: [{ location: { ...location, main: 5, sub: 0 }, category: 'building-site', area: '2000.00' }],
        },
      }),
    )
    const cx = ok(cli(['land', 'complex', 'define', '--home', home, '--file', f('complex.json'), '--json']))
    expect(cx.number).toMatch(new RegExp(`^1101-${year}-\\d{6}$`))
    writeFileSync(
      f('unit.json'),
      JSON.stringify({
        office: '1101',
        head: { kind: 'unit', complex: cx.number, unit: '제101동 제12층 제1203호', floor: '제12층', structure: '철근콘크리트조', area, landRight: { kind: 'ownership', share: '4567/123456' } },
        owners: [holder('박서준', keys.seller!)],
        cause: 'new-building',
        causeOn,
      }),
    )
    const unit = ok(cli(['land', 'open', '--home', home, '--file', f('unit.json'), '--json'])).number as string
    expect(unit).toMatch(/^1101-/)

    const sale = { office: '1101', request: request({ register: unit, holders: [holder('김민지', keys.buyer!)], amount: '1200000000' }) }
    writeFileSync(f('unit-sale.json'), JSON.stringify(sale))
    // the seller signs a mandate for the agent, for exactly this request
    const m = ok(cli(['land', 'mandate', '--home', home, '--key', 'seller', '--agent', keys.agent!, '--file', f('unit-sale.json'), '--out', f('mandate.json'), '--json']))
    expect(m.party).toBe(keys.seller)
    // without the mandate the agent is refused with its code
    ok(cli(['land', 'apply', '--home', home, '--key', 'agent', '--file', f('unit-sale.json'), '--cosigner', keys.buyer!, '--out', f('bare-act.json'), '--json']))
    ok(cli(['tx', 'cosign', f('bare-act.json'), '--home', home, '--key', 'buyer', '--yes', '--json']))
    const bare = cli(['tx', 'submit', f('bare-act.json'), '--home', home, '--wait', '--json'])
    expect(bare.code).toBe(1)
    expect(bare.json.error.code).toBe('LAND_MANDATE')
    // with it, the agent files, the buyer co-signs, the registrar enters
    const receipt = file('unit-sale', sale, 'agent', ['buyer'], ['--mandate', f('mandate.json')])
    const queued = ok(cli(['land', 'queue', '--home', home, '--office', '1101', '--json'])).find((a: { receipt: number }) => a.receipt === receipt)
    expect(queued.findingNow).toBeNull()
    expect(queued.mandates).toMatchObject([{ party: keys.seller, agent: keys.agent, name: '박서준' }])
    const ko = cli(['land', 'queue', '--home', home, '--office', '1101', '--lang', 'ko'])
    expect(ko.stdout).toContain('박서준 (법무사가 위임받아 서명)')
    expect(ok(enter(receipt)).application.status).toBe('entered')
    expect(owners(unit)).toEqual(['김민지'])
  })

  it('the register’s history: each change with its block and date', { timeout: 2 * 60_000 }, () => {
    const h = ok(cli(['land', 'history', NUMBER, '--home', home, '--json']))
    expect(h.changes.map((c: { purpose: string }) => c.purpose)).toEqual([
      'ownership.preservation',
      'ownership.transfer',
      'right.mortgage',
      'restriction.provisional-attachment',
      'cancellation',
      'ownership.transfer',
    ])
    for (const c of h.changes) {
      expect(c.height).toBeGreaterThan(0)
      expect(c.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    }
    const heights = h.changes.map((c: { height: number }) => c.height)
    expect([...heights].sort((a, b) => a - b)).toEqual(heights)
    const en = cli(['land', 'history', NUMBER, '--home', home, '--lang', 'en'])
    expect(en.stdout).toContain('Provisional attachment')
    expect(en.stdout).toContain('Cancellation')
  })
})
