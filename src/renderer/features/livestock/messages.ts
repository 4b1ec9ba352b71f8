/**
 * What the app frame reads of the livestock feature from the start: the nav label, the frame's title, intro and tabs,
 * the node's state. Each screen's own words load with its route (i18n/screen-messages.ts). Korean is the schema;
 * English has exactly the same keys.
 */
const ko = {
  nav: '축산',
  title: '가축 이력',
  intro: '소의 출생·수입부터 귀표, 이동, 예방접종과 검사, 도축, 등급 판정, 포장, 판매까지 모든 단계를 기록합니다.',
  citizen: '누구나 이력번호나 묶음번호로 소의 이력을 조회하고 라벨을 검증할 수 있습니다. 신고는 해당 역할을 가진 사람만 할 수 있습니다.',
  tabs: {
    lookup: '이력 조회',
    report: '신고',
    sites: '농장·업소',
    standstills: '이동제한',
    trace: '역학 추적',
    dashboard: '현황판',
    batch: '일괄 신고',
  },
  sync: {
    syncing: '노드가 따라잡는 중입니다(블록 {height} / {target}). 최신 기록이 아직 보이지 않을 수 있습니다.',
    offline: '노드에 연결할 수 없습니다. 보이는 내용은 마지막으로 받은 것입니다.',
    error: '노드가 요청을 거부했습니다: {reason}',
  },
}

const en: typeof ko = {
  nav: 'Livestock',
  title: 'Livestock traceability',
  intro: 'Records every step of an animal: birth or import, ear tag, moves, vaccinations and tests, slaughter, grading, packing and sale.',
  citizen: 'Anyone may look up an animal or a bundle by its number and verify a label. Reports are made by the holders of the matching role.',
  tabs: {
    lookup: 'Look up',
    report: 'Report',
    sites: 'Farms and businesses',
    standstills: 'Standstills',
    trace: 'Outbreak tracing',
    dashboard: 'Dashboard',
    batch: 'Batch reports',
  },
  sync: {
    syncing: 'The node is catching up (block {height} of {target}). The latest records may not show yet.',
    offline: 'The node cannot be reached. What you see is what it last received.',
    error: 'The node refused the request: {reason}',
  },
}

export default { ko, en }
