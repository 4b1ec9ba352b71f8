import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { electronProfileDir, parseDataDirArg, resolveDataDir } from '../../src/main/args'

describe('data dir', () => {
  const base = { env: {}, userData: join('/home/u/.config', 'Daejang'), cwd: '/work' }

  it('reads --data-dir in both spellings, the last one winning', () => {
    expect(parseDataDirArg(['electron', '.', '--data-dir', '/d1'])).toBe('/d1')
    expect(parseDataDirArg(['electron', '--data-dir=/d2'])).toBe('/d2')
    expect(parseDataDirArg(['--data-dir', '/a', '--data-dir=/b'])).toBe('/b')
    expect(parseDataDirArg(['--data-dir'])).toBeUndefined()
    expect(parseDataDirArg(['--data-dir', '--other'])).toBeUndefined()
    expect(parseDataDirArg(['--data-dir='])).toBeUndefined()
  })

  it('prefers the argument, then DAEJANG_HOME, then <userData>/node', () => {
    expect(resolveDataDir({ ...base, argv: ['--data-dir', '/x'], env: { DAEJANG_HOME: '/y' } })).toEqual({
      dir: resolve('/x'),
      source: 'arg',
    })
    expect(resolveDataDir({ ...base, argv: [], env: { DAEJANG_HOME: '/y' } })).toEqual({ dir: resolve('/y'), source: 'env' })
    expect(resolveDataDir({ ...base, argv: [], env: { DAEJANG_HOME: '  ' } })).toEqual({
      dir: join(base.userData, 'node'),
      source: 'default',
    })
  })

  it('resolves relative paths against the working directory', () => {
    expect(resolveDataDir({ ...base, argv: ['--data-dir=rel/dir'] }).dir).toBe(resolve('/work', 'rel/dir'))
  })

  it('gives each explicit data dir its own Electron profile', () => {
    const appData = '/home/u/.config'
    expect(electronProfileDir(appData, { dir: '/x', source: 'default' })).toBe(join(appData, 'Daejang'))
    const a = electronProfileDir(appData, { dir: '/a', source: 'arg' })
    const b = electronProfileDir(appData, { dir: '/b', source: 'env' })
    expect(a).not.toBe(b)
    expect(a.startsWith(join(appData, 'Daejang', 'profiles'))).toBe(true)
  })
})
