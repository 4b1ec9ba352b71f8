/**
 * Writes certificates of the test chain and a PNG of each first page, to look at the layout and to regenerate
 * docs/screenshots/certificate-apostille.png: `npx tsx test/cert/preview.ts [outDir]` (needs pdftoppm, poppler-utils).
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { certificateFonts } from '../../src/ledger/cert/fonts-node'
import { documentProofs } from '../../src/ledger/registries/notary/bundle'
import { notaryCertificate } from '../../src/ledger/registries/notary/certificate'
import { Cleanup } from '../ledger/helpers'
import { certChain } from './fixture'

const out = process.argv[2] ?? 'docs/screenshots'
mkdirSync(out, { recursive: true })
const cleanup = new Cleanup()
try {
  const c = await certChain(cleanup, 'preview')
  const p = await documentProofs(c.node, c.single)
  // the screenshot shows an agency named as a ministry would be
  const shown = { ...p, agency: { id: p.agency!.id, name: '외교부 Ministry of Foreign Affairs' } }
  const notarization = { ...shown, document: { ...shown.document, act: 'notarization' as const } }
  for (const [name, proofs, lang] of [
    ['certificate-apostille', shown, 'ko'],
    ['certificate-apostille-en', shown, 'en'],
    ['certificate-notarization', notarization, 'ko'],
  ] as const) {
    const pdf = join(out, `${name}.pdf`)
    writeFileSync(pdf, (await notaryCertificate(proofs, lang, certificateFonts())).pdf)
    execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', pdf, join(out, name)])
    console.log(join(out, `${name}.png`))
  }
} finally {
  await cleanup.run()
}
