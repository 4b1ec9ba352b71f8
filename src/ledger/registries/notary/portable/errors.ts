/**
 * The notary registry's error codes: what a registration or a change of status is refused for, with the sentence a
 * person reads and the HTTP status. Codes keep the names and meanings they had in the core's list (issue 10 moved
 * them here); they stay unique across the catalogue (registries/catalogue.ts checks).
 */
import type { RegistryErrorDef } from '../../portable-types'

export const NOTARY_ERRORS = {
  NUMBER_TAKEN: {
    message: 'This number is already registered (numbers are unique across the consortium).',
    text: { ko: '이 번호는 이미 등록되어 있습니다. 다른 번호를 쓰십시오.', en: 'This number is already registered. Use another number.' },
    status: 409,
  },
  NUMBER_PREFIX: {
    message: "The number does not start with the issuing agency's prefix.",
    text: { ko: '번호가 발급 기관의 접두어로 시작하지 않습니다.', en: "The number does not start with the issuing agency's prefix." },
    status: 422,
  },
  DUPLICATE_DOCUMENT: {
    message: 'A record for this document is already in force.',
    text: { ko: '이 문서는 이미 등록되어 효력이 있습니다.', en: 'This document is already registered and in force.' },
    status: 409,
  },
  STATUS_CONFLICT: {
    message: 'The record cannot change to this status from its current one.',
    text: { ko: '기록의 현재 상태에서는 이렇게 바꿀 수 없습니다.', en: 'The record cannot change to this status from its current one.' },
    status: 409,
  },
} as const satisfies Record<string, RegistryErrorDef>

export type NotaryErrorCode = keyof typeof NOTARY_ERRORS
