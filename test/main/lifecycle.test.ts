import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { installQuitHandler } from '../../src/main/lifecycle'

class FakeApp extends EventEmitter {
  quit = vi.fn(() => {
    const event = { preventDefault: vi.fn() }
    this.emit('before-quit', event)
    this.lastQuitEvent = event
  })
  lastQuitEvent: { preventDefault: ReturnType<typeof vi.fn> } | null = null
}

describe('quit', () => {
  it('holds the quit until the node has stopped, then quits once', async () => {
    const app = new FakeApp()
    let release!: () => void
    const node = { stop: vi.fn(() => new Promise<void>((r) => (release = r))) }
    installQuitHandler(app, node)

    const first = { preventDefault: vi.fn() }
    app.emit('before-quit', first)
    expect(first.preventDefault).toHaveBeenCalled()
    expect(node.stop).toHaveBeenCalledTimes(1)

    const second = { preventDefault: vi.fn() }
    app.emit('before-quit', second)
    expect(second.preventDefault).toHaveBeenCalled()
    expect(node.stop).toHaveBeenCalledTimes(1)
    expect(app.quit).not.toHaveBeenCalled()

    release()
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1))
    expect(app.lastQuitEvent?.preventDefault).not.toHaveBeenCalled()
  })

  it('still quits when stopping fails', async () => {
    const app = new FakeApp()
    const log = vi.fn()
    installQuitHandler(app, { stop: () => Promise.reject(new Error('boom')) }, log)
    app.emit('before-quit', { preventDefault: vi.fn() })
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled())
    expect(log).toHaveBeenCalledWith(expect.stringContaining('boom'))
  })
})
