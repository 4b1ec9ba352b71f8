/**
 * A hand-made chain whose validator set changes three times, for the trust-chain tests:
 *
 *   S0 = {a,b,c,d} from 1,  S1 = {b,c,d,e} from 10,  S2 = {c,d,e,f} from 20,  S3 = {d,e,f,g} from 30
 *
 * `trust` is a list taken at height 5 (S0 only); STEPS (heights 9, 19, 29) carry it to S3.
 */
import { toHex, utf8 } from '../../src/ledger/codec/bytes'
import { type Canonical, encodeCanonical } from '../../src/ledger/codec/canonical'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import { merkleRoot } from '../../src/ledger/crypto/merkle'
import { sha256 } from '../../src/ledger/crypto/sha256'
import type { CertifiedState } from '../../src/ledger/proofs/certified-state'
import { type InclusionProof, type TrustList, buildProof } from '../../src/ledger/proofs/proof'
import { statePath } from '../../src/ledger/proofs/state-proof'
import type { TrustStep } from '../../src/ledger/proofs/trust-chain'
import { type Commit, type Header, type Validator, BLOCK_VERSION, blockHash, validatorsHash } from '../../src/ledger/types/block'
import { encodeTx, makeTx } from '../../src/ledger/types/tx'
import { signCommit, signerFor } from './helpers'

export const CHAIN = 'daejang-trust-test'
export const [a, b, c, d, e, f, g] = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => signerFor('trust-chain/' + n)) as Signer[] & { length: 7 }
export const setOf = (...ss: Signer[]): Validator[] =>
  ss.map((s) => ({ publicKey: s.publicKey, power: 10 })).sort((x, y) => (toHex(x.publicKey) < toHex(y.publicKey) ? -1 : 1))
export const SIGNERS = [
  [a!, b!, c!, d!],
  [b!, c!, d!, e!],
  [c!, d!, e!, f!],
  [d!, e!, f!, g!],
]
export const SETS = SIGNERS.map((ss) => setOf(...ss))
export const FROM = [1, 10, 20, 30]
export const eraOf = (height: number): number => FROM.filter((h) => h <= height).length - 1

export const trust: TrustList = { chainId: CHAIN, height: 5, sets: [{ fromHeight: 1, validators: SETS[0]! }] }

// ---- a tiny state tree, by the formulas of docs/adr/0025 (D1) ----
export const leaf = (key: string, value: Canonical): Uint8Array =>
  sha256(new Uint8Array([0, ...statePath(key), ...sha256(encodeCanonical(value))]))
export const STATE_KEY = 'notary/rec/KR-1'
export const STATE_VALUE: Canonical = { status: 'revoked', at: 33 }

export function header(height: number, over: Partial<Header> = {}): Header {
  return {
    v: BLOCK_VERSION,
    chainId: CHAIN,
    height,
    time: 1_700_000_000_000 + height * 1000,
    prevHash: sha256(utf8('prev ' + height)),
    lastCommitHash: sha256(utf8('last commit ' + height)),
    txRoot: sha256(utf8('txs ' + height)),
    txCount: 0,
    appHash: leaf(STATE_KEY, STATE_VALUE),
    validatorsHash: validatorsHash(SETS[eraOf(height)]!),
    nextValidatorsHash: validatorsHash(SETS[eraOf(height + 1)]!),
    proposer: SIGNERS[eraOf(height)]![0]!.publicKey,
    ...over,
  }
}

export const signed = (h: Header, signers: readonly Signer[] = SIGNERS[eraOf(h.height)]!): Commit => signCommit(CHAIN, signers, h.height, blockHash(h))

export function step(height: number, over: Partial<TrustStep> = {}): TrustStep {
  const h = header(height)
  return { header: h, commit: signed(h), nextValidators: SETS[eraOf(height + 1)]!, ...over }
}

export const STEPS = [step(9), step(19), step(29)]

export function proofAt(height: number, steps?: TrustStep[]): InclusionProof {
  const alice = signerFor('trust-chain/alice')
  const tx = encodeTx(makeTx(alice, { chainId: CHAIN, type: 'identity.role.grant', payload: { n: 1 }, nonce: 1, time: 1_700_000_000_000 }))
  const h = header(height, { txRoot: merkleRoot([tx]), txCount: 1 })
  return { ...buildProof(h, [tx], 0, signed(h)), ...(steps ? { steps } : {}) }
}

export function certifiedAt(height: number, steps?: TrustStep[]): CertifiedState {
  const h = header(height)
  return { proof: { kind: 'present', key: STATE_KEY, value: STATE_VALUE, steps: [] }, header: h, commit: signed(h), ...(steps ? { steps } : {}) }
}
