/** Applies the rules of security.ts to Electron objects. */
import { shell, type Session, type WebContents } from 'electron'
import { blockNavigation, createWindowOpenHandler, isPermissionAllowed } from './security'

/** Every WebContents the app creates: no new windows, no navigation, no <webview>. */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(createWindowOpenHandler((url) => shell.openExternal(url)))
  contents.on('will-navigate', (event) => blockNavigation(event))
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/** Deny permission requests and checks except the few the app page needs. */
export function hardenSession(session: Session, appUrl: string): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl || contents.getURL(), appUrl))
  })
  session.setPermissionCheckHandler((contents, permission, _origin, details) =>
    isPermissionAllowed(permission, details.requestingUrl ?? contents?.getURL() ?? '', appUrl),
  )
}
