/** The booth's kiosk IPC (src/main/kiosk.ts, ADR 0056) with electron mocked: the sender's own window, booleans only. */
import { beforeEach, describe, expect, it, vi } from 'vitest'

type Handler = (event: unknown, ...args: unknown[]) => unknown
const electron = vi.hoisted(() => {
  const handlers = new Map<string, Handler>()
  const win = {
    kiosk: false,
    fullScreen: false,
    destroyed: false,
    setKiosk: vi.fn((on: boolean) => (win.kiosk = on)),
    setFullScreen: vi.fn((on: boolean) => (win.fullScreen = on)),
    isKiosk: () => win.kiosk,
    isDestroyed: () => win.destroyed,
  }
  return {
    handlers,
    win,
    ipcMain: {
      handle: vi.fn((channel: string, h: Handler) => handlers.set(channel, h)),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    },
    BrowserWindow: { fromWebContents: vi.fn((sender: unknown): unknown => (sender === appSender ? win : null)) },
  }
})
const appSender = vi.hoisted(() => ({ id: 1 }))
vi.mock('electron', () => electron)

import { KioskArgumentError, registerKioskHandler } from '../../src/main/kiosk'
import { APP_ENTRY_URL } from '../../src/main/paths'
import { UntrustedSenderError } from '../../src/main/security'
import { KIOSK_CHANNEL } from '../../src/shared/kiosk'

const appEvent = { senderFrame: { url: APP_ENTRY_URL, parent: null }, sender: appSender }
const foreignEvent = { senderFrame: { url: 'https://evil.example/', parent: null }, sender: appSender }
const subframeEvent = { senderFrame: { url: APP_ENTRY_URL, parent: {} }, sender: appSender }
const invoke = async (event: unknown, on: unknown) => electron.handlers.get(KIOSK_CHANNEL)!(event, on)

describe('kiosk IPC', () => {
  let unregister: () => void
  beforeEach(() => {
    electron.handlers.clear()
    Object.assign(electron.win, { kiosk: false, fullScreen: false, destroyed: false })
    electron.win.setKiosk.mockClear()
    unregister = registerKioskHandler(APP_ENTRY_URL)
  })

  it('puts the sender’s window in kiosk mode, full screen, and takes it out; answers the state', async () => {
    await expect(invoke(appEvent, true)).resolves.toBe(true)
    expect([electron.win.kiosk, electron.win.fullScreen]).toEqual([true, true])
    await expect(invoke(appEvent, false)).resolves.toBe(false)
    expect([electron.win.kiosk, electron.win.fullScreen]).toEqual([false, false])
  })

  it('refuses a foreign page or a sub-frame, and anything but a boolean, changing nothing', async () => {
    await expect(invoke(foreignEvent, true)).rejects.toBeInstanceOf(UntrustedSenderError)
    await expect(invoke(subframeEvent, true)).rejects.toBeInstanceOf(UntrustedSenderError)
    for (const bad of ['true', 1, null, undefined, { on: true }]) await expect(invoke(appEvent, bad)).rejects.toBeInstanceOf(KioskArgumentError)
    expect(electron.win.setKiosk).not.toHaveBeenCalled()
    expect(electron.win.kiosk).toBe(false)
  })

  it('answers false without a window (gone, or not the sender’s)', async () => {
    electron.win.destroyed = true
    await expect(invoke(appEvent, true)).resolves.toBe(false)
    await expect(invoke({ ...appEvent, sender: {} }, true)).resolves.toBe(false)
    expect(electron.win.setKiosk).not.toHaveBeenCalled()
  })

  it('removes its handler', () => {
    expect(electron.handlers.has(KIOSK_CHANNEL)).toBe(true)
    unregister()
    expect(electron.handlers.has(KIOSK_CHANNEL)).toBe(false)
  })
})
