/**
 * Documents are hashed as streams: a document over 2 GiB (a sparse file: no disk used) is hashed by the real CLI
 * (`daejang verify --file`), where a whole-file read failed and was reported as NOT_FOUND. A file that cannot be read
 * says why (FILE_UNREADABLE with the OS's reason; NOT_FOUND only for no such file), and small files given to the CLI
 * are refused unread over their cap (FILE_TOO_LARGE).
 */
import { spawnSync } from 'node:child_process'
import { closeSync, mkdirSync, openSync, ftruncateSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { documentProofs } from '../../src/ledger/registries/notary/bundle'
import { isDaejangError } from '../../src/shared/errors'
import { readCappedFile, sha256File } from '../../src/server/files'
import { Cleanup, tempDir } from '../ledger/helpers'
import { certChain } from './fixture'

const ROOT = resolve(__dirname, '..', '..')
const BIN = join(ROOT, 'bin', 'daejang.mjs')
/** SHA-256 of 2 GiB + 1 zero bytes (sha256sum of `truncate -s 2147483649`) */
const SPARSE_SIZE = 2 ** 31 + 1
const SPARSE_SHA256 = 'b8030a8ab89280935633d8d991da3d9907c0f12e8b6fc3bfc515f4d440872b6e'

const cleanup = new Cleanup()
afterAll(() => cleanup.run())

const codeOf = async (p: Promise<unknown> | (() => unknown)): Promise<unknown> => {
  try {
    await (typeof p === 'function' ? p() : p)
    return null
  } catch (e) {
    return isDaejangError(e) ? `${e.code}: ${e.message}` : e
  }
}

describe('files given to the CLI', () => {
  it(
    'a document of 2 GiB + 1 byte is hashed by `daejang verify --file` (a stream, not a whole-file read)',
    async () => {
      const dir = tempDir(cleanup, 'daejang-large-')
      const big = join(dir, 'large.bin')
      const fd = openSync(big, 'w')
      ftruncateSync(fd, SPARSE_SIZE)
      closeSync(fd)
      // real evidence about another document: the integrity check names the SHA-256 the CLI computed
      const c = await certChain(cleanup, 'large-doc')
      const p = await documentProofs(c.node, c.single)
      writeFileSync(join(dir, 'trust.json'), JSON.stringify(c.node.trustListJson()))
      writeFileSync(join(dir, 'bundle.json'), JSON.stringify(p.bundle))
      const r = spawnSync(
        process.execPath,
        [BIN, 'verify', '--trust', join(dir, 'trust.json'), '--bundle', join(dir, 'bundle.json'), '--file', big, '--json'],
        { cwd: ROOT, encoding: 'utf8', timeout: 600_000 },
      )
      expect(r.stderr).toBe('')
      const out = JSON.parse(r.stdout) as { valid: boolean; checks: { integrity: { result: string; detail: string } } }
      expect(out.checks.integrity.result).toBe('fail')
      expect(out.checks.integrity.detail).toContain(`SHA-256 ${SPARSE_SHA256} differs`)
      expect(r.status).toBe(1)
    },
    600_000,
  )

  it('a file that cannot be read says why; only a missing file is NOT_FOUND', async () => {
    const dir = tempDir(cleanup, 'daejang-files-')
    mkdirSync(join(dir, 'folder'))
    expect(await codeOf(sha256File(join(dir, 'missing.pdf')))).toMatch(/^NOT_FOUND: cannot read document .*missing\.pdf: no such file \(ENOENT\)$/)
    expect(await codeOf(sha256File(join(dir, 'folder')))).toMatch(/^FILE_UNREADABLE: cannot read document .*folder: it is not a regular file$/)
    writeFileSync(join(dir, 'big.json'), new Uint8Array(1025))
    expect(await codeOf(() => readCappedFile(join(dir, 'big.json'), 'bundle', 1024))).toMatch(/^FILE_TOO_LARGE: bundle .*big\.json has 1025 bytes; at most 1024/)
    expect(readCappedFile(join(dir, 'big.json'), 'bundle', 1025)).toHaveLength(1025)
  })
})
