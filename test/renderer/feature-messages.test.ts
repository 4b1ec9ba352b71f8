/**
 * A feature's messages come from a message module (a `messages.ts` file): only those are compiled when the app is
 * built (src/renderer/i18n/precompile.ts MESSAGE_MODULE), and the built page has no message compiler, so a message
 * declared anywhere else would work in the tests and fail in the built app. Every message every feature declares —
 * the app's and the example registry's — must be one a message module holds.
 */
import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { FEATURES } from '../../src/renderer/features/registry'
import { MESSAGE_MODULE } from '../../src/renderer/i18n/precompile'
import type { Feature } from '../../src/renderer/nav'
import { memoFeature } from '../fixtures/example-registry/feature'

const ROOTS = [resolve(import.meta.dirname, '../../src/renderer'), resolve(import.meta.dirname, '../fixtures')]

function messageModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return messageModules(path)
    return MESSAGE_MODULE.test(path) ? [path] : []
  })
}

/** every string of a message tree, as `text` (where it sits does not matter: a module may be split or merged) */
function leaves(tree: unknown, out: Set<string>): Set<string> {
  if (typeof tree === 'string') out.add(tree)
  else if (typeof tree === 'object' && tree !== null) for (const v of Object.values(tree)) leaves(v, out)
  return out
}

/** the messages of features that are not in any message module */
function strays(features: readonly Feature[], compiled: Set<string>): string[] {
  return features.flatMap((f) => [...leaves(f.messages, new Set())].filter((m) => !compiled.has(m)).map((m) => `${f.id}: ${m}`))
}

describe('feature messages', () => {
  it('come from message modules only, so the build compiles every one of them', async () => {
    const compiled = new Set<string>()
    for (const path of ROOTS.flatMap(messageModules)) leaves(await import(pathToFileURL(path).href), compiled)
    expect(compiled.size).toBeGreaterThan(100)
    expect(strays([...FEATURES, memoFeature], compiled)).toEqual([])
    // a feature declaring a message inline is caught
    const inline: Feature = { id: 'inline', routes: [], messages: { ko: { a: '여기에만 있는 말' }, en: { a: 'Only said here' } } }
    expect(strays([inline], compiled)).toEqual(['inline: 여기에만 있는 말', 'inline: Only said here'])
  })
})
