/**
 * `daejang backup` on a node just made with `daejang init` (docs/adr/0065): its store is still empty, and it makes
 * blocks alone. A backup "with the ledger" is written as keys and config only and restores; a keys-only backup is
 * refused unless --keys-only-anyway; a short or missing passphrase is said as such.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, tempHome } from './harness'

describe('daejang backup of a node just initialised', () => {
  const t = tempHome()
  afterAll(() => t.cleanup())

  it('backs up with --with-store, restores, refuses keys only and weak passphrases', { timeout: 120_000 }, () => {
    const home = join(t.dir, 'h')
    expect(cli(['init', '--home', home, '--json']).code).toBe(0)
    const pass = join(t.dir, 'pass')
    writeFileSync(pass, 'a long enough passphrase\n')
    const short = join(t.dir, 'short')
    writeFileSync(short, 'eleven char\n')

    const weak = cli(['backup', 'create', '--home', home, '--out', join(t.dir, 'w'), '--with-store', '--passphrase-file', short, '--json'])
    expect(weak.code).not.toBe(0)
    expect(weak.json.error.code).toBe('BACKUP_WEAK_PASSPHRASE')
    const none = cli(['backup', 'create', '--home', home, '--out', join(t.dir, 'n'), '--with-store', '--json'], { env: { DAEJANG_PASSPHRASE: '' } })
    expect(none.json.error.code).toBe('BACKUP_NO_PASSPHRASE')

    const alone = cli(['backup', 'create', '--home', home, '--out', join(t.dir, 'k'), '--passphrase-file', pass, '--json'])
    expect(alone.json.error.code).toBe('BACKUP_LEDGER_NOWHERE_ELSE')
    const anyway = cli(['backup', 'create', '--home', home, '--out', join(t.dir, 'k'), '--passphrase-file', pass, '--keys-only-anyway', '--json'])
    expect(anyway.code, anyway.stderr).toBe(0)
    expect(anyway.stderr).toMatch(/makes blocks alone|혼자 블록을 만듭니다/)

    const full = join(t.dir, 'full')
    const made = cli(['backup', 'create', '--home', home, '--out', full, '--with-store', '--passphrase-file', pass, '--json'])
    expect(made.code, made.stderr).toBe(0)
    expect(made.json.header).toMatchObject({ withStore: false, height: null })
    const r = cli(['backup', 'restore', '--home', join(t.dir, 'restored'), '--from', full, '--passphrase-file', pass, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({ withStore: false })
  })
})
