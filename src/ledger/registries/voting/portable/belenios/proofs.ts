/**
 * The zero-knowledge proofs of Belenios 2.5 (specification, Messages → Verification keys, Proofs of interval
 * membership, Proofs of possibly-blank votes, Signatures, Partial decryptions; PKI → Signing). Each challenge is
 * `hashToScalar(prefix, commitments)` with the prefix spelt as the specification spells it, its statement (S, the
 * ciphertext, the key) inside: a proof made for another election, credential, ciphertext or key does not verify.
 *
 * Randomness is drawn in the reference implementation's order (fake challenge then fake response for each simulated
 * disjunct in index order, then the genuine commitment's w), so a fixed sequence reproduces a known answer.
 */
import { GROUP_NAME, Q, modQ, type Group, type ScalarSource } from './group'
import { hashToScalar } from './hash'

export interface Proof {
  readonly challenge: bigint
  readonly response: bigint
}

/** An ElGamal ciphertext with its points' serialisations (the proofs hash the strings). */
export interface Ciphertext<P> {
  readonly alpha: P
  readonly beta: P
  readonly alphaS: string
  readonly betaS: string
}

export function ciphertext<P>(G: Group<P>, alpha: P, beta: P): Ciphertext<P> {
  return { alpha, beta, alphaS: G.toString(alpha), betaS: G.toString(beta) }
}

/** g^m for the small m of interval proofs (a few values per election: computed once each). */
export class SmallPowers<P> {
  private readonly cache = new Map<number, P>()
  constructor(private readonly G: Group<P>) {}
  get(m: number): P {
    let p = this.cache.get(m)
    if (p === undefined) {
      p = this.G.baseMul(BigInt(m))
      this.cache.set(m, p)
    }
    return p
  }
}

// ---- Schnorr proofs of knowledge: pok, ballot signature, signed messages ------------------------------------------

/** A proof of knowledge of x with X = g^x, bound to `prefix` (challenge = H(prefix ‖ g^w)). */
export function schnorrProve<P>(G: Group<P>, x: bigint, prefix: string, rnd: ScalarSource): Proof {
  const w = rnd()
  const challenge = hashToScalar(prefix, [G.toString(G.baseMul(w))])
  return { challenge, response: modQ(w - x * challenge) }
}

/** A = g^response · X^challenge; the challenge must be H(prefix ‖ A). */
export function schnorrVerify<P>(G: Group<P>, X: P, prefix: string, proof: Proof): boolean {
  const A = G.baseMul2(proof.response, X, proof.challenge)
  return hashToScalar(prefix, [G.toString(A)]) === proof.challenge
}

/** The trustee public key's proof of knowledge: H_pok(X, A) = SHA256("pok|Ed25519|X|A"). */
export const pokPrefix = (publicKeyText: string): string => `pok|${GROUP_NAME}|${publicKeyText}|`
/** A ballot's signature: H_signature(H, A) = SHA256("sig|H|A"), H the ballot's hash without its signature. */
export const signaturePrefix = (hash: string): string => `sig|${hash}|`
/** A signed message of the trustees' PKI: SHA256("sigmsg|M|A"). */
export const sigmsgPrefix = (message: string): string => `sigmsg|${message}|`

// ---- interval membership (iprove) ---------------------------------------------------------------------------------

/**
 * A simulated disjunct's B = y^response · (β / g^M)^challenge, computed by the prover who knows β = y^r g^m:
 * y^(response + r·challenge) · g^((m − M)·challenge) — the same point, with products by the fixed bases y and g only
 * (the portable backend's tables make those several times faster than a product by β).
 */
function simulatedB<P>(G: Group<P>, y: P, response: bigint, r: bigint, challenge: bigint, m: number, M: number): P {
  return G.add(G.mul(y, response + r * challenge), G.baseMul(BigInt(m - M) * challenge))
}

/**
 * iprove(S, r, i, M_0..M_k): (α, β) = (g^r, y^r g^{M_i}) with M_i among `ms`. The challenge is
 * H("prove|S|α,β|A_0,B_0,…,A_k,B_k").
 */
export function iprove<P>(
  G: Group<P>,
  y: P,
  S: string,
  c: Ciphertext<P>,
  r: bigint,
  i: number,
  ms: readonly number[],
  rnd: ScalarSource,
): Proof[] {
  const k = ms.length
  const proofs: Proof[] = new Array<Proof>(k)
  const commits: string[] = new Array<string>(2 * k)
  let sum = 0n
  for (let j = 0; j < k; j++) {
    if (j === i) continue
    const challenge = rnd()
    const response = rnd()
    proofs[j] = { challenge, response }
    // A_j = g^response α^challenge, B_j = y^response (β / g^{M_j})^challenge; α = g^r lets the prover use r
    commits[2 * j] = G.toString(G.baseMul(response + r * challenge))
    commits[2 * j + 1] = G.toString(simulatedB(G, y, response, r, challenge, ms[i]!, ms[j]!))
    sum += challenge
  }
  const w = rnd()
  commits[2 * i] = G.toString(G.baseMul(w))
  commits[2 * i + 1] = G.toString(G.mul(y, w))
  const h = hashToScalar(`prove|${S}|${c.alphaS},${c.betaS}|`, commits)
  const challenge = modQ(h - sum)
  proofs[i] = { challenge, response: modQ(w - r * challenge) }
  return proofs
}

/** The verification of iprove: recompute every A_j, B_j and compare H with the sum of the challenges. */
export function iverify<P>(
  G: Group<P>,
  y: P,
  S: string,
  c: Ciphertext<P>,
  proofs: readonly Proof[],
  ms: readonly number[],
  pow: SmallPowers<P>,
): boolean {
  const k = ms.length
  if (proofs.length !== k) return false
  const commits: string[] = new Array<string>(2 * k)
  let sum = 0n
  for (let j = 0; j < k; j++) {
    const { challenge, response } = proofs[j]!
    const beta = ms[j] === 0 ? c.beta : G.sub(c.beta, pow.get(ms[j]!))
    commits[2 * j] = G.toString(G.baseMul2(response, c.alpha, challenge))
    commits[2 * j + 1] = G.toString(G.mul2(y, response, beta, challenge))
    sum += challenge
  }
  return hashToScalar(`prove|${S}|${c.alphaS},${c.betaS}|`, commits) === sum % Q
}

// ---- possibly-blank votes -----------------------------------------------------------------------------------------

/** The range M_1..M_k = min..max of the overall proof of a blank-allowed question. */
function rangeOf(min: number, max: number): number[] {
  const out: number[] = []
  for (let m = min; m <= max; m++) out.push(m)
  return out
}

/**
 * blank_proof (π_0, π_Σ) of m_0 = 0 ∨ m_Σ = 0 and overall_proof (π_0, π_1..π_k) of m_0 = 1 ∨ m_Σ ∈ [min..max], as
 * section "Proofs of possibly-blank votes" builds them, for a non-blank (m_0 = 0) or a blank (m_0 = 1) vote.
 */
export function blankProve<P>(
  G: Group<P>,
  y: P,
  S: string,
  min: number,
  max: number,
  m0: number,
  c0: Ciphertext<P>,
  r0: bigint,
  mS: number,
  cS: Ciphertext<P>,
  rS: bigint,
  rnd: ScalarSource,
): { overall: Proof[]; blank: [Proof, Proof] } {
  const ms = rangeOf(min, max)
  const k = ms.length
  if (m0 === 0) {
    // blank_proof: the first case (m_0 = 0) is true; π_Σ simulated
    const cSig = rnd()
    const rSig = rnd()
    const ASig = G.baseMul(rSig + rS * cSig)
    const BSig = simulatedB(G, y, rSig, rS, cSig, mS, 0)
    const w = rnd()
    const h = hashToScalar(`bproof0|${S}|`, [
      G.toString(G.baseMul(w)),
      G.toString(G.mul(y, w)),
      G.toString(ASig),
      G.toString(BSig),
    ])
    const c0p = modQ(h - cSig)
    const blank: [Proof, Proof] = [
      { challenge: c0p, response: modQ(w - r0 * c0p) },
      { challenge: cSig, response: rSig },
    ]
    // overall_proof: the second case (m_Σ = M_i) is true; π_0 and the other π_j simulated
    const i = mS - min + 1
    const proofs: Proof[] = new Array<Proof>(k + 1)
    const commits: string[] = new Array<string>(2 * (k + 1))
    const ch0 = rnd()
    const re0 = rnd()
    proofs[0] = { challenge: ch0, response: re0 }
    commits[0] = G.toString(G.baseMul(re0 + r0 * ch0))
    commits[1] = G.toString(simulatedB(G, y, re0, r0, ch0, 0, 1))
    let sum = ch0
    for (let j = 1; j <= k; j++) {
      if (j === i) continue
      const ch = rnd()
      const re = rnd()
      proofs[j] = { challenge: ch, response: re }
      commits[2 * j] = G.toString(G.baseMul(re + rS * ch))
      commits[2 * j + 1] = G.toString(simulatedB(G, y, re, rS, ch, mS, ms[j - 1]!))
      sum += ch
    }
    const w2 = rnd()
    commits[2 * i] = G.toString(G.baseMul(w2))
    commits[2 * i + 1] = G.toString(G.mul(y, w2))
    const ci = modQ(hashToScalar(`bproof1|${S}|`, commits) - sum)
    proofs[i] = { challenge: ci, response: modQ(w2 - rS * ci) }
    return { overall: proofs, blank }
  }
  // a blank vote: blank_proof's second case (m_Σ = 0) is true; π_0 simulated
  const ch0 = rnd()
  const re0 = rnd()
  const A0 = G.baseMul(re0 + r0 * ch0)
  const B0 = simulatedB(G, y, re0, r0, ch0, 1, 0)
  const w = rnd()
  const h = hashToScalar(`bproof0|${S}|`, [
    G.toString(A0),
    G.toString(B0),
    G.toString(G.baseMul(w)),
    G.toString(G.mul(y, w)),
  ])
  const cSig = modQ(h - ch0)
  const blank: [Proof, Proof] = [
    { challenge: ch0, response: re0 },
    { challenge: cSig, response: modQ(w - rS * cSig) },
  ]
  // overall_proof: the first case (m_0 = 1) is true; π_1..π_k simulated
  const proofs: Proof[] = new Array<Proof>(k + 1)
  const commits: string[] = new Array<string>(2 * (k + 1))
  let sum = 0n
  for (let j = 1; j <= k; j++) {
    const ch = rnd()
    const re = rnd()
    proofs[j] = { challenge: ch, response: re }
    commits[2 * j] = G.toString(G.baseMul(re + rS * ch))
    commits[2 * j + 1] = G.toString(simulatedB(G, y, re, rS, ch, 0, ms[j - 1]!))
    sum += ch
  }
  const w2 = rnd()
  commits[0] = G.toString(G.baseMul(w2))
  commits[1] = G.toString(G.mul(y, w2))
  const c0p = modQ(hashToScalar(`bproof1|${S}|`, commits) - sum)
  proofs[0] = { challenge: c0p, response: modQ(w2 - r0 * c0p) }
  return { overall: proofs, blank }
}

/** Verify blank_proof; `S` is S_0 "|" the choices. */
export function blankVerifyBlank<P>(G: Group<P>, y: P, S: string, c0: Ciphertext<P>, cS: Ciphertext<P>, blank: readonly Proof[]): boolean {
  if (blank.length !== 2) return false
  const [p0, pS] = blank as [Proof, Proof]
  const h = hashToScalar(`bproof0|${S}|`, [
    G.toString(G.baseMul2(p0.response, c0.alpha, p0.challenge)),
    G.toString(G.mul2(y, p0.response, c0.beta, p0.challenge)),
    G.toString(G.baseMul2(pS.response, cS.alpha, pS.challenge)),
    G.toString(G.mul2(y, pS.response, cS.beta, pS.challenge)),
  ])
  return h === (p0.challenge + pS.challenge) % Q
}

/** Verify the overall_proof of a blank-allowed question. */
export function blankVerifyOverall<P>(
  G: Group<P>,
  y: P,
  S: string,
  min: number,
  max: number,
  c0: Ciphertext<P>,
  cS: Ciphertext<P>,
  overall: readonly Proof[],
  pow: SmallPowers<P>,
): boolean {
  const ms = rangeOf(min, max)
  if (overall.length !== ms.length + 1) return false
  const commits: string[] = new Array<string>(2 * overall.length)
  const p0 = overall[0]!
  commits[0] = G.toString(G.baseMul2(p0.response, c0.alpha, p0.challenge))
  commits[1] = G.toString(G.mul2(y, p0.response, G.sub(c0.beta, G.g), p0.challenge))
  let sum = p0.challenge
  for (let j = 1; j < overall.length; j++) {
    const { challenge, response } = overall[j]!
    const beta = ms[j - 1] === 0 ? cS.beta : G.sub(cS.beta, pow.get(ms[j - 1]!))
    commits[2 * j] = G.toString(G.baseMul2(response, cS.alpha, challenge))
    commits[2 * j + 1] = G.toString(G.mul2(y, response, beta, challenge))
    sum += challenge
  }
  return hashToScalar(`bproof1|${S}|`, commits) === sum % Q
}

// ---- partial decryption -------------------------------------------------------------------------------------------

/** The decryption proof's prefix: H_decrypt(X, A, B) = SHA256("decrypt|φ|X|A,B"). */
export const decryptPrefix = (fingerprint: string, publicKeyText: string): string => `decrypt|${fingerprint}|${publicKeyText}|`

/** The proof that f = α^x for the x of X = g^x: commitments g^w, α^w. */
export function decryptionProve<P>(G: Group<P>, x: bigint, prefix: string, alpha: P, rnd: ScalarSource): Proof {
  const w = rnd()
  const challenge = hashToScalar(prefix, [G.toString(G.baseMul(w)), G.toString(G.mul(alpha, w))])
  return { challenge, response: modQ(w - x * challenge) }
}

/** A = g^response X^challenge, B = α^response f^challenge; the challenge must be H(prefix ‖ A,B). */
export function decryptionVerify<P>(G: Group<P>, X: P, prefix: string, alpha: P, factor: P, proof: Proof): boolean {
  const A = G.baseMul2(proof.response, X, proof.challenge)
  const B = G.mul2(alpha, proof.response, factor, proof.challenge)
  return hashToScalar(prefix, [G.toString(A), G.toString(B)]) === proof.challenge
}
