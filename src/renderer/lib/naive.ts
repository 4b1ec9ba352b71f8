/**
 * naive-ui configuration: locales following vue-i18n, and light/dark themes that follow the system like base.css.
 * The dark theme lists only the components the app uses (naive-ui's full `darkTheme` would pull every component's
 * theme into the bundle); a component missing here falls back to its light look. Colours match base.css.
 */
import {
  alertDark,
  buttonDark,
  cardDark,
  commonDark,
  dataTableDark,
  dateEnUS,
  dateKoKR,
  descriptionsDark,
  emptyDark,
  enUS,
  formDark,
  inputDark,
  koKR,
  messageDark,
  modalDark,
  notificationDark,
  radioDark,
  scrollbarDark,
  spinDark,
  tagDark,
  tooltipDark,
  type GlobalTheme,
  type GlobalThemeOverrides,
  type NDateLocale,
  type NLocale,
} from 'naive-ui'
import type { Locale } from '../i18n/locale'

export const NAIVE_LOCALES: Record<Locale, { locale: NLocale; dateLocale: NDateLocale }> = {
  ko: { locale: koKR, dateLocale: dateKoKR },
  en: { locale: enUS, dateLocale: dateEnUS },
}

export const darkTheme: GlobalTheme = {
  name: 'daejang-dark',
  common: commonDark,
  Alert: alertDark,
  Button: buttonDark,
  Card: cardDark,
  DataTable: dataTableDark,
  Descriptions: descriptionsDark,
  Empty: emptyDark,
  Form: formDark,
  Input: inputDark,
  Message: messageDark,
  Modal: modalDark,
  Notification: notificationDark,
  Radio: radioDark,
  Scrollbar: scrollbarDark,
  Spin: spinDark,
  Tag: tagDark,
  Tooltip: tooltipDark,
}

const FONT = "'Noto Sans KR', 'Pretendard', 'Apple SD Gothic Neo', 'Malgun Gothic', system-ui, sans-serif"
const MONO = "ui-monospace, 'SFMono-Regular', 'D2Coding', Menlo, Consolas, monospace"

export function themeOverrides(dark: boolean): GlobalThemeOverrides {
  const primary = dark
    ? { primaryColor: '#7fb0f0', primaryColorHover: '#99c0f3', primaryColorPressed: '#5f97e0', primaryColorSuppl: '#99c0f3' }
    : { primaryColor: '#1f5fae', primaryColorHover: '#2a6fc4', primaryColorPressed: '#174a88', primaryColorSuppl: '#2a6fc4' }
  return {
    common: { ...primary, fontFamily: FONT, fontFamilyMono: MONO, fontSize: '15px', borderRadius: '6px' },
  }
}
