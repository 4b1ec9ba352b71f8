/**
 * What the app frame reads of the elections feature from the start: the nav label, the frame's title, intro and tabs,
 * the node's state. Each screen's own words load with its route (screen/messages.ts). Korean is the schema; English
 * has exactly the same keys.
 */
const ko = {
  nav: '선거',
  title: '선거',
  intro: '선거 관리관이 선거를 준비하고, 수탁 기관들이 함께 선거 키를 만들고, 자격증명 발급 기관이 선거인의 자격증명을 발급합니다. 투표와 개표는 누구나 검증할 수 있습니다.',
  citizen: '누구나 선거의 진행 상황과 투표 추적 번호, 결과를 볼 수 있습니다. 선거 준비와 키 생성, 자격증명 발급은 해당 역할을 가진 사람만 할 수 있습니다.',
  tabs: {
    list: '선거 목록',
    draft: '선거 준비',
  },
  sync: {
    syncing: '노드가 따라잡는 중입니다(블록 {height} / {target}). 최신 기록이 아직 보이지 않을 수 있습니다.',
    offline: '노드에 연결할 수 없습니다. 보이는 내용은 마지막으로 받은 것입니다.',
    error: '노드가 요청을 거부했습니다: {reason}',
  },
}

const en: typeof ko = {
  nav: 'Elections',
  title: 'Elections',
  intro: 'Election officials prepare an election, trustee agencies make its key together and a credential authority issues the voters\u2019 credentials. Anyone can verify the voting and the tally.',
  citizen: 'Anyone may follow an election, look up a ballot\u2019s tracker and read the result. Preparing an election, making its key and issuing credentials are done by the holders of the matching role.',
  tabs: {
    list: 'Elections',
    draft: 'Prepare an election',
  },
  sync: {
    syncing: 'The node is catching up (block {height} of {target}). The latest records may not show yet.',
    offline: 'The node cannot be reached. What you see is what it last received.',
    error: 'The node refused the request: {reason}',
  },
}

export default { ko, en }
