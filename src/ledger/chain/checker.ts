/**
 * Stateless checks of a transaction, shared by mempool admission and block execution: size, canonical decoding,
 * chain id, known type, payload schema and signature (verified once, then cached by hash).
 */
import { DaejangError } from '../../shared/errors'
import { toHex } from '../codec/bytes'
import type { VerifyFn } from '../crypto/ed25519'
import type { TxTypeDef } from '../registries/types'
import type { Genesis } from './genesis'
import type { SigCache } from './sigcache'
import { type Tx, decodeTx, encodeTx, parseTxJson, txHash, txSignBytesTrusted } from './tx'

export interface CheckedTx {
  tx: Tx
  bytes: Uint8Array
  hash: Uint8Array
  hashHex: string
  signerHex: string
  def: TxTypeDef<never>
  payload: unknown
}

export class TxChecker {
  constructor(
    private readonly genesis: Genesis,
    private readonly types: ReadonlyMap<string, TxTypeDef<never>>,
    private readonly verify: VerifyFn,
    private readonly sigCache: SigCache,
  ) {}

  /** From the JSON form (API). */
  fromJson(input: unknown): CheckedTx {
    const tx = parseTxJson(input)
    let bytes: Uint8Array
    try {
      bytes = encodeTx(tx)
    } catch (e) {
      throw new DaejangError('BAD_PAYLOAD', (e as Error).message)
    }
    return this.check(tx, bytes)
  }

  /** From canonical bytes (blocks, peers, the persisted mempool). */
  fromBytes(bytes: Uint8Array): CheckedTx {
    if (bytes.length > this.genesis.params.maxTxBytes) throw this.tooLarge(bytes.length)
    return this.check(decodeTx(bytes), bytes)
  }

  private tooLarge(n: number): DaejangError {
    return new DaejangError(
      'TX_TOO_LARGE',
      `the transaction is ${n} bytes; the consortium allows at most ${this.genesis.params.maxTxBytes}`,
    )
  }

  private check(tx: Tx, bytes: Uint8Array): CheckedTx {
    if (bytes.length > this.genesis.params.maxTxBytes) throw this.tooLarge(bytes.length)
    if (tx.chainId !== this.genesis.chainId) {
      throw new DaejangError('WRONG_CHAIN', `signed for chain "${tx.chainId}", this is "${this.genesis.chainId}"`)
    }
    const def = this.types.get(tx.type)
    if (!def) throw new DaejangError('UNKNOWN_TYPE', `unknown transaction type "${tx.type}"`)
    const r = def.schema.safeParse(tx.payload)
    if (!r.success) {
      const i = r.error.issues[0]
      throw new DaejangError('BAD_PAYLOAD', `${tx.type} payload ${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'}`)
    }
    const hash = txHash(bytes)
    const hashHex = toHex(hash)
    if (!this.sigCache.has(hashHex)) {
      if (!this.verify(tx.sig, txSignBytesTrusted(tx), tx.signer)) throw new DaejangError('BAD_SIGNATURE')
      this.sigCache.add(hashHex)
    }
    return { tx, bytes, hash, hashHex, signerHex: toHex(tx.signer), def, payload: r.data }
  }
}
