/**
 * Runs the election archive check (election-check.ts) in a Web Worker, one archive at a time, with progress; a new
 * archive or `cancel` ends the run before it (the worker is terminated). Where no worker can start (a test runner,
 * a policy that refuses it) the same check runs on the page's thread after the page has painted its progress.
 */
import { checkElectionArchive, PAGE_LIMITS, REFUSAL_WORDS, type ArchiveCheck, type Progress } from './election-check'
import ElectionWorker from './election-worker?worker&inline'
import type { WorkerReply } from './election-worker'

export interface ArchiveRun {
  answer: Promise<ArchiveCheck | null>
  /** ends the run: its answer is null */
  cancel(): void
}

let workerBroken = typeof Worker === 'undefined'

function here(bytes: Uint8Array, onProgress: (p: Progress) => void, cancelled: () => boolean): Promise<ArchiveCheck | null> {
  onProgress({ step: 'reading' })
  // two frames: the progress is painted before the thread is busy
  return new Promise((resolve) => {
    setTimeout(() => {
      if (cancelled()) return resolve(null)
      resolve(checkElectionArchive(bytes, onProgress))
    }, 50)
  })
}

/** Checks a `.bel` file (read here, refused before reading when larger than the page holds). */
export function runArchiveCheck(file: Blob, onProgress: (p: Progress) => void): ArchiveRun {
  let cancelled = false
  let worker: Worker | null = null
  let settle: ((a: ArchiveCheck | null) => void) | null = null
  const answer = new Promise<ArchiveCheck | null>((resolve) => {
    settle = resolve
  })
  const finish = (a: ArchiveCheck | null): void => {
    worker?.terminate()
    worker = null
    settle?.(cancelled ? null : a)
    settle = null
  }
  const start = async (): Promise<void> => {
    if (file.size > PAGE_LIMITS.maxArchiveBytes) return finish({ kind: 'refused', code: 'VOTING_ARCHIVE_TOO_LARGE', words: REFUSAL_WORDS.VOTING_ARCHIVE_TOO_LARGE })
    onProgress({ step: 'reading' })
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(await file.arrayBuffer())
    } catch {
      return finish({ kind: 'refused', code: 'VOTING_ARCHIVE_UNREADABLE', words: REFUSAL_WORDS.VOTING_ARCHIVE_UNREADABLE })
    }
    if (cancelled) return finish(null)
    if (!workerBroken) {
      try {
        const w = new ElectionWorker()
        worker = w
        let heard = false
        w.onmessage = (e: MessageEvent<WorkerReply>) => {
          heard = true
          if ('progress' in e.data) onProgress(e.data.progress)
          else finish(e.data.answer)
        }
        w.onerror = (e) => {
          e.preventDefault()
          worker = null
          w.terminate()
          // one that died mid-way (out of memory on a hostile archive) says so: the same bytes would hang the page here
          if (heard) return finish({ kind: 'refused', code: 'VOTING_ARCHIVE_UNREADABLE', words: REFUSAL_WORDS.VOTING_ARCHIVE_UNREADABLE })
          // one that could not start: the check runs here instead
          workerBroken = true
          void here(bytes, onProgress, () => cancelled).then(finish)
        }
        // copied, not transferred: should the worker fail to start, the check runs here on the same bytes
        w.postMessage({ bytes })
        return
      } catch {
        workerBroken = true
      }
    }
    finish(await here(bytes, onProgress, () => cancelled))
  }
  // whatever goes wrong here is a refusal in words, never a run that does not end
  start().catch(() => finish({ kind: 'refused', code: 'VOTING_ARCHIVE_UNREADABLE', words: REFUSAL_WORDS.VOTING_ARCHIVE_UNREADABLE }))
  return {
    answer,
    cancel() {
      cancelled = true
      finish(null)
    },
  }
}
