/**
 * One-time sign-in codes for the UI served by the node. The address that opens the UI (printed by `daejang start`,
 * handed to the browser by `--open` or `daejang open`) carries a code, not the session token: a process list or the
 * browser history may show the address, so what it holds must die on first use and soon in any case. The page
 * exchanges the code for the token once (POST /api/v1/session).
 */
import { randomBytes } from 'node:crypto'

export const LOGIN_CODE_TTL_MS = 10 * 60_000
const MAX_OPEN_CODES = 32

export class LoginCodes {
  private readonly codes = new Map<string, number>()
  constructor(private readonly now: () => number = Date.now) {}

  issue(): string {
    this.sweep()
    if (this.codes.size >= MAX_OPEN_CODES) this.codes.delete(this.codes.keys().next().value as string)
    const code = randomBytes(16).toString('base64url')
    this.codes.set(code, this.now() + LOGIN_CODE_TTL_MS)
    return code
  }

  /** True once for a live code; the code is gone afterwards. */
  redeem(code: string): boolean {
    const until = this.codes.get(code)
    this.codes.delete(code)
    return until !== undefined && until > this.now()
  }

  private sweep(): void {
    const t = this.now()
    for (const [c, until] of this.codes) if (until <= t) this.codes.delete(c)
  }
}
