/**
 * Build of the three Electron pieces (see docs/ARCHITECTURE.md, "Layers"):
 * - main: out/main/index.js (Electron main) and out/main/node.js (the node process, run with utilityProcess.fork);
 *   dependencies stay external (level/classic-level are native and must load from node_modules).
 * - preload: out/preload/index.cjs, ONE CommonJS chunk, so it runs in a sandboxed renderer.
 * - renderer: src/renderer → out/renderer, also served by the headless node.
 */
import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import { contentSecurityPolicy } from './src/main/csp'
import { precompiledMessages } from './src/renderer/i18n/precompile'

const root = import.meta.dirname

/** Fills the CSP <meta> of index.html from src/main/csp.ts (dev gets the Vite dev server's needs). */
function cspPlugin(): Plugin {
  let dev = false
  return {
    name: 'daejang:csp',
    configResolved(config) {
      dev = config.command === 'serve'
    },
    transformIndexHtml(html) {
      return html.replace('%DAEJANG_CSP%', contentSecurityPolicy({ dev }))
    },
  }
}

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Every package.json dependency is external (default); name the native storage stack explicitly, since
      // classic-level is only a transitive dependency.
      externalizeDeps: { include: ['level', 'classic-level'] },
      rolldownOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          node: resolve(root, 'src/server/node-process.ts'),
        },
        output: {
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // Bundle everything but `electron`: a sandboxed preload cannot require from node_modules.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
          codeSplitting: false,
        },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [vue(), cspPlugin(), precompiledMessages()],
    define: {
      __VUE_OPTIONS_API__: 'true',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
      __VUE_I18N_FULL_INSTALL__: 'true',
      __VUE_I18N_LEGACY_API__: 'false',
      __INTLIFY_PROD_DEVTOOLS__: 'false',
      // messages arrive compiled (i18n/precompile.ts): vue-i18n's message compiler stays out of the bundle
      __INTLIFY_DROP_MESSAGE_COMPILER__: 'true',
    },
    build: {
      outDir: resolve(root, 'out/renderer'),
      // electron-vite leaves the renderer unminified by default; the same bundle is also served over HTTP by the node
      minify: true,
      rolldownOptions: {
        input: resolve(root, 'src/renderer/index.html'),
      },
    },
  },
})
