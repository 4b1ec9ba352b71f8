/** What the setup-mode tests share: setup servers on temporary homes, stopped and removed after each test, and a call. */
import '../../src/server/compat'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { type SetupServer, startSetupServer } from '../../src/server/setup/setup-server'

export function useSetupServers(prefix: string): { tempDir(): string; setup(): Promise<{ s: SetupServer; home: string }> } {
  const servers: SetupServer[] = []
  const dirs: string[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()))
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })
  const tempDir = (): string => {
    const d = mkdtempSync(join(tmpdir(), prefix))
    dirs.push(d)
    return d
  }
  return {
    tempDir,
    setup: async () => {
      const home = join(tempDir(), 'home')
      const s = await startSetupServer({ home, uiDir: null, heartbeatMs: 100 })
      servers.push(s)
      return { s, home }
    },
  }
}

 
export async function call(s: { url: string; token: string }, method: string, path: string, body?: unknown, raw?: string): Promise<{ status: number; body: any }> {
  const r = await fetch(s.url + path, {
    method,
    headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' },
    ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  return { status: r.status, body: await r.json() }
}
