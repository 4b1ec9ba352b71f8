/**
 * The certificate fonts shipped in resources/fonts (Nanum Gothic, SIL Open Font License: resources/fonts/OFL.txt),
 * read once per process. Node only.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DaejangError } from '../../shared/errors'
import type { CertificateFonts } from './pdf'

const FILES = { regular: 'NanumGothic-Regular.ttf', bold: 'NanumGothic-Bold.ttf' }

/** resources/fonts, found upward from this module (source tree, built bundle) or the working directory. */
export function fontsDir(): string {
  const starts = [dirname(fileURLToPath(import.meta.url)), process.cwd()]
  for (const start of starts) {
    let dir = start
    for (let i = 0; i < 6; i++) {
      const candidate = join(dir, 'resources', 'fonts')
      if (existsSync(join(candidate, FILES.regular))) return candidate
      dir = resolve(dir, '..')
    }
  }
  throw new DaejangError('INTERNAL', 'the certificate fonts (resources/fonts) are missing')
}

/**
 * fontkit reads a few bytes past an empty glyph's offset (the space at the very end of the glyf table of Nanum
 * Gothic): padding after the font's last table keeps the read inside the buffer without changing the font.
 */
function padded(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 16)
  out.set(bytes)
  return out
}

let cache: CertificateFonts | null = null

export function certificateFonts(): CertificateFonts {
  if (!cache) {
    const dir = fontsDir()
    cache = {
      regular: padded(readFileSync(join(dir, FILES.regular))),
      bold: padded(readFileSync(join(dir, FILES.bold))),
    }
  }
  return cache
}
