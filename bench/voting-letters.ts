/**
 * Credential letters at scale (docs/adr/0058; issue 14 item 3: letters for 1,000 voters must not take minutes): the
 * private credentials generated, their public credentials derived (native group where it loads), and the letters PDF
 * built — each timed, with the PDF's size and the machine's load.
 *
 *   nice -n 10 node --import tsx bench/voting-letters.ts [--voters 1000] [--out letters.pdf]
 */
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { certificateFonts } from '../src/ledger/cert/fonts-node'
import { loadNativeGroup } from '../src/ledger/registries/voting/belenios-native'
import { portableGroup } from '../src/ledger/registries/voting/portable/belenios/group'
import type { Group } from '../src/ledger/registries/voting/portable/belenios/group'
import { generateCredentialsWith } from '../src/ledger/registries/voting/portable/credential-list'
import { buildLetters } from '../src/ledger/registries/voting/portable/letters'

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1]! : dflt
}
const voters = Number(arg('voters', '1000'))
const out = arg('out', '')
const G = (loadNativeGroup() ?? portableGroup) as Group<unknown>
const UUID = 'Ab3dEfGhJkLmNpQr5t'

let t = performance.now()
const g = (await generateCredentialsWith(G, UUID, voters, () => undefined, () => false, 1000))!
const genMs = performance.now() - t
const fonts = certificateFonts()
t = performance.now()
const pdf = await buildLetters(
  { uuid: UUID, name: '2026 학생회장 선거', opens: Date.UTC(2026, 11, 9), closes: Date.UTC(2026, 11, 10), questions: ['학생회장'], credentials: g.privates, voters: g.privates.map((_, i) => `학생 ${i + 1}`) },
  fonts,
)
const lettersMs = performance.now() - t
if (out) writeFileSync(out, pdf)
console.log(
  JSON.stringify(
    {
      voters,
      group: G === (portableGroup as unknown) ? 'portable' : 'native',
      credentialsMs: Math.round(genMs),
      lettersMs: Math.round(lettersMs),
      msPerLetter: +(lettersMs / voters).toFixed(2),
      pdfBytes: pdf.length,
      load: loadavg().map((l) => +l.toFixed(2)),
    },
    null,
    1,
  ),
)
