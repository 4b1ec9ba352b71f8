import type { UpcomingMessages } from '../upcoming-messages'

const ko: UpcomingMessages = {
  nav: '토지',
  title: '부동산 등기부',
  intro: '토지와 건물의 소유권, 근저당 등 권리의 등기를 기록하고 등기부 증명서를 발급합니다.',
  later: '부동산 등기부의 화면은 다음 릴리스에서 제공됩니다. 지금은 이 화면에 기록할 수 있는 것이 없습니다.',
  meanwhile: '그동안 블록 탐색기에서 원장의 거래를 살펴보고, 「키와 역할」에서 역할을 관리할 수 있습니다.',
}

const en: UpcomingMessages = {
  nav: 'Land',
  title: 'Land register',
  intro: 'Records ownership of land and buildings and rights such as mortgages, and issues register certificates.',
  later: 'The land register arrives in a later release. There is nothing to record on this screen yet.',
  meanwhile: 'Meanwhile you can look at the ledger in the block explorer and manage roles under Keys & roles.',
}

export default { ko, en }
