import { beforeEach, describe, expect, it, vi } from 'vitest'

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>
type Listener = (event: unknown, ...args: unknown[]) => void
const electron = vi.hoisted(() => {
  const handlers = new Map<string, Handler>()
  const listeners = new Map<string, Listener>()
  return {
    handlers,
    listeners,
    ipcMain: {
      handle: vi.fn((channel: string, h: Handler) => handlers.set(channel, h)),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
      on: vi.fn((channel: string, l: Listener) => listeners.set(channel, l)),
      removeAllListeners: vi.fn((channel: string) => listeners.delete(channel)),
    },
    BrowserWindow: { fromWebContents: vi.fn(() => null) },
  }
})
vi.mock('electron', () => electron)

import { registerIpcHandlers, type IpcDeps } from '../../src/main/ipc'
import { APP_ENTRY_URL } from '../../src/main/paths'
import { UntrustedSenderError } from '../../src/main/security'
import { IPC_CHANNELS, IPC_EVENTS, IPC_NOTICES, PICKED_FILES_MAX, SECRET_LIMITS } from '../../src/shared/bridge'
import { UnpickedFileError } from '../../src/main/picked-paths'

const appEvent = { senderFrame: { url: APP_ENTRY_URL, parent: null }, sender: {} }
const foreignEvent = { senderFrame: { url: 'https://evil.example/', parent: null }, sender: {} }
const invoke = (channel: string, event: unknown, ...args: unknown[]) => electron.handlers.get(channel)!(event, ...args)
/** The preload's notice that the user picked these files (a trusted drop or file dialog). */
const notePicked = (event: unknown, raw: unknown) => electron.listeners.get(IPC_NOTICES.pickedFiles)!(event, raw)
const abs = (name: string) => (process.platform === 'win32' ? `C:\\Users\\u\\${name}` : `/home/u/${name}`)

describe('IPC handlers', () => {
  let deps: IpcDeps
  let unregister: () => void

  beforeEach(() => {
    electron.handlers.clear()
    electron.listeners.clear()
    deps = {
      appUrl: APP_ENTRY_URL,
      apiInfo: vi.fn(async () => ({ url: 'http://127.0.0.1:4000', token: 'secret', extra: 'not for the renderer' })),
      openFile: vi.fn(async () => ({ name: 'a.pdf', data: new Uint8Array([1]) })),
      saveFile: vi.fn(async () => ({ saved: true, name: 'b.pdf' })),
      protectSecret: vi.fn(async (d: Uint8Array) => new Uint8Array([9, ...d])),
      unprotectSecret: vi.fn(async (d: Uint8Array) => d.slice(1)),
      hashFile: vi.fn(async (_path: string, size: number, onProgress: (done: number, total: number) => void) => {
        onProgress(size, size)
        return 'ab'.repeat(32)
      }),
    }
    unregister = registerIpcHandlers(deps)
  })

  it('registers one handler per channel', () => {
    expect([...electron.handlers.keys()].sort()).toEqual(Object.values(IPC_CHANNELS).sort())
    expect([...electron.listeners.keys()].sort()).toEqual(Object.values(IPC_NOTICES).sort())
    unregister()
    expect(electron.handlers.size).toBe(0)
    expect(electron.listeners.size).toBe(0)
  })

  it('answers api-info to the app frame with url and token only', async () => {
    await expect(invoke(IPC_CHANNELS.apiInfo, appEvent)).resolves.toEqual({ url: 'http://127.0.0.1:4000', token: 'secret' })
  })

  it('refuses every channel to a foreign frame without calling through', async () => {
    await expect(invoke(IPC_CHANNELS.apiInfo, foreignEvent)).rejects.toBeInstanceOf(UntrustedSenderError)
    await expect(invoke(IPC_CHANNELS.openFile, foreignEvent, {})).rejects.toBeInstanceOf(UntrustedSenderError)
    await expect(
      invoke(IPC_CHANNELS.saveFile, foreignEvent, { defaultName: 'x.txt', data: 'x' }),
    ).rejects.toBeInstanceOf(UntrustedSenderError)
    await expect(invoke(IPC_CHANNELS.apiInfo, { senderFrame: null, sender: {} })).rejects.toBeInstanceOf(
      UntrustedSenderError,
    )
    await expect(invoke(IPC_CHANNELS.protectSecret, foreignEvent, new Uint8Array([1]))).rejects.toBeInstanceOf(
      UntrustedSenderError,
    )
    await expect(invoke(IPC_CHANNELS.unprotectSecret, foreignEvent, new Uint8Array([1]))).rejects.toBeInstanceOf(
      UntrustedSenderError,
    )
    await expect(
      invoke(IPC_CHANNELS.hashFile, foreignEvent, { id: 1, path: '/home/u/a.pdf', size: 3 }),
    ).rejects.toBeInstanceOf(UntrustedSenderError)
    expect(deps.hashFile).not.toHaveBeenCalled()
    expect(deps.protectSecret).not.toHaveBeenCalled()
    expect(deps.unprotectSecret).not.toHaveBeenCalled()
    expect(deps.apiInfo).not.toHaveBeenCalled()
    expect(deps.openFile).not.toHaveBeenCalled()
    expect(deps.saveFile).not.toHaveBeenCalled()
  })

  it('validates file arguments', async () => {
    await expect(invoke(IPC_CHANNELS.openFile, appEvent, undefined)).resolves.toMatchObject({ name: 'a.pdf' })
    await expect(invoke(IPC_CHANNELS.openFile, appEvent, { filters: [{ name: 'PDF', extensions: ['pdf'] }] })).resolves
      .toBeTruthy()
    await expect(invoke(IPC_CHANNELS.openFile, appEvent, { defaultPath: '/etc' })).rejects.toThrow(/Invalid argument/)
    await expect(invoke(IPC_CHANNELS.saveFile, appEvent, { defaultName: '../x.txt', data: 'x' })).rejects.toThrow(
      /Invalid argument/,
    )
    await expect(invoke(IPC_CHANNELS.saveFile, appEvent, { defaultName: 'x.txt', data: 42 })).rejects.toThrow(
      /Invalid argument/,
    )
    await expect(
      invoke(IPC_CHANNELS.saveFile, appEvent, { defaultName: 'proof.json', data: new Uint8Array([1, 2]) }),
    ).resolves.toEqual({ saved: true, name: 'b.pdf' })
    expect(deps.saveFile).toHaveBeenCalledTimes(1)
  })

  it('passes secrets through when they are bytes within the cap', async () => {
    await expect(invoke(IPC_CHANNELS.protectSecret, appEvent, new Uint8Array([1, 2]))).resolves.toEqual(
      new Uint8Array([9, 1, 2]),
    )
    await expect(invoke(IPC_CHANNELS.unprotectSecret, appEvent, new Uint8Array([9, 1, 2]))).resolves.toEqual(
      new Uint8Array([1, 2]),
    )
  })

  it('refuses secrets that are not bytes, empty, or too large', async () => {
    for (const channel of [IPC_CHANNELS.protectSecret, IPC_CHANNELS.unprotectSecret]) {
      await expect(invoke(channel, appEvent, 'a string')).rejects.toThrow(/Invalid argument/)
      await expect(invoke(channel, appEvent, [1, 2, 3])).rejects.toThrow(/Invalid argument/)
      await expect(invoke(channel, appEvent, undefined)).rejects.toThrow(/Invalid argument/)
      await expect(invoke(channel, appEvent, new Uint8Array(0))).rejects.toThrow(/Invalid argument/)
      await expect(invoke(channel, appEvent, new Uint8Array(SECRET_LIMITS.maxBytes + 1))).rejects.toThrow(
        /Invalid argument/,
      )
    }
    expect(deps.protectSecret).not.toHaveBeenCalled()
    expect(deps.unprotectSecret).not.toHaveBeenCalled()
  })

  it('hashes the picked file by path and sends its progress to the page under the call id', async () => {
    const send = vi.fn()
    const event = { ...appEvent, sender: { send } }
    const path = abs('a.pdf')
    notePicked(event, [path])
    await expect(invoke(IPC_CHANNELS.hashFile, event, { id: 7, path, size: 3 })).resolves.toBe('ab'.repeat(32))
    expect(deps.hashFile).toHaveBeenCalledWith(path, 3, expect.any(Function))
    expect(send).toHaveBeenCalledWith(IPC_EVENTS.hashProgress, { id: 7, done: 3, total: 3 })
  })

  it('refuses hash requests that are not an absolute path with a size', async () => {
    const bad: unknown[] = [
      undefined,
      '/home/u/a.pdf',
      { id: 1, path: 'a.pdf', size: 3 },
      { id: 1, path: '../../etc/passwd', size: 3 },
      { id: 1, path: '/home/u/a\0.pdf', size: 3 },
      { id: 1, path: '/home/u/a.pdf' },
      { id: 1, path: '/home/u/a.pdf', size: -1 },
      { id: 0, path: '/home/u/a.pdf', size: 3 },
      { id: 1, path: '/home/u/a.pdf', size: 3, read: true },
    ]
    for (const raw of bad) await expect(invoke(IPC_CHANNELS.hashFile, appEvent, raw)).rejects.toThrow(/Invalid argument/)
    expect(deps.hashFile).not.toHaveBeenCalled()
  })

  it('refuses to hash a path the user did not pick in that page, without reading it', async () => {
    const event = { ...appEvent, sender: { send: vi.fn() } }
    const other = { ...appEvent, sender: { send: vi.fn() } }
    await expect(invoke(IPC_CHANNELS.hashFile, event, { id: 1, path: abs('secret.key'), size: 3 })).rejects.toBeInstanceOf(
      UnpickedFileError,
    )
    notePicked(event, [abs('a.pdf')])
    // picked in another page, or another file of the same page: still refused
    await expect(invoke(IPC_CHANNELS.hashFile, other, { id: 2, path: abs('a.pdf'), size: 3 })).rejects.toBeInstanceOf(
      UnpickedFileError,
    )
    await expect(invoke(IPC_CHANNELS.hashFile, event, { id: 3, path: abs('b.pdf'), size: 3 })).rejects.toBeInstanceOf(
      UnpickedFileError,
    )
    expect(deps.hashFile).not.toHaveBeenCalled()
    await expect(invoke(IPC_CHANNELS.hashFile, event, { id: 4, path: abs('a.pdf'), size: 3 })).resolves.toBe('ab'.repeat(32))
  })

  it('keeps no path from a foreign frame or a malformed notice', async () => {
    const foreign = { ...foreignEvent, sender: appEvent.sender }
    notePicked(foreign, [abs('a.pdf')])
    notePicked(appEvent, [abs('b.pdf'), 'relative.pdf'])
    notePicked(appEvent, abs('c.pdf'))
    notePicked(appEvent, [])
    notePicked(appEvent, Array.from({ length: PICKED_FILES_MAX + 1 }, (_, i) => abs(`${i}.pdf`)))
    for (const [id, name] of [[1, 'a.pdf'], [2, 'b.pdf'], [3, 'c.pdf'], [4, '0.pdf']] as const) {
      await expect(invoke(IPC_CHANNELS.hashFile, appEvent, { id, path: abs(name), size: 3 })).rejects.toBeInstanceOf(
        UnpickedFileError,
      )
    }
    expect(deps.hashFile).not.toHaveBeenCalled()
  })
})
