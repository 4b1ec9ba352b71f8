/**
 * The stable codes of the election archive (a Belenios 2.5 `.bel` file, docs/voting-belenios.md): why an archive is
 * refused before any check runs (it cannot be read), with the sentence a person reads and the HTTP status. The
 * voting registry's errors include these (spread them in); a refusal changes nothing.
 */
import type { RegistryErrorDef } from '../../../portable-types'

export const ARCHIVE_ERRORS = {
  VOTING_ARCHIVE_TOO_LARGE: {
    message: 'The election archive, or a file inside it, is larger than allowed.',
    text: { ko: '선거 기록 파일 또는 그 안의 파일이 허용된 크기보다 큽니다.', en: 'The election archive, or a file inside it, is larger than allowed.' },
    status: 422,
  },
  VOTING_ARCHIVE_TRUNCATED: {
    message: 'The election archive ends in the middle of a file: it is cut short.',
    text: { ko: '선거 기록 파일이 파일 중간에서 끝납니다. 잘린 파일입니다.', en: 'The election archive ends in the middle of a file: it is cut short.' },
    status: 422,
  },
  VOTING_ARCHIVE_MALFORMED: {
    message: 'The file is not a Belenios election archive (a tar block, a file name or a header is not what the format allows).',
    text: {
      ko: '이 파일은 Belenios 선거 기록이 아닙니다(tar 블록, 파일 이름 또는 머리글이 형식에 맞지 않습니다).',
      en: 'The file is not a Belenios election archive (a tar block, a file name or a header is not what the format allows).',
    },
    status: 422,
  },
  VOTING_ARCHIVE_INCOMPLETE: {
    message: 'The election record lacks a part the archive needs (the setup texts, or a tally without its partial decryptions).',
    text: {
      ko: '선거 기록에 아카이브에 필요한 부분(설정 문서, 또는 부분 복호화가 없는 개표)이 빠져 있습니다.',
      en: 'The election record lacks a part the archive needs (the setup texts, or a tally without its partial decryptions).',
    },
    status: 422,
  },
} as const satisfies Record<string, RegistryErrorDef>

export type ArchiveErrorCode = keyof typeof ARCHIVE_ERRORS
