/**
 * `npm start` on a first run (issue 9 item 21): where Electron cannot be downloaded it says so in one line, runs the
 * headless node and prints a few calm lines (what is happening, the link, how to stop): no stack trace, no build
 * listing. The node is stopped by the PID of the start script, which passes the signal on.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT } from './harness'

const dir = mkdtempSync(join(tmpdir(), 'daejang-start-'))
const state = join(dir, 'state')
process.env.DAEJANG_START_STATE = state
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A loopback port nothing listens on: a download from there is refused at once. */
async function closedPort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const port = (srv.address() as { port: number }).port
  await new Promise((r) => srv.close(r))
  return port
}

const STACK_FRAME = /^\s+at .+[(:]\d+/m

describe('npm start (scripts/start.mjs)', () => {
  it('keeps the output of a step in a log and says in one line what went wrong', async () => {
    const { runQuietly } = await import('../../scripts/start.mjs')
    const noisy = [
      'for (let i = 0; i < 450; i++) console.log("font-" + i + ".woff2  12 kB")',
      // exitCode, not exit(): the test is about what runQuietly keeps, not about output cut short by a hurried exit
      'class RequestError extends Error {}; console.error(new RequestError("getaddrinfo ENOTFOUND github.com")); process.exitCode = 1',
    ].join(';')
    const r = runQuietly('noisy-step', process.execPath, ['-e', noisy])
    expect(r.ok).toBe(false)
    expect(r.why).toBe('RequestError: getaddrinfo ENOTFOUND github.com')
    const log = readFileSync(r.log, 'utf8')
    expect(log).toContain('font-449.woff2')
    expect(log).toMatch(STACK_FRAME)
    expect(runQuietly('quiet-step', process.execPath, ['-e', 'console.log("ok")']).ok).toBe(true)
  })

  it('a first run without Electron prints a few lines: the download that failed, the link, how to stop', async () => {
    // the app is built once, as npm test does before the tests (npm start would build it, quietly, itself)
    const { buildIsCurrent } = await import('../../scripts/start.mjs')
    if (!buildIsCurrent()) {
      const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' })
      expect(b.status, b.stderr).toBe(0)
    }
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DAEJANG_START_STATE: state,
      // Electron's installer downloads from here: refused at once, like a machine without the internet
      ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`,
      electron_config_cache: join(dir, 'electron-cache'),
    }
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
    const proc = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--data-dir', join(dir, 'home'), '--no-open'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    proc.stdout.on('data', (d) => (out += d))
    proc.stderr.on('data', (d) => (out += d))
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)))
    try {
      // the condition, not a time: the start script has printed its last line, or has ended
      await new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (/Stop with Ctrl\+C/.test(out)) resolve()
        }
        proc.stdout.on('data', check)
        proc.stderr.on('data', check)
        void exited.then(() => reject(new Error('npm start ended early:\n' + out)))
      })
      const lines = out.trimEnd().split('\n')
      expect(out).not.toMatch(STACK_FRAME)
      expect(out).not.toMatch(/woff2|kB$/m)
      expect(out).toMatch(/Could not download Electron \(the download server refused the connection\); details in /)
      expect(out).toMatch(/running the headless node/)
      expect(out).toMatch(/^UI +http:\/\/127\.0\.0\.1:\d+\/#code=\S+/m)
      expect(lines.length, out).toBeLessThanOrEqual(12)
      expect(existsSync(join(state, 'electron-install.log'))).toBe(true)
      expect(existsSync(join(state, 'electron-install-failed'))).toBe(true)
    } finally {
      proc.kill('SIGTERM')
    }
    // on a failure, what the start script and the node printed (a stop that failed says why)
    expect(await exited, out).toBe(0)
    // the node went with it: its API file is gone
    expect(existsSync(join(dir, 'home', 'api.json'))).toBe(false)
  })
})
