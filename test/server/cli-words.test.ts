/**
 * The CLI's words: errors and the human output of the state and notary commands in Korean or English — `--lang ko|en`,
 * else LC_ALL / LC_MESSAGES / LANG (Korean when the first one set starts with "ko") —, each error a sentence in words
 * with the detail after it (no code, no zod message), and the --json output the same in both languages.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { loadSigner } from '../../src/ledger/crypto/keystore'
import { Home, initHome } from '../../src/ledger/node/home'
import { LedgerNode } from '../../src/ledger/node/node'
import { REGISTRIES } from '../../src/ledger/registries'
import { encodeTx, makeTx, txToJson } from '../../src/ledger/types/tx'
import { type ApiServer, startApiServer } from '../../src/server/api-server'
import { langFromEnv } from '../../src/server/cli/lang'
import { buildProgram } from '../../src/server/cli/program'
import { errorLine, fail } from '../../src/server/cli/output'
import { DaejangError } from '../../src/shared/errors'
import { decodeTx } from '../../src/ledger/types/tx'
import { registerPayload } from '../ledger/notary-helpers'

let dir: string
let home: Home
let node: LedgerNode
let server: ApiServer
const NUMBER = 'A-2026-000001'

/** Run a command in this process: its exit code, stdout and stderr, with `env` set meanwhile. */
async function cli(args: string[], env: Record<string, string | undefined> = { LC_ALL: undefined, LC_MESSAGES: undefined, LANG: 'C.UTF-8' }) {
  let out = ''
  let err = ''
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]))
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true))
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true))
  const exit = vi.spyOn(process, 'exit').mockImplementation(((code: number) => {
    throw new Error(`exit ${code}`)
  }) as never)
  let code = 0
  try {
    // as main.ts runs it: what escapes a command is said by fail()
    await buildProgram()
      .parseAsync(['node', 'daejang', ...args])
      .catch((x: unknown) => {
        if (/^exit \d+$/.test((x as Error).message)) throw x
        fail({}, x)
      })
  } catch (x) {
    const m = /^exit (\d+)$/.exec((x as Error).message)
    if (!m) throw x
    code = Number(m[1])
  } finally {
    o.mockRestore()
    e.mockRestore()
    exit.mockRestore()
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
  return { code, out, err }
}

async function submit(type: string, payload: Record<string, unknown>, nonce: number): Promise<void> {
  const admin = loadSigner(home.keyPath('admin'))
  const tx = makeTx(admin, { chainId: home.readGenesis().chainId, type, payload: payload as never, nonce, time: Date.now() })
  const res = await fetch(server.url + '/api/v1/txs?wait=commit', {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(txToJson(decodeTx(encodeTx(tx)))),
  })
  expect(res.status, await res.clone().text()).toBe(200)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'daejang-cli-words-'))
  home = new Home(join(dir, 'home'))
  initHome(home, { agencyId: 'a', agencyName: 'Agency A' })
  node = await LedgerNode.open({ dataDir: home.dataDir, genesis: home.readGenesis(), validatorSigner: loadSigner(home.keyPath('node')), heartbeatMs: 100, registries: REGISTRIES })
  node.start()
  server = await startApiServer({ node, uiDir: null, registries: REGISTRIES })
  home.writeApiInfo({ url: server.url, token: server.token, pid: process.pid, startedAt: new Date().toISOString() })
  const admin = toHex(loadSigner(home.keyPath('admin')).publicKey)
  await submit('identity.role.grant', { agency: 'a', subject: admin, role: 'notary', expiresAt: null }, 1)
  await submit('notary.register', registerPayload({ number: NUMBER, agency: 'a', date: '2023-11-01' }), 2)
  await submit('notary.status', { number: NUMBER, action: 'suspend', reason: 'checking' }, 3)
}, 60_000)

afterAll(async () => {
  await server?.close()
  await node?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the language of the CLI', () => {
  it('is --lang, else the first of LC_ALL, LC_MESSAGES, LANG that is set: Korean when it starts with "ko"', () => {
    expect(langFromEnv({ LANG: 'ko_KR.UTF-8' })).toBe('ko')
    expect(langFromEnv({ LANG: 'en_US.UTF-8' })).toBe('en')
    expect(langFromEnv({ LC_ALL: 'en_US.UTF-8', LANG: 'ko_KR.UTF-8' })).toBe('en')
    expect(langFromEnv({ LC_MESSAGES: 'ko_KR.UTF-8', LANG: 'C' })).toBe('ko')
    expect(langFromEnv({ LC_ALL: '', LANG: 'ko' })).toBe('ko')
    expect(langFromEnv({})).toBe('en')
  })

  it('`state get --height 0 --prove` is refused in words, not with a schema message; Korean by --lang or LANG', async () => {
    const en = await cli(['state', 'get', 'x', '--home', home.dir, '--height', '0', '--prove'])
    expect(en.code).toBe(1)
    expect(en.err).toMatch(/^error: There is no signed block at that height\. \(height 0 is the genesis state: no block signs it/)
    expect(en.err).not.toMatch(/UNKNOWN_HEIGHT|SCHEMA_INVALID|Number must|too_small|\bquery\./)
    expect(en.err.trim().split('\n')).toHaveLength(1)
    const ko = await cli(['state', 'get', 'x', '--home', home.dir, '--height', '0', '--prove', '--lang', 'ko'])
    expect(ko.err).toMatch(/^오류: 그 높이에는 서명된 블록이 없습니다\. \(상세: 높이 0은 제네시스 상태라/)
    const byEnv = await cli(['state', 'get', 'x', '--home', home.dir, '--height', '0', '--prove'], { LC_ALL: undefined, LC_MESSAGES: undefined, LANG: 'ko_KR.UTF-8' })
    expect(byEnv.err).toBe(ko.err)
    // --json: the code, as before, whatever the language
    const json = await cli(['state', 'get', 'x', '--home', home.dir, '--height', '0', '--prove', '--json', '--lang', 'ko'])
    expect(JSON.parse(json.out).error.code).toBe('UNKNOWN_HEIGHT')
    // a bad height and a bad --lang, in words too
    expect((await cli(['state', 'get', 'x', '--home', home.dir, '--height', 'x'])).err).toMatch(/^error: Some of what was entered is not in the expected form\. \(--height takes a block height/)
    expect((await cli(['state', 'get', 'x', '--home', home.dir, '--lang', 'fr'])).err).toMatch(/^error: .*--lang is ko or en/)
    expect((await cli(['state', 'get', 'x', '--home', home.dir, '--height', 'x', '--lang', 'ko'])).err).toMatch(/\(받은 값: “x”\)/)
    // with --json, a bad --lang is the one JSON error object on stdout, as any other error (review finding 7)
    const badLang = await cli(['state', 'get', 'k', '--home', home.dir, '--lang', 'fr', '--json'])
    expect(badLang.code).toBe(1)
    expect(JSON.parse(badLang.out)).toMatchObject({ error: { code: 'SCHEMA_INVALID' } })
    expect(badLang.out.trim().split('\n')).toHaveLength(1)
  })

  it('in Korean, a detail in English is kept, labelled 상세(영문) (hiding it hid which field or holder: review-ui 1); a Korean one is shown after 상세', () => {
    const en = new DaejangError('TRUST_STEPS_TOO_MANY', '3 validator-set changes lie between heights 0 and 40; ask up to toHeight 300 first')
    expect(errorLine(en, 'ko')).toMatch(/^오류: [\uAC00-\uD7A3].* \(상세\(영문\): 3 validator-set changes lie/)
    expect(errorLine(en, 'en')).toMatch(/\(3 validator-set changes lie/)
    expect(errorLine(new DaejangError('SCHEMA_INVALID', '--number 또는 --file을 지정하십시오.'), 'ko')).toMatch(/\(상세: --number 또는 --file을 지정하십시오\.\)$/)
  })

  it('asks for options with 지정하십시오, in Korean', async () => {
    const r = await cli(['notary', 'show', '--home', home.dir, '--lang', 'ko'])
    expect(r.err).toMatch(/--number 또는 --file을 지정하십시오\./)
    const p = await cli(['proof', 'verify', '--file', join(dir, 'none.json'), '--lang', 'ko'])
    expect(p.err).toMatch(/--trust, --genesis, --home 중 하나를 지정하십시오\./)
  })

  it("every error is its code's sentence; a node's refusal too", async () => {
    const r = await cli(['notary', 'show', '--home', home.dir, '--number', 'A-2026-999999', '--lang', 'ko'])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^오류: [\uAC00-\uD7A3]/)
    expect(r.err).not.toMatch(/NOT_FOUND|NUMBER_/)
    const gone = await cli(['state', 'get', 'x', '--home', join(dir, 'nowhere'), '--lang', 'en'])
    expect(gone.err).toMatch(/^error: This folder holds no node\. Create one first/)
  })

  it('`notary show` speaks of the status and the history in words, in either language; --json unchanged', async () => {
    const en = await cli(['notary', 'show', '--home', home.dir, '--number', NUMBER, '--lang', 'en'])
    expect(en.code, en.err).toBe(0)
    expect(en.out).toMatch(/^status\s+suspended — checking/m)
    expect(en.out).toMatch(/registered at block \d+ \(/)
    expect(en.out).toMatch(/suspended at block \d+ \(.*\) — checking/)
    expect(en.out).not.toMatch(/register@|suspend@|\bissued\b/)
    const ko = await cli(['notary', 'show', '--home', home.dir, '--number', NUMBER, '--lang', 'ko'])
    expect(ko.out).toMatch(/^상태\s+정지됨 — checking/m)
    expect(ko.out).toMatch(/블록 \d+에서 등록/)
    expect(ko.out).toMatch(/아포스티유/)
    expect(ko.out).not.toMatch(/register@|suspend@|apostille/)
    const j1 = await cli(['notary', 'show', '--home', home.dir, '--number', NUMBER, '--json', '--lang', 'ko'])
    const j2 = await cli(['notary', 'show', '--home', home.dir, '--number', NUMBER, '--json', '--lang', 'en'])
    expect(j1.out).toBe(j2.out)
    expect(JSON.parse(j1.out)).toMatchObject({ number: NUMBER, status: 'suspended', history: [{ action: 'register' }, { action: 'suspend' }] })
  })

  it('`state get --prove` and `state range` say what was proven in the language asked for', async () => {
    const key = `nt/doc/${NUMBER}`
    const ko = await cli(['state', 'range', key, '--home', home.dir, '--lang', 'ko'])
    expect(ko.code, ko.err).toBe(0)
    expect(ko.out).toMatch(/^묶음\s+/m)
    expect(ko.out).toMatch(/빠진 것 없음/)
    expect(ko.out).toMatch(/검증됨/)
    const en = await cli(['state', 'get', 'no/such/key', '--home', home.dir, '--prove', '--lang', 'en'])
    expect(en.code, en.err).toBe(0)
    expect(en.out).toMatch(/^value\s+\(absent\)/m)
    expect(en.out).toMatch(/verified: state, chain, validators and commit/)
    const koGet = await cli(['state', 'get', 'no/such/key', '--home', home.dir, '--prove', '--lang', 'ko'])
    expect(koGet.out).toMatch(/^값\s+\(없음\)/m)
    const j1 = await cli(['state', 'get', 'no/such/key', '--home', home.dir, '--height', '2', '--json', '--lang', 'ko'])
    const j2 = await cli(['state', 'get', 'no/such/key', '--home', home.dir, '--height', '2', '--json', '--lang', 'en'])
    expect(j1.out).toBe(j2.out)
  })
})
