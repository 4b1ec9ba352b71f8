/** The batch screen's words (docs/livestock-batch.md), loaded with its route. Korean is the schema; English the same keys. */
const ko = {
  batch: {
    title: '일괄 신고',
    intro: '도축장이나 귀표 부착 기관처럼 하루 수백 건을 신고할 때 파일 하나로 보냅니다. 줄마다 점검하고, 거절된 줄은 이유와 함께 보여 주며, 나머지는 500건씩 묶어 기록합니다. 이동은 두 농장이 함께 서명해야 하므로 일괄 신고에 넣을 수 없습니다.',
    file: '신고 파일 (JSON Lines 또는 CSV)',
    read: '{lines}줄을 읽었습니다: 신고 {events}건, 형식이 맞지 않는 줄 {problems}건.',
    check: '점검하기',
    checking: '점검 중…',
    checkingPart: '점검 중: {done} / {total}건 ({parts}개 부분 중 {part}번째)',
    checked: '지금 원장 기준으로 {accepted}건은 반영되고 {refused}건은 거절됩니다.',
    confirm: '서명하고 보내기 ({events}건, 거래 {txs}건)',
    sending: '보내는 중: {done} / {total}건',
    waiting: '거래 {n}번째가 블록에 기록되기를 기다리는 중…',
    done: '끝났습니다: {accepted}건 반영, {refused}건 거절.',
    failed: '보내지 못했습니다: {reason}',
    locked: '신고하려면 신고 역할이 있는 키의 잠금을 푸십시오.',
    noEvents: '보낼 신고가 없습니다.',
    table: {
      line: '줄',
      animal: '이력번호',
      kind: '신고 종류',
      reason: '거절 이유',
    },
    lineProblem: {
      MALFORMED_JSON: '이 줄은 JSON 형식이 아닙니다.',
      BAD_PAYLOAD: '이 줄의 항목이 신고 형식에 맞지 않습니다.',
    },
  },
}

const en: typeof ko = {
  batch: {
    title: 'Batch reports',
    intro: 'For a slaughterhouse or a tagging agency reporting hundreds of events a day: one file, checked line by line; refused lines are shown with the reason, the rest recorded 500 at a time. Moves are signed by both farms and cannot be batched.',
    file: 'Report file (JSON Lines or CSV)',
    read: 'Lines read: {lines} — reports: {events}; not in the format: {problems}.',
    check: 'Check',
    checking: 'Checking…',
    checkingPart: 'Checking: {done} of {total} (part {part} of {parts})',
    checked: 'Against the ledger as it is now, {accepted} would be accepted and {refused} refused.',
    confirm: 'Sign and send ({events} reports, {txs} transactions)',
    sending: 'Sending: {done} of {total}',
    waiting: 'Waiting for transaction {n} to be recorded in a block…',
    done: 'Done: {accepted} accepted, {refused} refused.',
    failed: 'Could not send: {reason}',
    locked: 'Unlock a key with a reporting role to report.',
    noEvents: 'There is nothing to send.',
    table: {
      line: 'Line',
      animal: 'Animal number',
      kind: 'Kind of report',
      reason: 'Why refused',
    },
    lineProblem: {
      MALFORMED_JSON: 'The line is not JSON.',
      BAD_PAYLOAD: 'A field of the line does not fit the report format.',
    },
  },
}

export default { ko, en }
