/**
 * Messages compiled when the app is built, not in the page (electron.vite.config.ts): every message module — a
 * feature's `messages.ts` ({ ko, en }) or a frame locale (`i18n/messages/<locale>.ts`) — is replaced by the same
 * tree with each message as vue-i18n's AST (minified). The page then runs vue-i18n without its message compiler
 * (`__INTLIFY_DROP_MESSAGE_COMPILER__`), which formats ASTs only: no tokenizer or parser to load, no compiling on
 * the first use of each message, and a message with broken syntax fails the build instead of a screen.
 * Tests (vitest) read the sources as they are, with the full vue-i18n; test/renderer/i18n-precompile.test.ts checks
 * that every message reads the same both ways.
 */
import { baseCompile } from '@intlify/message-compiler'
import type { Plugin } from 'vite'

/** Modules holding messages: named so, and self-contained (type imports only), as they all are. */
export const MESSAGE_MODULE = /[\\/](?:messages|i18n[\\/]messages[\\/][a-z]{2})\.ts$/

export type MessageTree = { [key: string]: MessageTree | string | unknown }

/** The vue-i18n AST of one message (JIT form, minified); throws on a syntax error, naming the key. */
export function compileMessage(source: string, key: string): unknown {
  const errors: string[] = []
  const { ast } = baseCompile(source, {
    jit: true,
    minify: true,
    location: false,
    onError: (e) => errors.push(e.message),
  })
  if (errors.length > 0) throw new Error(`Message "${key}" does not compile: ${errors.join('; ')} (${source})`)
  return ast
}

/** The same tree, every string leaf compiled; other values (numbers, functions) are left as they are. */
export function precompileTree(tree: unknown, path = ''): unknown {
  if (typeof tree === 'string') return compileMessage(tree, path)
  if (Array.isArray(tree)) return tree.map((v, i) => precompileTree(v, `${path}[${i}]`))
  if (typeof tree !== 'object' || tree === null) return tree
  return Object.fromEntries(
    Object.entries(tree as Record<string, unknown>).map(([k, v]) => [k, precompileTree(v, path ? `${path}.${k}` : k)]),
  )
}

/** Plain text (no placeholder, plural or link): the AST vue-i18n's compiler gives it, made by a short call. */
const STATIC = (text: string): unknown => ({ t: 0, b: { t: 2, i: [{ t: 3 }], s: text } })

function isStatic(ast: unknown): ast is { b: { s: string } } {
  return JSON.stringify(ast) === JSON.stringify(STATIC((ast as { b?: { s?: unknown } }).b?.s as string))
}

/**
 * JavaScript for a compiled tree: plain texts as `s("…")` calls (most messages are plain: their AST as JSON would
 * be about as large again as the text), the rest as JSON.
 */
export function treeSource(tree: unknown): string {
  if (isStatic(tree)) return `s(${JSON.stringify(tree.b.s)})`
  if (Array.isArray(tree)) return `[${tree.map(treeSource).join(',')}]`
  if (typeof tree !== 'object' || tree === null) return JSON.stringify(tree) ?? 'undefined'
  if ((tree as { t?: unknown }).t === 0) return JSON.stringify(tree)
  return `{${Object.entries(tree as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}:${treeSource(v)}`).join(',')}}`
}

/** The Vite plugin: after TypeScript is stripped, evaluates a message module and emits its compiled exports. */
export function precompiledMessages(): Plugin {
  return {
    name: 'daejang:precompiled-messages',
    enforce: 'post',
    async transform(code, id) {
      const file = id.split('?')[0]!
      if (!MESSAGE_MODULE.test(file)) return null
      let exports: Record<string, unknown>
      try {
        exports = (await import(`data:text/javascript,${encodeURIComponent(code)}`)) as Record<string, unknown>
      } catch (e) {
        throw new Error(`${file}: a message module must be self-contained (type imports only): ${String(e)}`, {
          cause: e,
        })
      }
      const lines = Object.entries(exports).map(([name, value]) => {
        const js = treeSource(precompileTree(value, name === 'default' ? '' : name))
        return name === 'default' ? `export default ${js}` : `export const ${name} = ${js}`
      })
      lines.unshift(`const s = ${STATIC.toString()}`)
      return { code: lines.join('\n'), map: null }
    },
  }
}
