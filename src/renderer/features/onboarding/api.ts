/**
 * The first-run setup API of the app's node (src/server/setup, docs/adr/0063), as the onboarding screens call it:
 * the checks of a genesis file and of an admission request file, the choice, and its phase until the node runs.
 */
import { ApiError, type ApiClient } from '../../api/client'

/** restore: the fifth choice, this node restored from its backup (restore/RestoreForm.vue) */
export type SetupChoice = 'local' | 'create' | 'join' | 'workstation' | 'restore'
export type SetupPhase = 'choose' | 'writing' | 'starting' | 'running' | 'failed'

export interface AgencyRequest {
  id: string
  name: string
  validator: { publicKey: string; power: number } | null
  admins: string[]
}

export interface GenesisSummary {
  chainId: string
  label: string | null
  agencies: { id: string; name: string; validator: boolean }[]
}

export interface SetupResult {
  choice: SetupChoice
  chainId: string
  genesis: Record<string, unknown> | null
  admissionRequest: AgencyRequest | null
  nodeKey: string
  adminKey: string | null
  producesAlone: boolean
}

export interface SetupState {
  phase: SetupPhase
  result: SetupResult | null
  error: { code: string; message: string } | null
  /** why the last restore from a backup was refused (the phase is `choose` again) */
  restoreError?: { code: string; message: string }
}

export const setupApi = {
  checkGenesis: (c: ApiClient, genesis: unknown) => c.request('POST', '/setup/check-genesis', genesis) as Promise<GenesisSummary>,
  checkRequest: (c: ApiClient, request: unknown) => c.request('POST', '/setup/check-request', request) as Promise<AgencyRequest>,
  choose: (c: ApiClient, choice: SetupChoice, body: Record<string, unknown>) => c.request('POST', `/setup/${choice}`, body) as Promise<SetupResult>,
  state: (c: ApiClient) => c.request('GET', '/setup') as Promise<SetupState>,
}

/** "PUBLICKEY@MULTIADDR" lines (blank lines skipped), as the node reads them. */
export function peerLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
}

/** Reads a JSON file the user picked; null when it is not JSON (the node says why it is not what was asked for). */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** A refusal of a picked file, in words: the file's name, the stable code, the node's detail. */
export interface FileProblem {
  file: string
  code: string
  message?: string
}

/**
 * Picks a JSON file and has the node check it: the checked value and the raw JSON, null when the user cancels, or
 * the problem (`notJsonCode` when the file is not JSON at all).
 */
export async function pickChecked<T>(
  open: () => Promise<{ name: string; text: string } | null>,
  check: (raw: unknown) => Promise<T>,
  notJson: { code: string; message: (file: string) => string },
): Promise<{ file: string; raw: unknown; value: T } | { problem: FileProblem } | null> {
  const f = await open()
  if (!f) return null
  const raw = parseJsonText(f.text)
  if (raw === undefined) return { problem: { file: f.name, code: notJson.code, message: notJson.message(f.name) } }
  try {
    return { file: f.name, raw, value: await check(raw) }
  } catch (e) {
    const code = e instanceof ApiError ? (e.code ?? 'INTERNAL') : 'INTERNAL'
    return { problem: { file: f.name, code, message: e instanceof Error ? e.message : String(e) } }
  }
}
