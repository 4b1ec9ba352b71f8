/**
 * `daejang admission …`: admission requests (docs/adr/0064).
 *   show FILE     what a request asks, checked: its signatures always; with --home, against that consortium too
 *                 (through the running node when it runs: chain, agency id, keys in use; else against the genesis
 *                 document); --agency-out writes the agency for `daejang governance propose --admit`
 *   request       this home's own request again (a home made by `daejang join`): the file, and a PNG of its QR code
 */
import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import type { AdmissionCheckAnswerDto } from '../../shared/admission-api'
import { DaejangError } from '../../shared/errors'
import { readCappedFile } from '../files'
import { MAX_REQUEST_BYTES, checkAgainst, parseAdmissionRequest, requestQrText, requestText } from '../admission'
import { summaryOf } from '../admission-routes'
import { homeRequest } from '../admission-home'
import { admissionWords, fillWords, words } from './admission-words'
import { ApiClient } from './client'
import { act, home } from './context'
import { kv, print } from './output'

/** A request file's text; a file too large to be one is refused as such (ADMISSION_TOO_LARGE), unread. */
function readRequestFile(path: string): string {
  try {
    return new TextDecoder().decode(readCappedFile(path, 'admission request', MAX_REQUEST_BYTES))
  } catch (e) {
    if (e instanceof DaejangError && e.code === 'FILE_TOO_LARGE') throw new DaejangError('ADMISSION_TOO_LARGE', e.message)
    throw e
  }
}

function summaryLines(s: ReturnType<typeof summaryOf>, checked: string, agencyName: (id: string) => string | null = () => null): string {
  const w = words()
  const rows: Array<[string, unknown]> = [
    [w.asks, s.kind === 'agency' ? w.asksAgency : w.asksWorkstation],
    [w.chain, s.chainId],
  ]
  if (s.agency) {
    rows.push([w.agency, s.agency.name], [w.agencyId, s.agency.id])
    rows.push([w.administrators, s.agency.admins.join(', ')])
    rows.push([w.validator, s.agency.validator ? fillWords(w.validatorKey, { key: s.agency.validator.publicKey, power: s.agency.validator.power }) : w.noValidator])
  } else rows.push([w.worksFor, s.workstationAgency ? (agencyName(s.workstationAgency) ?? s.workstationAgency) : w.worksForAny])
  rows.push([w.nodeKey, s.nodeKey], [w.listen, s.listen.join(', ')], [w.made, new Date(s.createdAt).toISOString()], [w.digest, s.digest], [w.checked, checked])
  return kv(rows)
}

export function addAdmissionCommands(program: Command): void {
  const adm = program.command('admission').description('admission requests: what a node asking to join hands the administrators')

  adm
    .command('show')
    .argument('<file>', 'the admission request file')
    .description('what an admission request asks, checked (signatures; with --home, against that consortium)')
    .option('--home <dir>', "check it against this node's consortium (its running node, else its genesis)")
    .option('--agency-out <file>', 'write the agency it asks to admit, for `daejang governance propose --admit`')
    .option('--json', 'JSON output')
    .action(async (file: string, opts: Record<string, unknown>) =>
      act(async (o) => {
        const text = readRequestFile(file)
        const r = parseAdmissionRequest(text)
        const w = words()
        let checked = w.checkedSignatures
        let checkedEn = admissionWords.en.checkedSignatures
        let agencyName: (id: string) => string | null = () => null
        if (o.home) {
          const h = home(o)
          h.requireExists()
          const info = h.readApiInfo()
          const running = info
            ? await new ApiClient(info.url, info.token).post<AdmissionCheckAnswerDto>('/api/v1/admission/check', { text }).then(
                () => true,
                (e: unknown) => {
                  if (e instanceof DaejangError && e.code !== 'NODE_NOT_RUNNING') throw e
                  return false
                },
              )
            : false
          const g = h.readGenesis()
          agencyName = (id) => g.agencies.find((a) => a.id === id)?.name ?? null
          if (!running) {
            checkAgainst(r, {
              chainId: g.chainId,
              agencyIds: new Set(g.agencies.map((a) => a.id)),
              keysInUse: new Set(g.agencies.flatMap((a) => (a.validator ? [a.validator.publicKey] : []))),
            })
          }
          checked = running ? w.checkedRunning : w.checkedGenesis
          checkedEn = running ? admissionWords.en.checkedRunning : admissionWords.en.checkedGenesis
        }
        if (o.agencyOut) {
          if (r.kind !== 'agency') throw new DaejangError('SCHEMA_INVALID', 'a workstation request admits no agency: grant its node key the workstation role')
          writeFileSync(o.agencyOut as string, JSON.stringify(r.agency, null, 2) + '\n')
        }
        const s = summaryOf(r)
        print(o, { ...s, checked: checkedEn }, () => summaryLines(s, checked, agencyName))
      })(opts),
    )

  adm
    .command('request')
    .description("this home's admission request (made by `daejang join`): write the file, and its QR code as a PNG")
    .requiredOption('--home <dir>', 'node home directory')
    .option('--out <file>', 'write the request file here')
    .option('--qr <file.png>', 'write its QR code here (the request itself, or its digest when too large)')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const h = home(o)
        h.requireExists()
        const r = homeRequest(h)
        if (!r) throw new DaejangError('NOT_FOUND', `${h.dir} keeps no admission request: it was not made by \`daejang join\``)
        if (o.out) writeFileSync(o.out as string, requestText(r))
        const qr = requestQrText(r)
        if (o.qr) await (await import('qrcode')).default.toFile(o.qr as string, qr.text, { type: 'png', errorCorrectionLevel: 'L', margin: 4, scale: 4 })
        const s = summaryOf(r)
        const w = words()
        const g = h.readGenesis()
        const agencyName = (id: string): string | null => g.agencies.find((a) => a.id === id)?.name ?? null
        print(o, { ...s, qr }, () => summaryLines(s, w.checkedSignatures, agencyName) + (qr.whole ? '' : `\n${w.qrDigestOnly}`))
      }),
    )
}
