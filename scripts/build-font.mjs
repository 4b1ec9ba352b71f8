/**
 * The UI's embedded Hangul font: a WOFF2 subset of the certificates' font (Nanum Gothic Regular, SIL OFL,
 * resources/fonts) so that Korean never shows as boxes on a machine without a Korean font — in the standalone
 * verifier page (inlined as a data URL by Vite's library build) and in the app's monospace text (an asset).
 *
 * The subset: the 2,350 Hangul syllables of KS X 1001 (the common ones: names and words in records, not just the
 * UI's own messages) plus every Hangul character of the UI's message files (src/renderer/**\/messages*.ts,
 * i18n/messages/ko.ts). The messages alone would be a 55 KB font but would show a holder's or agency's name in
 * boxes; KS X 1001 is about 215 KB. Cut with `subset-font` (HarfBuzz compiled to WebAssembly).
 *
 * Output: src/renderer/assets/fonts/hangul-subset.woff2 and hangul-subset.json (the characters, the source font's
 * and the output's SHA-256). Kept in the repository so that a dev server and the tests have it; `npm run build`
 * runs this first and cuts the font again only when the characters or the source font changed.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import subsetFont from 'subset-font'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SOURCE = join(root, 'resources', 'fonts', 'NanumGothic-Regular.ttf')
const OUT_DIR = join(root, 'src', 'renderer', 'assets', 'fonts')
const OUT = join(OUT_DIR, 'hangul-subset.woff2')
const STAMP = join(OUT_DIR, 'hangul-subset.json')

/** Hangul syllables and compatibility jamo: what the font is for (its @font-face has the same unicode-range). */
export const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/u

/** The 2,350 Hangul syllables of KS X 1001 (EUC-KR rows 0xB0–0xC8). */
function ksx1001() {
  const dec = new TextDecoder('euc-kr')
  let s = ''
  for (let hi = 0xb0; hi <= 0xc8; hi++) for (let lo = 0xa1; lo <= 0xfe; lo++) s += dec.decode(new Uint8Array([hi, lo]))
  return [...s].filter((c) => HANGUL.test(c))
}

function messageFiles(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) messageFiles(p, out)
    else if (/^messages.*\.ts$/.test(name) || (name === 'ko.ts' && dir.endsWith(join('i18n', 'messages')))) out.push(p)
  }
  return out
}

/** The characters of the subset, sorted: KS X 1001's syllables and the messages' Hangul. */
export function subsetChars() {
  const chars = new Set(ksx1001())
  for (const f of messageFiles(join(root, 'src', 'renderer'))) {
    for (const c of readFileSync(f, 'utf8')) if (HANGUL.test(c)) chars.add(c)
  }
  return [...chars].sort()
}

const sha256 = (b) => createHash('sha256').update(b).digest('hex')

export async function buildFont() {
  const chars = subsetChars().join('')
  const font = readFileSync(SOURCE)
  const want = { source: relative(root, SOURCE), sourceSha256: sha256(font), charsSha256: sha256(chars) }
  if (existsSync(OUT) && existsSync(STAMP)) {
    const have = JSON.parse(readFileSync(STAMP, 'utf8'))
    if (have.sourceSha256 === want.sourceSha256 && have.charsSha256 === want.charsSha256 && have.sha256 === sha256(readFileSync(OUT))) {
      return { file: OUT, bytes: statSync(OUT).size, fresh: false }
    }
  }
  const woff2 = await subsetFont(font, chars, { targetFormat: 'woff2' })
  mkdirSync(OUT_DIR, { recursive: true })
  writeFileSync(OUT, woff2)
  writeFileSync(STAMP, JSON.stringify({ ...want, count: [...chars].length, sha256: sha256(woff2), chars }, null, 1) + '\n')
  return { file: OUT, bytes: woff2.length, fresh: true }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await buildFont()
  console.log(`hangul font subset: ${relative(root, r.file)} (${Math.round(r.bytes / 1024)} KiB${r.fresh ? ', cut now' : ', up to date'})`)
}
