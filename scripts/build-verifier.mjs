/**
 * Builds the standalone verifier page (docs/adr/0018): src/renderer/verifier/main.ts — the Verify screen's panel and
 * the portable three-check verifier — bundled by Vite as ONE classic script (module scripts do not load from
 * file://) and written with its CSS into ONE self-contained HTML file, out/verifier/index.html. Its Content-Security-
 * Policy allows nothing but that inline script and style, by their SHA-256, and fonts from data: URLs (the embedded
 * Hangul subset, scripts/build-font.mjs, inlined in the style): no network (no connect-src, img-src …), no other
 * code. Run by `npm run build` after electron-vite.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { build } from 'vite'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const outFile = join(root, 'out', 'verifier', 'index.html')

const result = await build({
  configFile: false,
  root,
  logLevel: 'warn',
  plugins: [vue()],
  define: {
    'process.env.NODE_ENV': JSON.stringify('production'),
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    write: false,
    minify: true,
    cssCodeSplit: false,
    reportCompressedSize: false,
    lib: {
      entry: join(root, 'src', 'renderer', 'verifier', 'main.ts'),
      formats: ['iife'],
      name: 'DaejangVerifier',
      fileName: () => 'verifier.js',
    },
  },
})

const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output)
const chunks = outputs.filter((o) => o.type === 'chunk')
if (chunks.length !== 1) throw new Error(`the verifier must be one script, got ${chunks.length} chunks`)
const css = outputs
  .filter((o) => o.type === 'asset' && o.fileName.endsWith('.css'))
  .map((o) => (typeof o.source === 'string' ? o.source : new TextDecoder().decode(o.source)))
  .join('\n')
const others = outputs.filter((o) => o.type === 'asset' && !o.fileName.endsWith('.css'))
if (others.length > 0) throw new Error(`the verifier page must be self-contained; extra assets: ${others.map((o) => o.fileName).join(', ')}`)

// Inline text must not close its element early (nor open an HTML comment in a script).
const js = chunks[0].code.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--')
const style = css.replace(/<\/style/gi, '<\\/style')
const hash = (s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`

const csp = [
  "default-src 'none'",
  // WebAssembly compilation only (the SHA-256 of dropped documents), never eval; its worker is an inline blob: URL
  `script-src ${hash(js)} 'wasm-unsafe-eval'`,
  'worker-src blob:',
  `style-src ${hash(style)}`,
  // the embedded Hangul font, inlined as a data URL in the style (no network)
  'font-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

const html = `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Daejang verifier · 대장 문서 검증기</title>
<style>${style}</style>
</head>
<body>
<div id="app"></div>
<noscript>This page needs JavaScript (it runs only its own inline script; it uses no network). 이 페이지는 자바스크립트가 필요합니다.</noscript>
<script>${js}</script>
</body>
</html>
`
mkdirSync(dirname(outFile), { recursive: true })
writeFileSync(outFile, html)
console.log(`standalone verifier: ${outFile} (${Math.round(html.length / 1024)} KiB, self-contained)`)
