/** The livestock registry's roles: an agency administrator issues them to staff keys (docs/adr/0041, "Who reports what"). */
import type { RoleDef } from '../../portable-types'

export const LIVESTOCK_OFFICER_ROLE = 'livestock-officer'
export const FARMER_ROLE = 'farmer'
export const VET_ROLE = 'vet'
export const TAGGER_ROLE = 'tagger'
export const SLAUGHTERHOUSE_ROLE = 'slaughterhouse'
export const GRADER_ROLE = 'grader'
export const PACKER_ROLE = 'packer'
export const SHOP_ROLE = 'shop'
export const MARKET_ROLE = 'market'
export const LAB_ROLE = 'lab'

export const LIVESTOCK_ROLES: readonly RoleDef[] = [
  {
    id: LIVESTOCK_OFFICER_ROLE,
    words: { ko: '축산 담당 공무원', en: 'Livestock officer' },
    description: { ko: '농장과 업소를 등록하고 이동제한을 명령·해제하며 이력을 추적합니다.', en: 'Registers farms and businesses, orders and lifts standstills, traces animals.' },
  },
  { id: FARMER_ROLE, words: { ko: '농장주', en: 'Farmer' }, description: { ko: '자기 농장 소의 출생·이동·폐사·수출입을 신고합니다.', en: "Reports births, moves, deaths, imports and exports of the farm's cattle." } },
  { id: VET_ROLE, words: { ko: '수의사', en: 'Veterinarian' }, description: { ko: '예방접종과 질병검사 결과를 기록합니다.', en: 'Records vaccinations and disease tests.' } },
  { id: TAGGER_ROLE, words: { ko: '귀표 부착자', en: 'Ear tagger' }, description: { ko: '귀표를 달고, 농가를 대신해 출생을 신고합니다.', en: 'Tags animals and reports births on behalf of farms.' } },
  { id: SLAUGHTERHOUSE_ROLE, words: { ko: '도축장', en: 'Slaughterhouse' }, description: { ko: '도축과 검사 결과, DNA 시료를 기록합니다.', en: 'Records slaughter, the inspection result and the DNA sample.' } },
  { id: GRADER_ROLE, words: { ko: '등급 판정사', en: 'Grader' }, description: { ko: '도체의 육질·육량 등급을 판정합니다.', en: 'Grades carcasses for quality and yield.' } },
  { id: PACKER_ROLE, words: { ko: '포장 처리업자', en: 'Packer' }, description: { ko: '부위별로 포장하고 묶음번호를 붙입니다.', en: 'Packs cuts and numbers bundles.' } },
  { id: SHOP_ROLE, words: { ko: '판매점', en: 'Shop' }, description: { ko: '판매를 기록합니다.', en: 'Records sales.' } },
  { id: MARKET_ROLE, words: { ko: '가축시장 관리자', en: 'Livestock market operator' }, description: { ko: '가축시장을 거치는 이동에 서명합니다.', en: 'Signs the moves through a livestock market.' } },
  { id: LAB_ROLE, words: { ko: 'DNA 검사기관', en: 'DNA laboratory' }, description: { ko: '판매 중인 고기와 도축 시료의 DNA 일치 여부를 기록합니다.', en: "Records whether a shop's meat matches the animal's slaughter sample." } },
]
