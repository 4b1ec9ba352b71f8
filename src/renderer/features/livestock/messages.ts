import type { UpcomingMessages } from '../upcoming-messages'

const ko: UpcomingMessages = {
  nav: '축산',
  title: '가축 이력',
  intro: '가축의 출생부터 귀표, 검역, 도축, 등급 판정, 포장, 판매까지의 이력을 기록합니다.',
  later: '가축 이력 등록부는 다음 릴리스에서 제공됩니다. 지금은 이 화면에 기록할 수 있는 것이 없습니다.',
  meanwhile: '그동안 블록 탐색기에서 원장의 거래를 살펴보고, 「키와 역할」에서 역할을 관리할 수 있습니다.',
}

const en: UpcomingMessages = {
  nav: 'Livestock',
  title: 'Livestock traceability',
  intro: 'Records an animal’s history from birth through tagging, veterinary checks, slaughter, grading, packing and sale.',
  later: 'The livestock register arrives in a later release. There is nothing to record on this screen yet.',
  meanwhile: 'Meanwhile you can look at the ledger in the block explorer and manage roles under Keys & roles.',
}

export default { ko, en }
