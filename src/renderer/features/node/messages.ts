const ko = {
  nav: '개요',
  title: '개요',
  localBadge: '로컬 컨소시엄 — 이 컴퓨터에서만',
  localHint: '이 컴퓨터에서 만든 시험용 컨소시엄입니다. 모든 화면이 동작하지만, 다른 기관과 공유되는 것은 없습니다.',
}

const en: typeof ko = {
  nav: 'Overview',
  title: 'Overview',
  localBadge: 'Local consortium — on this computer only',
  localHint: 'A consortium made on this computer to try things out. Every screen works, but nothing is shared with other agencies.',
}

export default { ko, en }
