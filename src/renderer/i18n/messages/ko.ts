/** Korean messages; the schema for every other language. */
const ko = {
  app: {
    name: '대장',
    skipToContent: '본문으로 건너뛰기',
    language: '언어',
  },
  sync: {
    synced: '동기화됨',
    syncing: '동기화 중',
    offline: '오프라인',
    error: '오류',
  },
  status: {
    label: '노드 상태',
    sync: '상태',
    height: '높이',
    peers: '피어',
    outbox: '대기',
    outboxHint: '이 창에서 보냈지만 아직 블록에 들어가지 않은 거래',
    lastBlock: '마지막 블록',
    never: '아직 없음',
  },
  node: {
    title: '노드',
    chainId: '체인 ID',
    height: '블록 높이',
    lastBlockHash: '마지막 블록 해시',
    appHash: '앱 해시',
    mempool: '멤풀',
    mempoolValue: '거래 없음 | 거래 1건 | 거래 {n}건',
    loading: '노드에 연결하는 중…',
    offline: '노드가 응답하지 않습니다. 다시 시도하는 중…',
  },
  blocks: {
    title: '최근 블록',
    caption: '최근 블록 {n}개, 최신 순',
    height: '높이',
    hash: '해시',
    time: '시각',
    txs: '거래 수',
    proposer: '제안자',
    empty: '아직 블록이 없습니다.',
    failed: '블록을 불러오지 못했습니다: {reason}',
  },
  errors: {
    noToken: 'API 토큰이 없습니다. 노드가 시작할 때 출력한 주소(#token=… 으로 끝남)를 여십시오.',
    setup: '노드에 연결할 수 없습니다: {reason}',
    api: '노드가 요청을 거부했습니다: {reason}',
  },
  time: {
    justNow: '방금',
  },
}

export type MessageSchema = typeof ko
export default ko
