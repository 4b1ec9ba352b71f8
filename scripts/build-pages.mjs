/**
 * Builds the self-contained pages (docs/adr/0018, 0057): each page's entry bundled by Vite as ONE classic script
 * (module scripts do not load from file://) and written with its CSS into ONE HTML file. Its Content-Security-Policy
 * allows nothing but that inline script and style, by their SHA-256, and fonts from data: URLs (the embedded Hangul
 * subset, scripts/build-font.mjs, inlined in the style), plus what the page itself declares (the voter page's
 * connections to a ballot box endpoint). The build fails if Vite emits more than one chunk or any other asset.
 *
 *   the verifier page  out/verifier/index.html  no network at all
 *   the voter page     out/voter/index.html     connects only to the ballot box it is served by or the voter names
 *
 * Run by `npm run build` after electron-vite; `node scripts/build-pages.mjs verifier` builds one.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { build } from 'vite'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The pages: entry, the global name of the IIFE, the output, the title, and the CSP's additions. */
export const PAGES = {
  verifier: {
    entry: join(root, 'src', 'renderer', 'verifier', 'main.ts'),
    globalName: 'DaejangVerifier',
    outFile: join(root, 'out', 'verifier', 'index.html'),
    title: 'Daejang verifier · 대장 문서 검증기',
    noscript: 'This page needs JavaScript (it runs only its own inline script; it uses no network). 이 페이지는 자바스크립트가 필요합니다.',
    // WebAssembly compilation only (the SHA-256 of dropped documents), never eval; its worker is an inline blob: URL
    scriptExtra: ["'wasm-unsafe-eval'"],
    csp: ['worker-src blob:'],
  },
  voter: {
    entry: join(root, 'src', 'renderer', 'voter', 'main.ts'),
    globalName: 'DaejangVoter',
    outFile: join(root, 'out', 'voter', 'index.html'),
    title: 'Daejang voter page · 대장 투표 페이지',
    noscript: 'This page needs JavaScript: it encrypts your ballot in this browser. 이 페이지는 자바스크립트가 필요합니다. 투표지를 이 브라우저에서 암호화합니다.',
    scriptExtra: [],
    // the ballot box it is served by ('self'), one behind TLS the voter names (https:), or one on this computer
    csp: ["connect-src 'self' https: http://127.0.0.1:* http://localhost:*"],
  },
}

/** Build one page; returns its path and size. */
export async function buildPage(page) {
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
        entry: page.entry,
        formats: ['iife'],
        name: page.globalName,
        fileName: () => 'page.js',
      },
    },
  })

  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output)
  const chunks = outputs.filter((o) => o.type === 'chunk')
  if (chunks.length !== 1) throw new Error(`${page.globalName}: the page must be one script, got ${chunks.length} chunks`)
  const css = outputs
    .filter((o) => o.type === 'asset' && o.fileName.endsWith('.css'))
    .map((o) => (typeof o.source === 'string' ? o.source : new TextDecoder().decode(o.source)))
    .join('\n')
  const others = outputs.filter((o) => o.type === 'asset' && !o.fileName.endsWith('.css'))
  if (others.length > 0) throw new Error(`${page.globalName}: the page must be self-contained; extra assets: ${others.map((o) => o.fileName).join(', ')}`)

  // Inline text must not close its element early (nor open an HTML comment in a script).
  const js = chunks[0].code.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--')
  const style = css.replace(/<\/style/gi, '<\\/style')
  const hash = (s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`

  const csp = [
    "default-src 'none'",
    `script-src ${[hash(js), ...page.scriptExtra].join(' ')}`,
    `style-src ${hash(style)}`,
    // the embedded Hangul font, inlined as a data URL in the style (no network)
    'font-src data:',
    ...page.csp,
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
<title>${page.title}</title>
<style>${style}</style>
</head>
<body>
<div id="app"></div>
<noscript>${page.noscript}</noscript>
<script>${js}</script>
</body>
</html>
`
  mkdirSync(dirname(page.outFile), { recursive: true })
  writeFileSync(page.outFile, html)
  return { file: page.outFile, bytes: html.length }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(PAGES)
  for (const name of names) {
    const page = PAGES[name]
    if (!page) throw new Error(`no page "${name}" (pages: ${Object.keys(PAGES).join(', ')})`)
    const r = await buildPage(page)
    console.log(`${name} page: ${r.file} (${Math.round(r.bytes / 1024)} KiB, self-contained)`)
  }
}
