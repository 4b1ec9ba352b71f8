/**
 * The election's own steps on the command line (docs/adr/0048, 0058):
 *
 *   daejang election open UUID --key OFFICIAL        an official opens it (every ceremony step and the sealed list in)
 *   daejang election vote UUID --credential C --choices '[[1,0,0]]'
 *        encrypts and signs the ballot with the credential (C as printed on the letter, or its QR text), sends it as a
 *        transaction signed by a throwaway key (a ballot's signer means nothing, ADR 0048), waits for the commit and
 *        prints the tracker; the credential never leaves this process. One vector of 0/1 per question (a blank-allowed
 *        question leads with the blank entry). A re-vote is the same command again: the last ballot counts.
 *   daejang election result UUID --key OFFICIAL      computes the result from the partial decryptions on the ledger
 *        (each checked), sends it, prints the counts
 */
import type { Command } from 'commander'
import { randomSeed } from '../../crypto/ed25519'
import { nodeSigner } from '../../crypto/ed25519-node'
import { Home } from '../../node/home'
import { type JsonValue, makeTx, txToJson } from '../../types/tx'
import type { CliHost, CliOptions } from '../types'
import { partialKey, setupKey, tallyKey } from './portable/keys'
import { actingAgency, cliError, cliGroup, readElection, readingOptions, signingOptions, stateValue } from './cli-common'

export function votingRunCli({ program, act, client, committed, key, print, lang: cliLang }: CliHost): void {
  const el: Command = program.commands.find((c) => c.name() === 'election') ?? program.command('election')

  signingOptions(el.command('open').description('open an election (an official of its agency): every ceremony step and the sealed credential list must be in; waits for commit').argument('<uuid>', 'the election')).action(
    (uuid: string, o: CliOptions) =>
      act(async () => {
        const lang = cliLang()
        const r = committed(await key(o).signAndCommit('voting.election.open', { election: uuid }))
        const e = await readElection(client(o), uuid)
        print(o, { election: uuid, txHash: r.hash, height: r.height, opens: e.draft.opens, closes: e.draft.closes }, () =>
          lang === 'ko'
            ? `선거 「${e.draft.name}」의 투표 준비를 마쳤습니다 — 블록 ${r.height}: ${r.hash}\n투표 기간: ${new Date(e.draft.opens).toISOString()} — ${new Date(e.draft.closes).toISOString()}`
            : `Election "${e.draft.name}" is open for voting — block ${r.height}: ${r.hash}\nVoting: ${new Date(e.draft.opens).toISOString()} — ${new Date(e.draft.closes).toISOString()}`,
        )
      })(o),
  )

  readingOptions(
    el
      .command('vote')
      .description("cast a ballot: encrypted and signed with the voter's credential here, sent by a throwaway key, waited on; prints its tracker (a re-vote replaces the ballot before)")
      .argument('<uuid>', 'the election'),
  )
    .requiredOption('--credential <credential>', "the voter's credential (XXXXX-XXXXXX-XXXXX-XXXXXX, or the letter's QR text)")
    .requiredOption('--choices <json>', 'one list of 0 and 1 per question, e.g. [[1,0,0]] (a blank-allowed question: the blank entry first)')
    .action((uuid: string, o: CliOptions) =>
      act(async () => {
        const lang = cliLang()
        const say = (ko: string, en: string): string => (lang === 'ko' ? ko : en)
        const { parseLetterInput } = await import('./portable/letter-code')
        const input = parseLetterInput(String(o.credential))
        if (input === null || (input.uuid !== null && input.uuid !== uuid))
          throw cliError(lang, 'VOTING_BAD_CREDENTIAL_INPUT', input === null ? undefined : { ko: `안내문의 선거: ${input.uuid}`, en: `the letter's election: ${input.uuid}` })
        const api = client(o)
        const G = await cliGroup()
        const text = await stateValue<string>(api, setupKey(uuid, 'election'))
        if (text === undefined) throw cliError(lang, 'VOTING_PHASE', { ko: '아직 투표가 열리지 않았습니다', en: 'the election is not open' })
        const [{ parseElection }, { createBallot, plaintextError }] = await Promise.all([import('./portable/belenios/election'), import('./portable/belenios/ballot')])
        const parsed = parseElection(G, text)
        if (!parsed.ok) throw cliError(lang, 'VOTING_PHASE', { ko: parsed.reason, en: parsed.reason })
        const e = parsed.election
        let choices: unknown
        try {
          choices = JSON.parse(String(o.choices))
        } catch {
          choices = null
        }
        const vectors = Array.isArray(choices) && choices.length === e.questions.length && choices.every((c) => Array.isArray(c) && c.every((v) => v === 0 || v === 1)) ? (choices as number[][]) : null
        const wrong = vectors === null ? 0 : vectors.findIndex((m, i) => plaintextError(e.questions[i]!, m) !== null) + 1
        if (vectors === null || wrong > 0)
          throw cliError(lang, 'VOTING_BAD_CHOICES', {
            ko: vectors === null ? `질문 ${e.questions.length}개, 질문마다 0과 1의 목록` : `질문 ${wrong}`,
            en: vectors === null ? `${e.questions.length} questions, one list of 0 and 1 each` : `question ${wrong}`,
          })
        const ballot = createBallot(G, e, input.credential, vectors)
        // a throwaway key: the ballot's authority is its credential's signature, never the transaction's signer
        const signer = nodeSigner(randomSeed())
        const chainId = new Home(String(o.home)).readGenesis().chainId
        const tx = txToJson(makeTx(signer, { chainId, type: 'voting.ballot', payload: { election: uuid, ballot: ballot.text } as unknown as JsonValue, nonce: Date.now() }))
        const r = committed(await api.post<{ hash: string; status: string; height?: number }>('/api/v1/txs?wait=commit', tx))
        print(o, { election: uuid, tracker: ballot.tracker, ballotHash: ballot.hashHex, txHash: r.hash, height: r.height }, () =>
          say(
            `투표가 기록되었습니다(블록 ${r.height}). 투표 추적 번호: ${ballot.tracker}\n이 번호로 공개 게시판에서 내 투표를 찾을 수 있습니다. 다시 투표하면 마지막 투표만 개표됩니다.`,
            `Your ballot is recorded (block ${r.height}). Tracker: ${ballot.tracker}\nFind your ballot on the public board by it. If you vote again, only your last ballot is counted.`,
          ),
        )
      })(o),
    )

  signingOptions(el.command('result').description('compute the result from the partial decryptions on the ledger (each checked) and send it (an official of its agency); waits for commit').argument('<uuid>', 'the election')).action(
    (uuid: string, o: CliOptions) =>
      act(async () => {
        const lang = cliLang()
        const say = (ko: string, en: string): string => (lang === 'ko' ? ko : en)
        const api = client(o)
        const k = key(o)
        const e = await readElection(api, uuid)
        await actingAgency(api, lang, k.publicKey, 'election-official', [e.agency], 'VOTING_NOT_OFFICIAL')
        const [electionText, trusteesText, tally, ...partials] = await Promise.all([
          stateValue<string>(api, setupKey(uuid, 'election')),
          stateValue<string>(api, setupKey(uuid, 'trustees')),
          stateValue<{ text: string; numTallied: number; totalWeight: number }>(api, tallyKey(uuid)),
          ...e.draft.trustees.map((a) => stateValue<string>(api, partialKey(uuid, a))),
        ])
        if (e.closedAt === null || electionText === undefined || trusteesText === undefined || tally === undefined)
          throw cliError(lang, 'VOTING_PHASE', { ko: '투표가 마감된 뒤에 결과를 냅니다', en: 'the result comes after the close' })
        const sent = partials.flatMap((text, i) => (typeof text === 'string' ? [{ owner: i + 1, text }] : []))
        const { resultStep } = await import('./portable/trustee-file')
        const G = await cliGroup()
        const r = resultStep(G, { election: electionText, trustees: trusteesText, encryptedTally: tally.text, totalWeight: BigInt(tally.totalWeight), threshold: e.draft.threshold, partials: sent })
        if (!r.ok) {
          const who = r.owner === undefined ? '' : e.draft.trustees[r.owner - 1]
          throw cliError(
            lang,
            'VOTING_RESULT_NOT_COMPUTED',
            r.reason === 'not-enough'
              ? { ko: `부분 복호화 ${sent.length}건, 필요한 수 ${e.draft.threshold}건`, en: `${sent.length} partial decryptions of the ${e.draft.threshold} needed` }
              : r.reason === 'bad-partial'
                ? { ko: `${who} 기관의 부분 복호화`, en: `the partial decryption of agency ${who}` }
                : { ko: r.reason, en: r.reason },
          )
        }
        const c = committed(await k.signAndCommit('voting.election.result', { election: uuid, result: r.text }))
        const questions = e.draft.questions.map((q, i) => {
          const row = r.result[i]!.map(Number)
          const blank = q.blank === true
          return { question: q.question, answers: q.answers, counts: blank ? row.slice(1) : row, blankCount: blank ? row[0]! : null }
        })
        print(o, { election: uuid, counted: tally.numTallied, questions, result: r.text, txHash: c.hash, height: c.height }, () =>
          [
            say(`선거 「${e.draft.name}」의 결과를 올렸습니다 — 블록 ${c.height}: ${c.hash}`, `The result of "${e.draft.name}" is published — block ${c.height}: ${c.hash}`),
            say(`개표한 투표: ${tally.numTallied}표`, `Ballots counted: ${tally.numTallied}`),
            ...questions.flatMap((q) => [
              `\n${q.question}`,
              ...q.answers.map((a, j) => `  ${a}: ${say(`${q.counts[j]}표`, String(q.counts[j]))}`),
              ...(q.blankCount === null ? [] : [`  ${say('백지', 'Blank')}: ${say(`${q.blankCount}표`, String(q.blankCount))}`]),
            ]),
          ].join('\n'),
        )
      })(o),
  )
}
