/**
 * The voting registry's error codes (docs/adr/0048): what an election step or a ballot is refused for, with the sentence
 * a person reads and the HTTP status. Stable: the codes keep their names and meanings.
 */
import type { RegistryErrorDef } from '../../portable-types'

export const VOTING_ERRORS = {
  VOTING_UNKNOWN_ELECTION: {
    message: "No election has this identifier.",
    text: { ko: "이 식별자의 선거가 없습니다.", en: "No election has this identifier." },
    status: 404,
  },
  VOTING_UNKNOWN_AGENCY: {
    message: "An agency the election names is not a member of the consortium.",
    text: { ko: "선거에 지정한 기관이 컨소시엄 회원 기관이 아닙니다.", en: "An agency the election names is not a member of the consortium." },
    status: 422,
  },
  VOTING_AUTHORITY_IS_OFFICIAL: {
    message: "The credential authority must be another agency than the election officials'.",
    text: { ko: "선거인 자격증명 발급 기관은 선거 관리 기관과 다른 기관이어야 합니다.", en: "The credential authority must be another agency than the election officials'." },
    status: 422,
  },
  VOTING_NOT_OFFICIAL: {
    message: "The signer is not an election official of the agency that drafted this election.",
    text: { ko: "서명한 사람은 이 선거를 만든 기관의 선거 관리관이 아닙니다.", en: "The signer is not an election official of the agency that drafted this election." },
    status: 403,
  },
  VOTING_PHASE: {
    message: "The election is not at the stage this step needs.",
    text: { ko: "선거가 이 단계를 진행할 수 있는 상태가 아닙니다.", en: "The election is not at the stage this step needs." },
    status: 409,
  },
  VOTING_TIMES: {
    message: "The election's times do not allow this now (it must open in the future, or it has already closed).",
    text: { ko: "선거 시각이 맞지 않습니다(투표 시작은 앞으로의 시각이어야 하거나, 이미 투표가 끝났습니다).", en: "The election's times do not allow this now (it must open in the future, or it has already closed)." },
    status: 409,
  },
  VOTING_NOT_TRUSTEE: {
    message: "The signer is not a trustee of an agency this election names.",
    text: { ko: "서명한 사람은 이 선거에 지정된 기관의 개표 수탁자가 아닙니다.", en: "The signer is not a trustee of an agency this election names." },
    status: 403,
  },
  VOTING_STEP_ORDER: {
    message: "This trustee agency has already taken this step of the key ceremony, or not yet the steps before it.",
    text: { ko: "이 수탁 기관은 열쇠 생성 절차의 이 단계를 이미 마쳤거나 앞 단계를 아직 마치지 않았습니다.", en: "This trustee agency has already taken this step of the key ceremony, or not yet the steps before it." },
    status: 409,
  },
  VOTING_CEREMONY_WAIT: {
    message: "This step of the key ceremony waits for the other trustee agencies to finish the step before.",
    text: { ko: "다른 수탁 기관들이 앞 단계를 마쳐야 열쇠 생성 절차의 이 단계를 진행할 수 있습니다.", en: "This step of the key ceremony waits for the other trustee agencies to finish the step before." },
    status: 409,
  },
  VOTING_CEREMONY_CHECK: {
    message: "A trustee's key ceremony message failed a check; the trustee agency is named.",
    text: { ko: "수탁자의 열쇠 생성 메시지가 검사를 통과하지 못했습니다. 해당 수탁 기관이 기록됩니다.", en: "A trustee's key ceremony message failed a check; the trustee agency is named." },
    status: 422,
  },
  VOTING_BAD_MESSAGE: {
    message: "The message is not the Belenios structure this step expects.",
    text: { ko: "메시지가 이 단계에 필요한 Belenios 형식이 아닙니다.", en: "The message is not the Belenios structure this step expects." },
    status: 422,
  },
  VOTING_NOT_AUTHORITY: {
    message: "The signer is not the credential authority of the agency this election names.",
    text: { ko: "서명한 사람은 이 선거에 지정된 기관의 선거인 자격증명 발급 담당이 아닙니다.", en: "The signer is not the credential authority of the agency this election names." },
    status: 403,
  },
  VOTING_CREDENTIAL_PART: {
    message: "The parts of the credential list must come in order, one after another, before the list is sealed.",
    text: { ko: "자격증명 목록은 봉인 전에 순서대로 한 부분씩 올려야 합니다.", en: "The parts of the credential list must come in order, one after another, before the list is sealed." },
    status: 409,
  },
  VOTING_CREDENTIAL_ORDER: {
    message: "Public credentials must be sorted and distinct, each above the last one published.",
    text: { ko: "공개 자격증명은 정렬되어 있고 서로 달라야 하며, 앞서 올린 것보다 뒤에 와야 합니다.", en: "Public credentials must be sorted and distinct, each above the last one published." },
    status: 422,
  },
  VOTING_BAD_CREDENTIAL: {
    message: "A public credential is not a valid point of the election's group.",
    text: { ko: "공개 자격증명 중 선거 그룹의 올바른 점이 아닌 것이 있습니다.", en: "A public credential is not a valid point of the election's group." },
    status: 422,
  },
  VOTING_CREDENTIAL_COUNT: {
    message: "The credential list does not hold one credential per voter.",
    text: { ko: "자격증명 목록의 수가 선거인 수와 다릅니다.", en: "The credential list does not hold one credential per voter." },
    status: 422,
  },
  VOTING_CREDENTIAL_HASH: {
    message: "The hash given does not match the published credential list.",
    text: { ko: "제출한 해시가 올린 자격증명 목록과 일치하지 않습니다.", en: "The hash given does not match the published credential list." },
    status: 422,
  },
  VOTING_NOT_READY: {
    message: "The election cannot open before every trustee agency has finished the key ceremony and the credential list is sealed.",
    text: { ko: "모든 수탁 기관의 열쇠 생성이 끝나고 자격증명 목록이 봉인되어야 선거를 시작할 수 있습니다.", en: "The election cannot open before every trustee agency has finished the key ceremony and the credential list is sealed." },
    status: 409,
  },
  VOTING_NOT_OPEN: {
    message: "The election is not open for voting at this time.",
    text: { ko: "지금은 이 선거의 투표 시간이 아닙니다.", en: "The election is not open for voting at this time." },
    status: 409,
  },
  VOTING_UNKNOWN_CREDENTIAL: {
    message: "The ballot's credential is not on the election's credential list.",
    text: { ko: "투표지의 자격증명이 선거의 자격증명 목록에 없습니다.", en: "The ballot's credential is not on the election's credential list." },
    status: 422,
  },
  VOTING_BAD_BALLOT: {
    message: "The ballot's signature or proofs are not valid for this election.",
    text: { ko: "투표지의 서명이나 증명이 이 선거에 유효하지 않습니다.", en: "The ballot's signature or proofs are not valid for this election." },
    status: 422,
  },
  VOTING_BALLOT_SEEN: {
    message: "This ballot was already received.",
    text: { ko: "이미 접수된 투표지입니다.", en: "This ballot was already received." },
    status: 409,
  },
  VOTING_BAD_PARTIAL: {
    message: "The partial decryption or its proofs are not valid for this trustee.",
    text: { ko: "부분 복호화 또는 그 증명이 이 수탁자에 대해 유효하지 않습니다.", en: "The partial decryption or its proofs are not valid for this trustee." },
    status: 422,
  },
  VOTING_PARTIAL_TWICE: {
    message: "This trustee agency has already sent its partial decryption.",
    text: { ko: "이 수탁 기관은 이미 부분 복호화를 제출했습니다.", en: "This trustee agency has already sent its partial decryption." },
    status: 409,
  },
  VOTING_NOT_ENOUGH_PARTIALS: {
    message: "The result needs partial decryptions from as many trustee agencies as the threshold.",
    text: { ko: "결과를 내려면 기준 수만큼의 수탁 기관이 부분 복호화를 제출해야 합니다.", en: "The result needs partial decryptions from as many trustee agencies as the threshold." },
    status: 409,
  },
  VOTING_BAD_RESULT: {
    message: "The result does not match the encrypted tally and the partial decryptions.",
    text: { ko: "결과가 암호화된 집계 및 부분 복호화와 일치하지 않습니다.", en: "The result does not match the encrypted tally and the partial decryptions." },
    status: 422,
  },
  VOTING_AUDIT_NOT_OPENED: {
    message: "The revealed randomness does not open this challenged ballot.",
    text: { ko: "공개한 난수로 이 확인용 투표지를 열 수 없습니다.", en: "The revealed randomness does not open this challenged ballot." },
    status: 422,
  },
  VOTING_AUDIT_NOT_SPOILED: {
    message: 'A challenged ballot is opened only once its spoiling, signed by its credential, is recorded.',
    text: {
      ko: '확인용 투표지는 그 자격증명으로 서명한 무효 처리가 먼저 기록된 뒤에만 공개할 수 있습니다.',
      en: 'A challenged ballot can be opened only after its spoiling, signed with its credential, has been recorded.',
    },
    status: 409,
  },
  VOTING_BAD_SPOIL: {
    message: "The spoiling's signature is not the credential's, or the credential is not on the list.",
    text: {
      ko: '무효 처리의 서명이 그 자격증명의 것이 아니거나, 자격증명이 명부에 없습니다.',
      en: "The spoiling is not signed by its credential, or the credential is not on the list.",
    },
    status: 422,
  },
} as const satisfies Record<string, RegistryErrorDef>

export type VotingErrorCode = keyof typeof VOTING_ERRORS
