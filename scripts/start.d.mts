/** Types of what scripts/start.mjs exports (for its tests). */
export function appDataDir(platform?: NodeJS.Platform, env?: NodeJS.ProcessEnv, home?: string): string
export function resolveDataDir(argv: string[], env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform, home?: string): { dir: string; source: string }
export function runQuietly(
  name: string,
  command: string,
  args: string[],
  options?: { cwd?: string; timeout?: number; env?: NodeJS.ProcessEnv },
): { ok: boolean; why: string; log: string }
export function buildIsCurrent(dir?: string): boolean
