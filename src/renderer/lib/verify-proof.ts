/**
 * Checks a transaction's inclusion proof in the page, with the portable verifier the CLI uses offline
 * (src/ledger/proofs/proof): against the consortium's trust list, every check reported. The node is not trusted for
 * the answer; it only supplies the proof and the trust list (which a careful user compares with one they hold).
 */
import { proofFromJson, trustFromJson, verifyProof, type ProofCheck, type ProofCheckName } from '../../ledger/proofs/proof'

export const PROOF_CHECKS: readonly ProofCheckName[] = ['transaction', 'inclusion', 'chain', 'validators', 'commit']

export interface PageProofResult {
  valid: boolean
  /** the hash the proof is about, recomputed from its bytes */
  txHash: string | null
  height: number | null
  blockHash: string | null
  checks: ProofCheck[]
  /** why the proof or the trust list could not even be read */
  problem: string | null
}

/** `expectedHash`: the transaction the page shows; a proof about another one is not valid for it. */
export function verifyInPage(proofJson: unknown, trustJson: unknown, expectedHash: string): PageProofResult {
  let proof
  let trust
  try {
    trust = trustFromJson(trustJson)
    proof = proofFromJson(proofJson)
  } catch (err) {
    return {
      valid: false,
      txHash: null,
      height: null,
      blockHash: null,
      checks: [],
      problem: err instanceof Error ? err.message : String(err),
    }
  }
  const v = verifyProof(proof, trust)
  const checks = v.checks.map((c) =>
    c.name === 'transaction' && v.txHash !== expectedHash
      ? {
          ...c,
          ok: false,
          detail: `the proof is about transaction ${v.txHash}, not ${expectedHash}`,
          finding: 'tx-other' as const,
          values: { hash: v.txHash, expected: expectedHash },
        }
      : c,
  )
  return {
    valid: checks.every((c) => c.ok),
    txHash: v.txHash,
    height: v.height,
    blockHash: v.blockHash,
    checks,
    problem: null,
  }
}
