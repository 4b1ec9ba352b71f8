/**
 * The livestock registry's error codes (docs/adr/0041): what a report is refused for, with the sentence a person reads
 * and the HTTP status. Stable: the codes keep their names and meanings.
 */
import type { RegistryErrorDef } from '../../portable-types'

export const LIVESTOCK_ERRORS = {
  LIVESTOCK_BAD_NUMBER: {
    message: "The animal number is not valid: 12 digits whose last is the check digit.",
    text: { ko: "이력번호(개체식별번호)가 올바르지 않습니다. 12자리이고 마지막 자리가 검증 숫자여야 합니다.", en: "The animal number is not valid: 12 digits whose last is the check digit." },
    status: 422,
  },
  LIVESTOCK_ANIMAL_EXISTS: {
    message: "An animal with this number is already registered.",
    text: { ko: "이 이력번호의 소가 이미 등록되어 있습니다.", en: "An animal with this number is already registered." },
    status: 409,
  },
  LIVESTOCK_UNKNOWN_ANIMAL: {
    message: "No animal is registered under this number.",
    text: { ko: "이 이력번호로 등록된 소가 없습니다.", en: "No animal is registered under this number." },
    status: 404,
  },
  LIVESTOCK_SITE_EXISTS: {
    message: "A farm or business with this number is already registered.",
    text: { ko: "이 번호의 농장 또는 업소가 이미 등록되어 있습니다.", en: "A farm or business with this number is already registered." },
    status: 409,
  },
  LIVESTOCK_UNKNOWN_SITE: {
    message: "No farm or business is registered under this number, or it is closed.",
    text: { ko: "이 번호로 등록된 농장·업소가 없거나 폐업했습니다.", en: "No farm or business is registered under this number, or it is closed." },
    status: 422,
  },
  LIVESTOCK_SITE_KIND: {
    message: "The site named is not of the kind this report needs (a farm, a slaughterhouse, a packer, a shop).",
    text: { ko: "이 신고에 맞는 종류의 농장·업소가 아닙니다(농장, 도축장, 포장처리업소, 판매점).", en: "The site named is not of the kind this report needs (a farm, a slaughterhouse, a packer, a shop)." },
    status: 422,
  },
  LIVESTOCK_NOT_KEEPER: {
    message: "The signer does not act for this farm or business.",
    text: { ko: "서명한 사람은 이 농장·업소를 대표하지 않습니다.", en: "The signer does not act for this farm or business." },
    status: 403,
  },
  LIVESTOCK_BOTH_SITES: {
    message: "A move must be signed by a keeper of the site it leaves and a keeper of the site it goes to.",
    text: { ko: "이동은 보내는 곳과 받는 곳의 관리자가 모두 서명해야 합니다.", en: "A move must be signed by a keeper of the site it leaves and a keeper of the site it goes to." },
    status: 422,
  },
  LIVESTOCK_NOT_AT_SITE: {
    message: "The animal is not on the site the report names.",
    text: { ko: "소가 신고한 농장·업소에 있지 않습니다.", en: "The animal is not on the site the report names." },
    status: 422,
  },
  LIVESTOCK_UNTAGGED: {
    message: "The animal has no ear tag yet: it cannot be moved or slaughtered.",
    text: { ko: "귀표가 없는 소는 이동하거나 도축할 수 없습니다.", en: "The animal has no ear tag yet: it cannot be moved or slaughtered." },
    status: 422,
  },
  LIVESTOCK_ALREADY_TAGGED: {
    message: "The animal already has its ear tag.",
    text: { ko: "이 소는 이미 귀표를 달았습니다.", en: "The animal already has its ear tag." },
    status: 409,
  },
  LIVESTOCK_STANDSTILL: {
    message: "A standstill is in force on the farm, business or area: no moves and no slaughter until it is lifted.",
    text: { ko: "농장·업소 또는 지역에 이동제한이 내려져 있어 해제될 때까지 이동과 도축을 할 수 없습니다.", en: "A standstill is in force on the farm, business or area: no moves and no slaughter until it is lifted." },
    status: 409,
  },
  LIVESTOCK_NOT_ALIVE: {
    message: "The animal is no longer alive on a farm (dead, slaughtered or exported).",
    text: { ko: "이 소는 더 이상 농장에 살아 있지 않습니다(폐사, 도축 또는 수출).", en: "The animal is no longer alive on a farm (dead, slaughtered or exported)." },
    status: 409,
  },
  LIVESTOCK_NOT_SLAUGHTERED: {
    message: "The animal has not been slaughtered (or failed inspection): it cannot be graded, packed or sold.",
    text: { ko: "도축되지 않았거나 검사에 불합격한 소는 등급 판정, 포장, 판매를 할 수 없습니다.", en: "The animal has not been slaughtered (or failed inspection): it cannot be graded, packed or sold." },
    status: 409,
  },
  LIVESTOCK_ALREADY_GRADED: {
    message: "The carcass has already been graded.",
    text: { ko: "이 도체는 이미 등급 판정을 받았습니다.", en: "The carcass has already been graded." },
    status: 409,
  },
  LIVESTOCK_BUNDLE_REQUIRED: {
    message: "A pack that mixes several animals needs a bundle number.",
    text: { ko: "여러 마리를 섞은 포장에는 묶음번호가 있어야 합니다.", en: "A pack that mixes several animals needs a bundle number." },
    status: 422,
  },
  LIVESTOCK_BUNDLE_EXISTS: {
    message: "A bundle with this number already exists.",
    text: { ko: "이 묶음번호는 이미 쓰였습니다.", en: "A bundle with this number already exists." },
    status: 409,
  },
  LIVESTOCK_UNKNOWN_BUNDLE: {
    message: "No bundle has this number.",
    text: { ko: "이 묶음번호의 묶음이 없습니다.", en: "No bundle has this number." },
    status: 404,
  },
  LIVESTOCK_DATE: {
    message: "The date is in the future, or before the animal's birth or its previous event.",
    text: { ko: "날짜가 미래이거나 출생일 또는 이전 기록보다 앞섭니다.", en: "The date is in the future, or before the animal's birth or its previous event." },
    status: 422,
  },
  LIVESTOCK_DUPLICATE: {
    message: "The same animal is named twice in one report.",
    text: { ko: "한 신고에 같은 소가 두 번 들어 있습니다.", en: "The same animal is named twice in one report." },
    status: 422,
  },
  LIVESTOCK_TOO_MANY_MOVES: {
    message: "The animal has reached the number of stays its record keeps (64).",
    text: { ko: "이 소의 사육지 이력이 기록 한도(64곳)에 이르렀습니다.", en: "The animal has reached the number of stays its record keeps (64)." },
    status: 422,
  },
  LIVESTOCK_TOO_MANY_EVENTS: {
    message: "The animal's history has reached the number of events it keeps (4096; the last 64 for DNA tests only).",
    text: {
      ko: "이 소의 이력이 기록 한도(4096건, 마지막 64건은 DNA 검사 전용)에 이르렀습니다.",
      en: "The animal's history has reached the number of events it keeps (4096; the last 64 for DNA tests only).",
    },
    status: 422,
  },
  LIVESTOCK_NO_STANDSTILL: {
    message: "No standstill of this order is in force on the site or area.",
    text: { ko: "해당 농장·지역에 이 명령의 이동제한이 없습니다.", en: "No standstill of this order is in force on the site or area." },
    status: 409,
  },
  LIVESTOCK_STANDSTILL_EXISTS: {
    message: "A standstill is already in force on the site or area.",
    text: { ko: "해당 농장·지역에는 이미 이동제한이 내려져 있습니다.", en: "A standstill is already in force on the site or area." },
    status: 409,
  },
  LIVESTOCK_BATCH_ROLE: {
    message: "The signer does not hold the role an event of the batch needs.",
    text: { ko: "묶음 신고의 어떤 기록에 필요한 역할을 서명한 사람이 가지고 있지 않습니다.", en: "The signer does not hold the role an event of the batch needs." },
    status: 403,
  },
  LIVESTOCK_MOTHER_NOT_FEMALE: {
    message: "The mother named is not a female.",
    text: { ko: "어미로 적은 소가 암소가 아닙니다.", en: "The mother named is not a female." },
    status: 422,
  },
  LIVESTOCK_MOTHER_NOT_ON_FARM: {
    message: "The mother named was not alive on the farm of the birth on the day of the birth.",
    text: { ko: "어미로 적은 소가 출생일에 출생 농장에 살아 있지 않았습니다.", en: "The mother named was not alive on the farm of the birth on the day of the birth." },
    status: 422,
  },
  LIVESTOCK_NOT_HELD: {
    message: "The shop holds no meat of this animal or bundle: no pack was sent to it.",
    text: { ko: "이 판매점에는 이 소나 묶음의 고기가 없습니다. 이 판매점으로 보낸 포장 기록이 없습니다.", en: "The shop holds no meat of this animal or bundle: no pack was sent to it." },
    status: 409,
  },
  LIVESTOCK_SAMPLE_EXISTS: {
    message: "A DNA result is already recorded for this sample.",
    text: { ko: "이 시료의 DNA 검사 결과는 이미 기록되어 있습니다.", en: "A DNA result is already recorded for this sample." },
    status: 409,
  },
  LIVESTOCK_DRY_RUN_EXPIRED: {
    message: "The dry run to continue is no longer kept (it expired, or another took its place): check the file again from its start.",
    text: { ko: "이어서 확인할 사전 점검이 더 이상 남아 있지 않습니다(시간이 지났거나 다른 점검이 자리를 차지했습니다). 파일을 처음부터 다시 확인하십시오.", en: "The dry run to continue is no longer kept (it expired, or another took its place): check the file again from its start." },
    status: 409,
  },
  LIVESTOCK_DRY_RUN_TOO_LONG: {
    message: "A dry run checks at most 50,000 events of one file: split the file.",
    text: { ko: "사전 점검은 한 파일에서 50,000건까지 확인합니다. 파일을 나누십시오.", en: "A dry run checks at most 50,000 events of one file: split the file." },
    status: 422,
  },
} as const satisfies Record<string, RegistryErrorDef>

export type LivestockErrorCode = keyof typeof LIVESTOCK_ERRORS
