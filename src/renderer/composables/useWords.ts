/**
 * Words for what the node speaks in codes, in the UI language: transaction types, payload fields and values and what
 * a transaction does (each registry's words, provided by the app frame: lib/registry-words.ts), error codes
 * (shared/error-text.ts) and agencies (by name, never by id).
 */
import { storeToRefs } from 'pinia'
import { inject } from 'vue'
import { useI18n } from 'vue-i18n'
import type { NameResolver } from '../../ledger/registries/portable-types'
import type { AgencyDto } from '../../shared/api'
import { REGISTRY_WORDS } from '../lib/registry-words'
import { uiLocale } from '../lib/words'
import { LOCAL_AGENCY_ID, useAgenciesStore } from '../stores/agencies'
import { useNodeStore } from '../stores/node'

export function useWords() {
  const { t, locale } = useI18n()
  const agencies = useAgenciesStore()
  const { status } = storeToRefs(useNodeStore())
  const catalogue = inject(REGISTRY_WORDS)
  if (!catalogue) throw new Error('useWords() needs the registries provided by the app frame (features/registry.ts)')
  void agencies.load()
  const loc = () => uiLocale(locale.value)

  /** An agency by its name (`known`: a fresher list the screen holds); the id only while no list has it. */
  function agencyName(id: string, known?: readonly AgencyDto[]): string {
    if (id === LOCAL_AGENCY_ID && status.value?.label === 'local') return t('words.localAgency')
    return known?.find((a) => a.id === id)?.name ?? agencies.registeredName(id) ?? id
  }

  /** a role in words, from the features' registries (its id only when no registry here declares it) */
  const roleName = (role: string): string => catalogue.role(role, loc())

  return {
    txType: (type: string) => catalogue.txType(type, loc()),
    /** a payload field's label; the transaction's type, when known, picks its registry's word first */
    field: (key: string, type?: string) => catalogue.field(key, loc(), type),
    value: (key: string, value: string, type?: string) => (key === 'role' ? roleName(value) : catalogue.value(key, value, loc(), type)),
    hasValues: (key: string, type?: string) => catalogue.hasValues(key, type),
    /** what the transaction does, in one line with agencies and roles by name; null when the type has no words for it */
    describe: (type: string, payload: unknown, known?: Pick<NameResolver, 'proposal'>) =>
      catalogue.describe(type, payload, loc(), { agency: (id) => agencyName(id), role: roleName, ...known }),
    error: (code: string) => catalogue.error(code, loc()),
    agencyName,
    roleName,
    /** the roles an administrator may issue, from the features' registries (the grant form's options) */
    roles: () => catalogue.roles,
  }
}
