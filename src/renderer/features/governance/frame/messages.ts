/**
 * What the app frame reads of this feature from the start: the nav label. The rest, the Consortium screen (messages.ts), loads with
 * the screen's route (i18n/screen-messages.ts). Korean is the schema; English has exactly the same keys.
 */
const ko = {
  nav: '컨소시엄',
}

const en: typeof ko = {
  nav: 'Consortium',
}

export default { ko, en }
