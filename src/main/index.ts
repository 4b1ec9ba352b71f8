/**
 * Electron main: a thin shell. Starts the node in a utility process, opens one hardened window, answers the
 * preload's few IPC calls, and stops the node before quitting.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, session } from 'electron'
import { handleAppProtocol, registerAppScheme } from './app-protocol'
import { APP_FOLDER, electronProfileDir, resolveDataDir } from './args'
import { openFileWithDialog, saveFileWithDialog } from './files'
import { hardenSession, hardenWebContents } from './harden'
import { sha256File } from './hash-file'
import { registerIpcHandlers } from './ipc'
import { registerKioskHandler } from './kiosk'
import { installQuitHandler } from './lifecycle'
import { NodeHost } from './node-host'
import { appPaths, originOf, rendererUrl } from './paths'
import { createSecretStore } from './secrets'
import { createMainWindow } from './window'

const log = (line: string): void => console.log(`[daejang] ${line}`)

function main(): void {
  const paths = appPaths(dirname(fileURLToPath(import.meta.url)))
  const appUrl = rendererUrl(process.env['ELECTRON_RENDERER_URL'], app.isPackaged)

  app.setName(APP_FOLDER)
  const appData = app.getPath('appData')
  const dataDir = resolveDataDir({
    argv: process.argv,
    env: process.env,
    userData: join(appData, APP_FOLDER),
    cwd: process.cwd(),
  })
  app.setPath('userData', electronProfileDir(appData, dataDir))

  if (!app.requestSingleInstanceLock()) {
    log('another instance uses this data dir; handing over to it')
    app.quit()
    return
  }

  app.enableSandbox()
  registerAppScheme()
  log(`data dir: ${dataDir.dir} (${dataDir.source})`)

  const node = new NodeHost({ entry: paths.nodeEntry, dataDir: dataDir.dir, allowOrigin: originOf(appUrl), setup: true, log })
  installQuitHandler(app, node, log)
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))

  let win: BrowserWindow | null = null
  const showWindow = (): void => {
    if (win && !win.isDestroyed()) {
      if (win.isMinimized()) win.restore()
      win.focus()
      return
    }
    win = createMainWindow(paths, appUrl)
    win.on('closed', () => (win = null))
  }

  app.on('second-instance', showWindow)
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession, appUrl)
    handleAppProtocol(session.defaultSession, paths.rendererDir)
    const secrets = createSecretStore()
    registerIpcHandlers({
      appUrl,
      apiInfo: () => node.start(),
      openFile: openFileWithDialog,
      saveFile: saveFileWithDialog,
      protectSecret: (data) => secrets.protect(data),
      unprotectSecret: (data) => secrets.unprotect(data),
      hashFile: (path, size, onProgress) => sha256File(path, onProgress, size),
    })
    registerKioskHandler(appUrl) // the booth's kiosk (ADR 0056)
    node.start().catch((err: unknown) => log(`node failed: ${err instanceof Error ? err.message : String(err)}`))
    showWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) showWindow()
    })
  })
}

main()
