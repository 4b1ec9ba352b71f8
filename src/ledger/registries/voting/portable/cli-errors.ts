/**
 * Error codes of the election commands' own files (docs/adr/0058): the trustee's secret file, the private credentials
 * file, the letters, a vote's choices. Stable: the codes keep their names and meanings. Nothing is signed or sent
 * when one of these is raised.
 */
import type { RegistryErrorDef } from '../../portable-types'

export const VOTING_CLI_ERRORS = {
  VOTING_FILE_EXISTS: {
    message: 'The file to write already exists; it is never overwritten (choose another name, or move the old file away).',
    text: { ko: '쓰려는 파일이 이미 있습니다. 덮어쓰지 않습니다(다른 이름을 고르거나 기존 파일을 옮기십시오).', en: 'The file to write already exists; it is never overwritten (choose another name, or move the old file away).' },
    status: 409,
  },
  VOTING_SECRET_FILE: {
    message: "The trustee's secret file is not one, is another election's or another agency's, or is not the one whose certificate the agency published.",
    text: {
      ko: '수탁자 비밀 파일이 아니거나, 다른 선거·다른 기관의 파일이거나, 이 기관이 게시한 인증서의 파일이 아닙니다.',
      en: "The trustee's secret file is not one, is another election's or another agency's, or is not the one whose certificate the agency published.",
    },
    status: 422,
  },
  VOTING_CREDENTIALS_FILE: {
    message: "The private credentials file is not one, is another election's, or does not match the election's voters or its published list.",
    text: {
      ko: '비공개 자격증명 파일이 아니거나, 다른 선거의 파일이거나, 선거인 수 또는 게시된 목록과 맞지 않습니다.',
      en: "The private credentials file is not one, is another election's, or does not match the election's voters or its published list.",
    },
    status: 422,
  },
  VOTING_VOTER_LIST: {
    message: 'The voter list for the letters does not have one line per credential.',
    text: { ko: '안내문에 쓸 선거인 명단의 줄 수가 자격증명 수와 다릅니다.', en: 'The voter list for the letters does not have one line per credential.' },
    status: 422,
  },
  VOTING_BAD_CHOICES: {
    message: "The choices do not fit the election's questions (one list of 0 and 1 per question, within its minimum and maximum).",
    text: { ko: '선택이 선거의 질문에 맞지 않습니다(질문마다 0과 1의 목록 하나, 최소·최대 선택 수 안에서).', en: "The choices do not fit the election's questions (one list of 0 and 1 per question, within its minimum and maximum)." },
    status: 422,
  },
  VOTING_BAD_CREDENTIAL_INPUT: {
    message: "The credential is not one (XXXXX-XXXXXX-XXXXX-XXXXXX or a letter's QR text), or the letter is for another election.",
    text: { ko: '자격증명 형식이 아니거나(XXXXX-XXXXXX-XXXXX-XXXXXX 또는 안내문 QR 문자열), 다른 선거의 안내문입니다.', en: "The credential is not one (XXXXX-XXXXXX-XXXXX-XXXXXX or a letter's QR text), or the letter is for another election." },
    status: 422,
  },
  VOTING_RESULT_NOT_COMPUTED: {
    message: 'The result cannot be computed from the ledger: too few partial decryptions, or one that does not check.',
    text: { ko: '원장의 자료로 결과를 계산할 수 없습니다. 부분 복호화가 모자라거나 검사를 통과하지 못한 것이 있습니다.', en: 'The result cannot be computed from the ledger: too few partial decryptions, or one that does not check.' },
    status: 409,
  },
} as const satisfies Record<string, RegistryErrorDef>

export type VotingCliErrorCode = keyof typeof VOTING_CLI_ERRORS
