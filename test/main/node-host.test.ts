import { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

class FakeChild extends EventEmitter {
  pid = 4242
  postMessage = vi.fn()
  kill = vi.fn(() => true)
}

const electron = vi.hoisted(() => ({
  utilityProcess: { fork: vi.fn() },
}))
vi.mock('electron', () => electron)

import { DEFAULT_STOP_TIMEOUT_MS, NodeHost, nodeEnv } from '../../src/main/node-host'

const TOKEN = 'a'.repeat(64)
const READY = { type: 'ready', url: 'http://127.0.0.1:43117', token: TOKEN }

describe('NodeHost', () => {
  let child: FakeChild

  beforeEach(() => {
    child = new FakeChild()
    electron.utilityProcess.fork.mockReset()
    electron.utilityProcess.fork.mockReturnValue(child)
  })

  afterEach(() => {
    vi.useRealTimers()
  })

  const host = (extra: Partial<ConstructorParameters<typeof NodeHost>[0]> = {}) =>
    new NodeHost({ entry: '/app/out/main/node.js', dataDir: '/data/node', allowOrigin: 'daejang://app', ...extra })

  it('forks the node entry with its home and the app origin', async () => {
    const h = host()
    const ready = h.start()
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(1)
    expect(electron.utilityProcess.fork).toHaveBeenCalledWith(
      '/app/out/main/node.js',
      ['--home', '/data/node', '--allow-origin', 'daejang://app'],
      expect.objectContaining({ serviceName: 'Daejang node' }),
    )
    child.emit('message', READY)
    await expect(ready).resolves.toEqual({ url: 'http://127.0.0.1:43117', token: TOKEN })
    expect(h.state).toBe('running')
    expect(h.start()).toBe(ready)
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(1)
  })

  it('runs the node with malloc held to two arenas, unless the user set it', () => {
    void host().start()
    const opts = electron.utilityProcess.fork.mock.calls[0]?.[2] as { env: NodeJS.ProcessEnv }
    expect(opts.env.MALLOC_ARENA_MAX).toBe('2')
    expect(opts.env.PATH).toBe(process.env.PATH)
    expect(nodeEnv({ MALLOC_ARENA_MAX: '4' }).MALLOC_ARENA_MAX).toBe('4')
  })

  it('passes only --home when no origin is given', () => {
    void host({ allowOrigin: undefined }).start()
    expect(electron.utilityProcess.fork.mock.calls[0]?.[1]).toEqual(['--home', '/data/node'])
  })

  it('fails when the node exits before it is ready', async () => {
    const ready = host().start()
    child.emit('exit', 3)
    await expect(ready).rejects.toThrow(/exited with code 3/)
  })

  it('fails on an error message or an invalid ready message', async () => {
    const ready = host().start()
    child.emit('message', { type: 'error', message: 'HOME_MISSING' })
    await expect(ready).rejects.toThrow(/HOME_MISSING/)

    const other = new FakeChild()
    electron.utilityProcess.fork.mockReturnValue(other)
    const bad = host().start()
    other.emit('message', { type: 'ready', url: 'http://evil.example:80', token: TOKEN })
    await expect(bad).rejects.toThrow(/ready message is invalid/)
    expect(other.kill).toHaveBeenCalled()
  })

  it('gives up and kills the node when it is not ready in time', async () => {
    vi.useFakeTimers()
    const ready = host({ readyTimeoutMs: 1000 }).start()
    const outcome = expect(ready).rejects.toThrow(/did not become ready/)
    await vi.advanceTimersByTimeAsync(1000)
    await outcome
    expect(child.kill).toHaveBeenCalled()
  })

  it('stops politely: sends stop and resolves when the node exits', async () => {
    vi.useFakeTimers()
    const h = host()
    const ready = h.start()
    child.emit('message', READY)
    await ready
    const stopped = h.stop()
    expect(child.postMessage).toHaveBeenCalledWith({ type: 'stop' })
    expect(h.state).toBe('stopping')
    child.emit('exit', 0)
    await stopped
    expect(child.kill).not.toHaveBeenCalled()
    expect(h.state).toBe('stopped')
    await vi.advanceTimersByTimeAsync(DEFAULT_STOP_TIMEOUT_MS * 2)
    expect(child.kill).not.toHaveBeenCalled()
  })

  it('kills the node when it does not exit within the stop timeout', async () => {
    vi.useFakeTimers()
    const h = host({ stopTimeoutMs: 2000 })
    void h.start()
    child.emit('message', READY)
    let done = false
    const stopped = h.stop().then(() => (done = true))
    expect(child.postMessage).toHaveBeenCalledWith({ type: 'stop' })
    await vi.advanceTimersByTimeAsync(1999)
    expect(child.kill).not.toHaveBeenCalled()
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await stopped
    expect(child.kill).toHaveBeenCalledTimes(1)
    expect(h.state).toBe('stopped')
  })

  it('stop is idempotent and a stopped host does not start again', async () => {
    const h = host()
    void h.start()
    child.emit('message', READY)
    const a = h.stop()
    const b = h.stop()
    expect(a).toBe(b)
    child.emit('exit', 0)
    await a
    expect(child.postMessage).toHaveBeenCalledTimes(1)
    expect(await host().stop()).toBeUndefined()
  })

  it('reports a node that dies after it was ready', async () => {
    const h = host()
    void h.start()
    child.emit('message', READY)
    await h.start()
    child.emit('exit', 1)
    expect(h.state).toBe('failed')
    await expect(h.start()).rejects.toThrow(/exited unexpectedly/)
  })
})
