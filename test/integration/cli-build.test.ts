/**
 * The built CLI (scripts/cli-build.mjs, issue 9 item 19): what every command loads stays small, the bin builds
 * out/cli when it is missing and rebuilds it when a source changed, concurrent first runs build once, and the
 * development mode (DAEJANG_DEV=1, tsx) still runs the sources.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, ROOT } from './harness'
import { buildCli, cliState, ensureCli, type Metafile } from '../../scripts/cli-build.mjs'

/** Packages, and our modules, that a command which does not need them must not load. */
const HEAVY_PACKAGES = /^(?:libp2p|@libp2p\/|@chainsafe\/|level|classic-level|pdf-lib|@pdf-lib\/|fflate|hash-wasm|ws|qrcode)(?:\/|$)/
const HEAVY_SOURCES = ['src/ledger/node/node.ts', 'src/server/run-node.ts', 'src/server/api-server.ts', 'src/ledger/cert/pdf.ts', 'src/ledger/store/store.ts']

const scratch = join(ROOT, '.tmp', `cli-build-test-${process.pid}`)
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Everything the entry loads before any dynamic import: packages and source files. */
function staticClosure(meta: Metafile, entry: string): { packages: Set<string>; sources: Set<string> } {
  const packages = new Set<string>()
  const sources = new Set<string>()
  const seen = new Set<string>()
  const visit = (out: string): void => {
    if (seen.has(out)) return
    seen.add(out)
    for (const input of Object.keys(meta.outputs[out]!.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)
      if (m) packages.add(m[1]!)
      else sources.add(input)
    }
    for (const i of meta.outputs[out]!.imports) {
      if (i.kind !== 'import-statement') continue
      if (i.external) packages.add(i.path)
      else visit(i.path)
    }
  }
  visit(entry)
  return { packages, sources }
}

describe('the built CLI', () => {
  it('loads no ledger node, store, network, HTTP server or PDF code at start: those are chunks of the commands that use them', async () => {
    const outDir = join(scratch, 'closure')
    const meta = await buildCli({ outDir })
    const entry = Object.keys(meta.outputs).find((o) => o.endsWith('/closure/main.js'))!
    const { packages, sources } = staticClosure(meta, entry)
    expect([...packages].filter((p) => HEAVY_PACKAGES.test(p))).toEqual([])
    expect(HEAVY_SOURCES.filter((s) => sources.has(s))).toEqual([])
    // …and they are in the build, behind dynamic imports
    const all = new Set(Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs)))
    for (const s of HEAVY_SOURCES) expect(all.has(s), s).toBe(true)

    // `daejang start` loads the node, not the PDF code: that comes with the first certificate asked for
    const runNode = Object.keys(meta.outputs).find((o) => meta.outputs[o]!.entryPoint === 'src/server/run-node.ts')!
    const node = staticClosure(meta, runNode)
    expect([...node.packages].filter((p) => /^(?:pdf-lib|@pdf-lib\/)/.test(p))).toEqual([])
    expect(node.sources.has('src/ledger/cert/pdf.ts')).toBe(false)
    expect(node.sources.has('src/ledger/node/node.ts')).toBe(true)
  })

  it('is built when missing, rebuilt when a source is newer than the build, and left alone when fresh', async () => {
    const outDir = join(scratch, 'state')
    expect(cliState(outDir)).toBe('missing')
    const builds: string[] = []
    await ensureCli({ outDir, onBuild: (s) => builds.push(s) })
    expect(cliState(outDir)).toBe('fresh')
    await ensureCli({ outDir, onBuild: (s) => builds.push(s) })
    expect(builds).toEqual(['missing'])

    // a source edited after the build started: the manifest's start time moved before every input's mtime
    const manifestPath = join(outDir, 'build.json')
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
    expect(manifest.inputs).toContain('src/server/cli/main.ts')
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, startedAt: 0 }))
    expect(cliState(outDir)).toBe('stale')
    await ensureCli({ outDir, onBuild: (s) => builds.push(s) })
    expect(builds).toEqual(['missing', 'stale'])
    expect(cliState(outDir)).toBe('fresh')
  })

  it('concurrent first runs build once and all run', async () => {
    const outDir = join(scratch, 'race')
    mkdirSync(scratch, { recursive: true })
    const script = `
      const { ensureCli } = await import(${JSON.stringify(join(ROOT, 'scripts', 'cli-build.mjs'))})
      let built = 0
      const entry = await ensureCli({ outDir: ${JSON.stringify(outDir)}, onBuild: () => built++ })
      process.argv = [process.argv[0], 'daejang', '--version']
      process.stderr.write('built ' + built + '\\n')
      await import(entry)`
    const run = (): Promise<{ code: number | null; out: string; err: string }> =>
      new Promise((resolve) => {
        const p = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT })
        let out = ''
        let err = ''
        p.stdout.on('data', (d) => (out += d))
        p.stderr.on('data', (d) => (err += d))
        p.on('exit', (code) => resolve({ code, out, err }))
      })
    const results = await Promise.all([run(), run(), run()])
    for (const r of results) {
      expect(r.code, r.err).toBe(0)
      expect(r.out.trim()).toBe('0.1.0')
    }
    expect(results.map((r) => /built (\d)/.exec(r.err)?.[1]).sort()).toEqual(['0', '0', '1'])
  })

  it('the bin runs the build, and DAEJANG_DEV=1 runs the TypeScript sources through tsx', () => {
    const built = cli(['--version'])
    expect(built.code, built.stderr).toBe(0)
    expect(built.stdout.trim()).toBe('0.1.0')
    const dev = cli(['--version'], { env: { DAEJANG_DEV: '1' } })
    expect(dev.code, dev.stderr).toBe(0)
    expect(dev.stdout.trim()).toBe('0.1.0')
  })
})
