/**
 * Error codes of the land register's node-local reads (docs/adr/0038): the owner lookup (authorised roles, the
 * pepper, a signed request) and the bank's watch list. Stable: the codes keep their names and meanings.
 */
import type { RegistryErrorDef } from '../../portable-types'

export const LAND_LOCAL_ERRORS = {
  LAND_NO_PEPPER: {
    message: 'This node has no land pepper (the file land-pepper in its home): it cannot look up registers by owner.',
    text: {
      ko: '이 노드에는 식별번호 비밀값(land-pepper)이 없어 소유자로 등기기록을 찾을 수 없습니다.',
      en: 'This node has no identifier secret (land-pepper), so it cannot look up registers by owner.',
    },
    status: 409,
  },
  LAND_NOT_AUTHORISED: {
    message: 'The owner lookup must be signed by the key of a registrar, a bank officer or a commissioning authority.',
    text: {
      ko: '소유자 조회는 등기관·은행 담당자·촉탁 기관 담당자의 키로 서명해야 합니다.',
      en: 'An owner lookup must be signed by the key of a registrar, a bank officer or a commissioning authority.',
    },
    status: 403,
  },
  LAND_LOOKUP_EXPIRED: {
    message: 'The signed lookup request is too old, or dated ahead of this node’s clock: sign it again.',
    text: {
      ko: '서명한 조회 요청의 시각이 너무 오래되었거나 이 노드의 시계보다 앞섭니다. 다시 서명하십시오.',
      en: 'The signed lookup request is too old, or dated ahead of this node’s clock. Sign it again.',
    },
    status: 403,
  },
  LAND_LOOKUP_REPLAYED: {
    message: 'This signed lookup request was already used: sign a new one.',
    text: { ko: '이미 사용한 조회 요청입니다. 새로 서명하십시오.', en: 'This signed lookup request was already used. Sign a new one.' },
    status: 409,
  },
  LAND_ID_INVALID: {
    message: 'Not a resident or corporate registration number (800101-1234567 or 110111-0000002).',
    text: {
      ko: '주민등록번호나 법인등록번호의 형식이 아닙니다 (예: 800101-1234567, 110111-0000002).',
      en: 'Not a resident or corporate registration number (for example 800101-1234567 or 110111-0000002).',
    },
    status: 422,
  },
  LAND_INDEX_BEHIND: {
    message: 'The node’s land index is still catching up with the chain: try again shortly.',
    text: { ko: '노드의 등기 색인이 아직 따라잡는 중입니다. 잠시 후 다시 시도하십시오.', en: 'The node’s land index is still catching up. Try again shortly.' },
    status: 409,
  },
  LAND_WATCH_LIMIT: {
    message: 'The watch list is full: remove registers you no longer follow.',
    text: { ko: '관심 등기 목록이 가득 찼습니다. 더 보지 않을 등기기록을 빼십시오.', en: 'The watch list is full. Remove registers you no longer follow.' },
    status: 422,
  },
} as const satisfies Record<string, RegistryErrorDef>
