import { EventEmitter } from 'node:events'
import { beforeEach, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => ({ shell: { openExternal: vi.fn(() => Promise.resolve()) } }))
vi.mock('electron', () => electron)

import { hardenWebContents } from '../../src/main/harden'
import { APP_ENTRY_URL, rendererUrl } from '../../src/main/paths'
import {
  assertTrustedSender,
  blockNavigation,
  createWindowOpenHandler,
  isPermissionAllowed,
  isTrustedFrame,
  UntrustedSenderError,
} from '../../src/main/security'

const top = (url: string) => ({ url, parent: null })

describe('window open handler', () => {
  it('denies every new window', () => {
    const handler = createWindowOpenHandler(vi.fn())
    for (const url of ['https://example.org/', 'http://example.org/', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(handler({ url })).toEqual({ action: 'deny' })
    }
  })

  it('opens only https links in the system browser', () => {
    const open = vi.fn()
    const handler = createWindowOpenHandler(open)
    handler({ url: 'https://example.org/help' })
    handler({ url: 'http://example.org/' })
    handler({ url: 'file:///etc/passwd' })
    handler({ url: 'https://user:pw@example.org/' })
    expect(open).toHaveBeenCalledTimes(1)
    expect(open).toHaveBeenCalledWith('https://example.org/help')
  })
})

describe('navigation', () => {
  it('is blocked', () => {
    const event = { preventDefault: vi.fn() }
    blockNavigation(event)
    expect(event.preventDefault).toHaveBeenCalled()
  })

  describe('hardened web contents', () => {
    class FakeContents extends EventEmitter {
      windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null
      setWindowOpenHandler(h: (d: { url: string }) => { action: string }): void {
        this.windowOpenHandler = h
      }
    }
    let contents: FakeContents

    beforeEach(() => {
      electron.shell.openExternal.mockClear()
      contents = new FakeContents()
      hardenWebContents(contents as never)
    })

    it('blocks will-navigate', () => {
      const event = { preventDefault: vi.fn() }
      contents.emit('will-navigate', event, 'https://evil.example/')
      expect(event.preventDefault).toHaveBeenCalled()
    })

    it('blocks webviews', () => {
      const event = { preventDefault: vi.fn() }
      contents.emit('will-attach-webview', event, {}, {})
      expect(event.preventDefault).toHaveBeenCalled()
    })

    it('denies window.open and hands https to shell.openExternal', () => {
      expect(contents.windowOpenHandler?.({ url: 'https://example.org/' })).toEqual({ action: 'deny' })
      expect(electron.shell.openExternal).toHaveBeenCalledWith('https://example.org/')
    })
  })
})

describe('IPC sender validation', () => {
  const appUrl = APP_ENTRY_URL

  it('accepts the app page in a top-level frame', () => {
    expect(isTrustedFrame(top('daejang://app/index.html'), appUrl)).toBe(true)
    expect(isTrustedFrame(top('daejang://app/index.html#/blocks'), appUrl)).toBe(true)
    expect(() => assertTrustedSender({ senderFrame: top(appUrl) }, appUrl)).not.toThrow()
  })

  it('rejects foreign frames', () => {
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:1234/',
      'daejang://other/index.html',
      'evil://app/index.html',
      'file:///tmp/index.html',
      'about:blank',
      'not a url',
    ]) {
      expect(isTrustedFrame(top(url), appUrl), url).toBe(false)
    }
  })

  it('rejects a subframe even if it shows the app page, and a missing frame', () => {
    expect(isTrustedFrame({ url: appUrl, parent: {} }, appUrl)).toBe(false)
    expect(isTrustedFrame(null, appUrl)).toBe(false)
    expect(() => assertTrustedSender({ senderFrame: null }, appUrl)).toThrow(UntrustedSenderError)
    expect(() => assertTrustedSender({ senderFrame: top('https://evil.example/') }, appUrl)).toThrow(
      UntrustedSenderError,
    )
  })

  it('trusts the dev server origin only in a dev run', () => {
    const dev = rendererUrl('http://localhost:5173/', false)
    expect(dev).toBe('http://localhost:5173/')
    expect(isTrustedFrame(top('http://localhost:5173/index.html'), dev)).toBe(true)
    expect(isTrustedFrame(top('http://localhost:5174/'), dev)).toBe(false)
    expect(rendererUrl('http://localhost:5173/', true)).toBe(APP_ENTRY_URL)
    expect(rendererUrl('http://evil.example/', false)).toBe(APP_ENTRY_URL)
  })

  it('compares file URLs by path', () => {
    const fileApp = 'file:///app/out/renderer/index.html'
    expect(isTrustedFrame(top('file:///app/out/renderer/index.html'), fileApp)).toBe(true)
    expect(isTrustedFrame(top('file:///tmp/evil.html'), fileApp)).toBe(false)
  })
})

describe('permissions', () => {
  it('denies all but clipboard writes from the app page', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', APP_ENTRY_URL, APP_ENTRY_URL)).toBe(true)
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/', APP_ENTRY_URL)).toBe(false)
    expect(isPermissionAllowed('media', APP_ENTRY_URL, APP_ENTRY_URL)).toBe(false)
    expect(isPermissionAllowed('geolocation', APP_ENTRY_URL, APP_ENTRY_URL)).toBe(false)
  })
})
