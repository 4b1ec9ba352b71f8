import { describe, expect, it } from 'vitest'
import { keepAddressAskedAtStart, routeOfHash, type StartHashRouter, type StartHashWindow } from '../../src/renderer/lib/start-hash'

/** A router whose first navigation ends when `finish` is called, and a window whose address the test changes. */
function setup(initial: string) {
  let finish!: () => void
  const ready = new Promise<void>((r) => (finish = r))
  const replaced: string[] = []
  const router: StartHashRouter = {
    isReady: () => ready,
    currentRoute: { value: { fullPath: initial } },
    replace: async (p) => {
      replaced.push(p)
    },
  }
  const listeners = new Set<() => void>()
  const location = { hash: `#${initial}` }
  const win: StartHashWindow = {
    location,
    addEventListener: (_t, l) => listeners.add(l),
    removeEventListener: (_t, l) => listeners.delete(l),
  }
  const go = (hash: string): void => {
    location.hash = hash
    for (const l of [...listeners]) l()
  }
  return { router, win, go, finish, replaced, listeners }
}

const isSignIn = (h: string): boolean => h.includes('token=')

describe('an address asked for while the app starts', () => {
  it('is gone to once the first screen is shown, the last one asked for', async () => {
    const s = setup('/')
    const done = keepAddressAskedAtStart(s.router, s.win, isSignIn)
    s.go('#/elections')
    s.go('#/elections/e/u1/booth')
    s.finish()
    await done
    expect(s.replaced).toEqual(['/elections/e/u1/booth'])
    expect(s.listeners.size).toBe(0)
  })

  it('changes nothing when none was asked for, or when it is the screen shown, or a sign-in', async () => {
    for (const ask of [null, '#/', '#token=abc']) {
      const s = setup('/')
      const done = keepAddressAskedAtStart(s.router, s.win, isSignIn)
      if (ask !== null) s.go(ask)
      s.finish()
      await done
      expect(s.replaced).toEqual([])
    }
  })

  it('stops listening once ready: a later change is the router’s own', async () => {
    const s = setup('/')
    const done = keepAddressAskedAtStart(s.router, s.win, isSignIn)
    s.finish()
    await done
    s.go('#/land')
    expect(s.replaced).toEqual([])
  })

  it('reads a fragment as a route', () => {
    expect(routeOfHash('')).toBe('/')
    expect(routeOfHash('#')).toBe('/')
    expect(routeOfHash('#/land?q=1')).toBe('/land?q=1')
    expect(routeOfHash('#land')).toBe('/land')
  })
})
