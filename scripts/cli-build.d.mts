/** Types of what scripts/cli-build.mjs exports (for bin/daejang.mjs's tests and bench scripts). */
export type CliState = 'fresh' | 'missing' | 'stale'
export interface Metafile {
  inputs: Record<string, unknown>
  outputs: Record<string, { imports: Array<{ path: string; kind: string; external?: boolean }>; inputs: Record<string, unknown>; bytes: number; entryPoint?: string }>
}
export const ROOT: string
export const CLI_DIR: string
export const BUNDLED_PACKAGES: string[]
export function cliState(outDir?: string): CliState
export function buildCli(options?: { outDir?: string; clean?: boolean }): Promise<Metafile>
export function ensureCli(options?: { outDir?: string; onBuild?: (state: CliState) => void }): Promise<string>
