import { describe, expect, it } from 'vitest'
import { PickedPaths } from '../../src/main/picked-paths'

describe('PickedPaths', () => {
  it('knows the paths added, and lets the oldest go past its bound', () => {
    const p = new PickedPaths(2)
    expect(p.has('/a')).toBe(false)
    p.add('/a')
    p.add('/b')
    p.add('/a') // picked again: the newest now
    p.add('/c')
    expect(p.has('/a')).toBe(true)
    expect(p.has('/b')).toBe(false)
    expect(p.has('/c')).toBe(true)
  })
})
