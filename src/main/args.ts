/** Command line and environment: where the node keeps its data. Pure; no Electron. */
import { createHash } from 'node:crypto'
import { isAbsolute, join, resolve } from 'node:path'

export const DATA_DIR_FLAG = '--data-dir'
export const DATA_DIR_ENV = 'DAEJANG_HOME'
/** Sub-folder of Electron's userData that is the node's home, so Chromium's own files stay out of it. */
export const NODE_HOME_SUBDIR = 'node'

/** The value of `--data-dir <dir>` or `--data-dir=<dir>` (the last one wins), if any. */
export function parseDataDirArg(argv: readonly string[]): string | undefined {
  let found: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === DATA_DIR_FLAG) {
      const next = argv[i + 1]
      if (next !== undefined && next !== '' && !next.startsWith('--')) {
        found = next
        i++
      }
    } else if (arg?.startsWith(`${DATA_DIR_FLAG}=`)) {
      const value = arg.slice(DATA_DIR_FLAG.length + 1)
      if (value !== '') found = value
    }
  }
  return found
}

export interface DataDirInput {
  argv: readonly string[]
  env: Readonly<Record<string, string | undefined>>
  /** Electron's `app.getPath('userData')`. */
  userData: string
  cwd: string
}

export interface DataDir {
  dir: string
  source: 'arg' | 'env' | 'default'
}

/** `--data-dir`, else `DAEJANG_HOME`, else `<userData>/node`. Relative paths are resolved against `cwd`. */
export function resolveDataDir(input: DataDirInput): DataDir {
  const fromArg = parseDataDirArg(input.argv)
  if (fromArg !== undefined) return { dir: absolute(fromArg, input.cwd), source: 'arg' }
  const fromEnv = input.env[DATA_DIR_ENV]?.trim()
  if (fromEnv) return { dir: absolute(fromEnv, input.cwd), source: 'env' }
  return { dir: join(input.userData, NODE_HOME_SUBDIR), source: 'default' }
}

function absolute(p: string, cwd: string): string {
  return isAbsolute(p) ? resolve(p) : resolve(cwd, p)
}

/** The app folder under the platform's app-data folder (Electron's appData). Shared with the headless start. */
export const APP_FOLDER = 'Daejang'

/**
 * Electron's own profile (Chromium caches, local storage): `<appData>/Daejang` for the default node home, and a
 * separate profile per explicit data dir, so two instances with different data dirs can run side by side (the
 * single-instance lock is per profile) and Chromium's files never land in the node's home.
 */
export function electronProfileDir(appData: string, dataDir: DataDir): string {
  const base = join(appData, APP_FOLDER)
  if (dataDir.source === 'default') return base
  const id = createHash('sha256').update(dataDir.dir).digest('hex').slice(0, 16)
  return join(base, 'profiles', id)
}
