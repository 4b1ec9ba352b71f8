/**
 * The trustee agency's steps on the command line (docs/adr/0048, 0054, 0058), each signed with a trustee's key of the
 * home (--key) and waited on; the secret is the file of ADR 0054 (`daejang-trustee-secret/1`, the same file the app
 * saves and opens):
 *
 *   daejang election trustee cert UUID --secret FILE        makes the seed and the certificate; writes FILE (refused
 *                                                           if it exists), then publishes the certificate
 *   daejang election trustee polynomial UUID --secret FILE  the polynomial, from every certificate
 *   daejang election trustee voutput UUID --secret FILE     the voutput, from the vinput (every polynomial, checked)
 *   daejang election trustee partial UUID --secret FILE     after the close: the partial decryption of the tally
 *
 * A file that is not one, another election's or agency's, or not the one whose certificate the agency published is
 * refused (VOTING_SECRET_FILE) before anything is computed or signed.
 */
import { existsSync, rmSync } from 'node:fs'
import type { Command } from 'commander'
import { DaejangError } from '../../../shared/errors'
import { withParticle } from '../../../shared/particles'
import type { JsonValue } from '../../types/tx'
import type { CliHost, CliOptions } from '../types'
import type { CeremonyDto } from './portable/dto'
import { ceremonyKey, setupKey, tallyKey } from './portable/keys'
import type { CeremonyStep } from './portable/schema'
import { STEP_WORDS } from './portable/words'
import { actingAgency, cliError, cliGroup, enc, readElection, signingOptions, stateValue, writeNewFile } from './cli-common'

/** a secret file is a few hundred bytes */
const MAX_SECRET_BYTES = 64 << 10

export function votingTrusteeCli({ program, act, client, committed, key, print, files, lang: cliLang }: CliHost): void {
  const el: Command = program.commands.find((c) => c.name() === 'election') ?? program.command('election')
  const tr = el.command('trustee').description("a trustee agency's steps: the key ceremony (cert, polynomial, voutput) and the partial decryption, with its secret file")

  async function step(uuid: string, o: CliOptions, which: CeremonyStep | 'partial'): Promise<void> {
    const lang = cliLang()
    const say = (ko: string, en: string): string => (lang === 'ko' ? ko : en)
    const api = client(o)
    const k = key(o)
    const e = await readElection(api, uuid)
    const agency = await actingAgency(api, lang, k.publicKey, 'trustee', e.draft.trustees, 'VOTING_NOT_TRUSTEE', o.agency as string | undefined)
    const index = e.draft.trustees.indexOf(agency) + 1
    const G = await cliGroup()
    const secretPath = String(o.secret)
    const pe = await import('./portable/trustee-file')
    const badFile = (ko: string, en: string) => cliError(lang, 'VOTING_SECRET_FILE', { ko: `${secretPath}: ${ko}`, en: `${secretPath}: ${en}` }, { path: secretPath })

    // the step this agency takes next, told before anything is made (a certificate sent twice would leave a seed file
    // that matches nothing); partial decryptions come after the whole ceremony
    if (which === 'cert' && existsSync(secretPath)) throw cliError(lang, 'VOTING_FILE_EXISTS', { ko: secretPath, en: secretPath }, { path: secretPath })
    const progress = e.trustees.find((x) => x.agency === agency)
    if (which !== 'partial' && progress !== undefined && progress.next !== which)
      throw cliError(lang, 'VOTING_STEP_ORDER', {
        ko: progress.next === null ? '이 기관은 열쇠 생성 절차를 모두 마쳤습니다' : `이 기관의 다음 단계: ${STEP_WORDS[progress.next].ko}`,
        en: progress.next === null ? 'this agency has finished the key ceremony' : `this agency's next step: ${STEP_WORDS[progress.next].en}`,
      })
    let message: string
    let seedWritten = false
    if (which === 'cert') {
      const { generateTrustee } = await import('./portable/belenios/pedersen')
      const made = generateTrustee(G)
      // the file first: a certificate whose seed was not kept would leave the agency out of the count
      writeNewFile(lang, secretPath, pe.trusteeFileText({ format: pe.TRUSTEE_FILE_FORMAT, election: uuid, agency, seed: made.seed }))
      seedWritten = true
      message = made.cert
    } else {
      const text = new TextDecoder().decode(files.read(secretPath, say('수탁자 비밀 파일', "the trustee's secret file"), MAX_SECRET_BYTES))
      const s = pe.readTrusteeFile(text, uuid, agency)
      if ('problem' in s)
        throw s.problem === 'otherElection'
          ? badFile('다른 선거의 파일입니다', "another election's file")
          : s.problem === 'otherAgency'
            ? badFile('다른 기관의 파일입니다', "another agency's file")
            : badFile('수탁자 비밀 파일이 아닙니다', "not a trustee's secret file")
      const myCert = (await stateValue<string>(api, ceremonyKey(uuid, 'cert', agency))) ?? null
      if (!pe.seedMatchesCert(G, s.seed, myCert)) throw badFile('이 기관이 게시한 인증서의 파일이 아닙니다', 'not the file of the certificate this agency published')
      const fail = (r: { reason: string; trustee: number }) =>
        cliError(lang, 'VOTING_CEREMONY_CHECK', {
          ko: `${r.trustee > 0 ? `${r.trustee}번째 수탁 기관(${e.draft.trustees[r.trustee - 1] ?? '?'}): ` : ''}${r.reason}`,
          en: `${r.trustee > 0 ? `trustee agency ${r.trustee} (${e.draft.trustees[r.trustee - 1] ?? '?'}): ` : ''}${r.reason}`,
        }, { trustee: r.trustee, reason: r.reason })
      const waitFor = (missing: string[]) =>
        cliError(lang, 'VOTING_CEREMONY_WAIT', { ko: `기다리는 기관: ${missing.join(', ')}`, en: `waiting for: ${missing.join(', ')}` }, { waitingFor: missing })
      const { checkCerts, makePolynomial, makeVoutput } = await import('./portable/belenios/pedersen')
      if (which === 'polynomial') {
        const certs = await Promise.all(e.draft.trustees.map((a) => stateValue<string>(api, ceremonyKey(uuid, 'cert', a))))
        const missing = e.draft.trustees.filter((_, i) => certs[i] === undefined)
        if (missing.length > 0) throw waitFor(missing)
        const r = makePolynomial(G, s.seed, certs as string[], e.draft.threshold)
        if (!r.ok) throw fail(r)
        message = r.value
      } else if (which === 'voutput') {
        // the node's vinputs (ceremony route) are checked again here: makeVoutput opens each share and checks it
        // against the sender's commitments, and names a sender whose share does not open
        const c = await api.get<CeremonyDto>(`/api/v1/voting/elections/${enc(uuid)}/ceremony`)
        const certs = c.certs
        const vinput = c.vinputs?.[index - 1] ?? null
        if (vinput === null || vinput === undefined || certs.some((x) => x === null)) {
          const polys = await Promise.all(e.draft.trustees.map((a) => stateValue<string>(api, ceremonyKey(uuid, 'polynomial', a))))
          throw waitFor(e.draft.trustees.filter((_, i) => polys[i] === undefined))
        }
        const parsed = checkCerts(G, certs as string[])
        if (!parsed.ok) throw fail(parsed)
        const r = makeVoutput(G, s.seed, certs as string[], vinput)
        if (!r.ok) throw fail(r)
        message = r.voutput
      } else {
        const [electionText, trusteesText, tally, voutput] = await Promise.all([
          stateValue<string>(api, setupKey(uuid, 'election')),
          stateValue<string>(api, setupKey(uuid, 'trustees')),
          stateValue<{ text: string }>(api, tallyKey(uuid)),
          stateValue<string>(api, ceremonyKey(uuid, 'voutput', agency)),
        ])
        if (e.closedAt === null || electionText === undefined || trusteesText === undefined || tally === undefined || voutput === undefined)
          throw cliError(lang, 'VOTING_PHASE', { ko: '투표가 마감된 뒤에 부분 복호화를 합니다', en: 'a partial decryption comes after the close' })
        const r = pe.partialDecryptionStep(G, { seed: s.seed, index, election: electionText, trustees: trusteesText, encryptedTally: tally.text, voutput })
        if (!r.ok) throw badFile(`열쇠 조각을 열 수 없습니다(${r.reason})`, `the key share does not open (${r.reason})`)
        message = r.text
      }
    }
    const type = which === 'partial' ? 'voting.tally.partial' : `voting.trustee.${which}`
    let r: Awaited<ReturnType<typeof k.signAndCommit>>
    try {
      r = committed(await k.signAndCommit(type, { election: uuid, message } as unknown as JsonValue))
    } catch (err) {
      // a certificate refused for certain: its seed is no one's, the file goes (one that may still be committed stays)
      if (seedWritten && !(err instanceof DaejangError && err.code === 'TX_PENDING')) rmSync(secretPath, { force: true })
      throw err
    }
    const what = which === 'partial' ? say('부분 복호화', 'partial decryption') : STEP_WORDS[which][lang]
    const value = { election: uuid, agency, step: which, txHash: r.hash, height: r.height, ...(seedWritten ? { secret: secretPath } : {}) }
    print(o, value, () =>
      [
        say(`${agency} 수탁 기관의 ${withParticle(what, '을/를')} 올렸습니다 — 블록 ${r.height}: ${r.hash}`, `Trustee agency ${agency}: ${what} sent — block ${r.height}: ${r.hash}`),
        ...(seedWritten ? [say(`비밀 파일을 ${secretPath}에 썼습니다. 안전한 곳에 오프라인으로 보관하십시오. 이 파일이 없으면 개표에 참여할 수 없습니다.`, `The secret file is ${secretPath}: keep it offline, somewhere safe. Without it this agency cannot take part in the count.`)] : []),
      ].join('\n'),
    )
  }

  for (const [name, what] of [
    ['cert', 'make the seed and the certificate: writes the secret file (refused if it exists), then publishes the certificate'],
    ['polynomial', 'the polynomial, from every certificate (opens the secret file)'],
    ['voutput', 'the voutput, from the shares sent to this agency (opens the secret file)'],
    ['partial', "after the close: this agency's partial decryption of the tally, with its proofs (opens the secret file)"],
  ] as const) {
    signingOptions(tr.command(name).description(what).argument('<uuid>', 'the election'))
      .requiredOption('--secret <file>', "the trustee's secret file (daejang-trustee-secret/1)")
      .option('--agency <id>', 'the trustee agency acted for, when the key holds the role for several')
      .action((uuid: string, o: CliOptions) => act(async () => step(uuid, o, name))(o))
  }
}
