/**
 * The words of `daejang admission show|request` and of `daejang join`'s next steps (docs/adr/0064), in Korean and
 * English (--lang, else the locale). Korean particles are markers after the word ({file}[으로/로]), resolved once filled.
 */
import { resolveParticles } from '../../shared/particles'
import { type CliLang, cliLang } from './lang'

const ko = {
  asks: '요청',
  asksAgency: '기관 가입',
  asksWorkstation: '업무용 단말 노드로 받기',
  chain: '원장',
  agency: '기관',
  agencyId: '기관 ID',
  administrators: '관리자 키',
  validator: '검증자',
  validatorKey: '{key}, 투표권 {power}',
  noValidator: '없음 (검증자 없는 회원 기관)',
  worksFor: '소속 기관',
  worksForAny: '(밝히지 않음: 그 기관의 관리자가 역할을 발급합니다)',
  nodeKey: '노드 키',
  listen: '접속 주소',
  made: '만든 때',
  digest: '요청 지문',
  checked: '확인한 것',
  checkedSignatures: '서명',
  checkedRunning: '서명; 실행 중인 노드에 대해 (원장, 기관 ID, 사용 중인 키)',
  checkedGenesis: '서명; 제네시스 문서에 대해 (노드가 실행 중이 아닙니다)',
  qrDigestOnly: 'QR 코드에는 요청 지문만 들어 있습니다. 요청 파일을 함께 전달하십시오.',
  joinAgency:
    '요청 파일 {file}[을/를] 컨소시엄의 관리자에게 보내십시오. 관리자는 다음으로 확인하고 기관 파일을 만든 뒤 가입을 제안합니다:\n  daejang admission show {file} --home <관리자의 홈> --agency-out agency.json\n  daejang governance propose --home <관리자의 홈> --admit agency.json',
  joinWorkstation:
    '요청 파일 {file}[을/를] 우리 기관의 관리자에게 보내십시오. 관리자는 이 업무용 단말에 역할을 발급합니다:\n  daejang role grant --home <관리자의 홈> --subject {key} --role workstation',
  home: '홈',
  request: '가입 요청',
  requestWhat: '{file} (내용 보기: daejang admission show {file})',
  chainId: '원장 ID',
  adminKey: '관리자 키',
  joinStart: '그다음 이 노드를 시작하십시오: daejang start --home {home}',
}

const en: typeof ko = {
  asks: 'asks',
  asksAgency: 'to admit an agency',
  asksWorkstation: 'to admit a workstation node',
  chain: 'chain',
  agency: 'agency',
  agencyId: 'agency id',
  administrators: 'administrators',
  validator: 'validator',
  validatorKey: '{key}, power {power}',
  noValidator: 'none (a member without a validator)',
  worksFor: 'works for',
  worksForAny: '(not named: its agency administrator grants the role)',
  nodeKey: 'node key',
  listen: 'listens on',
  made: 'made',
  digest: 'digest',
  checked: 'checked',
  checkedSignatures: 'signatures',
  checkedRunning: 'signatures; against the running node (chain, agency id, keys in use)',
  checkedGenesis: 'signatures; against the genesis document (the node is not running)',
  qrDigestOnly: 'the QR code carries the digest only: hand over the file with it',
  joinAgency:
    "Send the request file {file} to the consortium's administrators. An administrator checks it and writes the agency file, then proposes the admission:\n  daejang admission show {file} --home <their home> --agency-out agency.json\n  daejang governance propose --home <their home> --admit agency.json",
  joinWorkstation:
    "Send the request file {file} to your agency's administrator, who grants this workstation its role:\n  daejang role grant --home <their home> --subject {key} --role workstation",
  home: 'home',
  request: 'admission request',
  requestWhat: '{file} (what it asks: daejang admission show {file})',
  chainId: 'chain id',
  adminKey: 'admin key',
  joinStart: 'then start this node: daejang start --home {home}',
}

export type AdmissionWords = typeof ko
export const admissionWords: Record<CliLang, AdmissionWords> = { ko, en }

/** The words in the CLI's language. */
export const words = (lang: CliLang = cliLang()): AdmissionWords => admissionWords[lang]

/** A message with its {values} filled in, its Korean particles chosen by the words filled in. */
export function fillWords(text: string, values: Record<string, string | number>): string {
  return resolveParticles(text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m)))
}
