/**
 * `daejang livestock batch` through the real CLI against a running node (docs/livestock-batch.md, ADR 0047): a tagging
 * agency's file — births, tags and vaccinations of 300 calves, with bad lines among them. A dry run reports the bad
 * lines and writes nothing; the real run is killed with SIGKILL midway (a real process), run again, and ends with every
 * good event on the ledger exactly once (each calf: three events, never a vaccination twice), the bad lines reported
 * with their number and the reason in words; a third run sends nothing.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import { unlockSeed } from '../../src/ledger/crypto/keystore'
import { Home } from '../../src/ledger/node/home'
import { withCheckDigit } from '../../src/ledger/registries/livestock/portable/identifiers'
import { animalKey } from '../../src/ledger/registries/livestock/portable/keys'
import { type JsonValue, makeTx, txToJson } from '../../src/ledger/types/tx'
import { BIN, ROOT, api, cli, startNode, stopAll, tempHome, waitFor, type StartedNode } from './harness'

describe('daejang livestock batch', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const file = join(t.dir, 'tagging-agency.jsonl')
  let node: StartedNode
  const CALVES = 300
  const FARM = '123456'
  const day = (ago: number): string => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10)
  const calf = (i: number): string => withCheckDigit(`002${String(70_000 + i).padStart(8, '0')}`)
  const bad = new Map<number, string>()
  let goodEvents = 0

  beforeAll(async () => {
    expect(cli(['init', '--home', home, '--heartbeat-ms', '200', '--agency-id', 'mafra', '--agency-name', '농림축산식품부', '--json']).code).toBe(0)
    node = await startNode(home)
    const keys: Record<string, string> = {}
    for (const name of ['officer', 'reporter']) {
      const k = cli(['keys', 'create', '--home', home, '--name', name, '--json'])
      expect(k.code, k.stderr).toBe(0)
      keys[name] = k.json.publicKey
    }
    for (const [name, role] of [
      ['officer', 'livestock-officer'],
      ['reporter', 'tagger'],
      ['reporter', 'vet'],
    ] as const) {
      const g = cli(['role', 'grant', '--home', home, '--subject', keys[name]!, '--role', role, '--json'])
      expect(g.code, g.stderr).toBe(0)
    }
    // the farm, registered by the officer
    const h = new Home(home)
    const officer = nodeSigner(unlockSeed(h.readKey('officer')))
    const site = { site: FARM, kind: 'farm', name: '햇살한우농장', area: '4717025021', address: '경상북도 안동시 풍산읍 안교리 12', keepers: [keys.officer!] }
    const tx = makeTx(officer, { chainId: h.readGenesis().chainId, type: 'livestock.site.register', payload: site as JsonValue, nonce: Date.now() })
    const r = await api(node, 'POST', '/api/v1/txs?wait=commit', txToJson(tx))
    expect(r.status, JSON.stringify(r.body)).toBe(200)

    const lines: string[] = []
    const push = (o: unknown, code?: string): void => {
      lines.push(typeof o === 'string' ? o : JSON.stringify(o))
      if (code) bad.set(lines.length, code)
      else goodEvents++
    }
    for (let i = 0; i < CALVES; i++) {
      push({ type: 'birth', payload: { animal: calf(i), farm: FARM, date: day(3), breed: 'hanwoo', sex: i % 2 ? 'male' : 'female' } })
      push({ type: 'tag', payload: { animal: calf(i), date: day(2) } })
      if (i === 20) push('{"type": "birth", "payload": ', 'MALFORMED_JSON')
      if (i === 40) push({ type: 'birth', payload: { animal: calf(10_000).slice(0, 11) + ((Number(calf(10_000)[11]) + 1) % 10), farm: FARM, date: day(3), breed: 'hanwoo', sex: 'male' } }, 'LIVESTOCK_BAD_NUMBER')
      if (i === 60) push({ type: 'slaughter', payload: { animal: calf(1), slaughterhouse: '300001', date: day(1), inspection: 'pass', dnaSample: 'DNA-1' } }, 'LIVESTOCK_BATCH_ROLE')
      if (i === 80) push({ type: 'tag', payload: { animal: calf(5), date: day(1) } }, 'LIVESTOCK_ALREADY_TAGGED')
      if (i === 100) push({ type: 'move', payload: {} }, 'BAD_PAYLOAD')
      if (i === 120) push(lines[0]!, 'REPEATED_LINE')
    }
    for (let i = 0; i < CALVES; i += 10) {
      const animals = Array.from({ length: 10 }, (_, k) => calf(i + k))
      push({ type: 'vet', payload: { animals, date: day(1), act: 'vaccination', disease: 'fmd', product: '구제역 백신 O+A' } })
    }
    writeFileSync(file, lines.join('\n') + '\n')
  }, 5 * 60_000)

  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('dry-runs, is killed midway, resumes, and commits every good event exactly once', { timeout: 10 * 60_000 }, async () => {
    // the dry run: every line checked against the ledger as it is, nothing sent
    const dry = cli(['livestock', 'batch', file, '--home', home, '--dry-run', '--json'])
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.json.accepted).toBe(goodEvents)
    expect(new Map(dry.json.refused.map((r: { line: number; code: string }) => [r.line, r.code]))).toEqual(bad)
    expect((await api(node, 'GET', `/api/v1/state?key=${encodeURIComponent(animalKey(calf(0)))}`)).body.value ?? null).toBeNull()
    expect(existsSync(`${file}.progress`)).toBe(false)

    // the first run: a real process, killed with SIGKILL once some transactions are settled
    const first = spawn(process.execPath, [BIN, 'livestock', 'batch', file, '--home', home, '--batch', '20', '--json'], { cwd: ROOT, stdio: 'ignore' })
    const progress = `${file}.progress`
    const done = (): number => (existsSync(progress) ? readFileSync(progress, 'utf8').split('\n').filter((l) => l.includes('"k":"done"')).length : 0)
    await waitFor(async () => done() >= 4 || first.exitCode !== null, 5 * 60_000, 'the first transactions')
    expect(first.exitCode, 'the batch ended before it could be killed').toBeNull()
    await new Promise<void>((r) => {
      first.once('exit', () => r())
      first.kill('SIGKILL')
    })
    expect(done()).toBeLessThan(Math.ceil((goodEvents + bad.size) / 20))

    // the second run resumes: what was settled is not sent again, a transaction sent but not settled is asked about
    const second = cli(['livestock', 'batch', file, '--home', home, '--batch', '20', '--lang', 'ko', '--json'])
    expect(second.code, second.stderr).toBe(0)
    expect(second.json.accepted).toBe(goodEvents)
    expect(second.json.acceptedBefore).toBeGreaterThan(0)
    expect(second.json.acceptedBefore + second.json.acceptedNow).toBe(goodEvents)
    expect(new Map(second.json.refused.map((r: { line: number; code: string }) => [r.line, r.code]))).toEqual(bad)
    // in words, with the line number and the animal
    const report = readFileSync(second.json.report, 'utf8')
    expect(report).toContain(`${[...bad.keys()][0]}행`)
    expect(report).toContain('이 소는 이미 귀표를 달았습니다')
    expect(report).toContain('002 0007 0005')
    expect(report).not.toMatch(/LIVESTOCK_[A-Z_]+/)

    // exactly once: every calf born, tagged and vaccinated, three events, no more
    for (let i = 0; i < CALVES; i++) {
      const h = (await api(node, 'GET', `/api/v1/state?key=${encodeURIComponent(animalKey(calf(i)))}`)).body.value
      expect([h.status, h.tagged, h.events], calf(i)).toEqual(['alive', day(2), 3])
    }

    // a third run sends nothing
    const third = cli(['livestock', 'batch', file, '--home', home, '--json'])
    expect(third.code, third.stderr).toBe(0)
    expect(third.json).toMatchObject({ accepted: goodEvents, acceptedNow: 0, txs: [] })
  })
})
