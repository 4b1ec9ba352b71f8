/**
 * `daejang admission` (docs/adr/0064) through the real CLI, no node running: the request `daejang join` keeps, shown
 * and checked against the consortium's genesis; its QR code written as a PNG and read back by zbarimg; refusals with
 * their codes (altered, another ledger, oversized, not a request; an agency id taken: the unit and e2e tests); `--agency-out` writes the agency
 * that `governance propose --admit` reads, and `join --agency-out` still writes the bare agency as before.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, tempHome } from './harness'

describe('daejang admission', () => {
  const t = tempHome()
  afterAll(() => t.cleanup())

  it('shows a request checked, writes its QR code, and refuses what is not a good request, each with its code', { timeout: 180_000 }, () => {
    const made = cli(['testnet', '--validators', '1', '--dir', join(t.dir, 'a'), '--base-port', '27100', '--json'])
    expect(made.code, made.stderr).toBe(0)
    const other = cli(['testnet', '--validators', '1', '--dir', join(t.dir, 'b'), '--base-port', '27200', '--json'])
    expect(other.code, other.stderr).toBe(0)
    const v0 = join(t.dir, 'a', 'node0')
    const peer = `${made.json.nodes[0].nodeKey}@${made.json.nodes[0].p2p}`
    const joinHome = (home: string, genesis: string, id: string): ReturnType<typeof cli> =>
      cli(['join', '--home', home, '--genesis', genesis, '--agency-id', id, '--agency-name', '새 기관', '--listen', '/ip4/127.0.0.1/tcp/0',
        '--peer', peer, '--agency-out', join(t.dir, `${id}-agency.json`), '--json'])
    const joined = joinHome(join(t.dir, 'new'), join(v0, 'genesis.json'), 'agency-new')
    expect(joined.code, joined.stderr).toBe(0)
    // --agency-out: the bare agency description, as before
    expect(JSON.parse(readFileSync(join(t.dir, 'agency-new-agency.json'), 'utf8'))).toEqual(joined.json.agency)
    const requestFile = joined.json.request as string

    const shown = cli(['admission', 'show', requestFile, '--home', v0, '--agency-out', join(t.dir, 'from-request.json'), '--json'])
    expect(shown.code, shown.stdout + shown.stderr).toBe(0)
    expect(shown.json).toMatchObject({ kind: 'agency', chainId: made.json.chainId, nodeKey: joined.json.nodeKey, agency: joined.json.agency })
    expect(shown.json.checked).toContain('genesis')
    expect(JSON.parse(readFileSync(join(t.dir, 'from-request.json'), 'utf8'))).toEqual(joined.json.agency)
    const words = cli(['admission', 'show', requestFile, '--lang', 'en']).stdout
    expect(words).toContain('to admit an agency')
    expect(words).toMatch(/agency +새 기관\n/)
    expect(words).toMatch(/agency id +agency-new\n/)
    // in Korean, the whole of it (--lang ko)
    const ko = cli(['admission', 'show', requestFile, '--home', v0, '--lang', 'ko']).stdout
    expect(ko).toContain('기관 가입')
    expect(ko).toContain('요청 지문')
    expect(ko).toContain('제네시스 문서에 대해')
    expect(ko).not.toContain('to admit')
    // the JSON is the same in both languages
    expect(cli(['admission', 'show', requestFile, '--home', v0, '--lang', 'ko', '--json']).json.checked).toBe(shown.json.checked)
    const again0 = cli(['admission', 'request', '--home', join(t.dir, 'new'), '--lang', 'ko']).stdout
    expect(again0).toContain('노드 키')
    expect(again0).not.toContain('node key')

    // the QR code, read back
    const png = join(t.dir, 'request.png')
    const again = cli(['admission', 'request', '--home', join(t.dir, 'new'), '--qr', png, '--json'])
    expect(again.code, again.stderr).toBe(0)
    expect(again.json.qr.whole).toBe(true)
    const read = execFileSync('zbarimg', ['-q', '--raw', png], { encoding: 'utf8' }).trim()
    expect(JSON.parse(read)).toEqual(JSON.parse(readFileSync(requestFile, 'utf8')))

    const refused = (file: string, home?: string): string => {
      const r = cli(['admission', 'show', file, ...(home ? ['--home', home] : []), '--json'])
      expect(r.code).not.toBe(0)
      return r.json.error.code
    }
    const altered = join(t.dir, 'altered.json')
    writeFileSync(altered, readFileSync(requestFile, 'utf8').replace('"power": 10', '"power": 11'))
    expect(refused(altered)).toBe('ADMISSION_BAD_SIGNATURE')
    const big = join(t.dir, 'big.json')
    writeFileSync(big, ' '.repeat(17 * 1024))
    expect(refused(big)).toBe('ADMISSION_TOO_LARGE')
    const notOne = join(t.dir, 'genesis-copy.json')
    writeFileSync(notOne, readFileSync(join(v0, 'genesis.json')))
    expect(refused(notOne)).toBe('ADMISSION_MALFORMED')
    // join's next step names the request file it wrote, and the command that makes agency.json from it
    const home2 = join(t.dir, 'said')
    for (const [lang, words2] of [['ko', '요청 파일'], ['en', 'Send the request file']] as const) {
      const said = cli(['join', '--home', `${home2}-${lang}`, '--genesis', join(v0, 'genesis.json'), '--agency-id', `agency-${lang}`, '--agency-name', '다른 기관',
        '--listen', '/ip4/127.0.0.1/tcp/0', '--peer', peer, '--lang', lang])
      expect(said.code, said.stderr).toBe(0)
      expect(said.stdout).toContain(words2)
      expect(said.stdout).toContain(`daejang admission show ${join(`${home2}-${lang}`, 'admission-request.json')} --home`)
      expect(said.stdout).toContain('--agency-out agency.json')
    }
    // for another ledger
    const elsewhere = joinHome(join(t.dir, 'elsewhere'), join(t.dir, 'b', 'node0', 'genesis.json'), 'agency-x')
    expect(elsewhere.code, elsewhere.stderr).toBe(0)
    expect(refused(elsewhere.json.request, v0)).toBe('ADMISSION_WRONG_CHAIN')
  })
})

