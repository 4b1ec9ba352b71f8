/**
 * The IPC surface: one `ipcMain.handle` per bridge method. Every handler first checks that the sender is the app's
 * own top-level page, then validates its arguments.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron'
import {
  IPC_CHANNELS,
  type ApiInfo,
  type OpenedFile,
  type OpenFileOptions,
  type SaveFileOptions,
  type SaveFileResult,
} from '../shared/bridge'
import { parseOpenFileOptions, parseSaveFileOptions, parseSecretBytes } from './ipc-schemas'
import { assertTrustedSender } from './security'

export interface IpcDeps {
  /** The URL of the app's page (file:// or the dev server); senders must show it. */
  appUrl: string
  apiInfo(): Promise<ApiInfo>
  openFile(win: BrowserWindow | null, options: OpenFileOptions): Promise<OpenedFile | null>
  saveFile(win: BrowserWindow | null, options: SaveFileOptions): Promise<SaveFileResult>
  /** OS secure storage (secrets.ts); null when unavailable. */
  protectSecret(data: Uint8Array): Promise<Uint8Array | null>
  unprotectSecret(data: Uint8Array): Promise<Uint8Array>
}

/** Registers the handlers; returns a function that removes them. */
export function registerIpcHandlers(deps: IpcDeps): () => void {
  const windowOf = (event: IpcMainInvokeEvent): BrowserWindow | null => BrowserWindow.fromWebContents(event.sender)

  ipcMain.handle(IPC_CHANNELS.apiInfo, async (event): Promise<ApiInfo> => {
    assertTrustedSender(event, deps.appUrl)
    const { url, token } = await deps.apiInfo()
    return { url, token }
  })

  ipcMain.handle(IPC_CHANNELS.openFile, async (event, raw: unknown): Promise<OpenedFile | null> => {
    assertTrustedSender(event, deps.appUrl)
    return deps.openFile(windowOf(event), parseOpenFileOptions(raw))
  })

  ipcMain.handle(IPC_CHANNELS.saveFile, async (event, raw: unknown): Promise<SaveFileResult> => {
    assertTrustedSender(event, deps.appUrl)
    return deps.saveFile(windowOf(event), parseSaveFileOptions(raw))
  })

  ipcMain.handle(IPC_CHANNELS.protectSecret, async (event, raw: unknown): Promise<Uint8Array | null> => {
    assertTrustedSender(event, deps.appUrl)
    return deps.protectSecret(parseSecretBytes('protect-secret', raw))
  })

  ipcMain.handle(IPC_CHANNELS.unprotectSecret, async (event, raw: unknown): Promise<Uint8Array> => {
    assertTrustedSender(event, deps.appUrl)
    return deps.unprotectSecret(parseSecretBytes('unprotect-secret', raw))
  })

  return () => {
    for (const channel of Object.values(IPC_CHANNELS)) ipcMain.removeHandler(channel)
  }
}
