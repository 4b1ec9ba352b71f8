/**
 * The start bundle leaves the registries' verifiers out (issue 9 item 19): a feature may give the frame its registry
 * without the verifier and load the full barrel with the Verify screen (Feature.loadRegistry). What the frame reads
 * must be the barrel's very words, errors, roles, name and title; the Verify screen gets every verifier.
 */
import { describe, expect, it } from 'vitest'
import { FEATURES } from '../../src/renderer/features/registry'
import { loadVerifyFeatures, verifyFeatures, withFullRegistries } from '../../src/renderer/features/verify-features'
import { verifyRegistriesOf } from '../../src/renderer/features/verify/registries'

describe('registries loaded with the Verify screen', () => {
  it('gives the frame each lazily loaded registry as its barrel says, less the verifier', async () => {
    const lazy = FEATURES.filter((f) => f.loadRegistry)
    expect(lazy.map((f) => f.id)).toContain('documents')
    for (const f of lazy) {
      const full = await f.loadRegistry!()
      expect(full.verifier).toBeDefined()
      expect(f.registry!.verifier).toBeUndefined()
      const { verifier: _, ...rest } = full
      expect(f.registry).toEqual(rest)
    }
  })

  it('hands the Verify screen every verifier once loaded, and says so when asked too early', async () => {
    expect(() => verifyFeatures()).toThrow(/not loaded/)
    const loaded = await loadVerifyFeatures()
    expect(verifyFeatures()).toBe(loaded)
    expect(verifyRegistriesOf(loaded).verifiers.map((v) => v.registry)).toEqual(['land', 'notary', 'livestock'])
    expect(verifyRegistriesOf(FEATURES).verifiers).toEqual([])
    expect(await withFullRegistries(FEATURES)).toHaveLength(FEATURES.length)
  })
})
