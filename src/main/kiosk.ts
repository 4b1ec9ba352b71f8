/**
 * The kiosk IPC (ADR 0056): the booth's page asks for its own window to enter or leave kiosk mode. Only the app's own
 * top-level page may ask (as every handler); the argument must be a boolean; the window is the sender's, never
 * another. Leaving needs an election official's confirmation, which the booth asks for before it calls (the page is
 * the app's own: main has no official's key to check).
 */
import { BrowserWindow, ipcMain } from 'electron'
import { KIOSK_CHANNEL } from '../shared/kiosk'
import { assertTrustedSender } from './security'

export class KioskArgumentError extends Error {
  constructor() {
    super('kiosk: the argument must be true or false')
    this.name = 'KioskArgumentError'
  }
}

/** Registers the kiosk handler; returns a function that removes it. */
export function registerKioskHandler(appUrl: string): () => void {
  ipcMain.handle(KIOSK_CHANNEL, (event, on: unknown): boolean => {
    assertTrustedSender(event, appUrl)
    if (typeof on !== 'boolean') throw new KioskArgumentError()
    const win = BrowserWindow.fromWebContents(event.sender)
    if (win === null || win.isDestroyed()) return false
    win.setKiosk(on)
    // full screen follows kiosk on every platform (macOS's kiosk is a presentation mode of its own)
    win.setFullScreen(on)
    return win.isKiosk()
  })
  return () => ipcMain.removeHandler(KIOSK_CHANNEL)
}
