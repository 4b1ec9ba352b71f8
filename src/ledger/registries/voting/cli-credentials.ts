/**
 * The credential authority's commands (docs/adr/0048, 0058):
 *
 *   daejang election credentials generate UUID --out FILE [--count N]
 *        one private credential per voter (N: the election's voter count), written to FILE
 *        (`daejang-private-credentials/1`, refused if it exists); nothing goes to the node; progress on stderr
 *   daejang election credentials publish UUID --file FILE --key AUTHORITY
 *        the public credentials of FILE, sorted, in parts of at most 5,000 (fewer when the consortium's largest
 *        transaction holds fewer: credential-list.ts partSize), each waited for; resumable: a part already
 *        on the ledger is compared and skipped; then the seal (count and hash of the list), unless --no-seal
 *   daejang election credentials seal UUID --file FILE --key AUTHORITY
 *        the seal alone (every part on the ledger)
 *   daejang election credentials letters UUID --file FILE [--voters LIST] --out letters.pdf
 *        one A4 letter per voter (Korean and English, the credential printed and as a QR code); LIST: one voter per
 *        line, in the order of the credentials; progress on stderr
 */
import type { Command } from 'commander'
import { Home } from '../../node/home'
import type { JsonValue } from '../../types/tx'
import type { CliHost, CliOptions } from '../types'
import { credentialPartKey } from './portable/keys'
import { VOTING_LIMITS } from './portable/schema'
import { actingAgency, cliError, cliGroup, readElection, readingOptions, signingOptions, stateValue, writeNewFile } from './cli-common'

/** a private credential is 25 characters and a line of JSON: 44M voters fit in ~1.4 GB; the CLI reads the file whole */
const MAX_PRIVATE_FILE_BYTES = 2 ** 30
const MAX_VOTER_LIST_BYTES = 2 ** 30

/** progress on stderr (never on stdout, which carries the answer or its JSON), for counts worth waiting on */
function progressLine(total: number, lang: 'ko' | 'en', what: { ko: string; en: string }): (done: number) => void {
  let last = -1
  return (done) => {
    if (total < 1000) return
    const pct = Math.floor((done * 100) / total)
    if (pct === last || (pct % 10 !== 0 && done !== total)) return
    last = pct
    process.stderr.write(lang === 'ko' ? `${what.ko}: ${done.toLocaleString('ko-KR')} / ${total.toLocaleString('ko-KR')} (${pct}%)\n` : `${what.en}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} (${pct}%)\n`)
  }
}

export function votingCredentialsCli({ program, act, client, committed, key, print, files, lang: cliLang }: CliHost): void {
  const el: Command = program.commands.find((c) => c.name() === 'election') ?? program.command('election')
  const cr = el.command('credentials').description("the credential authority's work: voters' credentials generated, the public list published and sealed, the letters printed")

  async function readPrivates(o: CliOptions, uuid: string, lang: 'ko' | 'en'): Promise<string[]> {
    const path = String(o.file)
    const { readPrivateFile } = await import('./portable/credential-list')
    const f = readPrivateFile(new TextDecoder().decode(files.read(path, lang === 'ko' ? '비공개 자격증명 파일' : 'the private credentials file', MAX_PRIVATE_FILE_BYTES)))
    if (f === null) throw cliError(lang, 'VOTING_CREDENTIALS_FILE', { ko: `${path}: 비공개 자격증명 파일이 아닙니다`, en: `${path}: not a private credentials file` })
    if (f.election !== uuid) throw cliError(lang, 'VOTING_CREDENTIALS_FILE', { ko: `${path}: 다른 선거(${f.election})의 파일입니다`, en: `${path}: the file of another election (${f.election})` })
    return f.credentials
  }

  async function publicList(uuid: string, privates: readonly string[], lang: 'ko' | 'en'): Promise<string[]> {
    const [{ publicCredential }, G] = await Promise.all([import('./portable/belenios/credential'), cliGroup()])
    const tick = progressLine(privates.length, lang, { ko: '공개 자격증명 계산', en: 'Public credentials computed' })
    const out = privates.map((c, i) => {
      if ((i + 1) % 1000 === 0 || i + 1 === privates.length) tick(i + 1)
      return publicCredential(G, uuid, c)
    })
    out.sort()
    if (out.some((p, i) => i > 0 && p === out[i - 1])) throw cliError(lang, 'VOTING_CREDENTIALS_FILE', { ko: '같은 자격증명이 두 번 들어 있습니다', en: 'a credential appears twice' })
    return out
  }

  readingOptions(cr.command('generate').description("one private credential per voter, written to a new file (never to the node); progress on stderr").argument('<uuid>', 'the election'))
    .requiredOption('--out <file>', 'the private credentials file to write (refused if it exists)')
    .option('--count <n>', "how many (default: the election's voter count)")
    .action((uuid: string, o: CliOptions) =>
      act(async () => {
        const lang = cliLang()
        const e = await readElection(client(o), uuid)
        const count = o.count === undefined ? e.draft.voters : Number(o.count)
        if (!Number.isInteger(count) || count < 1 || count > VOTING_LIMITS.voters)
          throw cliError(lang, 'VOTING_CREDENTIALS_FILE', { ko: `자격증명 수 ${String(o.count)}`, en: `count ${String(o.count)}` })
        const [{ generateCredentialsWith, privateFileText }, G] = await Promise.all([import('./portable/credential-list'), cliGroup()])
        const t0 = performance.now()
        const g = (await generateCredentialsWith(G, uuid, count, progressLine(count, lang, { ko: '자격증명 생성', en: 'Credentials generated' }), () => false, 1000))!
        writeNewFile(lang, String(o.out), privateFileText(uuid, g.privates))
        const ms = Math.round(performance.now() - t0)
        print(o, { election: uuid, count, out: String(o.out), ms }, () =>
          lang === 'ko'
            ? `선거인 ${count.toLocaleString('ko-KR')}명의 비공개 자격증명을 ${String(o.out)}에 썼습니다(${ms} ms). 이 파일은 노드에 보내지 않습니다. 안내문을 찍은 뒤 안전하게 보관하거나 폐기하십시오.`
            : `Wrote the private credentials of ${count.toLocaleString('en-US')} voters to ${String(o.out)} (${ms} ms). This file never goes to the node: keep it safe, or destroy it once the letters are printed.`,
        )
      })(o),
    )

  async function sealList(o: CliOptions, uuid: string, publics: readonly string[], lang: 'ko' | 'en'): Promise<{ txHash: string | null; hash: string }> {
    const { seal } = await import('./portable/credential-list')
    const s = seal(publics)
    const e = await readElection(client(o), uuid)
    if (e.credentials.sealed) {
      if (e.credentials.hash !== s.hash) throw cliError(lang, 'VOTING_CREDENTIALS_FILE', { ko: '원장에 봉인된 목록과 다릅니다', en: 'the list sealed on the ledger is another' })
      return { txHash: null, hash: s.hash }
    }
    const r = committed(await key(o).signAndCommit('voting.credentials.seal', { election: uuid, count: s.count, hash: s.hash }))
    return { txHash: r.hash, hash: s.hash }
  }

  signingOptions(cr.command('publish').description('publish the public credentials of the file in parts of at most 5,000, each waited for (parts already on the ledger are checked and skipped), then seal the list').argument('<uuid>', 'the election'))
    .requiredOption('--file <file>', 'the private credentials file')
    .option('--no-seal', 'publish the parts only')
    .action((uuid: string, o: CliOptions) =>
      act(async () => {
        const lang = cliLang()
        const api = client(o)
        const e = await readElection(api, uuid)
        await actingAgency(api, lang, key(o).publicKey, 'credential-authority', [e.draft.credentialAuthority], 'VOTING_NOT_AUTHORITY')
        const privates = await readPrivates(o, uuid, lang)
        if (privates.length !== e.draft.voters)
          throw cliError(lang, 'VOTING_CREDENTIALS_FILE', { ko: `자격증명 ${privates.length}개, 선거인 ${e.draft.voters}명`, en: `${privates.length} credentials for ${e.draft.voters} voters` })
        const publics = await publicList(uuid, privates, lang)
        const { parts, partSize } = await import('./portable/credential-list')
        const cut = parts(publics, partSize(new Home(String(o.home)).readGenesis().params.maxTxBytes))
        let sent = 0
        let skipped = 0
        for (const [i, part] of cut.entries()) {
          const n = i + 1
          if (n <= e.credentials.parts) {
            // resumable: what the ledger holds must be this file's part, else the file is another list
            const onLedger = await stateValue<string[]>(api, credentialPartKey(uuid, n))
            if (onLedger === undefined || onLedger.length !== part.length || onLedger.some((c, j) => c !== part[j]))
              throw cliError(lang, 'VOTING_CREDENTIALS_FILE', { ko: `원장의 ${n}번째 부분이 이 파일의 것과 다릅니다`, en: `part ${n} on the ledger is not this file's` })
            skipped++
            continue
          }
          committed(await key(o).signAndCommit('voting.credentials.publish', { election: uuid, part: n, credentials: part } as unknown as JsonValue))
          sent++
          if (cut.length > 1) process.stderr.write(lang === 'ko' ? `자격증명 목록 ${n}/${cut.length}부분을 올렸습니다.\n` : `Credential list part ${n} of ${cut.length} published.\n`)
        }
        const sealed = o.seal === false ? null : await sealList(o, uuid, publics, lang)
        const value = { election: uuid, count: publics.length, parts: cut.length, sent, skipped, sealed: sealed !== null, ...(sealed ? { hash: sealed.hash, sealTx: sealed.txHash } : {}) }
        print(o, value, () =>
          lang === 'ko'
            ? `공개 자격증명 ${publics.length.toLocaleString('ko-KR')}개: ${cut.length}부분 중 ${sent}부분을 올리고 ${skipped}부분은 이미 원장에 있었습니다.${sealed ? ` 목록을 봉인했습니다(SHA-256 ${sealed.hash}).` : ''}`
            : `${publics.length.toLocaleString('en-US')} public credentials: ${sent} of ${cut.length} parts published, ${skipped} already on the ledger.${sealed ? ` The list is sealed (SHA-256 ${sealed.hash}).` : ''}`,
        )
      })(o),
    )

  signingOptions(cr.command('seal').description('seal the public credential list (every part on the ledger): its count and hash').argument('<uuid>', 'the election'))
    .requiredOption('--file <file>', 'the private credentials file')
    .action((uuid: string, o: CliOptions) =>
      act(async () => {
        const lang = cliLang()
        const publics = await publicList(uuid, await readPrivates(o, uuid, lang), lang)
        const s = await sealList(o, uuid, publics, lang)
        print(o, { election: uuid, count: publics.length, hash: s.hash, sealTx: s.txHash }, () =>
          lang === 'ko' ? `공개 자격증명 목록을 봉인했습니다: ${publics.length}개, SHA-256 ${s.hash}` : `The public credential list is sealed: ${publics.length}, SHA-256 ${s.hash}`,
        )
      })(o),
    )

  readingOptions(cr.command('letters').description('one A4 credential letter per voter (Korean and English, the credential printed and as a QR code), as one PDF; progress on stderr').argument('<uuid>', 'the election'))
    .requiredOption('--file <file>', 'the private credentials file')
    .option('--voters <list>', 'the voters, one per line, in the order of the credentials (default: numbered)')
    .requiredOption('--out <file>', 'the PDF to write (refused if it exists)')
    .action((uuid: string, o: CliOptions) =>
      act(async () => {
        const lang = cliLang()
        const e = await readElection(client(o), uuid)
        const credentials = await readPrivates(o, uuid, lang)
        let voters: string[] | undefined
        if (o.voters !== undefined) {
          voters = new TextDecoder()
            .decode(files.read(String(o.voters), lang === 'ko' ? '선거인 명단' : 'the voter list', MAX_VOTER_LIST_BYTES))
            .split(/\r?\n/)
            .map((l) => l.trim())
          while (voters.length > 0 && voters[voters.length - 1] === '') voters.pop()
          if (voters.length !== credentials.length || voters.some((v) => v === '' || v.length > 200))
            throw cliError(lang, 'VOTING_VOTER_LIST', { ko: `명단 ${voters.length}줄, 자격증명 ${credentials.length}개`, en: `${voters.length} lines for ${credentials.length} credentials` })
        }
        const [{ buildLetters }, { certificateFonts }] = await Promise.all([import('./portable/letters'), import('../../cert/fonts-node')])
        const t0 = performance.now()
        const tick = progressLine(credentials.length, lang, { ko: '안내문', en: 'Letters' })
        const pdf = await buildLetters(
          { uuid, name: e.draft.name, opens: e.draft.opens, closes: e.draft.closes, questions: e.draft.questions.map((q) => q.question), credentials, ...(voters ? { voters } : {}) },
          certificateFonts(),
          (done) => tick(done),
        )
        writeNewFile(lang, String(o.out), pdf)
        const ms = Math.round(performance.now() - t0)
        print(o, { election: uuid, letters: credentials.length, out: String(o.out), bytes: pdf.length, ms }, () =>
          lang === 'ko'
            ? `안내문 ${credentials.length.toLocaleString('ko-KR')}장을 ${String(o.out)}에 썼습니다(${pdf.length.toLocaleString('ko-KR')}바이트, ${ms} ms).`
            : `Wrote ${credentials.length.toLocaleString('en-US')} letters to ${String(o.out)} (${pdf.length.toLocaleString('en-US')} bytes, ${ms} ms).`,
        )
      })(o),
    )
}
