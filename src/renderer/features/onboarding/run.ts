/**
 * Making the choice and following it: the home is written (the request's answer), then the node starts in the same
 * process and takes the setup's address over; its status answers once it runs. A node that could not start is said.
 */
import { ApiError, type ApiClient } from '../../api/client'
import { setupApi, type SetupChoice, type SetupResult } from './api'

export type RunPhase = 'writing' | 'starting'

export class SetupFailedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'SetupFailedError'
  }
}

const POLL_MS = 250

/**
 * A restore is answered at once and runs on (a store may be GBs): its end is in the setup's state — the node starting,
 * or the refusal (an ApiError with its code: nothing was written, and after a wrong passphrase the file is kept).
 */
async function restoreEnded(c: ApiClient, pollMs: number): Promise<void> {
  for (;;) {
    const st = await setupApi.state(c).catch(() => null)
    if (st && st.phase !== 'writing') {
      if (st.phase === 'choose' && st.restoreError) throw new ApiError('api', st.restoreError.message, 0, st.restoreError.code)
      return
    }
    await new Promise((r) => setTimeout(r, pollMs))
  }
}

export async function chooseAndWait(
  c: ApiClient,
  choice: SetupChoice,
  body: Record<string, unknown>,
  onPhase: (p: RunPhase) => void,
  pollMs = POLL_MS,
): Promise<SetupResult> {
  onPhase('writing')
  const result = await setupApi.choose(c, choice, body)
  if (choice === 'restore') await restoreEnded(c, pollMs)
  onPhase('starting')
  for (;;) {
    try {
      await c.status()
      return result
    } catch (e) {
      if (!(e instanceof ApiError) || (e.code !== 'SETUP_REQUIRED' && !e.unreachable)) throw e
    }
    const st = await setupApi.state(c).catch(() => null)
    if (st?.phase === 'failed') throw new SetupFailedError(st.error?.code ?? 'INTERNAL', st.error?.message ?? '')
    await new Promise((r) => setTimeout(r, pollMs))
  }
}
