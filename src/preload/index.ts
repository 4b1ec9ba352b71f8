/**
 * Preload (sandboxed, one CommonJS chunk): exposes `window.daejang`, a tiny typed bridge of one IPC call per method.
 * No Node APIs and no raw ipcRenderer reach the page.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { IPC_CHANNELS, type DaejangBridge } from '../shared/bridge'

const bridge: DaejangBridge = {
  version: 1,
  apiInfo: () => ipcRenderer.invoke(IPC_CHANNELS.apiInfo),
  openFile: (options) => ipcRenderer.invoke(IPC_CHANNELS.openFile, options ?? {}),
  saveFile: (options) => ipcRenderer.invoke(IPC_CHANNELS.saveFile, options),
  protectSecret: (data) => ipcRenderer.invoke(IPC_CHANNELS.protectSecret, data),
  unprotectSecret: (data) => ipcRenderer.invoke(IPC_CHANNELS.unprotectSecret, data),
}

contextBridge.exposeInMainWorld('daejang', bridge)
