/**
 * Words for what the node speaks in codes, in the UI language: transaction types, payload fields and values, error
 * codes (lib/words.ts, shared/error-text.ts) and agencies (by name, never by id).
 */
import { storeToRefs } from 'pinia'
import { useI18n } from 'vue-i18n'
import type { AgencyDto } from '../../shared/api'
import { errorSentence, fieldWords, txTypeWords, uiLocale, valueWords } from '../lib/words'
import { LOCAL_AGENCY_ID, useAgenciesStore } from '../stores/agencies'
import { useNodeStore } from '../stores/node'

export function useWords() {
  const { t, te, locale } = useI18n()
  const agencies = useAgenciesStore()
  const { status } = storeToRefs(useNodeStore())
  void agencies.load()
  const loc = () => uiLocale(locale.value)

  /** An agency by its name (`known`: a fresher list the screen holds); the id only while no list has it. */
  function agencyName(id: string, known?: readonly AgencyDto[]): string {
    if (id === LOCAL_AGENCY_ID && status.value?.label === 'local') return t('words.localAgency')
    return known?.find((a) => a.id === id)?.name ?? agencies.registeredName(id) ?? id
  }

  function roleName(role: string): string {
    return te(`roles.${role}`) ? t(`roles.${role}`) : role
  }

  return {
    txType: (type: string) => txTypeWords(type, loc()),
    field: (key: string) => fieldWords(key, loc()),
    value: (key: string, value: string) => (key === 'role' ? roleName(value) : valueWords(key, value, loc())),
    error: (code: string) => errorSentence(code, loc()),
    agencyName,
    roleName,
  }
}
