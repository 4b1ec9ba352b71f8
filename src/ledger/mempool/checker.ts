/**
 * Stateless checks of a transaction, shared by mempool admission and block execution: size, canonical decoding,
 * chain id, known type, payload schema, the number of co-signers the type allows, and the signatures — the signer's
 * and every co-signer's, over the same sign bytes (verified once, then cached by hash).
 */
import { DaejangError } from '../../shared/errors'
import { toHex } from '../codec/bytes'
import type { VerifyFn } from '../crypto/ed25519'
import type { BatchVerifier } from '../crypto/verify-pool'
import type { TxTypeDef } from '../registries/types'
import type { Genesis } from '../types/genesis'
import type { SigCache } from './sigcache'
import { type Tx, decodeTx, encodeTx, parseTxJson, txHash, txSignBytesOf } from '../types/tx'

export interface CheckedTx {
  tx: Tx
  bytes: Uint8Array
  hash: Uint8Array
  hashHex: string
  signerHex: string
  def: TxTypeDef<never>
  payload: unknown
}

/** a transaction's signatures being verified: the verdicts of the call that verifies them, and its place there */
interface Inflight {
  all: Promise<boolean[]>
  k: number
}

export class TxChecker {
  private readonly inflight = new Map<string, Inflight>()
  constructor(
    private readonly genesis: Genesis,
    private readonly types: ReadonlyMap<string, TxTypeDef<never>>,
    private readonly verify: VerifyFn,
    private readonly sigCache: SigCache,
    private readonly batchVerifier?: BatchVerifier,
    /**
     * Transactions this node has already checked, by hash (its mempool). A block's transaction that is found there
     * is the same bytes (the hash covers them all) and the checks are a function of the bytes and the genesis, so
     * its earlier result stands: the block's validation neither decodes nor checks it again.
     */
    private readonly known?: (hashHex: string) => CheckedTx | undefined,
  ) {}

  /** From the JSON form (API), signature verified on this thread. */
  fromJson(input: unknown): CheckedTx {
    return this.verifySync(this.parseJson(input))
  }

  /** From canonical bytes (blocks, peers, the persisted mempool), signature verified on this thread. */
  fromBytes(bytes: Uint8Array): CheckedTx {
    return this.verifySync(this.parseBytes(bytes))
  }

  /** Every check but the signature's; call verifyAll() before trusting the result. */
  parseJson(input: unknown): CheckedTx {
    const tx = parseTxJson(input)
    let bytes: Uint8Array
    try {
      bytes = encodeTx(tx)
    } catch (e) {
      throw new DaejangError('BAD_PAYLOAD', (e as Error).message)
    }
    return this.check(tx, bytes)
  }

  /** Every check but the signature's; call verifyAll() before trusting the result. */
  parseBytes(bytes: Uint8Array): CheckedTx {
    if (bytes.length > this.genesis.params.maxTxBytes) throw this.tooLarge(bytes.length)
    const hash = txHash(bytes)
    const hashHex = toHex(hash)
    return this.known?.(hashHex) ?? this.check(decodeTx(bytes), bytes, hash, hashHex)
  }

  private verifySync(c: CheckedTx): CheckedTx {
    if (this.sigCache.has(c.hashHex)) return c
    if (!signatureItems(c).every((x) => this.verify(x.sig, x.msg, x.pub))) throw new DaejangError('BAD_SIGNATURE')
    this.sigCache.add(c.hashHex)
    return c
  }

  /**
   * Verify the signatures of parsed transactions (in worker threads when the node has a pool), skipping those
   * verified before. Returns the indexes that failed; each success is remembered in the signature cache.
   */
  async verifyAll(cs: readonly CheckedTx[]): Promise<number[]> {
    const todo: number[] = []
    /** signatures another caller is verifying now (a block checked ahead, a copy arriving twice): awaited, not redone */
    const joined: Array<[number, Inflight]> = []
    for (let i = 0; i < cs.length; i++) {
      const h = cs[i]!.hashHex
      if (this.sigCache.has(h)) continue
      const running = this.inflight.get(h)
      if (running) joined.push([i, running])
      else todo.push(i)
    }
    if (todo.length === 0 && joined.length === 0) return []
    // one item per signature; a transaction passes when all of its own do
    const items: Array<{ sig: Uint8Array; msg: Uint8Array; pub: Uint8Array }> = []
    const spans: number[] = []
    for (const i of todo) {
      pushSignatureItems(cs[i]!, items)
      spans.push(items.length)
    }
    const each = this.batchVerifier
      ? this.batchVerifier.verifyMany(items)
      : Promise.resolve(items.map((x) => this.verify(x.sig, x.msg, x.pub)))
    const hashes = todo.map((i) => cs[i]!.hashHex)
    // one promise for the whole call (not one a transaction): each transaction's verdict, remembered when good
    const all = each.then(
      (ok) => {
        const verdicts: boolean[] = []
        let a = 0
        for (let k = 0; k < spans.length; k++) {
          let good = true
          for (; a < spans[k]!; a++) if (ok[a] !== true) good = false
          verdicts.push(good)
          if (good) this.sigCache.add(hashes[k]!)
        }
        this.settle(hashes, all)
        return verdicts
      },
      (e: unknown) => {
        this.settle(hashes, all)
        throw e
      },
    )
    hashes.forEach((h, k) => this.inflight.set(h, { all, k }))
    const ok = await all
    const failed: number[] = []
    todo.forEach((i, k) => {
      if (!ok[k]) failed.push(i)
    })
    for (const [i, p] of joined) if (!(await p.all)[p.k]) failed.push(i)
    return failed.sort((a, b) => a - b)
  }

  /** these transactions' signatures are no longer being verified by `all` */
  private settle(hashes: readonly string[], all: Promise<boolean[]>): void {
    for (const h of hashes) if (this.inflight.get(h)?.all === all) this.inflight.delete(h)
  }

  /** verifyAll for one transaction, throwing BAD_SIGNATURE. */
  async verifyOne(c: CheckedTx): Promise<CheckedTx> {
    if ((await this.verifyAll([c])).length > 0) throw new DaejangError('BAD_SIGNATURE')
    return c
  }

  private tooLarge(n: number): DaejangError {
    return new DaejangError(
      'TX_TOO_LARGE',
      `the transaction is ${n} bytes; the consortium allows at most ${this.genesis.params.maxTxBytes}`,
    )
  }

  private check(tx: Tx, bytes: Uint8Array, hash = txHash(bytes), hashHex = toHex(hash)): CheckedTx {
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
    const cosigners = tx.cosigners?.length ?? 0
    if (cosigners > 0 && !def.cosigners) {
      throw new DaejangError('RULE_VIOLATION', `${tx.type} is signed by one party; it takes no co-signatures`)
    }
    if (def.cosigners && cosigners > def.cosigners.max) {
      throw new DaejangError('RULE_VIOLATION', `${tx.type} takes at most ${def.cosigners.max} co-signatures; this one names ${cosigners}`)
    }
    if (def.cosigners && cosigners < def.cosigners.min) {
      throw new DaejangError('MISSING_SIGNATURE', `${tx.type} needs ${def.cosigners.min} co-signatures; this one names ${cosigners}`)
    }
    return { tx, bytes, hash, hashHex, signerHex: toHex(tx.signer), def, payload: r.data }
  }
}

/** The signatures a transaction carries, each with the bytes it covers (the same for all) and its key. */
function signatureItems(c: CheckedTx): Array<{ sig: Uint8Array; msg: Uint8Array; pub: Uint8Array }> {
  return pushSignatureItems(c, [])
}

function pushSignatureItems(
  c: CheckedTx,
  out: Array<{ sig: Uint8Array; msg: Uint8Array; pub: Uint8Array }>,
): Array<{ sig: Uint8Array; msg: Uint8Array; pub: Uint8Array }> {
  const msg = txSignBytesOf(c.tx, c.bytes)
  out.push({ sig: c.tx.sig, msg, pub: c.tx.signer })
  for (const co of c.tx.cosigners ?? []) out.push({ sig: co.sig, msg, pub: co.key })
  return out
}
