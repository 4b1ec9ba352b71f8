/**
 * Messages compiled at build time (src/renderer/i18n/precompile.ts): every message of every message module, in both
 * languages, reads the same from its build-time AST as from its source compiled at run time; a message with broken
 * syntax fails the build; the Vite plugin turns a message module into its compiled form.
 */
import { readdirSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { messageKeys } from '../../src/renderer/lib/features'
import { MESSAGE_MODULE, compileMessage, precompileTree, precompiledMessages } from '../../src/renderer/i18n/precompile'

const RENDERER = resolve(import.meta.dirname, '../../src/renderer')

function messageModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return messageModules(path)
    return MESSAGE_MODULE.test(path) ? [path] : []
  })
}

/** Named arguments for every placeholder of the messages: each reads as its own name. */
function namedFor(tree: unknown): Record<string, string> {
  const names = JSON.stringify(tree).matchAll(/\{\s*([A-Za-z_]\w*)\s*\}/g)
  return Object.fromEntries([...names].map((m) => [m[1]!, `«${m[1]!}»`]))
}

type Translate = (key: string, ...args: unknown[]) => string
const makeI18n = createI18n as (options: object) => { global: { t: Translate } }

function render(messages: Record<string, unknown>, keys: string[], source: unknown = messages): string[] {
  const named = namedFor(source)
  const { t } = makeI18n({ legacy: false, locale: 'x', messages: { x: messages }, missingWarn: false, fallbackWarn: false }).global
  return keys.flatMap((k) => [t(k, named), t(k, 0, { named }), t(k, 1, { named }), t(k, 5, { named })])
}

describe('messages compiled at build time', () => {
  const modules = messageModules(RENDERER)

  it('finds the frame and the features', () => {
    const names = modules.map((m) => relative(RENDERER, m).replaceAll('\\', '/'))
    expect(names).toEqual(expect.arrayContaining(['i18n/messages/ko.ts', 'i18n/messages/en.ts', 'features/outbox/messages.ts']))
  })

  it.each(modules.map((m) => [relative(RENDERER, m), m]))('%s reads the same compiled as at run time', async (_name, path) => {
    const source = ((await import(pathToFileURL(path).href)) as { default: Record<string, unknown> }).default
    const compiled = precompileTree(source) as Record<string, unknown>
    const keys = messageKeys(source)
    expect(keys.length).toBeGreaterThan(0)
    expect(render(compiled, keys, source)).toEqual(render(source, keys))
  })

  it('refuses a message with broken syntax, naming it', () => {
    expect(() => compileMessage('{unclosed', 'outbox.broken')).toThrow(/outbox\.broken/)
  })

  it('the plugin emits a message module as compiled trees, and leaves other modules alone', async () => {
    const plugin = precompiledMessages()
    const transform = plugin.transform as (code: string, id: string) => Promise<{ code: string } | null>
    const code = "const ko = { a: '{n}건', b: { c: '없음 | {n}건' } }\nconst en = { a: '{n} items', b: { c: 'none | {n}' } }\nexport default { ko, en }\n"
    const out = await transform.call({}, code, '/x/src/renderer/features/demo/messages.ts')
    const mod = (await import(`data:text/javascript,${encodeURIComponent(out!.code)}`)) as { default: Record<string, Record<string, unknown>> }
    expect(mod.default.en).toEqual(precompileTree({ a: '{n} items', b: { c: 'none | {n}' } }))
    const ko = { a: '{n}건', b: { c: '없음 | {n}건' } }
    expect(render(mod.default.ko!, ['a', 'b.c'], ko)).toEqual(render(ko, ['a', 'b.c']))
    expect(render(mod.default.ko!, ['a'], ko)[0]).toBe('«n»건')
    await expect(transform.call({}, code, '/x/src/renderer/features/demo/index.ts')).resolves.toBeNull()
  })
})
