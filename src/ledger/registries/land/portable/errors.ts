/**
 * The land register's error codes (docs/adr/0033): what an application, an entry or an examination is refused for,
 * with the sentence a person reads and the HTTP status. Stable: the codes keep their names and meanings.
 */
import type { RegistryErrorDef } from '../../portable-types'

export const LAND_ERRORS = {
  LAND_OFFICE: {
    message: 'The registry office is not defined, or belongs to another agency.',
    text: { ko: '등기소가 정의되지 않았거나 다른 기관의 등기소입니다.', en: 'The registry office is not defined, or belongs to another agency.' },
    status: 422,
  },
  LAND_REGISTER_UNKNOWN: {
    message: 'No register has this number.',
    text: { ko: '이 번호의 등기기록이 없습니다.', en: 'No register has this number.' },
    status: 404,
  },
  LAND_HEAD: {
    message: 'The description of the property (표제부) is not acceptable.',
    text: { ko: '표제부의 내용을 받아들일 수 없습니다.', en: 'The description of the property is not acceptable.' },
    status: 422,
  },
  LAND_PARTIES: {
    message: 'A party this act needs has not signed it, or the holders given do not fit the act.',
    text: { ko: '이 등기에 필요한 당사자가 서명하지 않았거나, 권리자가 등기와 맞지 않습니다.', en: 'A party this act needs has not signed it, or the holders given do not fit the act.' },
    status: 422,
  },
  LAND_NOT_OWNER: {
    message: 'The signer is not a current owner of what the act disposes of.',
    text: { ko: '서명한 사람이 처분하려는 부분의 현재 소유자가 아닙니다.', en: 'The signer is not a current owner of what the act disposes of.' },
    status: 422,
  },
  LAND_NOT_OBLIGOR: {
    message: 'The main registration of a provisional registration is applied for by its holder and the owners it was entered against, not by whoever owns now.',
    text: {
      ko: '가등기에 의한 본등기는 가등기권자와 가등기 당시의 소유자(가등기의무자)가 신청해야 하며, 현재 소유자가 대신할 수 없습니다.',
      en: 'The main registration of a provisional registration is applied for by its holder and the owners it was entered against, not by whoever owns now.',
    },
    status: 422,
  },
  LAND_MANDATE: {
    message: "A licensed agent signs for a party only with the party's mandate for this exact request, office, agent and ledger.",
    text: {
      ko: '법무사는 이 원장에서 이 신청·등기소·대리인에 대해 당사자가 서명한 위임이 있어야만 당사자를 대리할 수 있습니다. 다른 원장용이거나 원장을 담기 전에 서명한 위임은 다시 서명받아야 합니다.',
      en: "A licensed agent signs for a party only with the party's mandate for this exact request, office, agent and ledger. A mandate signed for another ledger, or before mandates named their ledger, must be signed again.",
    },
    status: 422,
  },
  LAND_NO_KEY: {
    message: 'A holder whose signature is needed has no key on the register yet; a registrar must bind one first.',
    text: { ko: '서명이 필요한 권리자의 키가 아직 등기기록에 없습니다. 등기관이 먼저 키를 등록해야 합니다.', en: 'A holder whose signature is needed has no key on the register yet. A registrar must bind one first.' },
    status: 422,
  },
  LAND_SHARES: {
    message: 'The shares do not add up: owners must hold exactly the whole, and a share given cannot exceed the share held.',
    text: { ko: '지분이 맞지 않습니다. 소유자의 지분 합은 전체여야 하고, 넘기는 지분은 가진 지분보다 클 수 없습니다.', en: 'The shares do not add up: owners must hold exactly the whole, and a share given cannot exceed the share held.' },
    status: 422,
  },
  LAND_RESTRICTED: {
    message: 'A restriction on the register (provisional attachment, injunction, seizure or auction) blocks this act until it is cancelled.',
    text: { ko: '등기기록의 처분 제한(가압류·가처분·압류·경매개시결정)이 말소될 때까지 이 등기를 할 수 없습니다.', en: 'A restriction on the register (provisional attachment, injunction, seizure or auction) blocks this act until it is cancelled.' },
    status: 409,
  },
  LAND_TARGET: {
    message: 'The entry the act refers to does not exist, is not live, or is not of a kind the act applies to.',
    text: { ko: '등기가 가리키는 순위번호의 등기가 없거나, 이미 말소되었거나, 이 등기의 대상이 될 수 없습니다.', en: 'The entry the act refers to does not exist, is no longer in force, or cannot be the object of this act.' },
    status: 409,
  },
  LAND_APP_STATE: {
    message: 'The application has already been entered, rejected or withdrawn.',
    text: { ko: '이 신청은 이미 기입·각하되었거나 취하되었습니다.', en: 'The application has already been entered, rejected or withdrawn.' },
    status: 409,
  },
  LAND_APP_UNKNOWN: {
    message: 'No application has this receipt number.',
    text: { ko: '이 접수번호의 신청이 없습니다.', en: 'No application has this receipt number.' },
    status: 404,
  },
  LAND_SEARCH_TOO_WIDE: {
    message: 'The search or list would read too much of the register: name an office and a year.',
    text: {
      ko: '찾을 범위가 너무 넓습니다. 등기소와 연도를 지정하십시오.',
      en: 'The search is too wide. Name a registry office and a year.',
    },
    status: 422,
  },
} as const satisfies Record<string, RegistryErrorDef>

export type LandErrorCode = keyof typeof LAND_ERRORS
