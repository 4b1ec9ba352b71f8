/**
 * Preload (sandboxed, one CommonJS chunk): exposes `window.daejang`, a tiny typed bridge of one IPC call per method.
 * No Node APIs and no raw ipcRenderer reach the page.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { IPC_CHANNELS, IPC_EVENTS, type DaejangBridge, type HashFileRequest, type HashProgressEvent } from '../shared/bridge'

/** Progress callbacks of the hashFile calls under way, by call id. */
const hashProgress = new Map<number, (done: number, total: number) => void>()
let nextHashId = 1
ipcRenderer.on(IPC_EVENTS.hashProgress, (_event, p: HashProgressEvent) => hashProgress.get(p.id)?.(p.done, p.total))

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
}

contextBridge.exposeInMainWorld('daejang', bridge)
