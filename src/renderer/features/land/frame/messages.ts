/**
 * What the app frame reads of the land feature from the start: the nav label. The screens' words (messages.ts) load
 * with the screen's route (i18n/screen-messages.ts). Korean is the schema; English has exactly the same keys.
 */
const ko = {
  nav: '토지',
  navApply: '등기 신청',
  watchTab: '관심 등기',
  ownersTab: '소유자 조회',
}

const en: typeof ko = {
  nav: 'Land',
  navApply: 'Land applications',
  watchTab: 'Watch list',
  ownersTab: 'Owner lookup',
}

export default { ko, en }
