/**
 * What the election commands of docs/adr/0058 share (cli-trustee.ts, cli-credentials.ts, cli-run.ts): the options of a
 * signing and of a reading command, the group backend (libsodium where it loads, else the portable one), reads of the
 * node's state, the agency a key acts for in an election, and files written once (never overwritten).
 */
import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { DaejangError } from '../../../shared/errors'
import type { CliHost, CliOptions } from '../types'
import type { Group } from './portable/belenios/group'
import type { ElectionDto } from './portable/dto'
import { VOTING_CLI_ERRORS, type VotingCliErrorCode } from './portable/cli-errors'
import { VOTING_ERRORS, type VotingErrorCode } from './portable/errors'

export const enc = encodeURIComponent

export const signingOptions = (cmd: Command): Command =>
  cmd
    .requiredOption('--home <dir>', 'node home directory')
    .requiredOption('--key <name>', "the signer's key name in the home")
    .option('--passphrase-file <file>', 'passphrase of an encrypted key (or DAEJANG_PASSPHRASE)')
    .option('--lang <lang>', 'ko or en (default: from LC_ALL / LC_MESSAGES / LANG)')
    .option('--json', 'JSON output')

export const readingOptions = (cmd: Command): Command =>
  cmd
    .requiredOption('--home <dir>', 'node home directory')
    .option('--lang <lang>', 'ko or en (default: from LC_ALL / LC_MESSAGES / LANG)')
    .option('--json', 'JSON output')

/** An error of the election commands (their own codes, or the register's), its sentence in the CLI's language with the detail after it. */
export function cliError(lang: 'ko' | 'en', code: VotingCliErrorCode | VotingErrorCode, detail?: { ko: string; en: string }, details?: Record<string, unknown>): DaejangError {
  const def = code in VOTING_CLI_ERRORS ? VOTING_CLI_ERRORS[code as VotingCliErrorCode] : VOTING_ERRORS[code as VotingErrorCode]
  const text = def.text[lang]
  return new DaejangError(code, detail === undefined ? text : `${text} (${detail[lang]})`, details)
}

let group: Group<unknown> | null = null

/** The Ed25519 group: native (libsodium) in the CLI where it loads, else the portable one — the same results. */
export async function cliGroup(): Promise<Group<unknown>> {
  if (group === null) {
    const [{ loadNativeGroup }, { portableGroup }] = await Promise.all([import('./belenios-native'), import('./portable/belenios/group')])
    group = (loadNativeGroup() ?? portableGroup) as Group<unknown>
  }
  return group
}

type Api = ReturnType<CliHost['client']>

/** A value of the node's state by its key, undefined when absent. */
export async function stateValue<T>(api: Api, key: string): Promise<T | undefined> {
  const r = await api.get<{ present: boolean; value?: unknown }>(`/api/v1/state?key=${enc(key)}`)
  return r.present ? (r.value as T) : undefined
}

export async function readElection(api: Api, uuid: string): Promise<ElectionDto> {
  return api.get<ElectionDto>(`/api/v1/voting/elections/${enc(uuid)}`)
}

/**
 * The agency among `named` that the key acts for with `role` (an active credential), the one given with --agency when
 * it is among them; VOTING_NOT_TRUSTEE / VOTING_NOT_AUTHORITY / VOTING_NOT_OFFICIAL otherwise (checked before anything
 * is computed; the ledger checks it again).
 */
export async function actingAgency(
  api: Api,
  lang: 'ko' | 'en',
  publicKey: string,
  role: string,
  named: readonly string[],
  code: 'VOTING_NOT_TRUSTEE' | 'VOTING_NOT_AUTHORITY' | 'VOTING_NOT_OFFICIAL',
  wanted?: string,
): Promise<string> {
  const info = await api.get<{ roles: Array<{ agency: string; role: string; active: boolean }> }>(`/api/v1/identity/keys/${publicKey}`)
  const held = new Set(info.roles.filter((r) => r.active && r.role === role).map((r) => r.agency))
  const agency = named.find((a) => held.has(a) && (wanted === undefined || a === wanted))
  if (agency === undefined) throw cliError(lang, code, { ko: `지정된 기관: ${named.join(', ')}`, en: `the agencies named: ${named.join(', ')}` })
  return agency
}

/** Write a file that must not exist yet (a secret, private credentials): refused with VOTING_FILE_EXISTS, never overwritten. */
export function writeNewFile(lang: 'ko' | 'en', path: string, data: string | Uint8Array, mode = 0o600): void {
  try {
    writeFileSync(path, data, { flag: 'wx', mode })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw cliError(lang, 'VOTING_FILE_EXISTS', { ko: path, en: path }, { path })
    throw new DaejangError('FILE_UNREADABLE', `${path}: ${(e as Error).message}`)
  }
}

export type Say = (ko: string, en: string) => string
export type Opts = CliOptions
