/**
 * `daejang land import` through the real CLI against a running node (docs/adr/0037): a file of generated registers
 * with bad lines among them; the import is killed with SIGKILL midway (a real process), run again, and ends with every
 * valid line imported exactly once, the bad lines reported with their line number and reason in words, a second line
 * naming an open number skipped and reported, and a third run importing nothing.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateLine } from '../../bench/land-data'
import { lineHash } from '../../src/ledger/registries/land/cli-import'
import { BIN, ROOT, api, cli, startNode, stopAll, tempHome, waitFor, type StartedNode } from './harness'

describe('daejang land import', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const file = join(t.dir, 'registers.jsonl')
  let node: StartedNode
  const VALID = 400
  const until = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10)
  const lines: string[] = []
  const bad = new Map<number, string>()
  const good: string[] = []

  beforeAll(async () => {
    expect(cli(['init', '--home', home, '--heartbeat-ms', '200', '--agency-id', 'court', '--agency-name', '대법원 법원행정처', '--json']).code).toBe(0)
    node = await startNode(home)
    const k = cli(['keys', 'create', '--home', home, '--name', 'registrar', '--json'])
    expect(k.code, k.stderr).toBe(0)
    expect(cli(['role', 'grant', '--home', home, '--subject', k.json.publicKey, '--role', 'registrar', '--label', '등기관', '--json']).code).toBe(0)
    expect(cli(['land', 'office', 'define', '--home', home, '--office', '1101', '--name', '서울중앙지방법원 등기국', '--json']).code).toBe(0)

    for (let i = 0; i < VALID; i++) {
      const l = generateLine(i, { office: '1101', until })
      lines.push(l)
      good.push(l)
      // bad lines among the good ones, each with its reason
      if (i === 10) {
        lines.push('{"number": "1101-1999-000001", ')
        bad.set(lines.length, 'MALFORMED_JSON')
      }
      if (i === 150) {
        const x = JSON.parse(generateLine(VALID + 1, { office: '1101', until }))
        x.entries[1].rank = '9'
        lines.push(JSON.stringify(x))
        bad.set(lines.length, 'LAND_MIGRATION')
      }
      if (i === 151) {
        const x = JSON.parse(generateLine(VALID + 2, { office: '1101', until }))
        x.office = '2101'
        lines.push(JSON.stringify(x))
        bad.set(lines.length, 'LAND_MIGRATION')
      }
      if (i === 152) lines.push('')
      if (i === 300) {
        // another line with the number of line 1 (a register already open): skipped at commit
        const x = JSON.parse(generateLine(0, { office: '1101', until }))
        x.entries[0].holders[0].address = '부산광역시 해운대구 센텀중앙로 79'
        lines.push(JSON.stringify(x))
        bad.set(lines.length, 'LAND_NUMBER_TAKEN')
      }
      if (i === 301) {
        lines.push(lines[0]!)
        bad.set(lines.length, 'LAND_ALREADY_IMPORTED')
      }
    }
    writeFileSync(file, lines.join('\n') + '\n')
  }, 5 * 60_000)

  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('is killed midway, resumes, and imports every valid line exactly once', { timeout: 10 * 60_000 }, async () => {
    // the first run: a real process, killed with SIGKILL once some batches are recorded
    const first = spawn(process.execPath, [BIN, 'land', 'import', file, '--home', home, '--batch', '25', '--json'], { cwd: ROOT, stdio: 'ignore' })
    const progress = `${file}.progress`
    const settled = (): number => (existsSync(progress) ? readFileSync(progress, 'utf8').split('\n').filter((l) => l.trim() !== '').length : 0)
    await waitFor(async () => settled() >= 50 || first.exitCode !== null, 5 * 60_000, 'the first batches')
    expect(first.exitCode, 'the import ended before it could be killed').toBeNull()
    await new Promise<void>((r) => {
      first.once('exit', () => r())
      first.kill('SIGKILL')
    })
    const before = settled()
    expect(before).toBeGreaterThan(0)
    expect(before).toBeLessThan(VALID)

    // the second run resumes: the lines settled before are not sent again; the rest are imported once
    const second = cli(['land', 'import', file, '--home', home, '--batch', '25', '--lang', 'ko', '--json'])
    expect(second.code, second.stderr).toBe(0)
    expect(second.json.imported).toBe(VALID)
    expect(second.json.importedNow).toBeLessThan(VALID)
    expect(second.json.importedNow + second.json.alreadyImported).toBeGreaterThanOrEqual(VALID - before)
    const reported = new Map<number, string>([...second.json.refused, ...second.json.skipped].map((r: { line: number; code: string }) => [r.line, r.code]))
    expect(reported).toEqual(bad)
    // in words, with the line number: the report file and the JSON report
    const report = readFileSync(second.json.report, 'utf8')
    expect(report).toContain(`${[...bad.keys()][0]}행`)
    expect(report).toContain('이 부동산고유번호의 등기기록이 이미 개설되어 있습니다')
    expect(report).not.toMatch(/LAND_[A-Z_]+/)
    const json = JSON.parse(readFileSync(second.json.report.replace(/\.txt$/, '.json'), 'utf8'))
    expect(json.refused.map((r: { line: number }) => r.line)).toEqual(second.json.refused.map((r: { line: number }) => r.line))

    // exactly once: every valid line's register is open, and its source record names it
    for (const l of good) {
      const p = JSON.parse(l)
      const mig = await api(node, 'GET', `/api/v1/state?key=${encodeURIComponent(`ld/mig/${lineHash(l)}`)}`)
      expect(mig.body.value, p.number).toBe(p.number)
    }
    // the line with line 1's number did not replace it: its register is line 1's
    const first1 = JSON.parse(good[0]!)
    const e1 = await api(node, 'GET', `/api/v1/state?key=${encodeURIComponent(`ld/r/${first1.number}/e-000001`)}`)
    expect(e1.body.value.holders[0].address).toBe(first1.entries[0].holders[0].address)

    // a third run imports nothing
    const third = cli(['land', 'import', file, '--home', home, '--json'])
    expect(third.code, third.stderr).toBe(0)
    expect(third.json).toMatchObject({ imported: VALID, importedNow: 0 })
  })
})
