import type { UpcomingMessages } from '../upcoming-messages'

const ko: UpcomingMessages = {
  nav: '선거',
  title: '선거',
  intro: '선거를 열고, 암호화된 투표를 받고, 수탁자들이 함께 개표하여 누구나 검증할 수 있는 결과를 공표합니다.',
  later: '선거 기능은 다음 릴리스에서 제공됩니다. 지금은 이 화면에 기록할 수 있는 것이 없습니다.',
  meanwhile: '그동안 블록 탐색기에서 원장의 거래를 살펴보고, 「키와 역할」에서 역할을 관리할 수 있습니다.',
}

const en: UpcomingMessages = {
  nav: 'Elections',
  title: 'Elections',
  intro: 'Opens elections, receives encrypted ballots, and has trustees tally together into a result anyone can verify.',
  later: 'Elections arrive in a later release. There is nothing to record on this screen yet.',
  meanwhile: 'Meanwhile you can look at the ledger in the block explorer and manage roles under Keys & roles.',
}

export default { ko, en }
