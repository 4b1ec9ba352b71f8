/** The app window. */
import { BrowserWindow } from 'electron'
import type { AppPaths } from './paths'
import { createWindowOptions } from './window-options'

export function createMainWindow(paths: AppPaths, appUrl: string): BrowserWindow {
  const win = new BrowserWindow(createWindowOptions({ preloadPath: paths.preload }))
  win.once('ready-to-show', () => win.show())
  void win.loadURL(appUrl)
  return win
}
