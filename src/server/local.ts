/**
 * A local consortium (genesis label "local": one computer, for trying things out) is usable out of the box: on
 * start its administrator key holds every role, and the UI may take that key once to act as the administrator.
 * A real consortium never does either.
 */
import { DaejangError } from '../shared/errors'
import { STAFF_ROLES } from '../ledger/registries'
import type { LocalAdminKeyDto } from '../shared/api'
import { toHex } from '../ledger/codec/bytes'
import { makeTx, txToJson } from '../ledger/types/tx'
import { nodeSigner } from '../ledger/crypto/ed25519-node'
import { readKeyFile, unlockSeed, isEncrypted } from '../ledger/crypto/keystore'
import type { Home } from '../ledger/node/home'
import type { LedgerNode } from '../ledger/node/node'
import { keyInfo } from '../ledger/registries/identity/queries'

export function isLocal(node: LedgerNode): boolean {
  return node.genesis.label === 'local'
}

/** Submit grants of every role the local administrator key does not yet hold. Returns how many were sent. */
export async function grantLocalAdminEveryRole(node: LedgerNode, home: Home): Promise<number> {
  if (!isLocal(node)) return 0
  const file = readKeyFile(home.keyPath('admin'))
  if (isEncrypted(file)) return 0
  const admin = nodeSigner(unlockSeed(file))
  const pk = toHex(admin.publicKey)
  const agency = node.genesis.agencies.find((a) => a.admins.includes(pk))?.id
  if (!agency) return 0
  const info = await keyInfo(node.store, pk, Date.now())
  const held = new Set(info.roles.filter((r) => r.active && r.agency === agency).map((r) => r.role))
  const base = Math.max(info.nonce + 1, Date.now())
  let sent = 0
  for (const role of STAFF_ROLES) {
    if (held.has(role)) continue
    const tx = makeTx(admin, {
      chainId: node.genesis.chainId,
      type: 'identity.role.grant',
      nonce: base + sent,
      payload: { agency, subject: pk, role, expiresAt: null, label: 'local administrator' },
    })
    await node.submitJson(txToJson(tx))
    sent++
  }
  return sent
}

export function localAdminKey(node: LedgerNode, home: Home): LocalAdminKeyDto {
  if (!isLocal(node)) throw new DaejangError('NOT_LOCAL')
  const file = readKeyFile(home.keyPath('admin'))
  if (isEncrypted(file)) throw new DaejangError('BAD_KEY', 'the local administrator key is encrypted; use the CLI')
  const seed = unlockSeed(file)
  const agency = node.genesis.agencies.find((a) => a.admins.includes(file.publicKey))?.id ?? ''
  return { publicKey: file.publicKey, seed: toHex(seed), agency }
}
