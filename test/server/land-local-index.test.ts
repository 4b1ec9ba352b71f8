/**
 * The land register's node-local indexes (docs/adr/0038) on a real node driven block by block, over HTTP: the address
 * search answered by the index (as the scan answers it), the owner index kept current by a transfer, the signed owner
 * lookup (roles, signature, time, replay, the pepper) that never stores the clear number, the bank's watch list and
 * its notifications, the index surviving a restart, and catching up again writing the same keys.
 */
import { Command } from 'commander'
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { DaejangError } from '../../src/shared/errors'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import type { CheckedTx } from '../../src/ledger/mempool/checker'
import { Home } from '../../src/ledger/node/home'
import { LedgerNode } from '../../src/ledger/node/node'
import { REGISTRIES } from '../../src/ledger/registries'
import { LandLocal, landLocal } from '../../src/ledger/registries/land/local-index'
import { headKey } from '../../src/ledger/registries/land/portable/keys'
import { OWNER_LOOKUP_TYPE, registersOfHolder } from '../../src/ledger/registries/land/local-index-owners'
import { searchByAddress } from '../../src/ledger/registries/land/local-index-routes'
import { landRegistry } from '../../src/ledger/registries/land'
import { identifierHash } from '../../src/ledger/registries/land/portable/identifiers'
import type { LandRegisterSummaryDto } from '../../src/ledger/registries/land/portable/dto'
import type { Holder } from '../../src/ledger/registries/land/portable/schema'
import { searchRegisters } from '../../src/ledger/registries/land/queries'
import { type JsonValue, makeTx, txToJson } from '../../src/ledger/types/tx'
import { type ApiServer, startApiServer } from '../../src/server/api-server'
import { registryHost } from '../../src/server/registry-host'
import { MAX_ID_LINE_BYTES, landLocalCli } from '../../src/ledger/registries/land/cli-local'
import type { CliHost, CliOptions, RegistryHost } from '../../src/ledger/registries/types'
import { kv, table } from '../../src/server/cli/output'
import { setCliLang } from '../../src/server/cli/lang'
import { makeAct, signAct } from '../../src/ledger/types/tx'
import { GENESIS_TIME, signCommit, tempDir } from '../ledger/helpers'
import {
  DAY,
  NUMBER,
  apply,
  bank,
  block as blockOn,
  buyer,
  cleanup,
  court,
  enter,
  fx,
  grant as g,
  registrar,
  request,
  seller,
  single,
  third,
} from '../ledger/land-harness'

const OTHER = '1101-2023-000002'
const PEPPER_HEX = 'a1'.repeat(32)
const PEPPER = Uint8Array.from(Buffer.from(PEPPER_HEX, 'hex'))
const ID = { seller: '800101-1234567', buyer: '900202-2345678', third: '750505-1122334' }
const hashOf = (id: string): string => identifierHash(PEPPER, id)

let node: LedgerNode
let server: ApiServer
let dataDir: string
let homeDir: string
const block = (txs: CheckedTx[]): Promise<string[]> => blockOn(node, txs)

const holder = (name: string, s: Signer, id: string): Holder => ({
  kind: 'person',
  name,
  id: `${id.slice(0, 8)}******`,
  idHash: hashOf(id),
  address: '서울특별시 종로구 사직로 161',
  key: toHex(s.publicKey),
  agency: null,
  share: null,
})

async function call<T = any>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T; text: string }> {
  const r = await fetch(server.url + path, {
    method,
    headers: { Authorization: `Bearer ${server.token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  const text = await r.text()
  return { status: r.status, body: JSON.parse(text) as T, text }
}

let lookupNonce = 0
/** this node's audience (GET /api/v1/land/owners/audience), read when the server starts */
let audience = ''
/** A signed owner lookup (what the CLI and the screen send), addressed to this node unless said. */
const lookup = (s: Signer, id: string, o: { time?: number; type?: string; chainId?: string; node?: string | null } = {}) =>
  txToJson(
    makeTx(s, {
      chainId: o.chainId ?? fx.chainId,
      type: o.type ?? OWNER_LOOKUP_TYPE,
      payload: o.node === null ? { id } : { id, node: o.node ?? audience },
      nonce: ++lookupNonce,
      time: o.time ?? Date.now(),
    }),
  )

/** the receipt of the application last received (and not yet decided) */
const received = async (): Promise<number> =>
  Math.max(...(await call<Array<{ receipt: number }>>('GET', '/api/v1/land/applications?office=1101&status=received')).body.map((a) => a.receipt))

const numbersOf = (r: { registers: LandRegisterSummaryDto[] }): string[] => r.registers.map((x) => x.number)

async function startServer(): Promise<void> {
  server = await startApiServer({ node, home: new Home(homeDir), uiDir: null, registries: REGISTRIES })
  const known = audience
  audience = (await call<{ node: string }>('GET', '/api/v1/land/owners/audience')).body.node
  // kept in the node's local data: the same across a restart
  if (known !== '') expect(audience).toBe(known)
}

beforeAll(async () => {
  dataDir = join(tempDir(cleanup), 'data')
  homeDir = tempDir(cleanup)
  writeFileSync(join(homeDir, 'land-pepper'), PEPPER_HEX + '\n')
  node = await LedgerNode.open({ genesis: fx.genesis, registries: REGISTRIES, verifyThreads: 0, dataDir, now: () => GENESIS_TIME + 60_000 })
  expect(
    await block([
      g(fx.admin, registrar, 'registrar', 'agency-a'),
      g(fx.adminB!, bank, 'bank-officer', 'agency-b'),
      g(fx.admin, court, 'land-authority', 'agency-a'),
      single(fx.admin, 'land.office.define', { agency: 'agency-a', office: '1101', name: '서울중앙지방법원 등기국' }),
    ]),
  ).toEqual([])
  const open = (owner: Holder, main: number, road: string | null) =>
    single(registrar, 'land.register.open', {
      office: '1101',
      head: { kind: 'land', location: { sido: '서울특별시', sigungu: '종로구', dong: '세종로', ri: null, mountain: false, main, sub: 3 }, road, category: 'building-site', area: '330.00' },
      owners: [owner as unknown as JsonValue],
      cause: 'new-building',
      causeOn: DAY,
    })
  // receipts 1 and 2: 세종로 1-3 (the seller's) and 세종로 12-3 (third's)
  expect(await block([open(holder('박서준', seller, ID.seller), 1, '서울특별시 종로구 세종대로 175'), open(holder('최하은', third, ID.third), 12, null)])).toEqual([])
  await startServer()
}, 120_000)

afterAll(async () => {
  await server?.close()
  await node?.close()
  await cleanup.run()
})

describe('the address index', () => {
  it('answers address searches from the index, as the bounded scan answers them', async () => {
    const queries = ['서울 종로구 세종로 1-3번지', '서울특별시 종로구 세종로 1', '종로구 세종로', '세종로 1', '세종로 12', '세종대로 175', '종로', '부산 해운대구']
    for (const q of queries) {
      const r = await call<{ results: LandRegisterSummaryDto[]; source: string }>('GET', `/api/v1/land/search?explain=true&address=${encodeURIComponent(q)}`)
      expect(r.status).toBe(200)
      expect(r.body.source).toBe('index')
      const scan = await searchRegisters(registryHost(node).state, { address: q })
      expect(r.body.results.map((s) => s.number), q).toEqual(scan.map((s) => s.number))
    }
    // 서울 종로구 세종로 1 finds 서울특별시 종로구 세종로 1-3, not 12-3; the plain answer is the list
    const plain = await call<LandRegisterSummaryDto[]>('GET', `/api/v1/land/search?address=${encodeURIComponent('서울 종로구 세종로 1')}`)
    expect(plain.body.map((s) => s.number)).toEqual([NUMBER])
    expect((await call<LandRegisterSummaryDto[]>('GET', `/api/v1/land/search?address=${encodeURIComponent('종로구 세종로')}`)).body.map((s) => s.number)).toEqual([NUMBER, OTHER])
    expect((await call('GET', '/api/v1/land/index')).body).toMatchObject({ height: node.chain.head().height, head: node.chain.head().height, caughtUp: true })
  })
})

describe('while the index cannot catch up', () => {
  it('answers the address search from the bounded scan and says so; the owner lookup says the index is behind', async () => {
    const real = registryHost(node)
    // a node without its blocks (a light workstation), whose index never started
    const light = {
      ...real,
      state: { ...real.state, getAux: async (k: string) => (k === 'land-ix/height' ? undefined : real.state.getAux(k)) },
      keepLocal: async () => undefined,
      blocks: { read: async () => null, onCommit: () => () => undefined },
    } as RegistryHost
    const a = await searchByAddress(light, '종로구 세종로', 50)
    expect(a).toMatchObject({ source: 'scan', indexHeight: 0, head: node.chain.head().height })
    expect(a.results.map((s) => s.number)).toEqual([NUMBER, OTHER])
    expect((await landLocal(light).status()).problem).toMatch(/does not hold block 1/)
    await expect(registersOfHolder(light, hashOf(ID.seller))).rejects.toMatchObject({ code: 'LAND_INDEX_BEHIND' })
  })
})

describe('the watch list and the owner index across a transfer', () => {
  it('notifies the bank of an application and its entry on a watched register, and the owner index follows the transfer', async () => {
    expect((await call('POST', '/api/v1/land/watch', { number: NUMBER.replaceAll('-', '') })).body).toMatchObject({ number: NUMBER, active: true })
    expect((await call('GET', '/api/v1/land/watch')).body.map((w: { number: string }) => w.number)).toEqual([NUMBER])
    expect((await call('POST', '/api/v1/land/watch', { number: '1101-2023-000099' })).body.error.code).toBe('LAND_REGISTER_UNKNOWN')
    // before: the seller owns NUMBER
    expect(numbersOf((await call('POST', '/api/v1/land/owners', lookup(bank, ID.seller))).body)).toEqual([NUMBER])
    expect(numbersOf((await call('POST', '/api/v1/land/owners', lookup(bank, ID.buyer))).body)).toEqual([])

    // receipt 3: the sale, then its entry; a sale on the unwatched register makes no notification
    expect(await block([apply(buyer, [seller], { holders: [holder('김민지', buyer, ID.buyer)], amount: '850000000' })])).toEqual([])
    const applied = node.chain.head().height
    expect(await block([enter(3)])).toEqual([])
    const entered = node.chain.head().height

    const changes = (await call('GET', '/api/v1/land/watch/changes')).body
    expect(changes.unread).toBe(2)
    expect(changes.notes.map((n: { kind: string; height: number; register: string }) => [n.kind, n.height, n.register])).toEqual([
      ['entry', entered, NUMBER],
      ['application', applied, NUMBER],
    ])
    expect(changes.notes[0].words).toEqual({ ko: '갑구 2번에 소유권이전 등기가 기입되었습니다.', en: 'Transfer of ownership was entered at section A, rank 2.' })
    expect(changes.notes[1].words.ko).toBe('소유권이전 신청이 접수되었습니다 (접수 제3호).')
    expect(changes.notes[1].day).toMatch(/^\d{4}-\d{2}-\d{2}$/)

    // after: the buyer owns it, the seller no longer does (the stale key is checked against state and skipped)
    const mine = (await call('POST', '/api/v1/land/owners', lookup(bank, ID.buyer))).body
    expect(numbersOf(mine)).toEqual([NUMBER])
    expect(mine.registers[0].holds).toEqual([{ as: 'owner', section: 'A', rank: '2', purpose: null, share: '1/1', name: '김민지', id: '900202-2******' }])
    expect(numbersOf((await call('POST', '/api/v1/land/owners', lookup(bank, ID.seller))).body)).toEqual([])
    expect(numbersOf((await call('POST', '/api/v1/land/owners', lookup(bank, '7505051122334'))).body)).toEqual([OTHER])

    // read: one, then all; unread counts follow
    expect((await call('POST', '/api/v1/land/watch/changes/read', { ids: [changes.notes[1].id] })).body.marked).toBe(1)
    expect((await call('GET', '/api/v1/land/watch/changes?unread=true')).body.notes.map((n: { kind: string }) => n.kind)).toEqual(['entry'])
    expect((await call('POST', '/api/v1/land/watch/changes/read', {})).body.marked).toBe(1)
    expect((await call('GET', '/api/v1/land/watch/changes')).body.unread).toBe(0)
  })
})

describe('notices of a commission and its cancellation', () => {
  it('says in words that a seizure was commissioned, entered, and cancelled, naming the entry cancelled', async () => {
    const taxOffice: Holder = { kind: 'public', name: '종로세무서', id: null, idHash: null, address: '서울특별시 종로구', key: null, agency: 'agency-a', share: null }
    const commission = (r: Parameters<typeof request>[0]) => single(court, 'land.commission', { office: '1101', request: request(r) } as unknown as JsonValue)
    expect(await block([commission({ purpose: 'restriction.seizure', cause: 'tax-seizure', holders: [taxOffice], caseNo: '세무-2023-77' })])).toEqual([])
    expect(await block([enter(await received())])).toEqual([])
    expect(await block([commission({ purpose: 'cancellation', cause: 'release', target: { section: 'A', rank: '3' } })])).toEqual([])
    expect(await block([enter(await received())])).toEqual([])
    const notes = (await call('GET', '/api/v1/land/watch/changes?unread=true')).body.notes as Array<{ kind: string; words: { ko: string; en: string } }>
    expect(notes.map((n) => n.kind)).toEqual(['cancellation', 'commission', 'entry', 'commission'])
    expect(notes[0]!.words).toEqual({ ko: '갑구 3번 압류 등기가 말소되었습니다 (갑구 4번).', en: 'The seizure at section A, rank 3 was cancelled (section A, rank 4).' })
    expect(notes[2]!.words.ko).toBe('갑구 3번에 압류 등기가 기입되었습니다.')
    expect(notes[3]!.words.en).toMatch(/^A commission for seizure was received \(receipt no\. \d+\)\.$/)
    expect((await call('POST', '/api/v1/land/watch/changes/read', {})).body.marked).toBe(4)
  })
})

describe('the owner lookup', () => {
  it('is refused to a key without a lookup role, a bad signature, another chain, a stale time, a replay and a bad number', async () => {
    const code = async (body: unknown): Promise<[number, string]> => {
      const r = await call('POST', '/api/v1/land/owners', body)
      return [r.status, r.body.error?.code]
    }
    expect(await code(lookup(seller, ID.buyer))).toEqual([403, 'LAND_NOT_AUTHORISED'])
    expect(await code({ id: ID.buyer })).toEqual([403, 'LAND_NOT_AUTHORISED'])
    expect(await code(lookup(bank, ID.buyer, { type: 'land.apply' }))).toEqual([403, 'LAND_NOT_AUTHORISED'])
    expect(await code(lookup(bank, ID.buyer, { chainId: 'another-chain' }))).toEqual([403, 'LAND_NOT_AUTHORISED'])
    const tampered = { ...lookup(bank, ID.seller), payload: { id: ID.buyer, node: audience } }
    expect(await code(tampered)).toEqual([403, 'LAND_NOT_AUTHORISED'])
    expect(await code(lookup(bank, ID.buyer, { time: Date.now() - 10 * 60_000 }))).toEqual([403, 'LAND_LOOKUP_EXPIRED'])
    expect(await code(lookup(bank, ID.buyer, { time: Date.now() + 10 * 60_000 }))).toEqual([403, 'LAND_LOOKUP_EXPIRED'])
    expect(await code(lookup(bank, '800101-12345'))).toEqual([422, 'LAND_ID_INVALID'])
    // addressed to another node, or to none (a request seen at one node cannot be replayed at another)
    expect(audience).toMatch(/^[0-9a-f]{32}$/)
    expect(await code(lookup(bank, ID.buyer, { node: 'ab'.repeat(16) }))).toEqual([403, 'LAND_NOT_AUTHORISED'])
    expect(await code(lookup(bank, ID.buyer, { node: null }))).toEqual([403, 'LAND_NOT_AUTHORISED'])
    const elsewhere = { ...lookup(bank, ID.buyer), payload: { id: ID.buyer, node: 'cd'.repeat(16) } }
    expect(await code(elsewhere)).toEqual([403, 'LAND_NOT_AUTHORISED'])
    const once = lookup(bank, ID.buyer)
    expect((await call('POST', '/api/v1/land/owners', once)).status).toBe(200)
    expect(await code(once)).toEqual([409, 'LAND_LOOKUP_REPLAYED'])
    // the lookup's type is not a transaction the registry executes
    expect(Object.keys(landRegistry.txTypes)).not.toContain(OWNER_LOOKUP_TYPE)
  })

  it('needs the pepper file: LAND_NO_PEPPER without it', async () => {
    const file = join(homeDir, 'land-pepper')
    renameSync(file, file + '.away')
    try {
      const r = await call('POST', '/api/v1/land/owners', lookup(bank, ID.buyer))
      expect([r.status, r.body.error.code]).toEqual([409, 'LAND_NO_PEPPER'])
    } finally {
      renameSync(file + '.away', file)
    }
  })

  it('keeps no clear registration number: not in the answer, not in the node-local data', async () => {
    const r = await call('POST', '/api/v1/land/owners', lookup(bank, ID.buyer))
    expect(r.status).toBe(200)
    expect(r.text).not.toContain('2345678')
    const host = registryHost(node)
    const keys = await host.state.auxKeys('', 100_000)
    expect(keys.some((k) => k.startsWith('land-ix/o/'))).toBe(true)
    for (const k of keys) {
      const v = new TextDecoder().decode((await host.state.getAux(k)) ?? new Uint8Array())
      for (const id of Object.values(ID)) {
        expect(k + v).not.toContain(id.slice(7))
        expect(k + v).not.toContain(id.replace('-', ''))
      }
    }
  })
})

describe('restarts and catching up again', () => {
  it('keeps its height and answers across a restart, and a new block after it updates the owner index', async () => {
    const before = {
      search: (await call('GET', `/api/v1/land/search?address=${encodeURIComponent('종로구 세종로')}`)).body,
      owners: numbersOf((await call('POST', '/api/v1/land/owners', lookup(bank, ID.buyer))).body),
      height: (await call('GET', '/api/v1/land/index')).body.height as number,
    }
    await server.close()
    await node.close()
    node = await LedgerNode.open({ genesis: fx.genesis, registries: REGISTRIES, verifyThreads: 0, dataDir, now: () => GENESIS_TIME + 60_000 })
    // read from the store before anything catches up
    expect(await new LandLocal(registryHost(node)).height()).toBe(before.height)
    await startServer()
    expect((await call('GET', `/api/v1/land/search?address=${encodeURIComponent('종로구 세종로')}`)).body).toEqual(before.search)
    // a lookup signed now (after the restart) is answered as before
    expect(numbersOf((await call('POST', '/api/v1/land/owners', lookup(bank, ID.buyer))).body)).toEqual(before.owners)
    // a transfer after the restart: buyer → third
    expect(await block([apply(third, [buyer], { holders: [holder('최하은', third, ID.third)] })])).toEqual([])
    expect(await block([enter(await received())])).toEqual([])
    expect(numbersOf((await call('POST', '/api/v1/land/owners', lookup(bank, ID.third))).body)).toEqual([NUMBER, OTHER])
    expect(numbersOf((await call('POST', '/api/v1/land/owners', lookup(bank, ID.buyer))).body)).toEqual([])
    const notes = (await call('GET', '/api/v1/land/watch/changes?unread=true')).body.notes
    expect(notes.map((n: { kind: string }) => n.kind)).toEqual(['entry', 'application'])
  })

  it('catches up after each block the node commits, with no request', async () => {
    const host = registryHost(node)
    // at the head and idle: nothing but the listener can move it past the block below
    expect((await landLocal(host).catchUp()).caughtUp).toBe(true)
    const head = node.chain.head()
    const { prepared } = await node.chain.buildBlock(
      [apply(buyer, [third], { holders: [holder('김민지', buyer, ID.buyer)] })],
      fx.validator.publicKey,
      head.time + 1000,
      await node.getCommit(head.height),
    )
    await node.applyBlock(prepared, signCommit(fx.chainId, [fx.validator], head.height + 1, prepared.hash))
    // read from the store by another reader: only the commit listener can have moved it
    await vi.waitFor(async () => expect(await new LandLocal(host).height()).toBe(head.height + 1), { timeout: 20_000, interval: 20 })
  })

  it('writes the same keys when it catches up from the start again (idempotent)', async () => {
    const host = registryHost(node)
    await landLocal(host).catchUp()
    const indexKeys = async (): Promise<string[]> => host.state.auxKeys('land-ix/', 100_000)
    const first = await indexKeys()
    await host.keepLocal([['land-ix/height', new TextEncoder().encode('0')]])
    const again = new LandLocal(host)
    expect(await again.height()).toBe(0)
    const st = await again.catchUp()
    expect(st).toMatchObject({ caughtUp: true, height: node.chain.head().height })
    expect(await indexKeys()).toEqual(first)
  })
})

/** `daejang land …args` with the CLI's host reduced to this test's server (client) and a key (signer). */
async function cli(args: string[], lang: 'ko' | 'en', signer: Signer = bank): Promise<string> {
  let out = ''
  const program = new Command().exitOverride()
  setCliLang(lang)
  const host = {
    program,
    act: (fn: (o: CliOptions) => Promise<void>) => fn,
    client: () => ({
      get: async (path: string) => (await call('GET', path)).body,
      post: async (path: string, body: unknown) => {
        const r = await call('POST', path, body)
        if (r.status !== 200) throw new Error(r.body.error.code)
        return r.body
      },
    }),
    key: () => ({
      publicKey: toHex(signer.publicKey),
      signAct: async (type: string, payload: JsonValue) =>
        signAct(makeAct({ chainId: fx.chainId, type, payload, signer: toHex(signer.publicKey), nonce: ++lookupNonce }), signer),
    }),
    print: (o: CliOptions, v: unknown, human: () => string) => {
      out += (o.json ? JSON.stringify(v) : human()) + '\n'
    },
    format: { table, kv, time: (ms: number) => new Date(ms).toISOString() },
    lang: () => lang,
  } as unknown as CliHost
  landLocalCli(host)
  await program.parseAsync(['node', 'daejang', 'land', ...args, '--home', 'h'])
  return out
}

describe('daejang land watch | owners', () => {
  it('adds, lists, shows changes in Korean and English, marks them read and removes, with --json alike', async () => {
    expect(await cli(['watch', 'add', OTHER.replaceAll('-', '')], 'ko')).toBe(`관심 등기에 추가했습니다: ${OTHER}\n`)
    expect(await cli(['watch', 'list'], 'en')).toContain(OTHER)
    expect(JSON.parse(await cli(['watch', 'list', '--json'], 'ko')).map((w: { number: string }) => w.number)).toEqual([NUMBER, OTHER])
    // a sale of OTHER: received, then entered
    expect(await block([apply(third, [], { register: OTHER, purpose: 'ownership.transfer', holders: [holder('김민지', buyer, ID.buyer)] })])).toEqual([])
    const ko = await cli(['watch', 'changes', '--unread', '--register', OTHER], 'ko')
    expect(ko).toContain('읽지 않은 알림')
    expect(ko).toMatch(/소유권이전 신청이 접수되었습니다 \(접수 제\d+호\)\./)
    const en = await cli(['watch', 'changes', '--unread', '--register', OTHER, '--mark-read'], 'en')
    expect(en).toMatch(/An application for transfer of ownership was received/)
    expect(en).not.toMatch(/[0-9a-f]{64}/)
    expect(JSON.parse(await cli(['watch', 'changes', '--unread', '--register', OTHER, '--json'], 'en')).notes).toEqual([])
    expect(await cli(['watch', 'remove', OTHER], 'en')).toBe(`No longer watching register ${OTHER}\n`)
    expect(await cli(['watch', 'remove', OTHER], 'ko')).toBe(`관심 등기가 아니었습니다: ${OTHER}\n`)
  })

  it('looks up owners with a signed request, in words, never printing the number asked for', async () => {
    const ko = await cli(['owners', '--id', ID.third], 'ko')
    expect(ko).toContain(NUMBER)
    expect(ko).toContain('소유자 최하은')
    expect(ko).not.toContain(ID.third)
    const json = JSON.parse(await cli(['owners', '--id', ID.third, '--json'], 'en'))
    expect(json.registers.map((r: { number: string }) => r.number)).toEqual([NUMBER, OTHER])
    expect(await cli(['owners', '--id', ID.seller], 'en')).toMatch(/^No register found \(as of block \d+\)\./)
    await expect(cli(['owners', '--id', ID.third], 'en', seller)).rejects.toThrow('LAND_NOT_AUTHORISED')
  })

  it('takes the number from a file (kept out of the process list and shell history), and says so when none is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'daejang-id-'))
    const file = join(dir, 'id.txt')
    writeFileSync(file, `${ID.third}\n`)
    const ko = await cli(['owners', '--id-file', file], 'ko')
    expect(ko).toContain(NUMBER)
    expect(ko).not.toContain(ID.third)
    await expect(cli(['owners'], 'en')).rejects.toThrow('Give the resident or corporate registration number with --id-file (or --id).')
    writeFileSync(file, '\n')
    await expect(cli(['owners', '--id-file', file], 'ko')).rejects.toThrow('등록번호가 없습니다')
    // read bounded: a first line longer than 4 KiB is refused in words (an 8 MiB file is not read whole), CRLF is fine
    writeFileSync(file, 'x'.repeat(8 << 20))
    await expect(cli(['owners', '--id-file', file], 'en')).rejects.toThrow(`The first line of ${file} is longer than ${MAX_ID_LINE_BYTES} bytes`)
    writeFileSync(file, `${ID.third}\r\n${'y'.repeat(8 << 20)}`)
    expect(await cli(['owners', '--id-file', file], 'en')).toContain(NUMBER)
    rmSync(dir, { recursive: true, force: true })
  })
})

/** A migration (docs/adr/0037) of a land register in 서울 종로구 with its one preservation entry. */
function migration(number: string, lot: { dong: string; main: number; area: string }, receipt: { on: string; number: number }, owner: Holder, source: string): JsonValue {
  const location = { sido: '서울특별시', sigungu: '종로구', dong: lot.dong, ri: null, mountain: false, main: lot.main, sub: 0 }
  const first = { section: 'A', rank: '1', purpose: 'ownership.preservation', receipt, cause: 'new-building', causeOn: receipt.on, holders: [owner] }
  const none = { of: null, portion: null, amount: null, debtor: null, target: null, caseNo: null }
  return { number, office: '1101', head: { kind: 'land', location, road: null, category: 'building-site', area: lot.area }, entries: [{ ...first, ...none }], source } as unknown as JsonValue
}

describe('a migrated register (docs/adr/0037)', () => {
  it('is found by the address index and its owner by the owner index, though its number carries an old year', async () => {
    const MIG = '1101-1996-000123'
    const ID_MIG = '650202-1234567'
    const payload = migration(MIG, { dong: '청진동', main: 70, area: '412.50' }, { on: '1996-03-04', number: 1201 }, { ...holder('이순신', buyer, ID_MIG), key: null }, 'cd'.repeat(32))
    expect(await block([single(registrar, 'land.register.migrate', payload)])).toEqual([])
    const r = await call<{ results: LandRegisterSummaryDto[]; source: string }>('GET', `/api/v1/land/search?explain=true&address=${encodeURIComponent('종로구 청진동 70')}`)
    expect(r.body.source).toBe('index')
    expect(r.body.results.map((s) => s.number)).toEqual([MIG])
    expect(numbersOf((await call('POST', '/api/v1/land/owners', lookup(bank, ID_MIG))).body)).toEqual([MIG])
  })

  it("numbers a live opening after a migrated number of this year, and indexes both without walking the numbers between", async () => {
    // a register migrated with a number of the block's year, far ahead of the office's sequence; an opening after it
    const MIG = '1101-2023-400000'
    const ID_MIG = '660303-1234567'
    const payload = migration(MIG, { dong: '수송동', main: 85, area: '200.00' }, { on: '2023-01-05', number: 11 }, { ...holder('유관순', buyer, ID_MIG), key: null }, 'ef'.repeat(32))
    const open = single(registrar, 'land.register.open', {
      office: '1101',
      head: { kind: 'land', location: { sido: '서울특별시', sigungu: '종로구', dong: '수송동', ri: null, mountain: false, main: 86, sub: 0 }, road: null, category: 'building-site', area: '210.00' },
      owners: [holder('안창호', third, ID.third) as unknown as JsonValue],
      cause: 'new-building',
      causeOn: DAY,
    })
    expect(await block([single(registrar, 'land.register.migrate', payload), open])).toEqual([])
    const LIVE = '1101-2023-400001'
    expect(await node.store.get(headKey(LIVE))).toBeDefined()

    // a fresh index over the whole chain (node-local data in memory), counting the register heads it reads
    const real = registryHost(node)
    const aux = new Map<string, Uint8Array>()
    let headReads = 0
    const counting = {
      ...real,
      state: {
        ...real.state,
        get: (k: string) => {
          if (/^ld\/r\/.*\/head$/.test(k)) headReads++
          return real.state.get(k)
        },
        getAux: async (k: string) => aux.get(k),
        auxKeys: async (prefix: string, limit = 1000) => [...aux.keys()].filter((k) => k.startsWith(prefix)).sort().slice(0, limit),
      },
      keepLocal: async (e: ReadonlyArray<readonly [string, Uint8Array]>) => {
        for (const [k, v] of e) aux.set(k, v)
      },
    } as RegistryHost
    const ix = new LandLocal(counting)
    expect(await ix.catchUp()).toMatchObject({ caughtUp: true, problem: null })
    expect(headReads).toBeLessThan(100)
    expect(new TextDecoder().decode(aux.get('land-ix/seq/1101/2023'))).toBe('400001')
    for (const n of [MIG, LIVE]) expect([...aux.keys()].some((k) => k.startsWith('land-ix/a/') && k.endsWith(n))).toBe(true)
    expect(await ix.searchAddress('종로구 수송동', 10)).toEqual([MIG, LIVE])
    // and the node's own index answers the same
    const r = await call<{ results: LandRegisterSummaryDto[]; source: string }>('GET', `/api/v1/land/search?explain=true&address=${encodeURIComponent('종로구 수송동')}`)
    expect([r.body.source, r.body.results.map((x) => x.number)]).toEqual(['index', [MIG, LIVE]])
  })
})

describe('an index rebuilt on a node that no longer keeps the state of past heights', () => {
  it("numbers the office's openings as execution did, not from the head's sequence (a register opened after a far migrated number is indexed)", async () => {
    const openAt = (main: number, who: Signer, id: string) =>
      single(registrar, 'land.register.open', {
        office: '1101',
        head: { kind: 'land', location: { sido: '서울특별시', sigungu: '종로구', dong: '견지동', ri: null, mountain: false, main, sub: 0 }, road: null, category: 'building-site', area: '120.00' },
        owners: [holder('윤봉길', who, id) as unknown as JsonValue],
        cause: 'new-building',
        causeOn: DAY,
      })
    // an opening, then (a later block) a migrated number of this year far ahead, then (a later block) an opening after it
    expect(await block([openAt(11, third, ID.third)])).toEqual([])
    const MIG = '1101-2023-700000'
    const payload = migration(MIG, { dong: '견지동', main: 12, area: '90.00' }, { on: '2023-01-06', number: 12 }, { ...holder('김구', buyer, '760707-1234567'), key: null }, 'ab'.repeat(32))
    expect(await block([single(registrar, 'land.register.migrate', payload)])).toEqual([])
    expect(await block([openAt(13, third, ID.third)])).toEqual([])
    const LIVE = '1101-2023-700001'
    expect(await node.store.get(headKey(LIVE))).toBeDefined()

    // the same chain, the past heights' state pruned (as a node pruning its tree answers): a fresh index over it all
    const real = registryHost(node)
    const aux = new Map<string, Uint8Array>()
    const pruned = {
      ...real,
      stateAsOf: async (k: string, h: number) => {
        if (h < node.chain.head().height) throw new DaejangError('HEIGHT_PRUNED', `height ${h} was pruned`)
        return real.stateAsOf(k, h)
      },
      state: {
        ...real.state,
        getAux: async (k: string) => aux.get(k),
        auxKeys: async (prefix: string, limit = 1000) => [...aux.keys()].filter((k) => k.startsWith(prefix)).sort().slice(0, limit),
      },
      keepLocal: async (e: ReadonlyArray<readonly [string, Uint8Array]>) => {
        for (const [k, v] of e) aux.set(k, v)
      },
    } as RegistryHost
    const ix = new LandLocal(pruned)
    expect(await ix.catchUp()).toMatchObject({ caughtUp: true, problem: null })
    await landLocal(real).catchUp()
    const all = await landLocal(real).searchAddress('종로구 견지동', 10)
    expect(all).toHaveLength(3)
    expect(await ix.searchAddress('종로구 견지동', 10)).toEqual(all)
    expect(await ix.searchAddress('종로구 견지동 13', 10)).toEqual([LIVE])
    expect(new TextDecoder().decode(aux.get('land-ix/seq/1101/2023'))).toBe('700001')
  })
})

describe('catching up on a long chain', () => {
  it('yields to the event loop between blocks (a commit or a request waits for a slice, never for the whole catch-up)', async () => {
    // a backlog: blocks with and without land transactions, then an index that starts from nothing
    for (let i = 0; i < 20; i++) {
      expect(await block([single(fx.admin, 'land.office.define', { agency: 'agency-a', office: String(1150 + i), name: `등기소 ${i}` })])).toEqual([])
      expect(await block([])).toEqual([])
    }
    const real = registryHost(node)
    const aux = new Map<string, Uint8Array>()
    // the event loop's turns, counted by a ticker that runs while the catch-up does
    let turns = 0
    let ticking = true
    const tick = (): void => {
      turns++
      if (ticking) setImmediate(tick)
    }
    setImmediate(tick)
    const turnsAtRead: number[] = []
    const local = {
      ...real,
      state: { ...real.state, getAux: async (k: string) => aux.get(k), auxKeys: async () => [] },
      keepLocal: async (e: ReadonlyArray<readonly [string, Uint8Array]>) => {
        for (const [k, v] of e) aux.set(k, v)
      },
      blocks: {
        ...real.blocks,
        read: (h: number) => {
          turnsAtRead.push(turns)
          return real.blocks.read(h)
        },
      },
    } as RegistryHost
    const status = await new LandLocal(local).catchUp()
    ticking = false
    expect(status).toMatchObject({ caughtUp: true, height: node.chain.head().height })
    expect(turnsAtRead.length).toBe(node.chain.head().height)
    // between any two blocks read, the loop turned: what waited (a block commit, a request) ran in between
    for (let i = 1; i < turnsAtRead.length; i++) expect(turnsAtRead[i]!, `block ${i + 1}`).toBeGreaterThan(turnsAtRead[i - 1]!)
  })
})
