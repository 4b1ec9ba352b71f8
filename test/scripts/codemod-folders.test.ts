/** scripts/codemod-folders.mjs on a small tree laid out like the repository: moves, rewrites, and a second run. */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const SCRIPT = fileURLToPath(new URL('../../scripts/codemod-folders.mjs', import.meta.url))

const TREE: Record<string, string> = {
  'src/ledger/types/tx.ts': "import { z } from 'zod'\nexport const tx = z.string()\n",
  'src/ledger/types/block.ts': "import { tx } from './tx'\nexport const block = tx\n",
  'src/ledger/state/chain.ts':
    "/** driven by consensus (consensus/driver.ts) */\nimport { Overlay } from '../state/view'\nimport type { block } from './block'\nexport type { block }\nexport { Overlay }\n",
  'src/ledger/proofs/proof.ts': "export { tx } from './tx'\n",
  'src/ledger/state/view.ts': 'export class Overlay {}\n',
  'src/ledger/consensus/driver.ts': "import { block } from '../types/block'\nexport const MESSAGE_OVERHEAD = block\n",
  'src/ledger/node/node.ts': "import { MESSAGE_OVERHEAD } from './bft'\nimport type { Overlay } from '../state/chain'\nexport { MESSAGE_OVERHEAD, type Overlay }\n",
  'src/ledger/registries/notary/state-keys.ts': "export const recordKey = (n: string) => `notary/${n}`\n",
  'src/ledger/registries/notary/rules.ts': "import { recordKey } from './keys'\nimport { tx } from '../../types/tx'\nexport { recordKey, tx }\n",
  'src/renderer/features/notary/index.ts': "export const documentsFeature = { path: '/documents' }\n",
  'src/renderer/features/notary/View.vue':
    "<script setup lang=\"ts\">\nimport { tx } from '../../../ledger/types/tx'\nimport { documentsFeature } from '.'\n</script>\n<template><p data-testid=\"documents\">{{ tx }} {{ documentsFeature }}</p></template>\n",
  'src/renderer/features/registry.ts': "import { documentsFeature } from './documents'\nexport const list = [documentsFeature, () => import('./documents/View.vue')]\n",
  'test/ledger/tx.test.ts':
    "import { tx } from '../../src/ledger/types/tx'\nvi.mock('../../src/ledger/types/block')\nconst f = new URL('../../src/ledger/proofs/proof.ts', import.meta.url)\nexport { tx, f }\n",
  'eslint.config.js': "export const PORTABLE = ['proofs/proof', 'types/tx', 'codec/*']\n",
  'docs/notes.md': 'The mempool is src/ledger/mempool/mempool.ts; screens in features/notary/.\n',
  'docs/adr/0001-old.md': 'History names src/ledger/types/tx.ts.\n',
}

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'codemod-'))
  for (const [path, text] of Object.entries(TREE)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

const run = () => spawnSync(process.execPath, [SCRIPT, '--root', root], { encoding: 'utf8' })
const read = (path: string) => readFileSync(join(root, path), 'utf8')

describe('codemod-folders', () => {
  it('moves the files along the path of data and rewrites what names them', () => {
    const r = run()
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('moved src/ledger/types/tx.ts → src/ledger/types/tx.ts')
    expect(existsSync(join(root, 'src/ledger/chain'))).toBe(false)
    expect(existsSync(join(root, 'src/renderer/features/notary'))).toBe(false)
    expect(read('src/ledger/types/block.ts')).toContain("from './tx'")
    expect(read('src/ledger/state/chain.ts')).toContain("from './view'")
    expect(read('src/ledger/state/chain.ts')).toContain("from '../types/block'")
    expect(read('src/ledger/state/chain.ts')).toContain('(consensus/driver.ts)')
    expect(read('src/ledger/proofs/proof.ts')).toContain("export { tx } from '../types/tx'")
    expect(read('src/ledger/consensus/driver.ts')).toContain("from '../types/block'")
    expect(read('src/ledger/node/node.ts')).toContain("from '../consensus/driver'")
    expect(read('src/ledger/node/node.ts')).toContain("from '../state/chain'")
    expect(read('src/ledger/registries/notary/rules.ts')).toContain("from './state-keys'")
    expect(read('src/ledger/registries/notary/rules.ts')).toContain("from '../../types/tx'")
    const view = read('src/renderer/features/notary/View.vue')
    expect(view).toContain("from '../../../ledger/types/tx'")
    expect(view).toContain("from '.'")
    expect(view).toContain('data-testid="documents"') // test ids stay
    expect(read('src/renderer/features/notary/index.ts')).toContain("path: '/documents'") // routes stay
    expect(read('src/renderer/features/registry.ts')).toContain("from './notary'")
    expect(read('src/renderer/features/registry.ts')).toContain("import('./notary/View.vue')")
    const t = read('test/ledger/tx.test.ts')
    expect(t).toContain("from '../../src/ledger/types/tx'")
    expect(t).toContain("vi.mock('../../src/ledger/types/block')")
    expect(t).toContain("new URL('../../src/ledger/proofs/proof.ts'")
    expect(read('eslint.config.js')).toContain("['proofs/proof', 'types/tx', 'codec/*']")
    expect(read('docs/notes.md')).toBe('The mempool is src/ledger/mempool/mempool.ts; screens in features/notary/.\n')
    expect(read('docs/adr/0001-old.md')).toBe(TREE['docs/adr/0001-old.md']) // history stays as written
  })

  it('changes nothing on a second run', () => {
    expect(run().status).toBe(0)
    const r = run()
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('nothing to do')
  })

  it('leaves a chain/ file it does not know in place, and says so', () => {
    writeFileSync(join(root, 'src/ledger/chain/new-thing.ts'), "export { tx } from './tx'\n")
    const r = run()
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('src/ledger/chain/new-thing.ts')
    // its imports still point at the moved file
    expect(read('src/ledger/chain/new-thing.ts')).toContain("from '../types/tx'")
  })

  it('refuses to overwrite a target that exists with other content', () => {
    mkdirSync(join(root, 'src/ledger/types'), { recursive: true })
    writeFileSync(join(root, 'src/ledger/types/tx.ts'), 'export const other = 1\n')
    const r = run()
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('conflict')
    expect(existsSync(join(root, 'src/ledger/types/tx.ts'))).toBe(true)
  })
})

describe('codemod-folders after the moves', () => {
  it('fixes a file merged later that still names the old layout', () => {
    expect(run().status).toBe(0)
    mkdirSync(join(root, 'src/ledger/chain'), { recursive: true })
    writeFileSync(join(root, 'src/ledger/chain/late.ts'), "import { tx } from './tx'\nimport { block } from './block'\nexport { tx, block }\n")
    writeFileSync(
      join(root, 'src/renderer/features/late.ts'),
      "import { documentsFeature } from './documents'\nimport { recordKey } from '../../ledger/registries/notary/state-keys'\nexport { documentsFeature, recordKey }\n",
    )
    const r = run()
    expect(r.status).toBe(2) // late.ts is not in the table: reported, left in place
    expect(read('src/ledger/chain/late.ts')).toBe("import { tx } from '../types/tx'\nimport { block } from '../types/block'\nexport { tx, block }\n")
    expect(read('src/renderer/features/late.ts')).toContain("from './notary'")
    expect(read('src/renderer/features/late.ts')).toContain("from '../../ledger/registries/notary/state-keys'")
  })
})
