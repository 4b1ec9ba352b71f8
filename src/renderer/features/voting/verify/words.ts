/**
 * The words of the election archive panel (ElectionArchivePanel.vue), in Korean and English; the checks' names and
 * reasons are the verifier's own (portable/archive/messages.ts). Used by the Verify screen and the standalone page,
 * which have no common message catalogue for it: the panel picks by the UI language.
 */
import type { CheckId } from '../../../../ledger/registries/voting/portable/archive/messages'
import type { CheckState } from '../../../../ledger/registries/voting/portable/archive/verify'
import type { ChallengeProblem } from './challenge'

const ko = {
  title: '선거 기록 검증 (Belenios 2.5)',
  intro:
    '선거를 마친 뒤 공개되는 선거 기록 파일(.bel)을 놓으면, 이 브라우저 안에서 열 가지 검사를 차례로 합니다. 투표자는 자신의 추적 번호로 자기 투표가 기록에 있고 개표되었는지 확인할 수 있습니다.',
  drop: '선거 기록 파일(.bel)을 여기에 놓으십시오',
  dropHint: '파일은 이 브라우저 안에서만 읽습니다.',
  choose: '선거 기록 파일 선택',
  reading: '선거 기록 파일을 읽는 중입니다…',
  checking: '검사 {n}: {name}',
  checkingItems: '검사 {n}: {name} ({done} / {total})',
  cancel: '검사 중지',
  cancelled: '검사를 중지했습니다.',
  valid: '선거 기록의 모든 검사를 통과했습니다.',
  invalid: '선거 기록이 검사를 통과하지 못했습니다.',
  refused: '선거 기록을 검사할 수 없습니다.',
  file: '파일: {name}',
  election: '선거: {name}',
  summary: '투표 {n}표의 서명과 증명을 확인했습니다. 걸린 시간 {seconds}초.',
  checks: '검사 결과',
  states: { passed: '통과', failed: '실패', 'not-reached': '해당 없음(아직 이 단계 전)', 'not-run': '실행하지 않음' } satisfies Record<CheckState, string>,
  units: {
    files: '파일 {n}개',
    chain: '사건 {n}개',
    parameters: '질문 {n}개',
    trustees: '개표위원 항목 {n}개',
    credentials: '자격증명 {n}개',
    ballots: '투표 {n}표',
    'last-ballot': '투표 {n}표',
    tally: '개표한 투표 {n}표',
    'partial-decryptions': '부분 복호화 {n}개',
    result: '결과 {n}개',
  } satisfies Record<CheckId, string>,
  time: '{seconds}초',
  result: '결과',
  question: '질문',
  answer: '답',
  votes: '득표',
  blank: '기권(백지)',
  trackerTitle: '내 투표 찾기',
  trackerLabel: '추적 번호(투표할 때 받은 번호)',
  trackerFind: '찾기',
  trackerStates: {
    'not-found': '이 추적 번호의 투표는 이 기록에 없습니다. 번호를 다시 확인하십시오.',
    counted: '이 투표는 기록에 있고(높이 {height}의 사건) 개표에 포함되었습니다.',
    recorded: '이 투표는 기록에 있습니다(높이 {height}의 사건). 아직 개표 전입니다. 같은 자격증명으로 다시 투표하지 않으면 개표됩니다.',
    replaced: '이 투표는 기록에 있으나(높이 {height}의 사건) 같은 자격증명으로 나중에 한 투표(높이 {by}의 사건)로 바뀌었습니다. 마지막 투표만 개표됩니다.',
  },
  trackerNeedsValid: '기록이 모든 검사를 통과하지 못했으므로 이 답은 참고용입니다.',
  challenge: {
    title: '이의 제기한 투표 확인 (베날로 검사)',
    intro:
      '투표소에서 투표 대신 이의를 제기하면, 그 투표와 난수가 공개됩니다. 다른 기기에서 여기에 붙여 넣으면 이 페이지가 암호문을 다시 계산하여 그 투표에 담긴 선택을 보여 줍니다. 이의 제기한 투표는 개표되지 않습니다.',
    election: '선거 문서(election.json의 내용)',
    electionFromRecord: '위에서 검사한 선거 기록의 선거를 씁니다. 다른 선거라면 여기에 붙여 넣으십시오.',
    ballot: '공개된 투표(투표소가 보여 준 내용: 투표와 난수, 또는 투표 문서만)',
    randomness: '난수(투표 문서만 붙여 넣었을 때: 질문마다 한 줄의 목록)',
    open: '투표 열어 보기',
    opened: '이 투표는 다음 선택을 담고 있습니다. 투표소에서 고른 것과 같은지 확인하십시오.',
    tracker: '추적 번호: {tracker}',
    blank: '기권(백지)',
    none: '선택 없음',
    inRecord: '주의: 이 추적 번호의 투표가 위 선거 기록에 개표 대상 투표로 있습니다. 이의 제기한 투표는 기록되지 않아야 합니다.',
    notInRecord: '이 투표는 위 선거 기록에 투표로 들어 있지 않습니다(이의 제기한 투표는 개표되지 않습니다).',
    problems: {
      'no-election': '선거 문서를 붙여 넣거나 먼저 선거 기록을 검사하십시오.',
      'bad-election': '선거 문서를 읽을 수 없습니다(Belenios 2.5 선거 문서가 아닙니다).',
      'no-ballot': '공개된 투표를 붙여 넣으십시오.',
      'too-large': '붙여 넣은 내용이 허용된 크기보다 큽니다.',
      'bad-randomness': '난수가 질문마다 하나씩의 10진수 목록이 아니거나 이 선거의 질문과 맞지 않습니다.',
      'not-this-election': '이 투표는 이 선거의 것이 아닙니다.',
      'bad-ballot': '투표 문서가 올바르지 않습니다(형식, 서명 또는 증명).',
      'does-not-open': '난수로 다시 계산한 암호문이 투표와 다릅니다. 이 난수는 이 투표를 열지 못합니다.',
    } satisfies Record<ChallengeProblem, string>,
  },
}

const en: typeof ko = {
  title: 'Election record check (Belenios 2.5)',
  intro:
    "Drop an election's published record (a .bel file) and this browser runs ten checks on it, one after the other. A voter finds her ballot by its tracker: whether it is in the record and counted.",
  drop: 'Drop the election record (.bel) here',
  dropHint: 'The file is read inside this browser only.',
  choose: 'Choose an election record',
  reading: 'Reading the election record…',
  checking: 'Check {n}: {name}',
  checkingItems: 'Check {n}: {name} ({done} of {total})',
  cancel: 'Stop the check',
  cancelled: 'The check was stopped.',
  valid: 'The election record passed every check.',
  invalid: 'The election record did not pass the checks.',
  refused: 'The election record cannot be checked.',
  file: 'File: {name}',
  election: 'Election: {name}',
  summary: '{n} ballot checked (signature and proofs) in {seconds} s.|{n} ballots checked (signatures and proofs) in {seconds} s.',
  checks: 'Checks',
  states: { passed: 'passed', failed: 'failed', 'not-reached': 'not applicable (the record is not at this step yet)', 'not-run': 'not run' },
  units: {
    files: '{n} file|{n} files',
    chain: '{n} event|{n} events',
    parameters: '{n} question|{n} questions',
    trustees: '{n} trustee entry|{n} trustee entries',
    credentials: '{n} credential|{n} credentials',
    ballots: '{n} ballot|{n} ballots',
    'last-ballot': '{n} ballot|{n} ballots',
    tally: '{n} ballot tallied|{n} ballots tallied',
    'partial-decryptions': '{n} partial decryption|{n} partial decryptions',
    result: '{n} result',
  },
  time: '{seconds} s',
  result: 'Result',
  question: 'Question',
  answer: 'Answer',
  votes: 'Votes',
  blank: 'Blank vote',
  trackerTitle: 'Find my ballot',
  trackerLabel: 'Tracker (the number you were given when you voted)',
  trackerFind: 'Find',
  trackerStates: {
    'not-found': 'No ballot with this tracker is in this record. Check the tracker again.',
    counted: 'This ballot is in the record (the event at height {height}) and was counted.',
    recorded: 'This ballot is in the record (the event at height {height}). The tally is not done yet; it will be counted unless the same credential votes again.',
    replaced: 'This ballot is in the record (the event at height {height}) but was replaced by a later ballot of the same credential (the event at height {by}). Only the last ballot is counted.',
  },
  trackerNeedsValid: 'The record did not pass every check, so this answer is for information only.',
  challenge: {
    title: 'Check a challenged ballot (Benaloh)',
    intro:
      'A voter who challenges her ballot in the booth, instead of casting it, is shown the ballot and its randomness. Paste them here, on another device: the page computes the ciphertexts again and shows the choices the ballot holds. A challenged ballot is never counted.',
    election: 'The election (the text of election.json)',
    electionFromRecord: 'The election of the record checked above is used; paste another one here to replace it.',
    ballot: 'The opened ballot (as the booth shows it: the ballot and its randomness, or the ballot alone)',
    randomness: 'The randomness (when only the ballot was pasted: one list per question)',
    open: 'Open the ballot',
    opened: 'This ballot holds the choices below. Check that they are the ones you made in the booth.',
    tracker: 'Tracker: {tracker}',
    blank: 'Blank vote',
    none: 'No choice',
    inRecord: 'Warning: a ballot with this tracker is in the record above as a cast ballot. A challenged ballot must never be recorded.',
    notInRecord: 'This ballot is not in the record above as a cast ballot (a challenged ballot is never counted).',
    problems: {
      'no-election': 'Paste the election, or check an election record first.',
      'bad-election': 'The election cannot be read (it is not a Belenios 2.5 election).',
      'no-ballot': 'Paste the opened ballot.',
      'too-large': 'What was pasted is larger than allowed.',
      'bad-randomness': "The randomness is not a list of base-10 numbers per question, or does not fit the election's questions.",
      'not-this-election': 'This ballot is not for this election.',
      'bad-ballot': 'The ballot is not valid (its form, signature or proofs).',
      'does-not-open': 'The ciphertexts computed again from the randomness are not the ballot’s: this randomness does not open this ballot.',
    },
  },
}

export const ELECTION_WORDS = { ko, en }
export type ElectionWords = typeof ko

/** `{name}` placeholders filled in; `one|other` picks by `params.n` (English counts: 1 file, 2 files) */
export function fill(s: string, params: Record<string, string | number>): string {
  const bar = s.indexOf('|')
  if (bar >= 0) s = params.n === 1 ? s.slice(0, bar) : s.slice(bar + 1)
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m))
}
