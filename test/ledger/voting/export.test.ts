/**
 * The archive from a node's ledger (docs/adr/0048, "The archive"): an election run through the ledger — 3 trustee
 * agencies (threshold 2), a re-vote, a blank vote, the close, 2 partial decryptions, the result — read through the
 * record route page by page, written as a Belenios archive, verified by our verifier (all 10 checks) and by sirona
 * (an independent Belenios 2.5 verifier, run as belenios-interop.test.ts runs it). The same ledger, the same bytes.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Command } from 'commander'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { toHex } from '../../../src/ledger/codec/bytes'
import type { LedgerNode } from '../../../src/ledger/node/node'
import type { CliHost, CliOptions } from '../../../src/ledger/registries/types'
import { recordFromNode, votingArchiveCli } from '../../../src/ledger/registries/voting/cli-archive'
import { VOTING_AUDIT_ROUTES } from '../../../src/ledger/registries/voting/routes-audit'
import { VOTING_EXPORT_ROUTES, publicCredentialsJson, readRecord, type CredentialsPageDto, type RecordPageDto } from '../../../src/ledger/registries/voting/export'
import { nodeGroup } from '../../../src/ledger/registries/voting/node-group'
import { buildArchive, readArchive, sha256Hex } from '../../../src/ledger/registries/voting/portable/archive/archive'
import { beleniosVerifierCrypto } from '../../../src/ledger/registries/voting/portable/archive/crypto'
import { verifyArchive } from '../../../src/ledger/registries/voting/portable/archive/verify'
import { type Election, createBallot, generateCredential, parseElection, parseEncryptedTally, partialDecrypt, resultText, computeResult } from '../../../src/ledger/registries/voting/portable/belenios'
import { setupKey, tallyKey } from '../../../src/ledger/registries/voting/portable/keys'
import type { RunningTally } from '../../../src/ledger/registries/voting/rules-ballot'
import { readElection } from '../../../src/ledger/registries/voting/rules-common'
import { electionUuidOf } from '../../../src/ledger/registries/voting/rules-setup'
import { combinedFactors } from '../../../src/ledger/registries/voting/rules-tally'
import { registryHost } from '../../../src/server/registry-host'
import { GENESIS_TIME } from '../helpers'
import { HOUR, accepted, block, ceremony, cleanup, draft, official, sealCredentials, setUp, single, stranger, trustees } from './rules-harness'

afterEach(() => cleanup.run())

const G = nodeGroup()
const SIRONA = resolve(__dirname, '../../../node_modules/sirona/dist/cli')
const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

function sironaVerify(bel: Uint8Array): { status: number | null; out: string; err: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sirona-'))
  dirs.push(dir)
  writeFileSync(join(dir, 'election.bel'), bel)
  const r = spawnSync(process.execPath, [join(SIRONA, 'sirona-election.js'), 'verify'], { cwd: dir, encoding: 'utf8', timeout: 170_000 })
  return { status: r.status, out: r.stdout, err: r.stderr }
}

const vote = (e: Election<unknown>, credential: string, k: number) => createBallot(G, e, credential, [[0, 1, 2, 3].map((i) => (i === k ? 1 : 0))])
const cast = (uuid: string, text: string) => single(stranger, 'voting.ballot', { election: uuid, ballot: text })

/** the record route's handler, as the server calls it */
async function page(node: LedgerNode, uuid: string, query: Record<string, unknown>): Promise<RecordPageDto> {
  const r = VOTING_EXPORT_ROUTES.find((x) => x.path === '/api/v1/voting/elections/:uuid/record')!
  const q = r.query!.parse(query)
  return (await r.handler({ host: registryHost(node), params: { uuid } as never, query: q as never, body: undefined })).body as RecordPageDto
}

/** the whole record through the route, `limit` ballots a page, as the CLI reads it */
async function credentialsPage(node: LedgerNode, uuid: string, query: Record<string, unknown>): Promise<CredentialsPageDto> {
  const r = VOTING_EXPORT_ROUTES.find((x) => x.path === '/api/v1/voting/elections/:uuid/record/credentials')!
  const q = r.query!.parse(query) as Record<string, unknown>
  return (await r.handler({ host: registryHost(node), params: { uuid } as never, query: q as never, body: undefined })).body as CredentialsPageDto
}

async function recordThroughRoute(node: LedgerNode, uuid: string, limit: number) {
  const first = await page(node, uuid, { limit })
  const ballots = [...first.ballots]
  let more = first.more
  while (more) {
    const p = await page(node, uuid, { from: ballots.length + 1, limit, total: first.total })
    ballots.push(...p.ballots)
    more = p.more
  }
  const { credentialParts, ...setup } = first.setup!
  const credentials: string[] = []
  for (let from = 1; from <= credentialParts; from += limit) credentials.push(...(await credentialsPage(node, uuid, { from, limit })).credentials)
  return { ...setup, publicCredentials: publicCredentialsJson(credentials), ballots }
}

/** `daejang election export …` over a stub host whose client answers from the node's routes (no server runs) */
async function exportCli(node: LedgerNode, args: string[]): Promise<{ out: string; error?: { code?: string }; paths: string[] }> {
  let out = ''
  const paths: string[] = []
  const program = new Command().exitOverride()
  const host = {
    program,
    act: (fn: (o: CliOptions) => Promise<void>) => fn,
    print: (o: CliOptions, value: unknown, human: () => string) => {
      out += o.json === true ? JSON.stringify(value) : human()
    },
    client: (o: CliOptions) => {
      expect(o.home).toBe('/the/home')
      return {
        get: async (path: string) => {
          paths.push(path)
          const u = new URL(path, 'http://node')
          const a = /^\/api\/v1\/voting\/elections\/([^/]+)\/audit$/.exec(u.pathname) // the challenged ballots, written beside (ADR 0056)
          if (a) return (await VOTING_AUDIT_ROUTES[0]!.handler({ host: registryHost(node), params: { uuid: decodeURIComponent(a[1]!) } as never, query: VOTING_AUDIT_ROUTES[0]!.query!.parse(Object.fromEntries(u.searchParams)) as never, body: undefined })).body
          const m = /^\/api\/v1\/voting\/elections\/([^/]+)\/record(\/credentials)?$/.exec(u.pathname)!
          const query = Object.fromEntries(u.searchParams)
          return m[2] === undefined ? page(node, decodeURIComponent(m[1]!), query) : credentialsPage(node, decodeURIComponent(m[1]!), query)
        },
      }
    },
    files: { write: (path: string, bytes: Uint8Array) => writeFileSync(path, bytes) },
    lang: () => 'en',
  } as unknown as CliHost
  votingArchiveCli(host)
  try {
    await program.parseAsync(['node', 'daejang', 'election', 'export', ...args])
  } catch (e) {
    return { out, error: e as { code?: string }, paths }
  }
  return { out, paths }
}

describe('voting: the archive from the ledger', () => {
  it('exports an election run on the ledger; our verifier passes all 10 checks, sirona accepts it, and the same ledger gives the same bytes', async () => {
    const node = await setUp()
    const privates = [generateCredential(), generateCredential(), generateCredential()]
    const tx = single(official, 'voting.election.draft', draft())
    await accepted(node, tx)
    const uuid = electionUuidOf(toHex(tx.hash))
    // before opening there is nothing to archive
    await expect(page(node, uuid, {})).rejects.toMatchObject({ code: 'VOTING_PHASE' })
    await expect(page(node, 'Hj4S8bqUWcW3s9n7PZ3N5y', {})).rejects.toMatchObject({ code: 'VOTING_UNKNOWN_ELECTION' })
    const keys = await ceremony(node, uuid)
    await sealCredentials(node, uuid, privates)
    await accepted(node, single(official, 'voting.election.open', { election: uuid }))
    const openHeight = (await readElection(node.store, uuid))!.openedAt!
    const r = parseElection(G, (await node.store.get(setupKey(uuid, 'election'))) as string)
    if (!r.ok) throw new Error(r.reason)
    const e = r.election

    expect(await block(node, [], GENESIS_TIME + HOUR)).toEqual([])
    await accepted(node, cast(uuid, vote(e, privates[0]!, 1).text), cast(uuid, vote(e, privates[1]!, 2).text))
    // while voting goes on: the ballots so far, no tally
    const open = await readRecord(registryHost(node), uuid)
    expect([open.ballots.length, open.closed, open.tally, open.partialDecryptions]).toEqual([2, false, undefined, []])
    // voter 0 votes again, voter 2 votes blank
    await accepted(node, cast(uuid, vote(e, privates[0]!, 3).text), cast(uuid, vote(e, privates[2]!, 0).text))
    expect(await block(node, [], GENESIS_TIME + 2 * HOUR)).toEqual([])
    await accepted(node, single(official, 'voting.election.close', { election: uuid }))

    const running = (await node.store.get(tallyKey(uuid))) as unknown as RunningTally
    const tally = parseEncryptedTally(G, e, running.text)!
    const partial = (agency: string) => single(trustees[agency]!, 'voting.tally.partial', { election: uuid, message: partialDecrypt(G, e.fingerprint, keys[agency]!, tally).text })
    // agency-d (the third) before agency-b (the first): the archive keeps the commit order
    await accepted(node, partial('agency-d'))
    await accepted(node, partial('agency-b'))
    const { F } = await combinedFactors(node.store, (await readElection(node.store, uuid))!)
    const result = resultText(computeResult(G, tally, F, 3n))
    expect(result).toBe('{"result":[[1,0,1,1]]}')
    await accepted(node, single(official, 'voting.election.result', { election: uuid, result }))

    const record = await recordThroughRoute(node, uuid, 1)
    expect(record.ballots).toHaveLength(4)
    expect(record.partialDecryptions.map((p) => p.owner)).toEqual([3, 1])
    expect(record.tally).toMatchObject({ numTallied: 3, totalWeight: 3 })
    expect(record.result).toBe(result)
    expect(record.timestamp).toBe(Math.floor((await registryHost(node).blocks.read(openHeight))!.time / 1000))
    const bel = buildArchive(record)

    const ours = verifyArchive(readArchive(bel), G, beleniosVerifierCrypto(G))
    expect(ours.checks.map((c) => [c.n, c.state])).toEqual(Array.from({ length: 10 }, (_, i) => [i + 1, 'passed']))
    expect(ours.ok).toBe(true)
    expect(ours.summary).toMatchObject({ uuid, ballots: 4, tallied: 3 })

    // the same ledger, read again in other pages, gives the same bytes
    const again = buildArchive(await recordThroughRoute(node, uuid, 3))
    expect(sha256Hex(again)).toBe(sha256Hex(bel))
    expect(sha256Hex(buildArchive(await readRecord(registryHost(node), uuid)))).toBe(sha256Hex(bel))

    const s = sironaVerify(bel)
    expect(s.err).toBe('')
    expect(s.status).toBe(0)
    expect(s.out).toContain('4 ballots found')

    // the command line, through the same route: the same bytes
    const dir = mkdtempSync(join(tmpdir(), 'bel-export-'))
    dirs.push(dir)
    const out = join(dir, 'e.bel')
    const cli = await exportCli(node, ['--uuid', uuid, '--home', '/the/home', '--out', out, '--json'])
    expect(cli.error).toBeUndefined()
    expect(sha256Hex(new Uint8Array(readFileSync(out)))).toBe(sha256Hex(bel))
    expect(JSON.parse(cli.out)).toMatchObject({ out, uuid, ballots: 4, sha256: sha256Hex(bel) })
    expect(cli.paths[0]).toBe(`/api/v1/voting/elections/${uuid}/record?from=1&limit=1000`)
    expect(JSON.parse(readFileSync(join(dir, 'e.audit.json'), 'utf8'))).toEqual({ format: 'daejang-election-audit/1', election: uuid, counted: false, audits: [] })
    // the CLI's reader a ballot a page: four requests, the later ones against the first page's count
    const viaApi = await recordFromNode({ get: async <T,>(path: string) => {
      cli.paths.push(path)
      const u = new URL(path, 'http://node')
      const query = Object.fromEntries(u.searchParams)
      return (u.pathname.endsWith('/credentials') ? await credentialsPage(node, uuid, query) : await page(node, uuid, query)) as T
    } }, uuid, 1)
    expect(sha256Hex(buildArchive(viaApi))).toBe(sha256Hex(bel))
    const base = `/api/v1/voting/elections/${uuid}/record`
    // the credential list in pages of its parts right after the first page (one part here)
    expect(cli.paths.slice(-5)).toEqual([`${base}?from=1&limit=1`, `${base}/credentials?from=1&limit=20`, ...[2, 3, 4].map((n) => `${base}?from=${n}&limit=1&total=4`)])
    // both sources, or neither, or a uuid without its node: refused, nothing written
    for (const args of [['--uuid', uuid, '--record', 'r.json'], [], ['--uuid', uuid]]) {
      const bad = await exportCli(node, [...args, '--out', join(dir, 'x.bel')])
      expect(bad.error?.code).toBe('BAD_REQUEST')
    }
    expect((await exportCli(node, ['--uuid', 'Hj4S8bqUWcW3s9n7PZ3N5y', '--home', '/the/home', '--out', join(dir, 'x.bel')])).error?.code).toBe('VOTING_UNKNOWN_ELECTION')
    expect(() => readFileSync(join(dir, 'x.bel'))).toThrow()
  })
})
