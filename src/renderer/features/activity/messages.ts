/**
 * The activity log's words (Korean is the schema). Plain data: the CLI words the node's log with them too
 * (src/server/cli/activity-command.ts). An event's dots are underscores here (i18n reads dots as nesting). Placeholders: {txType} and {reason} already in words, {peer} a short key.
 */
const ko = {
  nav: '활동 기록',
  title: '활동 기록',
  intro: '이 노드와 이 기기에서 일어난 일입니다: 거절된 거래, 충돌, 연결을 끊은 노드, 따라잡기, 거버넌스, 번들. 새 것이 위에 옵니다.',
  filters: '보기',
  kinds: {
    error: '오류',
    conflict: '충돌',
    tx: '내 거래',
    sync: '동기화',
    governance: '거버넌스',
    bundle: '번들',
  },
  all: '모두',
  where: {
    node: '노드',
    device: '이 기기',
  },
  columns: { time: '시각', kind: '종류', what: '내용', where: '기록한 곳' },
  empty: '기록된 일이 없습니다.',
  emptyFiltered: '고른 종류의 기록이 없습니다.',
  older: '이전 기록 더 보기',
  loadFailed: '활동 기록을 읽을 수 없습니다: {reason}',
  offline: '노드에 연결할 수 없어 이 기기의 기록만 보입니다.',
  events: {
    'tx_rejected': '{txType} 거래가 블록 {height}에서 거절되었습니다: {reason}',
    'tx_rejected_many': '그 밖에 거절된 거래 {more}건 (한꺼번에 거절되어 하나로 묶었습니다)',
    'peer_dropped': '노드 {peer}[이/가] 규칙에 맞지 않는 메시지를 보내 연결을 끊었습니다 (기술 정보: {reason})',
    'sync_begun': '노드 {peer}에서 블록을 받기 시작했습니다',
    'sync_ended': '블록 {from}부터 {height}까지 {applied}개를 다른 노드 {peers}개에서 받아 따라잡았습니다 (처음 보낸 노드 {peer})',
    'sync_badBlock': '노드 {peer}[이/가] 보낸 블록 {height}[이/가] 올바르지 않아 받지 않았습니다 (기술 정보: {reason})',
    'governance_committed': '거버넌스: {txType} (블록 {height})',
    'node_error': '노드에 오류가 있었습니다: {reason}',
    'bundle_imported': '번들을 가져왔습니다: 블록 {from}부터 {to}까지, 거래 {txs}건',
    'bundle_refused': '번들을 받지 않았습니다: {reason}',
    'bundle_pendingImported': '보류 중인 거래 번들을 가져왔습니다: {txs}건을 받아들이고 {refused}건을 거절했습니다',
    'device_rejected': '이 기기에서 보낸 {txType} 거래가 거절되었습니다: {reason}',
    unknown: '알 수 없는 기록입니다',
  },
}

export type ActivityMessages = typeof ko

const en: ActivityMessages = {
  nav: 'Activity',
  title: 'Activity',
  intro: 'What happened on this node and this device: transactions refused, conflicts, nodes disconnected, catch-ups, governance, bundles. Newest first.',
  filters: 'Show',
  kinds: {
    error: 'Errors',
    conflict: 'Conflicts',
    tx: 'My transactions',
    sync: 'Sync',
    governance: 'Governance',
    bundle: 'Bundles',
  },
  all: 'All',
  where: {
    node: 'Node',
    device: 'This device',
  },
  columns: { time: 'Time', kind: 'Kind', what: 'What happened', where: 'Recorded by' },
  empty: 'Nothing has been recorded.',
  emptyFiltered: 'Nothing of the kinds chosen has been recorded.',
  older: 'Show older entries',
  loadFailed: 'The activity log cannot be read: {reason}',
  offline: 'The node cannot be reached: only this device’s entries are shown.',
  events: {
    'tx_rejected': 'A {txType} transaction was refused in block {height}: {reason}',
    'tx_rejected_many': '{more} more transactions refused (refused together, counted as one entry)',
    'peer_dropped': 'Node {peer} was disconnected for sending messages against the rules (technical detail: {reason})',
    'sync_begun': 'Began fetching blocks from node {peer}',
    'sync_ended': 'Caught up: {applied} blocks, {from} to {height}, fetched from {peers} nodes (the first: {peer})',
    'sync_badBlock': 'Block {height} sent by node {peer} was not valid and was not taken (technical detail: {reason})',
    'governance_committed': 'Governance: {txType} (block {height})',
    'node_error': 'The node had an error: {reason}',
    'bundle_imported': 'A bundle was imported: blocks {from} to {to}, {txs} transactions',
    'bundle_refused': 'A bundle was refused: {reason}',
    'bundle_pendingImported': 'A bundle of pending transactions was imported: {txs} admitted, {refused} refused',
    'device_rejected': 'A {txType} transaction sent from this device was refused: {reason}',
    unknown: 'An entry this app does not know',
  },
}

export default { ko, en }
