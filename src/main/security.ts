/**
 * Who may talk to main and where windows may go. Pure functions over small structural types, so they can be tested
 * without Electron; `harden-contents.ts` wires them to real WebContents.
 */

/** The part of WebFrameMain that sender validation looks at. */
export interface FrameLike {
  readonly url: string
  readonly parent: unknown
}

/**
 * True when `url` belongs to the app's own page: the same scheme, host and port as `appUrl` (the app scheme
 * `daejang://app`, or the dev server), and for file: URLs the same file. Compared field by field: WHATWG `origin` is
 * the opaque "null" for custom schemes, which would make any two of them look alike.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  let u: URL
  let app: URL
  try {
    u = new URL(url)
    app = new URL(appUrl)
  } catch {
    return false
  }
  if (u.protocol !== app.protocol || u.host !== app.host || u.username !== '' || u.password !== '') return false
  if (app.protocol === 'file:') {
    const path = safeDecode(u.pathname)
    return path !== null && path === safeDecode(app.pathname)
  }
  return app.host !== ''
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s)
  } catch {
    return null
  }
}

/** An IPC sender is trusted only if it is a top-level frame showing the app's own page. */
export function isTrustedFrame(frame: FrameLike | null | undefined, appUrl: string): boolean {
  if (!frame) return false
  if (frame.parent !== null && frame.parent !== undefined) return false
  return isAppUrl(frame.url, appUrl)
}

export class UntrustedSenderError extends Error {
  constructor(url: string | undefined) {
    super(`IPC from an untrusted frame was refused (${url ?? 'no frame'})`)
    this.name = 'UntrustedSenderError'
  }
}

export function assertTrustedSender(event: { senderFrame: FrameLike | null | undefined }, appUrl: string): void {
  if (!isTrustedFrame(event.senderFrame, appUrl)) throw new UntrustedSenderError(event.senderFrame?.url)
}

/** Only https links leave the app, and only to the system browser. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === 'https:' && u.username === '' && u.password === ''
  } catch {
    return false
  }
}

export type OpenExternal = (url: string) => unknown

/** For `webContents.setWindowOpenHandler`: never open a window; hand https links to the system browser. */
export function createWindowOpenHandler(openExternal: OpenExternal): (details: { url: string }) => { action: 'deny' } {
  return ({ url }) => {
    if (isSafeExternalUrl(url)) {
      try {
        void Promise.resolve(openExternal(url)).catch(() => undefined)
      } catch {
        // ignore: the link simply does not open
      }
    }
    return { action: 'deny' }
  }
}

/** For 'will-navigate': the app is a single page; every navigation away from it is blocked. */
export function blockNavigation(event: { preventDefault(): void }): void {
  event.preventDefault()
}

/** Permissions a page may get. Everything else (camera, geolocation, notifications, …) is denied. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write'])

export function isPermissionAllowed(permission: string, requestingUrl: string, appUrl: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl, appUrl)
}
