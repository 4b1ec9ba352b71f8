/** The layer rules of eslint.config.js: a wrong-way import is a lint error; an allowed one is not. */
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const RULE = 'no-restricted-imports'

let eslint: ESLint
beforeAll(() => {
  eslint = new ESLint({ cwd: root })
})

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE && m.severity === 2).map((m) => m.message)
}

const forbidden = (file: string, imports: string[]) =>
  it.each(imports)(`${file}: forbids %s`, async (spec) => {
    const errors = await layerErrors(file, `import '${spec}'\n`)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/Layer rule/)
  })

const allowed = (file: string, imports: string[]) =>
  it.each(imports)(`${file}: allows %s`, async (spec) => {
    expect(await layerErrors(file, `import '${spec}'\n`)).toEqual([])
  })

describe('src/ledger', () => {
  it('reports importing electron', async () => {
    const errors = await layerErrors('src/ledger/chain/example.ts', "import { app } from 'electron'\nexport { app }\n")
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/Layer rule: src\/ledger/)
  })
  forbidden('src/ledger/chain/example.ts', [
    'vue',
    'pinia',
    'vue-i18n',
    'node:http',
    'https',
    'ws',
    '../../server/api-server',
    '../../main/index',
    '../../preload/index',
    '../../renderer/api/client',
  ])
  forbidden('src/ledger/example.ts', ['../server/routes', '../renderer'])
  allowed('src/ledger/chain/example.ts', [
    'node:crypto',
    'level',
    '../codec/bytes',
    '../../shared/api',
    '../net/server', // src/ledger/net/server, not src/server
  ])
  allowed('src/ledger/net/example.ts', ['./server', '../types/block'])
})

describe('src/renderer', () => {
  it('reports importing electron from a .vue file', async () => {
    const code = "<script setup lang=\"ts\">\nimport { ipcRenderer } from 'electron'\nconsole.log(ipcRenderer)\n</script>\n"
    const errors = await layerErrors('src/renderer/components/ExampleView.vue', code)
    expect(errors).toHaveLength(1)
  })
  forbidden('src/renderer/api/example.ts', [
    'node:fs',
    'fs',
    'fs/promises',
    'path',
    'crypto',
    'child_process',
    'os',
    'http',
    'net',
    'electron',
    'level',
    '../../ledger/types/block',
    '../../ledger/crypto/ed25519-node',
    '../../ledger/store/blocks',
    '../../ledger',
    '../../server/routes',
    '../../main/ipc',
  ])
  allowed('src/renderer/api/example.ts', [
    'vue',
    '../../shared/api',
    '../../ledger/proofs/proof',
    '../../ledger/types/tx',
    '../../ledger/codec/canonical',
    '../../ledger/codec/bytes.ts',
    '../../ledger/crypto/sha256',
    '../../ledger/crypto/ed25519',
    '../../ledger/crypto/merkle',
    '../../ledger/registries/notary/portable/verify',
    '../../ledger/registries/notary/portable/proof',
    '../../ledger/cert/attachment',
    '../stores/node',
  ])
  forbidden('src/renderer/api/example.ts', ['../../ledger/registries/notary/queries', '../../ledger/cert/fonts-node'])
  // a registry's portable part by pattern: any registry, any module under its portable/ folder; nothing beside it
  allowed('src/renderer/features/example/example.ts', [
    '../../../ledger/registries/notary/portable',
    '../../../ledger/registries/land/portable',
    '../../../ledger/registries/land/portable/words',
    '../../../ledger/registries/land/portable/deeds/extract',
    '../../../ledger/registries/catalogue',
  ])
  forbidden('src/renderer/features/example/example.ts', [
    '../../../ledger/registries/land',
    '../../../ledger/registries/land/rules',
    '../../../ledger/registries/land/routes',
    '../../../ledger/registries/index',
    '../../../ledger/registries/types',
  ])
  allowed('src/renderer/features/ledger/example.ts', ['../ledger/view', './local']) // a renderer folder named ledger
})

describe('portable ledger modules', () => {
  forbidden('src/ledger/registries/notary/portable/verify.ts', ['node:fs', 'crypto', 'electron'])
  forbidden('src/ledger/cert/pdf.ts', ['node:path', 'fs'])
  allowed('src/ledger/registries/notary/portable/verify.ts', ['../../../proofs/proof', './proof', 'zod'])
  // the registry's node-side modules are not portable: the renderer may not import them
  forbidden('src/renderer/api/example.ts', ['../../ledger/registries/notary/verify', '../../ledger/registries/notary/schema'])
  // every module under a registry's portable/ folder is checked, whatever the registry
  forbidden('src/ledger/registries/land/portable/index.ts', ['node:fs', 'fs', 'electron', '../../../../server/routes'])
  forbidden('src/ledger/registries/land/portable/deeds/extract.ts', ['node:crypto', 'path'])
  allowed('src/ledger/registries/land/portable/index.ts', ['./words', '../../portable-types', '../../../codec/bytes', 'zod'])
  forbidden('src/ledger/registries/catalogue.ts', ['node:fs'])
  // a module that is not on the list may use Node
  allowed('src/ledger/cert/fonts-node.ts', ['node:fs', 'node:path'])
})

describe('src/shared', () => {
  forbidden('src/shared/example.ts', ['../ledger/types/block', '../server/dto', '../renderer/i18n', 'node:fs', 'electron'])
  allowed('src/shared/example.ts', ['./errors', 'zod'])
})
