import type { UpcomingMessages } from '../upcoming-messages'

const ko: UpcomingMessages = {
  nav: '문서',
  title: '공증 문서',
  intro: '공증과 아포스티유를 기록하고, 누구나 오프라인으로 검증할 수 있는 증명서를 발급합니다.',
  later: '공증 문서 등록부는 다음 릴리스에서 제공됩니다. 지금은 이 화면에 기록할 수 있는 것이 없습니다.',
  meanwhile: '그동안 블록 탐색기에서 원장의 거래를 살펴보고, 「키와 역할」에서 역할을 관리할 수 있습니다.',
}

const en: UpcomingMessages = {
  nav: 'Documents',
  title: 'Notarised documents',
  intro: 'Records notarisations and apostilles and issues certificates that anyone can verify offline.',
  later: 'The documents register arrives in a later release. There is nothing to record on this screen yet.',
  meanwhile: 'Meanwhile you can look at the ledger in the block explorer and manage roles under Keys & roles.',
}

export default { ko, en }
