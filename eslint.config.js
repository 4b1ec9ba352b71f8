/**
 * ESLint flat config. Besides the usual recommended sets it enforces the LAYERS of docs/ARCHITECTURE.md with
 * `no-restricted-imports`, so a wrong-way import fails `npm run lint` (as in VS Code: by a rule, not by hope):
 *
 *   src/ledger    no Electron, Vue, Pinia, vue-i18n, HTTP or ws; nothing from src/server|main|preload|renderer
 *   src/renderer  no Node built-ins, no Electron, no level; nothing from src/ledger except PORTABLE_LEDGER_MODULES
 *   PORTABLE_LEDGER_MODULES  the ledger's rules, and no Node built-ins either
 *   src/shared    nothing from any other src layer (and no Node built-ins or Electron: the renderer uses it)
 *
 * Relative imports are matched per folder depth: a file N folders below src/ reaches another layer with exactly
 * N times `../`, so `./server` inside src/ledger/net/ is not mistaken for src/server.
 */
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/**
 * Ledger modules the renderer may import: portable verifier code with no Node dependency. Paths below src/ledger,
 * without extension; `*` stands for one path segment (a file or folder name), `**` for any number of them. Extend
 * this list (and keep those modules portable). A registry's portable part is allowed by pattern, not file by file:
 * everything under `registries/<domain>/portable/` (docs/adding-a-registry.md).
 */
export const PORTABLE_LEDGER_MODULES = [
  'proofs/proof',
  'types/tx',
  'codec/*',
  'crypto/sha256',
  'crypto/ed25519',
  'crypto/merkle',
  // certificates: layout, vector QR codes, attachments read back (pdf-lib, fontkit, qrcode: all browser-safe)
  'cert/pdf',
  'cert/qr',
  'cert/attachment',
  // what every registry says about itself (registries/portable-types.ts), and the catalogue assembled from them
  'registries/portable-types',
  'registries/catalogue',
  // each registry's portable part: its barrel and the modules beside it (words, errors, roles, payload schemas,
  // verifiers — the notary's payloads, batches, compact proofs and bundles, the three checks)
  'registries/*/portable',
  'registries/*/portable/**',
  'registries/words-util',
  // the verifier framework: certified records of any registry, QR texts naming their registry and format
  'verify/*',
]

const SOURCE_FILES = '*.{ts,mts,cts,js,mjs,cjs,vue}'
const MAX_DEPTH = 12

const escape = (s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
const NODE_BUILTINS = [...new Set(builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.split('/')[0]))]
/** a module pattern as a regex source: `**` any number of segments, `*` one segment */
const patternSource = (p) =>
  escape(p)
    .split('**')
    .map((part) => part.replace(/\*/g, '[^/]+'))
    .join('.+')
const portable = PORTABLE_LEDGER_MODULES.map(patternSource).join('|')

/** Regex source matching an import of `src/<layer>` (or a path below it) from a file `depth` folders below src/. */
function layerImport(depth, layers, exceptBelow = null) {
  const names = `(?:${layers.join('|')})`
  const rest = exceptBelow ? `(?:/(?!(?:${exceptBelow})(?:\\.[cm]?[jt]s)?$)|$)` : '(?:/|$)'
  return `^(?:\\.\\./){${depth}}${names}${rest}|(?:^|/)src/${names}${rest}`
}

const packages = (names) => `^(?:${names.map(escape).join('|')})(?:/.*)?$`

const LAYERS = [
  {
    dir: 'ledger',
    message: 'Layer rule: src/ledger is the node core; it must not use Electron, Vue, HTTP or the app layers.',
    patterns: () => [
      { regex: packages(['electron', 'vue', 'pinia', 'vue-i18n', 'ws']), message: 'no UI, Electron or ws in src/ledger' },
      { regex: '^@vue/', message: 'no Vue in src/ledger' },
      { regex: '^(?:node:)?(?:http|https|http2)$', message: 'no HTTP in src/ledger (the API lives in src/server)' },
    ],
    layers: (depth) => [{ regex: layerImport(depth, ['server', 'main', 'preload', 'renderer']) }],
  },
  {
    dir: 'renderer',
    message: 'Layer rule: src/renderer runs in the browser; it talks to the node only through its API client.',
    patterns: () => [
      { regex: '^node:', message: 'no Node built-ins in src/renderer' },
      { regex: packages(NODE_BUILTINS), message: 'no Node built-ins in src/renderer' },
      { regex: packages(['electron', 'level', 'classic-level']), message: 'no Electron or storage in src/renderer' },
    ],
    layers: (depth) => [
      { regex: layerImport(depth, ['ledger'], portable), message: 'only portable ledger modules (PORTABLE_LEDGER_MODULES)' },
      { regex: layerImport(depth, ['server', 'main', 'preload']) },
    ],
  },
  {
    dir: 'shared',
    message: 'Layer rule: src/shared holds types for UI and server; it imports nothing from other layers.',
    patterns: () => [
      { regex: '^node:', message: 'src/shared must stay portable (the renderer uses it)' },
      { regex: packages([...NODE_BUILTINS, 'electron']), message: 'src/shared must stay portable' },
    ],
    layers: (depth) => [{ regex: layerImport(depth, ['ledger', 'server', 'main', 'preload', 'renderer']) }],
  },
]

/**
 * The portable ledger modules themselves may not use Node built-ins: the renderer and the standalone verifier page
 * run them. (Their ledger layer rules are repeated here: a later no-restricted-imports setting replaces earlier ones.)
 */
function portableConfigs() {
  return PORTABLE_LEDGER_MODULES.flatMap((p) => {
    // a folder's barrel (`…/portable` → …/portable/index.ts) is one of the files its `/**` pattern covers
    if (PORTABLE_LEDGER_MODULES.includes(`${p}/**`)) return []
    // `**` patterns: one config per folder depth below the pattern's folder (relative imports count `../` per depth)
    if (p.endsWith('/**')) {
      const base = p.slice(0, -3)
      return Array.from({ length: 4 }, (_, i) => portableConfig(`${base}/${'*/'.repeat(i)}*`, base.split('/').length + 1 + i))
    }
    return [portableConfig(p, p.split('/').length)]
  })
}

/** The config of one portable module pattern, for files `depth` folders below src/. */
function portableConfig(p, depth) {
  const ledger = LAYERS.find((l) => l.dir === 'ledger')
  const patterns = [
    ...ledger.patterns(),
    ...ledger.layers(depth),
    { regex: '^node:', message: 'no Node built-ins in a portable ledger module (PORTABLE_LEDGER_MODULES)' },
    { regex: packages(NODE_BUILTINS), message: 'no Node built-ins in a portable ledger module (PORTABLE_LEDGER_MODULES)' },
  ].map((x) => ({ regex: x.regex, message: x.message ? `${ledger.message} (${x.message})` : ledger.message }))
  return {
    name: `daejang/portable/${p}`,
    files: [`src/ledger/${p}.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  }
}

function layerConfigs() {
  const configs = []
  for (const layer of LAYERS) {
    for (let depth = 1; depth <= MAX_DEPTH; depth++) {
      const patterns = [...layer.patterns(), ...layer.layers(depth)].map((p) => ({
        regex: p.regex,
        message: p.message ? `${layer.message} (${p.message})` : layer.message,
      }))
      configs.push({
        name: `daejang/layers/${layer.dir}/depth-${depth}`,
        files: [`src/${layer.dir}/${'*/'.repeat(depth - 1)}${SOURCE_FILES}`],
        rules: { 'no-restricted-imports': ['error', { patterns }] },
      })
    }
  }
  return configs
}

export default defineConfig(
  globalIgnores(['out/', 'node_modules/', 'dist/', '.tmp/', 'test-results/', 'coverage/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  pluginVue.configs['flat/recommended'],
  {
    name: 'daejang/language',
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
  },
  {
    name: 'daejang/node-globals',
    files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
    ignores: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'daejang/browser-globals',
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    name: 'daejang/vue',
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
    rules: { 'no-undef': 'off' },
  },
  {
    name: 'daejang/rules',
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests inspect untyped JSON from the API and the CLI's --json output; typing every response shape there
    // would only restate src/shared/api.ts. Source code keeps the rule.
    name: 'daejang/tests',
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  layerConfigs(),
  portableConfigs(),
)
