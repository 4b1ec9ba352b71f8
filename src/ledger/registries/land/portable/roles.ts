/** The land registry's roles: an agency administrator issues them to staff keys. */
import type { RoleDef } from '../../portable-types'

export const REGISTRAR_ROLE = 'registrar'
export const BANK_OFFICER_ROLE = 'bank-officer'
export const AGENT_ROLE = 'land-agent'
export const AUTHORITY_ROLE = 'land-authority'

export const LAND_ROLES: readonly RoleDef[] = [
  {
    id: 'registrar',
    words: { ko: '등기관', en: 'Registrar' },
    description: { ko: '등기기록을 개설하고 신청을 심사해 기입하거나 각하합니다.', en: 'Opens registers and examines applications, entering or rejecting them.' },
  },
  {
    id: 'bank-officer',
    words: { ko: '은행 담당자', en: 'Bank officer' },
    description: { ko: '은행을 대신해 근저당권 설정과 말소를 신청합니다.', en: "Applies for the bank's mortgages and their cancellation." },
  },
  {
    id: 'land-agent',
    words: { ko: '법무사', en: 'Licensed agent' },
    description: { ko: '위임을 받아 당사자의 등기 신청을 제출합니다.', en: 'Submits applications for the parties under a recorded mandate.' },
  },
  {
    id: 'land-authority',
    words: { ko: '촉탁 기관 담당자', en: 'Commissioning authority' },
    description: { ko: '법원·세무서를 대신해 가압류·가처분·압류·경매개시결정과 그 말소를 촉탁합니다.', en: 'Commissions attachments, injunctions, seizures and auctions, and their cancellation, for a court or a tax office.' },
  },
]
