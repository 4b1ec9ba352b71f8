/** The app asks its node for the first-run choice (docs/adr/0063): `--setup` on the node's command line. */
import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'

class FakeChild extends EventEmitter {
  pid = 4242
  postMessage = vi.fn()
  kill = vi.fn(() => true)
}

const electron = vi.hoisted(() => ({ utilityProcess: { fork: vi.fn() } }))
vi.mock('electron', () => electron)

import { NodeHost, nodeArgs } from '../../src/main/node-host'

describe('NodeHost in setup mode', () => {
  it('passes --setup when the app asks for the first-run choice, and not otherwise', () => {
    expect(nodeArgs({ dataDir: '/d', setup: true })).toEqual(['--home', '/d', '--setup'])
    expect(nodeArgs({ dataDir: '/d', allowOrigin: 'daejang://app', setup: true })).toEqual(['--home', '/d', '--allow-origin', 'daejang://app', '--setup'])
    expect(nodeArgs({ dataDir: '/d' })).toEqual(['--home', '/d'])
  })

  it('is ready as soon as the setup server answers: the address and token the page keeps after the choice', async () => {
    const child = new FakeChild()
    electron.utilityProcess.fork.mockReturnValue(child)
    const host = new NodeHost({ entry: '/app/out/main/node.js', dataDir: '/data/node', allowOrigin: 'daejang://app', setup: true })
    const ready = host.start()
    expect(electron.utilityProcess.fork.mock.calls[0]?.[1]).toEqual(['--home', '/data/node', '--allow-origin', 'daejang://app', '--setup'])
    child.emit('message', { type: 'ready', url: 'http://127.0.0.1:24001', token: 'b'.repeat(64) })
    await expect(ready).resolves.toEqual({ url: 'http://127.0.0.1:24001', token: 'b'.repeat(64) })
    expect(host.state).toBe('running')
  })
})
