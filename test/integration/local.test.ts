/**
 * A local consortium (first run of the app): the node creates it, its administrator key holds every role once the
 * node has started, and the UI may take that key. A consortium made by `daejang init` is not local.
 */
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { STAFF_ROLES } from '../../src/ledger/registries'
import { fromHex, toHex } from '../../src/ledger/codec/bytes'
import { publicKeyFromSeed } from '../../src/ledger/crypto/ed25519'
import { api, cli, startNode, stopAll, tempHome, waitFor } from './harness'

describe('local consortium', () => {
  const t = tempHome()
  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('is created on first start, its administrator holds every role, and the UI can take its key', async () => {
    const node = await startNode(join(t.dir, 'local'), ['--init-if-missing'])
    const status = (await api(node, 'GET', '/api/v1/status')).body
    expect(status.label).toBe('local')
    const key = await api(node, 'POST', '/api/v1/local/admin-key')
    expect(key.status).toBe(200)
    expect(toHex(publicKeyFromSeed(fromHex(key.body.seed)))).toBe(key.body.publicKey)
    const roles = await waitFor(
      async () => {
        const info = (await api(node, 'GET', `/api/v1/identity/keys/${key.body.publicKey}`)).body
        const active = info.roles.filter((r: { active: boolean }) => r.active).map((r: { role: string }) => r.role)
        return active.length === STAFF_ROLES.length ? active : undefined
      },
      20_000,
      'every role granted',
    )
    expect(new Set(roles)).toEqual(new Set(STAFF_ROLES))
  })

  it('is not what `daejang init` makes', async () => {
    const home = join(t.dir, 'plain')
    expect(cli(['init', '--home', home]).code).toBe(0)
    const node = await startNode(home)
    expect((await api(node, 'GET', '/api/v1/status')).body.label).toBeNull()
    const key = await api(node, 'POST', '/api/v1/local/admin-key')
    expect(key.status).toBe(403)
    expect(key.body.error.code).toBe('NOT_LOCAL')
  })
})
