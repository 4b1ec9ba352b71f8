/** The options every app window is created with. Pure: the security settings live here so they can be tested. */
import type { BrowserWindowConstructorOptions } from 'electron'

export interface WindowOptionsInput {
  preloadPath: string
  title?: string
}

export function createWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: input.title ?? 'Daejang 대장',
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    show: false,
    backgroundColor: '#f7f7f5',
    autoHideMenuBar: true,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      experimentalFeatures: false,
      spellcheck: false,
      // Chromium's built-in PDF viewer, for the certificate preview (a blob: PDF in a frame, docs/adr/0018); in
      // current Electron this switch enables nothing else (there are no third-party plugins any more)
      plugins: true,
    },
  }
}
