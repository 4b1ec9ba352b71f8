/**
 * Preload (sandboxed, one CommonJS chunk): exposes `window.daejang`, a tiny typed bridge of one IPC call per method.
 * No Node APIs and no raw ipcRenderer reach the page.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import {
  IPC_CHANNELS,
  IPC_EVENTS,
  IPC_NOTICES,
  PICKED_FILES_MAX,
  type DaejangBridge,
  type HashFileRequest,
  type HashProgressEvent,
} from '../shared/bridge'
import { KIOSK_CHANNEL } from '../shared/kiosk'

/** Progress callbacks of the hashFile calls under way, by call id. */
const hashProgress = new Map<number, (done: number, total: number) => void>()
let nextHashId = 1
ipcRenderer.on(IPC_EVENTS.hashProgress, (_event, p: HashProgressEvent) => hashProgress.get(p.id)?.(p.done, p.total))

/**
 * Tell main the paths of the Files the user gave the page: a drop, or a file input's dialog. Only trusted events
 * (made by the user, not by the page's script) count; captured before the page's own handlers, so the notice reaches
 * main before the page can ask for a hash (one channel: messages arrive in order).
 */
function notePicked(event: Event, files: FileList | null | undefined): void {
  if (!event.isTrusted || !files) return
  const paths: string[] = []
  for (const file of Array.from(files).slice(0, PICKED_FILES_MAX)) {
    const path = webUtils.getPathForFile(file)
    if (path) paths.push(path)
  }
  if (paths.length > 0) ipcRenderer.send(IPC_NOTICES.pickedFiles, paths)
}
window.addEventListener('drop', (e) => notePicked(e, (e as DragEvent).dataTransfer?.files), true)
window.addEventListener(
  'change',
  (e) => {
    const t = e.target
    if (t instanceof HTMLInputElement && t.type === 'file') notePicked(e, t.files)
  },
  true,
)

/** The path stays here: the page gives a File (from a drop or a file dialog), main gets its path. */
async function hashFile(file: File, onProgress?: (done: number, total: number) => void): Promise<string | null> {
  const path = webUtils.getPathForFile(file)
  if (!path) return null
  const request: HashFileRequest = { id: nextHashId++, path, size: file.size }
  if (onProgress) hashProgress.set(request.id, onProgress)
  try {
    return (await ipcRenderer.invoke(IPC_CHANNELS.hashFile, request)) as string
  } finally {
    hashProgress.delete(request.id)
  }
}

const bridge: DaejangBridge = {
  version: 1,
  apiInfo: () => ipcRenderer.invoke(IPC_CHANNELS.apiInfo),
  openFile: (options) => ipcRenderer.invoke(IPC_CHANNELS.openFile, options ?? {}),
  saveFile: (options) => ipcRenderer.invoke(IPC_CHANNELS.saveFile, options),
  protectSecret: (data) => ipcRenderer.invoke(IPC_CHANNELS.protectSecret, data),
  unprotectSecret: (data) => ipcRenderer.invoke(IPC_CHANNELS.unprotectSecret, data),
  hashFile,
  kiosk: (on) => ipcRenderer.invoke(KIOSK_CHANNEL, on === true),
}

contextBridge.exposeInMainWorld('daejang', bridge)
