/**
 * What the CLI's commands share: the action wrapper (errors → one line and exit 1), JSON files given on the command
 * line, the home and its running node, the administrator context (sign, submit, wait), and the host handed to the
 * registries' commands (registries/types.ts CliHost).
 */
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import type { KeyInfoDto, SubmitResultDto } from '../../shared/api'
import { DaejangError } from '../../shared/errors'
import { type JsonValue, makeAct, signAct } from '../../ledger/types/tx'
import { toHex } from '../../ledger/codec/bytes'
import { Home } from '../../ledger/node/home'
import type { Catalogue } from '../../ledger/registries/catalogue'
import type { CliHost } from '../../ledger/registries/types'
import { readCappedFile, sha256File } from '../files'
import { ApiClient } from './client'
import { buildTx, nextNonce, signerFor } from './keys'
import { fail, kv, type OutputOptions, print, table } from './output'
import { cliLang } from './lang'

export type Opts = OutputOptions & Record<string, unknown>

export function act(fn: (o: Opts) => Promise<void>): (o: Opts) => Promise<void> {
  return async (o) => {
    try {
      await fn(o)
    } catch (e) {
      fail(o, e)
    }
  }
}

/** JSON files given to the CLI (genesis, trust lists, proofs) are small; anything larger is refused unread. */
const MAX_JSON_FILE_BYTES = 16 << 20

export function readJsonFile(path: string, what: string): unknown {
  const text = new TextDecoder().decode(readCappedFile(path, what, MAX_JSON_FILE_BYTES))
  try {
    return JSON.parse(text)
  } catch {
    throw new DaejangError('MALFORMED_JSON', `${what} ${path} is not valid JSON`)
  }
}

export const time = (ms: number): string => new Date(ms).toISOString()
export const home = (o: Opts): Home => new Home(o.home as string)
export const client = (o: Opts): ApiClient => ApiClient.forHome(home(o))

export function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open'
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url]
  try {
    const p = spawn(cmd, args, { stdio: 'ignore', detached: true })
    p.on('error', () => undefined)
    p.unref()
  } catch {
    // no browser here: the address is printed above
  }
}

export type AdminContext = { h: Home; c: ApiClient; signer: ReturnType<typeof signerFor>; agency: string; chainId: string }

export async function adminContext(o: Opts): Promise<AdminContext> {
  const h = home(o)
  const c = ApiClient.forHome(h)
  const signer = signerFor(h, o.key as string, o.passphraseFile as string | undefined)
  const pk = toHex(signer.publicKey)
  let agency = o.agency as string | undefined
  if (!agency) {
    const info = await c.get<KeyInfoDto>(`/api/v1/identity/keys/${pk}`)
    agency = info.adminOf[0]
    if (!agency) throw new DaejangError('UNAUTHORIZED_ROLE', `key "${o.key as string}" administers no agency`)
  }
  return { h, c, signer, agency, chainId: h.readGenesis().chainId }
}

export async function signAndCommit(ctx: AdminContext, type: string, payload: JsonValue): Promise<SubmitResultDto> {
  const nonce = await nextNonce(ctx.c, toHex(ctx.signer.publicKey))
  return ctx.c.post<SubmitResultDto>('/api/v1/txs?wait=commit', buildTx(ctx.signer, ctx.chainId, type, payload, nonce))
}

/**
 * A transaction sent and waited on that is not committed yet may still be committed: the person must check it (with
 * its hash) before sending it again — TX_PENDING, never "the node is not running".
 */
export function committed<R extends { hash: string; status: string }>(r: R, lang: 'ko' | 'en' = cliLang()): R {
  if (r.status === 'committed') return r
  const h = r.hash
  throw new DaejangError(
    'TX_PENDING',
    lang === 'ko'
      ? `거래(${h})가 아직 확정되지 않았습니다(${r.status === 'pending' ? '대기 중' : r.status}). daejang tx show --hash ${h}로 확인하십시오.`
      : `transaction ${h} is still ${r.status}; check it with daejang tx show --hash ${h}`,
  )
}

/** The options every administrator command shares. */
export function adminOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--home <dir>', 'node home directory')
    .option('--agency <id>', 'issuing agency (default: the first the key administers)')
    .option('--key <name>', 'administrator key name', 'admin')
    .option('--passphrase-file <file>', 'passphrase of an encrypted key (or DAEJANG_PASSPHRASE)')
    .option('--json', 'JSON output')
}

/** The host the registries' commands are given (registries/types.ts). */
export function cliHost(program: Command, catalogue: Catalogue): CliHost {
  return {
    program,
    catalogue,
    act,
    adminOptions,
    signAndCommit: async (o, type, payload) => signAndCommit(await adminContext(o), type, payload),
    admin: async (o) => {
      const ctx = await adminContext(o)
      return { agency: ctx.agency, signAndCommit: (type, payload) => signAndCommit(ctx, type, payload) }
    },
    key: (o) => {
      const h = home(o)
      const c = ApiClient.forHome(h)
      const signer = signerFor(h, o.key as string, o.passphraseFile as string | undefined)
      const chainId = h.readGenesis().chainId
      return {
        publicKey: toHex(signer.publicKey),
        signAndCommit: async (type, payload) => {
          const nonce = await nextNonce(c, toHex(signer.publicKey))
          return c.post<SubmitResultDto>('/api/v1/txs?wait=commit', buildTx(signer, chainId, type, payload, nonce))
        },
        signAct: async (type, payload, cosigners) => {
          const nonce = await nextNonce(c, toHex(signer.publicKey))
          return signAct(makeAct({ chainId, type, payload, signer: toHex(signer.publicKey), nonce, cosigners: [...cosigners] }), signer)
        },
        sign: (message) => signer.sign(message),
      }
    },
    committed: (r) => committed(r),
    client,
    print,
    readJsonFile,
    files: { read: readCappedFile, sha256: sha256File, write: (path, bytes) => writeFileSync(path, bytes) },
    format: { table, kv, time },
    lang: cliLang,
  }
}
