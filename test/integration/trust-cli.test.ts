/**
 * `daejang trust steps` (docs/adr/0028) on a real node: from the running node (GET /api/v1/trust/steps) and from the
 * stopped node's store give the same file; a lone validator's chain has no set change, so a trust list of any height
 * needs no step; bad heights are refused with a code; `proof verify --steps` carries an old trust list through a
 * steps file (the hand-made chain of test/ledger/trust-fixture.ts, three set changes) and refuses a forged one.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { proofToJson } from '../../src/ledger/proofs/proof'
import { trustStepsFileFromJson, trustStepsFileToJson } from '../../src/ledger/proofs/trust-chain'
import { CHAIN, SETS, STEPS, proofAt, step, trust } from '../ledger/trust-fixture'
import { api, cli, startNode, stopAll, stopGracefully, tempHome, waitFor, type StartedNode } from './harness'

describe('daejang trust steps', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  let node: StartedNode

  beforeAll(async () => {
    expect(cli(['init', '--home', home, '--heartbeat-ms', '200', '--json']).code).toBe(0)
    node = await startNode(home)
    await waitFor(async () => (await api(node, 'GET', '/api/v1/status')).body.height >= 3)
  }, 180_000)

  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('writes the steps from the running node, then from the stopped node’s store, the same', async () => {
    const online = join(t.dir, 'steps-online.json')
    const r = cli(['trust', 'steps', '--home', home, '--from-height', '1', '--to-height', '3', '--out', online, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({ format: 'daejang-trust-steps/1', fromHeight: 1, toHeight: 3, steps: 0 })
    const file = JSON.parse(readFileSync(online, 'utf8'))
    expect(trustStepsFileFromJson(file).steps).toEqual([])
    expect((await api(node, 'GET', '/api/v1/trust/steps?fromHeight=1&toHeight=3')).body).toEqual(file)

    expect(await stopGracefully(node)).toBe(0)
    const offline = join(t.dir, 'steps-offline.json')
    const o = cli(['trust', 'steps', '--home', home, '--from-height', '1', '--to-height', '3', '--out', offline, '--json'])
    expect(o.code, o.stderr).toBe(0)
    expect(JSON.parse(readFileSync(offline, 'utf8'))).toEqual(file)
    // `trust export` (moved beside it) still writes the list from the stopped node's store
    const list = join(t.dir, 'trust.json')
    expect(cli(['trust', 'export', '--home', home, '--out', list]).code).toBe(0)
    expect(JSON.parse(readFileSync(list, 'utf8'))).toMatchObject({ format: 'daejang-trust/2', height: expect.any(Number) })
  }, 120_000)

  it('refuses a height that is not one, with a code', () => {
    const r = cli(['trust', 'steps', '--home', home, '--from-height', 'yesterday', '--out', join(t.dir, 'x.json'), '--json'])
    expect(r.code).toBe(1)
    expect(r.json.error.code).toBe('SCHEMA_INVALID')
  })

  it('proof verify --steps: an old trust list verifies a later proof through the file, and a forged file is refused', () => {
    const write = (name: string, v: unknown): string => {
      const f = join(t.dir, name)
      writeFileSync(f, JSON.stringify(v))
      return f
    }
    const list = write('old-trust.json', {
      format: 'daejang-trust/2',
      chainId: CHAIN,
      height: trust.height,
      sets: trust.sets.map((s) => ({ fromHeight: s.fromHeight, validators: s.validators.map((v) => ({ publicKey: toHex(v.publicKey), power: v.power })) })),
    })
    const proof = write('late-proof.json', proofToJson(proofAt(35)))
    const bare = cli(['proof', 'verify', '--file', proof, '--trust', list, '--json'])
    expect(bare.code).toBe(1)
    const steps = write('steps.json', trustStepsFileToJson(CHAIN, 5, 35, STEPS))
    const r = cli(['proof', 'verify', '--file', proof, '--trust', list, '--steps', steps, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({ valid: true, trustedThrough: { changes: 3, height: 30 } })
    const human = cli(['proof', 'verify', '--file', proof, '--trust', list, '--steps', steps])
    expect(human.stdout).toMatch(/trusted through 3 carried validator-set change\(s\), to height 30/)
    const forged = write('forged.json', trustStepsFileToJson(CHAIN, 5, 35, [STEPS[0]!, step(19, { nextValidators: SETS[3]! }), STEPS[2]!]))
    const f = cli(['proof', 'verify', '--file', proof, '--trust', list, '--steps', forged, '--json'])
    expect(f.code).toBe(1)
    expect(f.json.valid).toBe(false)
    expect(f.json.checks.find((c: { name: string }) => c.name === 'validators').finding).toBe('steps-refused')
  })
})
