/**
 * The IPC surface: one `ipcMain.handle` per bridge method. Every handler first checks that the sender is the app's
 * own top-level page, then validates its arguments.
 */
import { BrowserWindow, ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron'
import {
  IPC_CHANNELS,
  IPC_EVENTS,
  IPC_NOTICES,
  type ApiInfo,
  type HashProgressEvent,
  type OpenedFile,
  type OpenFileOptions,
  type SaveFileOptions,
  type SaveFileResult,
} from '../shared/bridge'
import {
  parseHashFileRequest,
  parseOpenFileOptions,
  parsePickedFiles,
  parseSaveFileOptions,
  parseSecretBytes,
} from './ipc-schemas'
import { PickedPaths, UnpickedFileError } from './picked-paths'
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
  /** SHA-256 (hex) of the file at `path`, refused unless it is a regular file of `size` bytes (hash-file.ts). */
  hashFile(path: string, size: number, onProgress: (done: number, total: number) => void): Promise<string>
}

/** Registers the handlers; returns a function that removes them. */
export function registerIpcHandlers(deps: IpcDeps): () => void {
  const windowOf = (event: IpcMainInvokeEvent): BrowserWindow | null => BrowserWindow.fromWebContents(event.sender)
  // the paths each page's user picked (by its WebContents: a page gone takes its set with it)
  const picked = new WeakMap<object, PickedPaths>()
  const pickedOf = (sender: object): PickedPaths => {
    let p = picked.get(sender)
    if (!p) picked.set(sender, (p = new PickedPaths()))
    return p
  }

  // The preload tells main the paths of the Files a trusted drop or file dialog gave the page (the page's script
  // cannot forge such an event, nor send on this channel). A notice from elsewhere, or malformed, is dropped: it has
  // no answer, and a path not kept is only a hash refused.
  ipcMain.on(IPC_NOTICES.pickedFiles, (event: IpcMainEvent, raw: unknown) => {
    try {
      assertTrustedSender(event, deps.appUrl)
      const paths = parsePickedFiles(raw)
      const set = pickedOf(event.sender)
      for (const path of paths) set.add(path)
    } catch {
      // dropped (see above)
    }
  })

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

  // The path comes from the preload (webUtils.getPathForFile of a File the page was given by a drop or a file
  // dialog); the page itself has no way to name a path. Main hashes only a path the preload told it was picked in
  // this page (picked-files above), checks it is a regular file of the size the File had, and answers with the
  // digest only.
  ipcMain.handle(IPC_CHANNELS.hashFile, async (event, raw: unknown): Promise<string> => {
    assertTrustedSender(event, deps.appUrl)
    const request = parseHashFileRequest(raw)
    if (!pickedOf(event.sender).has(request.path)) throw new UnpickedFileError()
    return deps.hashFile(request.path, request.size, (done, total) => {
      const progress: HashProgressEvent = { id: request.id, done, total }
      try {
        event.sender.send(IPC_EVENTS.hashProgress, progress)
      } catch {
        // the page went away; the digest is still returned to nobody
      }
    })
  })

  return () => {
    for (const channel of Object.values(IPC_CHANNELS)) ipcMain.removeHandler(channel)
    for (const channel of Object.values(IPC_NOTICES)) ipcMain.removeAllListeners(channel)
  }
}
