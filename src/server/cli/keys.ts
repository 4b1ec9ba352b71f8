/** Key and signing helpers of the CLI. */
import { readFileSync } from 'node:fs'
import type { KeyInfoDto } from '../../shared/api'
import { DaejangError } from '../../shared/errors'
import { fromHex } from '../../ledger/codec/bytes'
import { type JsonValue, type TxJson, makeTx, txToJson } from '../../ledger/types/tx'
import { isEncrypted, unlockSeed } from '../../ledger/crypto/keystore'
import { nodeSigner } from '../../ledger/crypto/ed25519-node'
import type { Signer } from '../../ledger/crypto/ed25519'
import type { Home } from '../../ledger/node/home'
import type { ApiClient } from './client'

export function readPassphrase(file?: string): string | undefined {
  if (file) return readFileSync(file, 'utf8').replace(/\r?\n$/, '')
  return process.env.DAEJANG_PASSPHRASE
}

export function signerFor(home: Home, name: string, passphraseFile?: string): Signer {
  const k = home.readKey(name)
  const pass = isEncrypted(k) ? readPassphrase(passphraseFile) : undefined
  return nodeSigner(unlockSeed(k, pass))
}

/**
 * The next nonce for a signer. Nonces only need to grow (gaps are allowed, docs/adr/0003), so the default is the
 * larger of the last committed nonce + 1 and the current time in ms: two transactions signed a millisecond apart
 * never collide, even offline.
 */
export async function nextNonce(client: ApiClient | null, publicKey: string): Promise<number> {
  let last = 0
  if (client) last = (await client.get<KeyInfoDto>(`/api/v1/identity/keys/${publicKey}`)).nonce
  return Math.max(last + 1, Date.now())
}

export function buildTx(
  signer: Signer,
  chainId: string,
  type: string,
  payload: JsonValue,
  nonce: number,
): TxJson {
  return txToJson(makeTx(signer, { chainId, type, payload, nonce }))
}

export function parsePublicKey(s: string): string {
  const k = s.trim().toLowerCase()
  try {
    if (fromHex(k).length === 32) return k
  } catch {
    // fall through
  }
  throw new DaejangError('SCHEMA_INVALID', 'a public key is 64 hex characters')
}
