/** Evidence of equivocation in state: its keys, and the list the API gives. */
import type { EvidenceDto } from '../../../shared/api'
import type { CommittedReader } from '../types'
import type { EvidenceRecord } from './portable/schema'

export const EVIDENCE_PREFIX = 'cs/evidence/'
export const evidenceKey = (validator: string, height: number, round: number, type: number): string =>
  `${EVIDENCE_PREFIX}${validator}/${String(height).padStart(12, '0')}/${round}/${type}`

/** Evidence on the chain, newest heights last (committed state). */
export async function listEvidence(store: CommittedReader, limit = 500): Promise<EvidenceDto[]> {
  const out: EvidenceDto[] = []
  for await (const [, v] of store.scanState(EVIDENCE_PREFIX, limit)) {
    const r = v as unknown as EvidenceRecord
    out.push({
      validator: r.validator,
      height: r.height,
      round: r.round,
      type: r.type,
      blockHashes: [r.voteA.blockHash, r.voteB.blockHash],
      reportedBy: r.reportedBy,
      recordedAt: r.recordedAt,
      recordedTime: r.recordedTime,
    })
  }
  return out
}
