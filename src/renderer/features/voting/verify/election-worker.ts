/**
 * The election archive check off the page's thread (docs/adr/0060): one archive's bytes in, progress messages and
 * the answer out. Started from an inline blob: URL (the verifier page's CSP allows `worker-src blob:`).
 */
import { checkElectionArchive, type ArchiveCheck, type Progress } from './election-check'

export type WorkerReply = { progress: Progress } | { answer: ArchiveCheck }

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<{ bytes: Uint8Array }>) => void) | null
  postMessage(m: WorkerReply): void
}

scope.onmessage = (e) => {
  scope.postMessage({ answer: checkElectionArchive(e.data.bytes, (progress) => scope.postMessage({ progress })) })
}
