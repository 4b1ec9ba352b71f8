/**
 * "Show the latest" opens the screen anew and so empties its forms (App.vue keys the screen by freshness.viewKey):
 * with a changed form on the screen it asks first, and does nothing when the user keeps the form.
 */
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { useDirtyForm } from '../../src/renderer/composables/useDirtyForm'
import { useFreshnessStore } from '../../src/renderer/stores/freshness'

beforeEach(() => setActivePinia(createPinia()))

describe('show the latest with a form on the screen', () => {
  it('opens the screen anew without asking while no form holds changes', () => {
    const freshness = useFreshnessStore()
    const scope = effectScope()
    scope.run(() => useDirtyForm(() => ({ reason: '' })))
    let asked = 0
    expect(freshness.refreshUnlessKept(() => (asked++, false))).toBe(true)
    expect(asked).toBe(0)
    expect(freshness.viewKey).toBe(1)
    scope.stop()
  })

  it('asks once a form changed; kept, the screen stays as it is; agreed, it opens anew', async () => {
    const freshness = useFreshnessStore()
    const reason = ref('')
    const scope = effectScope()
    const form = scope.run(() => useDirtyForm(() => reason.value))!
    reason.value = 'a typed reason'
    await nextTick()
    expect(form.dirty.value).toBe(true)
    expect(freshness.hasDirtyForm).toBe(true)
    let asked = 0
    expect(freshness.refreshUnlessKept(() => (asked++, false))).toBe(false)
    expect(asked).toBe(1)
    expect(freshness.viewKey).toBe(0)
    expect(freshness.refreshUnlessKept(() => true)).toBe(true)
    expect(freshness.viewKey).toBe(1)
    scope.stop()
  })

  it('is no longer changed when typed back, after a send (reset), or once the form is gone', async () => {
    const freshness = useFreshnessStore()
    const fields = ref({ holder: '', language: '' })
    const scope = effectScope()
    const form = scope.run(() => useDirtyForm(() => fields.value))!
    fields.value.holder = 'Kim'
    await nextTick()
    expect(freshness.hasDirtyForm).toBe(true)
    fields.value.holder = ''
    await nextTick()
    expect(freshness.hasDirtyForm).toBe(false)
    fields.value = { holder: 'Lee', language: 'ko' }
    await nextTick()
    expect(freshness.hasDirtyForm).toBe(true)
    form.reset()
    expect(form.dirty.value).toBe(false)
    expect(freshness.hasDirtyForm).toBe(false)
    fields.value.language = 'en'
    await nextTick()
    expect(freshness.hasDirtyForm).toBe(true)
    scope.stop()
    expect(freshness.hasDirtyForm).toBe(false)
  })
})
