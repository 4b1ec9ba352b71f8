/**
 * The 28 land categories (지목) of the Act on the Establishment and Management of Spatial Data (공간정보의 구축 및
 * 관리 등에 관한 법률, art. 67), a closed list: the stable id stored on the ledger, the name and the one-character
 * symbol (부호) printed on cadastral maps, and the English words.
 */
import type { Words } from '../../portable-types'

export interface LandCategory {
  id: string
  /** the 부호: usually the first character, except 공장용지 장, 주차장 차, 하천 천, 유원지 원 */
  symbol: string
  words: Words
}

export const LAND_CATEGORIES = [
  { id: 'field', symbol: '전', words: { ko: '전', en: 'Dry field' } },
  { id: 'paddy', symbol: '답', words: { ko: '답', en: 'Paddy field' } },
  { id: 'orchard', symbol: '과', words: { ko: '과수원', en: 'Orchard' } },
  { id: 'pasture', symbol: '목', words: { ko: '목장용지', en: 'Pasture' } },
  { id: 'forest', symbol: '임', words: { ko: '임야', en: 'Forest' } },
  { id: 'mineral-spring', symbol: '광', words: { ko: '광천지', en: 'Mineral spring site' } },
  { id: 'salt-farm', symbol: '염', words: { ko: '염전', en: 'Salt farm' } },
  { id: 'building-site', symbol: '대', words: { ko: '대', en: 'Building site' } },
  { id: 'factory', symbol: '장', words: { ko: '공장용지', en: 'Factory site' } },
  { id: 'school', symbol: '학', words: { ko: '학교용지', en: 'School site' } },
  { id: 'parking', symbol: '차', words: { ko: '주차장', en: 'Parking lot' } },
  { id: 'gas-station', symbol: '주', words: { ko: '주유소용지', en: 'Filling station site' } },
  { id: 'warehouse', symbol: '창', words: { ko: '창고용지', en: 'Warehouse site' } },
  { id: 'road', symbol: '도', words: { ko: '도로', en: 'Road' } },
  { id: 'railway', symbol: '철', words: { ko: '철도용지', en: 'Railway site' } },
  { id: 'embankment', symbol: '제', words: { ko: '제방', en: 'Embankment' } },
  { id: 'river', symbol: '천', words: { ko: '하천', en: 'River' } },
  { id: 'ditch', symbol: '구', words: { ko: '구거', en: 'Ditch' } },
  { id: 'reservoir', symbol: '유', words: { ko: '유지', en: 'Reservoir' } },
  { id: 'fish-farm', symbol: '양', words: { ko: '양어장', en: 'Fish farm' } },
  { id: 'waterworks', symbol: '수', words: { ko: '수도용지', en: 'Waterworks site' } },
  { id: 'park', symbol: '공', words: { ko: '공원', en: 'Park' } },
  { id: 'sports', symbol: '체', words: { ko: '체육용지', en: 'Sports site' } },
  { id: 'amusement', symbol: '원', words: { ko: '유원지', en: 'Amusement park' } },
  { id: 'religious', symbol: '종', words: { ko: '종교용지', en: 'Religious site' } },
  { id: 'historic', symbol: '사', words: { ko: '사적지', en: 'Historic site' } },
  { id: 'cemetery', symbol: '묘', words: { ko: '묘지', en: 'Cemetery' } },
  { id: 'miscellaneous', symbol: '잡', words: { ko: '잡종지', en: 'Miscellaneous land' } },
] as const satisfies readonly LandCategory[]

export type LandCategoryId = (typeof LAND_CATEGORIES)[number]['id']

const BY_ID = new Map<string, LandCategory>(LAND_CATEGORIES.map((c) => [c.id, c]))
const BY_NAME = new Map<string, LandCategory>(LAND_CATEGORIES.map((c) => [c.words.ko, c]))

export function landCategory(id: string): LandCategory | undefined {
  return BY_ID.get(id)
}

/** A category by its Korean name or its id (an import file may use either); undefined when it is neither. */
export function landCategoryByName(text: string): LandCategory | undefined {
  const t = text.trim()
  return BY_NAME.get(t) ?? BY_ID.get(t)
}
