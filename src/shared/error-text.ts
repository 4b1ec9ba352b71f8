/**
 * What each stable error code of the core means to the person reading the screen, in Korean and English (the node's
 * English `message` stays the technical detail, shown on demand). Portable: the app, the standalone verifier page and
 * the notifications read it. Every code of ErrorCodes has an entry (the type says so, and a test walks the list).
 * A registry's codes carry their sentences themselves (registries/<domain>/portable/errors.ts); the catalogue
 * (registries/catalogue.ts) answers for both. Sentences may use particle markers (shared/particles.ts).
 */
import { type CoreErrorCode, isCoreErrorCode } from './errors'

export type UiLocale = 'ko' | 'en'

export const ERROR_TEXT: Record<CoreErrorCode, Record<UiLocale, string>> = {
  MALFORMED_JSON: { ko: '요청을 읽을 수 없습니다 (형식이 잘못되었습니다).', en: 'The request could not be read (it is malformed).' },
  SCHEMA_INVALID: { ko: '입력한 내용 중 형식에 맞지 않는 것이 있습니다.', en: 'Some of what was entered is not in the expected form.' },
  NON_CANONICAL: { ko: '데이터가 정해진 형식으로 인코딩되지 않았습니다.', en: 'The data is not encoded in its one accepted form.' },
  UNSUPPORTED_VERSION: { ko: '이 버전의 형식은 지원하지 않습니다. 앱을 업데이트하십시오.', en: 'This format version is not supported. Update the app.' },
  PAYLOAD_TOO_LARGE: { ko: '보낸 내용이 허용된 크기보다 큽니다.', en: 'What was sent is larger than allowed.' },
  TX_TOO_LARGE: { ko: '거래가 컨소시엄이 허용하는 크기보다 큽니다.', en: 'The transaction is larger than the consortium allows.' },
  WRONG_CHAIN: { ko: '다른 원장(체인)용으로 서명된 거래입니다.', en: 'The transaction was signed for another ledger (chain).' },
  UNKNOWN_TYPE: { ko: '이 노드가 모르는 종류의 거래입니다.', en: 'This node does not know this kind of transaction.' },
  BAD_PAYLOAD: { ko: '거래 내용이 그 종류에 맞지 않습니다.', en: 'The content of the transaction does not fit its kind.' },
  BAD_SIGNATURE: { ko: '서명이 서명한 키와 맞지 않습니다.', en: 'The signature does not match the key that signed.' },
  MISSING_SIGNATURE: { ko: '함께 서명해야 할 당사자의 서명이 아직 없습니다. 모두 서명한 뒤 보내십시오.', en: 'A party that must sign this has not signed yet. Send it once everyone has signed.' },
  NONCE_REPLAYED: { ko: '이미 처리된 거래이거나 오래된 거래입니다. 다시 서명해서 보내십시오.', en: 'This transaction was already processed or is out of date. Sign it again.' },
  NONCE_PENDING: { ko: '이 키로 보낸 다른 거래가 같은 순번으로 대기 중입니다.', en: 'Another transaction from this key is waiting with the same sequence number.' },
  DUPLICATE_TX: { ko: '같은 거래가 이미 대기 중이거나 확정되었습니다.', en: 'The same transaction is already waiting or committed.' },
  TX_FROM_FUTURE: { ko: '거래 시각이 너무 미래입니다. 이 컴퓨터의 시계를 확인하십시오.', en: "The transaction's time is too far ahead. Check this computer's clock." },
  NONCE_AHEAD: { ko: '이 문서는 서명할 키의 순번을 지나치게 앞당겨 놓았습니다. 서명하면 이 키의 이후 거래가 실패할 수 있어 서명하지 않습니다.', en: 'This act sets the signing key\'s sequence number far ahead. Signing it could make the key\'s later transactions fail, so it is not signed.' },
  ACT_EXPIRED: { ko: '여럿이 서명하는 거래가 만든 지 7일이 넘어 더는 받아들여지지 않습니다. 새로 만들어 다시 서명을 받으십시오.', en: 'This transaction signed by several parties is more than 7 days old and is no longer accepted. Make it again and have it signed again.' },
  UNAUTHORIZED_ROLE: { ko: '서명한 키에 이 일을 할 역할이 없습니다.', en: 'The key that signed does not hold the role this needs.' },
  RULE_VIOLATION: { ko: '등록부의 규칙상 할 수 없는 일입니다.', en: "The register's rules do not allow this." },
  DATE_IN_FUTURE: { ko: '거래에 적힌 날짜가 그 거래를 기록하는 블록의 날짜보다 늦습니다. 날짜를 확인하십시오.', en: 'A date in the transaction is later than the day of the block that records it. Check the date.' },
  MEMPOOL_FULL: { ko: '노드에 처리할 거래가 너무 많습니다. 잠시 뒤 자동으로 다시 보냅니다.', en: 'The node has too many transactions to process. It will be sent again shortly.' },
  NOT_FOUND: { ko: '찾는 것이 없습니다.', en: 'Nothing was found.' },
  UNKNOWN_HEIGHT: { ko: '그 높이에는 서명된 블록이 없습니다.', en: 'There is no signed block at that height.' },
  HEIGHT_PRUNED: { ko: '이 노드는 그 높이의 상태를 더 이상 보관하지 않습니다 (정리됨). 모든 높이를 보관하는 노드에 요청하십시오.', en: 'This node no longer keeps the state of that height (pruned). Ask a node that keeps every height.' },
  RANGE_TOO_LARGE: { ko: '이 묶음에는 한 번의 증명에 담을 수 있는 것보다 많은 항목이 있습니다. 항목을 하나씩 요청하십시오.', en: 'This group holds more entries than one proof may carry. Ask for its entries one by one.' },
  TRUST_STEPS_TOO_MANY: {
    ko: '요청한 높이 범위에 한 번의 답에 담을 수 있는 것보다 많은 검증자 집합 변경이 있습니다. 높이 범위를 나누어 요청하십시오.',
    en: 'The heights asked for hold more validator-set changes than one answer may carry. Ask for a shorter range of heights.',
  },
  UNAUTHENTICATED: { ko: '접속이 끝났습니다. 새 접속 링크로 여십시오.', en: 'The session has ended. Open a new sign-in link.' },
  FORBIDDEN_HOST: { ko: '이 노드의 주소가 아닌 곳으로 보낸 요청입니다.', en: 'The request was not addressed to this node.' },
  FORBIDDEN_ORIGIN: { ko: '허용되지 않은 곳에서 온 요청입니다.', en: 'The request comes from a place that is not allowed.' },
  METHOD_NOT_ALLOWED: { ko: '이 주소에서는 할 수 없는 요청입니다.', en: 'This request is not allowed at this address.' },
  NODE_NOT_RUNNING: { ko: '노드가 실행 중이 아닙니다.', en: 'The node is not running.' },
  NODE_STOPPING: { ko: '노드가 종료하는 중입니다.', en: 'The node is shutting down.' },
  STATE_READS_BUSY: { ko: '노드에 기다리는 상태 조회와 증명 요청이 너무 많습니다. 잠시 뒤 다시 시도하십시오.', en: 'The node has too many state lookups and proofs waiting. Try again shortly.' },
  TX_PENDING: { ko: '거래를 보냈으나 아직 확정되지 않았습니다. 나중에 확정될 수 있으니 다시 보내기 전에 확인하십시오.', en: 'The transaction was sent but is not committed yet; it may still be committed, so check it before sending it again.' },
  HOME_EXISTS: { ko: '이 폴더에는 이미 노드가 있습니다.', en: 'This folder already holds a node.' },
  HOME_MISSING: { ko: '이 폴더에 노드가 없습니다. 먼저 만드십시오 (daejang init).', en: 'This folder holds no node. Create one first (daejang init).' },
  BAD_KEY: { ko: '키 파일이 없거나 읽을 수 없거나, 암호가 틀렸습니다.', en: 'The key file is missing or unreadable, or the passphrase is wrong.' },
  CORRUPT_DATA: { ko: '저장된 데이터가 손상되었습니다.', en: 'Stored data is damaged.' },
  CHAIN_FORMAT_OLD: { ko: '저장된 원장은 이전 버전이 만든 것입니다 (블록 형식 1). 사용할 수 없으니 새 원장을 시작하십시오.', en: 'The stored ledger was made by an earlier version (blocks of format 1). It cannot be used; start a new ledger.' },
  PROOF_INVALID: { ko: '증명이 맞지 않습니다.', en: 'The proof does not hold.' },
  NEEDS_CONSENSUS: { ko: '이 노드 혼자서는 확정할 수 없습니다. 컨소시엄 네트워크에 연결되어야 합니다.', en: 'This node cannot commit alone; it needs its consortium network.' },
  NOT_LOCAL: { ko: '한 컴퓨터에서 시험하는 로컬 컨소시엄에서만 할 수 있습니다.', en: 'Only a local consortium (one computer, for trying things out) allows this.' },
  FILE_UNREADABLE: { ko: '파일이 있지만 읽을 수 없습니다 (권한, 폴더, 장치 오류 등; 자세한 이유는 아래에 있습니다).', en: 'The file is there but cannot be read (permissions, a folder, a device error; the reason is below).' },
  FILE_TOO_LARGE: { ko: '파일이 허용된 크기보다 큽니다 (확인서는 16 MiB까지입니다).', en: 'The file is larger than allowed (a certificate is at most 16 MiB).' },
  PDF_TOO_COMPLEX: { ko: '이 PDF는 안전하게 읽기에 너무 복잡합니다. Daejang이 발급한 확인서가 아닙니다.', en: 'This PDF is too complex to read safely. It is not a certificate issued by Daejang.' },
  LIGHT_BAD_COMMIT: { ko: '기관 노드가 보낸 블록에 검증자 3분의 2 이상의 올바른 서명이 없습니다. 이 답은 받아들이지 않았습니다.', en: 'A block the agency\'s node sent is not signed by more than 2/3 of the validators. The answer was not accepted.' },
  LIGHT_CHAIN_BROKEN: { ko: '기관 노드가 보낸 블록이 이미 확인한 블록에 이어지지 않습니다. 이 답은 받아들이지 않았습니다.', en: 'A block the agency\'s node sent does not follow the blocks already verified. The answer was not accepted.' },
  LIGHT_SET_UNPROVEN: { ko: '기관 노드가 확인된 블록이 알리지 않은 검증자 집합을 보냈습니다. 이 답은 받아들이지 않았습니다.', en: 'The agency\'s node named a set of validators that no verified block announced. The answer was not accepted.' },
  LIGHT_PROOF_OTHER_KEY: { ko: '기관 노드가 요청하지 않은 다른 항목이나 다른 블록 시점의 증명을 보냈습니다. 이 답은 받아들이지 않았습니다.', en: 'The agency\'s node sent a proof of another entry, or as of another block, than the one asked for. The answer was not accepted.' },
  LIGHT_ROOT_UNKNOWN: { ko: '기관 노드가 보낸 증명이 확인된 블록의 상태와 맞지 않습니다. 이 답은 받아들이지 않았습니다.', en: 'The proof the agency\'s node sent does not match the state of any verified block. The answer was not accepted.' },
  LIGHT_BAD_ANSWER: { ko: '기관 노드의 답을 쓸 수 없습니다 (너무 크거나, 제시간에 끝나지 않았거나, 형식이 맞지 않습니다). 이 답은 받아들이지 않았습니다.', en: 'The agency\'s node sent an answer that cannot be used (too large, not finished in time, or not in the expected form). The answer was not accepted.' },
  LIGHT_NOT_SYNCED: { ko: '경량 모드인 이 컴퓨터에는 아직 확인된 블록이 없습니다. 먼저 동기화하십시오 (daejang light sync).', en: 'This light workstation has no verified block for this yet. Synchronise first (daejang light sync).' },
  BUNDLE_CORRUPT: { ko: '번들 파일이 손상되었거나 번들이 아닙니다. 내용이 서명된 머리말과 맞지 않습니다.', en: 'The bundle file is damaged or is not a bundle: its content does not match its signed header.' },
  BUNDLE_TRUNCATED: { ko: '번들 파일이 중간에 끊겼습니다 (복사가 끝나지 않았습니다). 다시 복사하십시오.', en: 'The bundle file is cut short (the copy did not finish). Copy it again.' },
  BUNDLE_TOO_LARGE: { ko: '번들 파일이 이 노드가 받는 크기보다 큽니다.', en: 'The bundle file is larger than this node accepts.' },
  BUNDLE_BAD_HEADER: { ko: '번들의 머리말이 올바르지 않거나 내용(높이, 개수)과 맞지 않습니다.', en: 'The bundle header is not valid or does not agree with its content (heights, counts).' },
  BUNDLE_BAD_SIGNATURE: { ko: '번들을 내보낸 노드의 서명이 맞지 않습니다. 파일이 바뀌었을 수 있습니다.', en: 'The signature of the node that exported the bundle does not verify; the file may have been changed.' },
  BUNDLE_OTHER_CHAIN: { ko: '다른 원장(컨소시엄)의 번들입니다.', en: 'The bundle belongs to another ledger (another consortium).' },
  BUNDLE_GAP: { ko: '번들과 이 노드의 블록 사이(또는 번들 안)에 빠진 높이가 있습니다. 더 낮은 높이부터 내보낸 번들이 필요합니다.', en: 'Heights are missing between this node\'s blocks and the bundle\'s (or inside it). A bundle exported from a lower height is needed.' },
  BUNDLE_FORGED_COMMIT: { ko: '번들의 블록 중 검증자 3분의 2를 넘는 서명이 없는 것이 있습니다. 위조되었을 수 있습니다.', en: 'A block of the bundle is not signed by more than two thirds of its validators; it may be forged.' },
  BUNDLE_BLOCK_ALTERED: { ko: '번들의 블록 내용이 그 블록의 머리말과 맞지 않습니다 (거래가 바뀌었습니다).', en: 'A block of the bundle does not match its own header (its transactions were changed).' },
  SETUP_REQUIRED: { ko: '이 노드에는 아직 원장이 없습니다. 처음 시작하는 방법을 고르십시오.', en: 'This node holds no ledger yet. Choose how to start.' },
  SETUP_DONE: { ko: '처음 시작하는 방법은 이미 골랐습니다. 다시 고를 수 없습니다.', en: 'How to start was already chosen on this node. It cannot be chosen again.' },
  GENESIS_INVALID: { ko: '이 파일은 컨소시엄의 제네시스 문서가 아니거나 손상되었습니다.', en: "This file is not a consortium's genesis document, or it is damaged." },
  AGENCY_ID_TAKEN: { ko: '이 기관 ID는 컨소시엄에서 이미 쓰이고 있습니다. 다른 ID를 고르십시오.', en: 'This agency id is already used in the consortium. Choose another.' },
  BUNDLE_CONFLICT: { ko: '번들의 블록이 이 노드가 이미 가진 블록과 다릅니다.', en: 'The bundle\'s blocks differ from the blocks this node already has.' },
  ADMISSION_TOO_LARGE: { ko: '가입 요청 파일이 너무 큽니다. 가입 요청이 아닌 파일입니다.', en: 'The admission request file is too large to be an admission request.' },
  ADMISSION_MALFORMED: { ko: '가입 요청을 읽을 수 없습니다. 가입 요청 파일이 아니거나 내용이 형식에 맞지 않습니다.', en: 'The admission request cannot be read: it is not an admission request file, or its content does not fit the format.' },
  ADMISSION_BAD_SIGNATURE: { ko: '가입 요청의 서명이 없거나 맞지 않습니다. 서명한 뒤 내용이 바뀌었습니다. 요청한 기관에 새 요청을 받으십시오.', en: 'A signature of the admission request is missing or does not match: it was changed after it was signed. Ask the requester for a new request.' },
  ADMISSION_WRONG_CHAIN: { ko: '이 가입 요청은 다른 컨소시엄(원장)에 가입하려는 요청입니다.', en: 'This admission request asks to join another consortium (ledger).' },
  ADMISSION_AGENCY_TAKEN: { ko: '요청한 기관 ID를 이 컨소시엄에서 이미 쓰고 있습니다. 다른 ID로 요청을 다시 만들어야 합니다.', en: 'The agency ID asked for is already used in this consortium. The request must be made again with another ID.' },
  ADMISSION_KEY_TAKEN: { ko: '가입 요청에 적힌 검증자 키가 이 컨소시엄에서 이미 검증자로 쓰이고 있습니다.', en: 'The validator key named in the admission request already validates in this consortium.' },
  ADMISSION_UNKNOWN_AGENCY: { ko: '업무용 단말이 속하겠다는 기관이 이 컨소시엄의 회원이 아닙니다.', en: 'The agency the workstation asks to work for is not a member of this consortium.' },
  ADMISSION_ADMIN_KEY_TWICE: { ko: '한 기관의 관리자 키 목록에 같은 키가 두 번 들어 있습니다. 그 기관에 목록을 고친 파일을 받으십시오.', en: "The same key is listed twice among one agency's administrator keys. Ask that agency for a corrected file." },
  BACKUP_NOT_A_BACKUP: { ko: '이 파일은 Daejang 노드 백업 파일이 아닙니다.', en: 'This file is not a Daejang node backup.' },
  BACKUP_BAD_HEADER: { ko: '백업 파일의 머리말이 올바르지 않습니다 (이 버전이 모르는 형식일 수 있습니다).', en: 'The backup file\'s header is not valid (it may be of a format this version does not know).' },
  BACKUP_TRUNCATED: { ko: '백업 파일이 중간에 끊겼습니다 (복사가 끝나지 않았습니다). 다시 복사하십시오. 아무것도 복원하지 않았습니다.', en: 'The backup file is cut short (the copy did not finish). Copy it again. Nothing was restored.' },
  BACKUP_CORRUPT: { ko: '백업 파일이 손상되었거나 바뀌었습니다. 아무것도 복원하지 않았습니다.', en: 'The backup file is damaged or was changed. Nothing was restored.' },
  BACKUP_WRONG_PASSPHRASE: { ko: '암호가 이 백업과 맞지 않습니다.', en: 'The passphrase does not open this backup.' },
  BACKUP_OTHER_CHAIN: { ko: '다른 원장(컨소시엄)의 노드 백업입니다. 아무것도 복원하지 않았습니다.', en: 'The backup is of a node of another ledger (another consortium). Nothing was restored.' },
  BACKUP_HOME_NOT_EMPTY: { ko: '백업은 빈 폴더에만 복원합니다. 이 폴더에는 이미 파일(노드일 수 있습니다)이 있습니다.', en: 'A backup is restored only into an empty folder; this one already holds files (perhaps a node).' },
  BACKUP_NO_PASSPHRASE: { ko: '백업 암호를 주지 않았습니다. 암호 파일(--passphrase-file)이나 DAEJANG_PASSPHRASE로 주십시오.', en: 'No backup passphrase was given. Give it in a file (--passphrase-file) or in DAEJANG_PASSPHRASE.' },
  BACKUP_WEAK_PASSPHRASE: { ko: '백업 암호는 12자 이상이어야 합니다.', en: 'A backup passphrase needs at least 12 characters.' },
  BACKUP_LEDGER_NOWHERE_ELSE: { ko: '이 노드는 혼자 블록을 만듭니다. 원장 사본 없이 백업하면 복원한 뒤 원장을 받아올 다른 노드가 없습니다. 원장 사본도 포함하십시오.', en: 'This node makes blocks alone: without its copy of the ledger, a restored node would have no other node to fetch the ledger from. Include the ledger.' },
  BACKUP_NODE_RUNNING: { ko: '이 노드가 실행 중입니다. 실행 중인 노드를 통해 백업하십시오.', en: 'This node is running; back it up through the running node.' },
  INTERNAL: { ko: '노드에서 예상하지 못한 오류가 났습니다.', en: 'Something unexpected went wrong in the node.' },
}

/** The sentence said for a code nobody here knows (a newer node's, or a registry this build lacks). */
export const UNKNOWN_ERROR_TEXT: Record<UiLocale, string> = {
  ko: '노드가 요청을 거부했습니다.',
  en: 'The node refused the request.',
}

/**
 * The sentence for a code: a core code's, or one from `more` (the registries' codes, given by the catalogue); an
 * unknown code gets a generic sentence, never the code itself.
 */
export function errorSentence(
  code: string,
  locale: UiLocale,
  more?: (code: string) => Readonly<Record<UiLocale, string>> | undefined,
): string {
  if (isCoreErrorCode(code)) return ERROR_TEXT[code][locale]
  return (more?.(code) ?? UNKNOWN_ERROR_TEXT)[locale]
}
