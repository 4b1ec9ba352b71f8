/** The standalone verifier page's own words (the rest is the Verify screen's, features/verify/messages.ts). */
const ko = {
  title: '대장 문서 검증기',
  intro:
    '이 페이지는 네트워크를 전혀 쓰지 않습니다. 컨소시엄의 신뢰 목록(trust.json)과 확인서 PDF, 원본 문서 또는 QR 내용만으로 세 가지(무결성, 상태, 발급자)를 확인합니다.',
  election:
    '선거 기록(Belenios 2.5의 .bel 파일)도 이 페이지에서 검사합니다: 아래의 선거 기록 검증에 파일을 놓으면 열 가지 검사를 하고, 추적 번호로 투표를 찾고, 이의 제기한 투표를 열어 봅니다.',
  offline: '오프라인 검증: 상태는 등록 블록 시점의 것입니다. 그 뒤의 취소나 정지는 발급 기관이나 Daejang 앱에서 확인하십시오.',
  language: '언어',
  footer: '이 페이지는 Daejang의 검증 코드와 같은 코드로 만들어졌습니다. 파일은 이 브라우저 안에서만 읽습니다.',
}

const en: typeof ko = {
  title: 'Daejang document verifier',
  intro:
    "This page uses no network at all. With the consortium's trust list (trust.json) and the certificate PDF, the document or the QR text, it answers three checks: integrity, status and issuer.",
  election:
    "Election records (Belenios 2.5 .bel files) are checked here too: drop one on the election record check below for its ten checks, find a ballot by its tracker, or open a challenged ballot.",
  offline: 'Offline verification: the status is as of the registering block. Ask the issuing agency or the Daejang app about a later revocation or suspension.',
  language: 'Language',
  footer: "This page is built from the same verification code as Daejang. Files are read inside this browser only.",
}

export default { ko, en }
