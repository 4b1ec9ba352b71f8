/** Four validators of equal power, one agency each, and an administrator of agency-0: for multi-node tests. */
import { toHex } from '../../src/ledger/codec/bytes'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import { nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import { type Genesis, parseGenesis } from '../../src/ledger/chain/genesis'

export const seed = (i: number): Uint8Array => new Uint8Array(32).fill(i + 1)

/** quick rounds for tests on one machine */
export const TIMEOUTS = {
  propose: { base: 600, delta: 200 },
  prevote: { base: 200, delta: 100 },
  precommit: { base: 200, delta: 100 },
}

export function fourValidators(chainId: string): { validators: Signer[]; admin: Signer; genesis: Genesis } {
  const validators = [0, 1, 2, 3].map((i) => nodeSigner(seed(i)))
  const admin = nodeSigner(seed(9))
  const genesis = parseGenesis({
    format: 'daejang-genesis/1',
    chainId,
    genesisTime: Date.now() - 1000,
    agencies: validators.map((v, i) => ({
      id: `agency-${i}`,
      name: `Agency ${i}`,
      validator: { publicKey: toHex(v.publicKey), power: 10 },
      admins: i === 0 ? [toHex(admin.publicKey)] : [toHex(nodeSigner(seed(20 + i)).publicKey)],
    })),
  })
  return { validators, admin, genesis }
}
