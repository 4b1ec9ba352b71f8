/** The livestock registry's roles: an agency administrator issues them to staff keys (grantable before the registry is built). */
import type { RoleDef } from '../../portable-types'

export const LIVESTOCK_ROLES: readonly RoleDef[] = [
  { id: 'livestock-officer', words: { ko: '축산 담당 공무원', en: 'Livestock officer' } },
  { id: 'farmer', words: { ko: '농장주', en: 'Farmer' } },
  { id: 'vet', words: { ko: '수의사', en: 'Veterinarian' } },
  { id: 'tagger', words: { ko: '귀표 부착자', en: 'Ear tagger' } },
  { id: 'slaughterhouse', words: { ko: '도축장', en: 'Slaughterhouse' } },
  { id: 'grader', words: { ko: '등급 판정사', en: 'Grader' } },
  { id: 'packer', words: { ko: '포장 처리업자', en: 'Packer' } },
  { id: 'shop', words: { ko: '판매점', en: 'Shop' } },
]
